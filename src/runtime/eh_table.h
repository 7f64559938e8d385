// The exception table of a lowered function: which code ranges have handlers, and where
// each handler continues. Consulted only when an exception is thrown, so code that does
// not throw pays nothing for try blocks.
#pragma once
#include <cstdint>
#include <vector>

namespace nanoproc {

// One catch clause (try_table), catch / catch_all block (legacy try), or delegate.
struct EhHandler {
  enum class Kind : uint8_t { Catch, CatchRef, CatchAll, CatchAllRef, Delegate };
  Kind kind = Kind::Catch;
  uint32_t tag = 0;        // Catch, CatchRef: tag index in the function's module
  uint32_t pc = 0;         // byte offset in the code where the handler continues
  uint32_t dst = 0;        // first frame slot receiving the payload (then the exnref)
  uint32_t exn_slot = kNoSlot;  // legacy catch: frame slot keeping the exception for rethrow
  uint32_t depth = 0;      // Delegate: control depth (function = 0) where the search resumes
  static constexpr uint32_t kNoSlot = UINT32_MAX;
};

// A protected range [begin, end) of code byte offsets, with its handlers in order.
// Ranges are listed innermost first: those containing a given offset form a chain of
// nested blocks, and the first one whose handler matches wins.
struct EhRange {
  uint32_t begin = 0;
  uint32_t end = 0;
  uint32_t depth = 0;  // control depth of the try block (the function body is 0)
  uint32_t first = 0;  // index of the first handler in EhTable::handlers
  uint32_t count = 0;
};

struct EhTable {
  std::vector<EhRange> ranges;
  std::vector<EhHandler> handlers;
  bool empty() const { return ranges.empty(); }
};

}  // namespace nanoproc
