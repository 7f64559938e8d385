#include "runtime/linker.h"

#include <fmt/format.h>

namespace nanoproc {

void Linker::define(const std::string& module, const std::string& name, Extern e) {
  defs_[{module, name}] = e;
}

void Linker::define_instance(const std::string& module, const Instance& inst) {
  for (const auto& [name, e] : inst.exports) define(module, name, e);
}

const Extern* Linker::find(const std::string& module, const std::string& name) const {
  auto it = defs_.find({module, name});
  return it == defs_.end() ? nullptr : &it->second;
}

Expected<std::vector<Extern>> Linker::resolve(const Module& m) const {
  std::vector<Extern> out;
  out.reserve(m.imports.size());
  for (const Import& imp : m.imports) {
    const Extern* e = find(imp.module, imp.name);
    if (!e)
      return make_error(ErrorKind::Unlinkable, "unknown import \"{}\" \"{}\" ({})", imp.module, imp.name,
                        extern_kind_name(imp.kind));
    out.push_back(*e);
  }
  return out;
}

}  // namespace nanoproc
