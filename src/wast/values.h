// Converting script constants to runtime values and checking results against patterns.
#pragma once
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "runtime/store.h"
#include "text/wast.h"

namespace nanoproc::wast {

// Host references for `ref.extern N` / `ref.host N`: the same N always gives the same
// reference, so identity comparisons in scripts work.
class HostRefs {
 public:
  explicit HostRefs(Store& s) : store_(s) {}
  Ref get(uint64_t n);

 private:
  Store& store_;
  std::map<uint64_t, Ref> refs_;
};

// Writes `v` into slots (1 slot, or 2 for v128); returns the number of slots written.
unsigned to_slots(const WastValue& v, HostRefs& refs, uint64_t* slots);

// True if the value of type `t` in `slots` matches `r`.
bool matches(const WastResult& r, ValType t, const uint64_t* slots);

// "i32:42", "f32:nan:0x7fc00000", "ref.null", ... for failure messages.
std::string describe(ValType t, const uint64_t* slots);
std::string describe(const WastResult& r);

}  // namespace nanoproc::wast
