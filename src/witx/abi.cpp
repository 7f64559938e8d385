#include "witx/abi.h"

namespace nanoproc::witx {

namespace {

CoreType builtin_core(Builtin b) {
  switch (b) {
    case Builtin::U64:
    case Builtin::S64: return CoreType::I64;
    case Builtin::F32: return CoreType::F32;
    case Builtin::F64: return CoreType::F64;
    default: return CoreType::I32;
  }
}

Error abi_error(const Func& f, std::string why) {
  return Error(ErrorKind::Invalid, fmt::format("function `{}` has no witx ABI: {}", f.name, why), f.loc);
}

}  // namespace

CoreType core_type_of_param(const Type& t) {
  switch (t.kind) {
    case TypeKind::Builtin: return builtin_core(t.builtin);
    case TypeKind::Record:
      if (t.is_flags() && t.repr == IntRepr::U64) return CoreType::I64;
      return CoreType::I32;
    default: return CoreType::I32;
  }
}

Status lower_function(Func& f) {
  CoreSignature sig;
  for (const Param& p : f.params) {
    const Type& t = p.type.type();
    LoweredParam lp;
    lp.first = static_cast<uint32_t>(sig.params.size());
    switch (t.kind) {
      case TypeKind::List:
        lp.how = Lowering::List;
        sig.params.push_back(CoreType::I32);
        sig.params.push_back(CoreType::I32);
        break;
      case TypeKind::Record:
        lp.how = t.is_flags() ? Lowering::Value : Lowering::Address;
        sig.params.push_back(core_type_of_param(t));
        break;
      case TypeKind::Variant:
        lp.how = t.is_enum() ? Lowering::Value : Lowering::Address;
        sig.params.push_back(CoreType::I32);
        break;
      default:
        lp.how = Lowering::Value;
        sig.params.push_back(core_type_of_param(t));
        break;
    }
    sig.lowered.push_back(lp);
  }

  if (f.results.size() > 1) return abi_error(f, "more than one result");
  if (f.noreturn && !f.results.empty()) return abi_error(f, "a `noreturn` function cannot have a result");
  if (f.results.size() == 1) {
    const Param& r = f.results[0];
    const Type& t = r.type.type();
    switch (t.kind) {
      case TypeKind::Builtin:
      case TypeKind::Handle:
      case TypeKind::Pointer:
      case TypeKind::ConstPointer:
        sig.shape = ResultShape::Scalar;
        sig.results.push_back(core_type_of_param(t));
        break;
      case TypeKind::Record:
        if (!t.is_flags()) return abi_error(f, fmt::format("result `{}` is a record; only `expected`, flags and scalars can be returned", r.name));
        sig.shape = ResultShape::Scalar;
        sig.results.push_back(core_type_of_param(t));
        break;
      case TypeKind::List:
        return abi_error(f, fmt::format("result `{}` is a list; only `expected`, flags and scalars can be returned", r.name));
      case TypeKind::Variant: {
        if (!t.is_expected())
          return abi_error(f, fmt::format("result `{}` is a variant other than `expected`", r.name));
        sig.shape = ResultShape::Expected;
        sig.results.push_back(t.repr == IntRepr::U64 ? CoreType::I64 : CoreType::I32);
        sig.first_retptr = static_cast<uint32_t>(sig.params.size());
        if (const auto& ok = t.ok_type()) {
          if (!ok->is_named() && ok->type().is_tuple()) {
            for (const Member& m : ok->type().members) {
              if (!m.type->is_named()) return abi_error(f, "only named types may be returned (in the ok tuple)");
              sig.retptrs.push_back(&*m.type);
            }
          } else {
            if (!ok->is_named()) return abi_error(f, "only named types may be returned (the ok type)");
            sig.retptrs.push_back(&*ok);
          }
          for (size_t i = 0; i < sig.retptrs.size(); ++i) sig.params.push_back(CoreType::I32);
        }
        if (const auto& err = t.err_type()) {
          if (!err->is_named()) return abi_error(f, "only named types may be returned (the error type)");
        }
        break;
      }
    }
  }
  f.core = std::move(sig);
  return {};
}

std::string core_signature_string(const CoreSignature& s) {
  std::string out = "(";
  for (size_t i = 0; i < s.params.size(); ++i) {
    if (i) out += ' ';
    out += core_type_name(s.params[i]);
  }
  out += ") -> (";
  for (size_t i = 0; i < s.results.size(); ++i) {
    if (i) out += ' ';
    out += core_type_name(s.results[i]);
  }
  out += ')';
  return out;
}

}  // namespace nanoproc::witx
