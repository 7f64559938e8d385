// The Linker resolves a module's imports by (module, name) among defined externs.
#pragma once
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "runtime/store.h"
#include "util/expected.h"

namespace nanoproc {

class Linker {
 public:
  void define(const std::string& module, const std::string& name, Extern e);
  // Makes every export of `inst` importable under `module`.
  void define_instance(const std::string& module, const Instance& inst);
  const Extern* find(const std::string& module, const std::string& name) const;

  // One Extern per import of `m`; Unlinkable "unknown import" if one is missing.
  Expected<std::vector<Extern>> resolve(const Module& m) const;

 private:
  std::map<std::pair<std::string, std::string>, Extern> defs_;
};

// Defines the `spectest` host module of the spec test suite in `linker`.
[[nodiscard]] Status define_spectest(Store& store, Linker& linker);

}  // namespace nanoproc
