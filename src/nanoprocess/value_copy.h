// Moving witx values from one nanoprocess's memory to another's: every address and length
// read from the source is bounds-checked against the source memory, every list is
// re-allocated in the destination through its cabi_realloc (whose answer is checked too),
// and list addresses inside records and variants are rewritten. Failures are blamed on the
// side that caused them (the source for what it handed over, the destination for its
// allocator).
#pragma once
#include <cstdint>
#include <string>
#include <string_view>

#include "nanoproc/nanoprocess.h"
#include "runtime/store.h"
#include "witx/ast.h"

namespace nanoproc::api {

enum class Blame : uint8_t { Importer, Exporter };

struct MemSide {
  Blame who = Blame::Importer;
  const char* role = "importer";  // for messages
  nanoproc::LinearMemory* mem = nullptr;
  // The allocator, called directly in its store: the importer's is running (the call is
  // re-entrant); the exporter's runs under the deadline the adapter armed for the whole call,
  // and a trap in it ends the exporter (`np`).
  Nanoprocess* np = nullptr;
  nanoproc::Store* store = nullptr;
  nanoproc::FuncInstance* realloc = nullptr;
};

// After a trap in the exporter `np` (whose store is `s`): ends it as Nanoprocess::call_raw
// would, with its exit status or its trap as the reason. The adapter calls the exporter
// directly (call_function) under one deadline per linked call.
void end_exporter(Nanoprocess& np, nanoproc::Store& s);

class Transfer {
 public:
  Transfer(MemSide& src, MemSide& dst) : src_(src), dst_(dst) {}

  // Copies a value of type `t` from src at `s` to dst at `d` (both ranges already checked).
  bool copy_value(const witx::Type& t, uint32_t s, uint32_t d);
  // Copies `len` elements of the list type `list` at `ptr` in src into a new dst
  // allocation (*out). A string's length counts bytes (UTF-8), as in the witx ABI.
  bool copy_list(const witx::Type& list, uint32_t ptr, uint32_t len, uint32_t* out);
  // Allocates in dst.
  bool alloc(uint32_t align, uint32_t size, uint32_t* out);
  // Whether [addr, addr + len) lies in `side`'s memory; a fault blamed on it otherwise.
  bool check(const MemSide& side, uint64_t addr, uint64_t len, const char* what);

  bool fail(Blame who, std::string msg);
  // alloc's error paths, out of line.
  [[gnu::cold, gnu::noinline]] bool alloc_failed(uint32_t align, uint32_t size);
  [[gnu::cold, gnu::noinline]] bool alloc_returned(uint32_t align, uint32_t size, uint32_t out);
  // Prefixed to fault messages: "argument `input`" (set per value; no allocation).
  const char* ctx_kind = nullptr;
  std::string_view ctx_name;
  Blame fault_blame = Blame::Importer;
  std::string fault;

 private:
  MemSide& src_;
  MemSide& dst_;
};


}  // namespace nanoproc::api
