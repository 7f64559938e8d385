// What a Link knows: the witx functions it adapts, checked once against the exporter, and
// the exporter's resolved exports (re-resolved after a respawn). Shared by link.cpp (making
// and checking), adapter_call.cpp (the host function each import becomes) and
// value_copy.cpp (moving values between memories).
#pragma once
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "nanoproc/nanoprocess.h"
#include "runtime/store.h"
#include "witx/ast.h"

namespace nanoproc::api {

struct LinkFunc {
  const witx::Func* wf = nullptr;
  std::string qualified;  // "module.func", for messages
  nanoproc::FuncType core;
  // The return area in the exporter for an `expected` result's ok values: one allocation,
  // each return pointer at its offset.
  std::vector<uint32_t> ret_offsets;
  uint32_t ret_size = 0;
  uint32_t ret_align = 1;
  // The core result that reports an exporter failure (the `trapped` case of the error
  // enum), or -1: the import traps instead.
  int64_t trapped_code = -1;
  bool results_need_realloc = false;  // an ok value holds a list: the importer allocates
  // Resolved once (TypeRef::type() follows names): each parameter's type, each return
  // pointer's pointee, and the case count of an error enum (0: the code is not checked).
  std::vector<const witx::Type*> param_types;
  std::vector<const witx::Type*> retptr_types;
  uint64_t err_enum_cases = 0;
  // Resolved in the exporter (runtime functions, called directly):
  nanoproc::FuncInstance* func = nullptr;
  nanoproc::FuncInstance* post = nullptr;  // cabi_post_<name>, if exported
};

struct Link::Plan {
  Interface iface;
  const witx::Module* wm = nullptr;
  Nanoprocess* exporter = nullptr;
  LinkOptions options;
  std::vector<LinkFunc> funcs;
  bool needs_memory = false;   // some value passes through memory
  bool needs_realloc = false;  // some argument is lifted into the exporter's memory
  // Resolved in the exporter:
  nanoproc::LinearMemory* memory = nullptr;
  nanoproc::FuncInstance* realloc = nullptr;
  // The interrupt cell of the Store the exports were resolved in. Another link's respawn
  // replaces the exporter's Store; holding the cell keeps its address from being reused,
  // so a different cell means: resolve again.
  std::shared_ptr<nanoproc::InterruptCell> resolved_for;
};

// Resolves (again) the exporter's exports into `p`; errors name the export and the witx
// function's source location.
Status resolve_exports(Link::Plan& p);

// Whether values of `t` hold no list (so copying one is a memcpy).
bool is_flat(const witx::Type& t);

}  // namespace nanoproc::api

namespace nanoproc::api {

// The environment of one adapter (one import of one importer Store).
struct AdapterEnv {
  std::shared_ptr<Link::Plan> plan;
  LinkFunc* func = nullptr;  // in plan->funcs
  // The importer's exports, resolved on its first call.
  nanoproc::Instance* caller = nullptr;
  nanoproc::LinearMemory* caller_memory = nullptr;
  nanoproc::FuncInstance* caller_realloc = nullptr;
  std::string caller_realloc_problem;  // why caller_realloc is null
};

// The host function each linked import becomes (env: an AdapterEnv).
TrapKind adapter_entry(HostCall& hc, void* env, uint64_t* slots);

}  // namespace nanoproc::api
