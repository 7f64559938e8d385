#include "witx/describe.h"

#include "witx/abi.h"
#include "witx/gen_util.h"

namespace nanoproc::witx {

std::string layout_string(const Type& t) {
  std::string s = fmt::format("size={} align={}", t.size, t.align);
  if (t.kind == TypeKind::Record && !t.is_flags()) {
    s += " offsets=";
    for (size_t i = 0; i < t.members.size(); ++i) s += fmt::format("{}{}", i ? "," : "", t.members[i].offset);
  }
  if (t.kind == TypeKind::Variant && !t.is_enum()) s += fmt::format(" payload={}", t.payload_offset);
  return s;
}

std::map<std::string, std::string> interface_summary(const Document& doc) {
  std::map<std::string, std::string> out;
  for (const auto& nt : doc.typenames)
    out[fmt::format("type ${}", nt->name)] = fmt::format("{} {}", witx_type_string(nt->ref), layout_string(nt->type()));
  for (const Module& m : doc.modules) {
    std::string imports;
    for (const Import& i : m.imports) imports += fmt::format(" (import \"{}\" (memory))", i.name);
    out[fmt::format("module ${}", m.name)] = imports;
    for (const Func& f : m.funcs) {
      std::string s;
      for (const Param& p : f.params) s += fmt::format("(param ${} {}) ", p.name, witx_type_string(p.type));
      for (const Param& p : f.results) s += fmt::format("(result ${} {}) ", p.name, witx_type_string(p.type));
      if (f.noreturn) s += "(@witx noreturn) ";
      s += fmt::format("core={}", core_signature_string(f.core));
      out[fmt::format("func ${}.{}", m.name, f.name)] = s;
    }
  }
  return out;
}

}  // namespace nanoproc::witx
