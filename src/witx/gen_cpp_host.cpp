// <base>_host.h/.cpp: interface classes, adapters and registration tables.
#include "witx/gen_cpp.h"
#include "witx/gen_util.h"

namespace nanoproc::witx {

Expected<std::string> cpp_result_type(const Func& f, const std::string& qual) {
  if (f.results.empty()) return std::string("HostResult");
  const Type& t = f.results[0].type.type();
  if (f.core.shape == ResultShape::Scalar) return fmt::format("Result<{}, NoError>", NP_TRY(cpp_type(f.results[0].type, false, qual)));
  std::string ok = "Unit", err = "NoError";
  if (const auto& o = t.ok_type()) {
    if (!o->is_named() && o->type().is_tuple()) {
      ok = "std::tuple<";
      for (size_t i = 0; i < o->type().members.size(); ++i) {
        if (i) ok += ", ";
        ok += NP_TRY(cpp_type(*o->type().members[i].type, false, qual));
      }
      ok += ">";
    } else {
      ok = NP_TRY(cpp_type(*o, false, qual));
    }
  }
  if (const auto& e = t.err_type()) {
    if (!e->type().is_enum())
      return Error(ErrorKind::Unsupported, fmt::format("function `{}`: only enum error types have a C++ binding", f.name), f.loc);
    err = NP_TRY(cpp_type(*e, false, qual));
  }
  return fmt::format("Result<{}, {}>", ok, err);
}

Expected<std::vector<CppArg>> cpp_args(const Func& f, const std::string& qual) {
  std::vector<CppArg> args;
  for (size_t i = 0; i < f.params.size(); ++i) {
    const Param& p = f.params[i];
    CppArg a;
    a.name = c_ident(p.name);
    a.param = i;
    const Type& t = p.type.type();
    if (is_pointer_length_pair(f, i)) {
      a.pair = true;
      a.type = fmt::format("GuestSlice<{}{}>", t.kind == TypeKind::ConstPointer ? "const " : "", NP_TRY(cpp_type(*t.elem, false, qual)));
      ++i;
    } else if (f.core.lowered[i].how == Lowering::Address) {
      a.by_address = true;
      a.type = fmt::format("const {}&", NP_TRY(cpp_type(p.type, true, qual)));
    } else {
      a.type = NP_TRY(cpp_type(p.type, true, qual));
    }
    args.push_back(std::move(a));
  }
  return args;
}

namespace {

// Expression turning the raw core argument `raw` into a value of builtin type b.
std::string builtin_from_raw(Builtin b, const std::string& raw) {
  switch (b) {
    case Builtin::U8: return fmt::format("static_cast<uint8_t>({})", raw);
    case Builtin::U16: return fmt::format("static_cast<uint16_t>({})", raw);
    case Builtin::U32:
    case Builtin::Usize: return fmt::format("static_cast<uint32_t>({})", raw);
    case Builtin::U64: return raw;
    case Builtin::S8: return fmt::format("static_cast<int8_t>(static_cast<uint8_t>({}))", raw);
    case Builtin::S16: return fmt::format("static_cast<int16_t>(static_cast<uint16_t>({}))", raw);
    case Builtin::S32: return fmt::format("static_cast<int32_t>(static_cast<uint32_t>({}))", raw);
    case Builtin::S64: return fmt::format("static_cast<int64_t>({})", raw);
    case Builtin::F32: return fmt::format("std::bit_cast<float>(static_cast<uint32_t>({}))", raw);
    case Builtin::F64: return fmt::format("std::bit_cast<double>({})", raw);
    case Builtin::Char: return fmt::format("static_cast<char32_t>(static_cast<uint32_t>({}))", raw);
    case Builtin::Char8: return fmt::format("static_cast<char>(static_cast<uint8_t>({}))", raw);
  }
  return raw;
}

// Expression turning a scalar result value `v` of type t into its raw core result.
std::string raw_from_scalar(const Type& t, const std::string& v) {
  switch (t.kind) {
    case TypeKind::Builtin:
      switch (t.builtin) {
        case Builtin::S8:
        case Builtin::S16:
        case Builtin::S32: return fmt::format("static_cast<uint64_t>(static_cast<uint32_t>(static_cast<int32_t>({})))", v);
        case Builtin::S64: return fmt::format("static_cast<uint64_t>({})", v);
        case Builtin::F32: return fmt::format("static_cast<uint64_t>(std::bit_cast<uint32_t>({}))", v);
        case Builtin::F64: return fmt::format("std::bit_cast<uint64_t>({})", v);
        case Builtin::Char8: return fmt::format("static_cast<uint64_t>(static_cast<uint8_t>({}))", v);
        default: return fmt::format("static_cast<uint64_t>({})", v);
      }
    case TypeKind::Pointer:
    case TypeKind::ConstPointer: return fmt::format("static_cast<uint64_t>({}.addr)", v);
    default: return fmt::format("static_cast<uint64_t>({})", v);  // enums, flags, handles
  }
}

class HostGen {
 public:
  HostGen(const Document& doc, const CppOptions& opt) : doc_(doc), opt_(opt) {}

  Expected<std::vector<GeneratedFile>> run() {
    const std::string base = cpp_basename(doc_, opt_);
    std::vector<GeneratedFile> files;
    files.push_back({base + "_types.h", NP_TRY(generate_cpp_types(doc_, opt_))});

    h_ += cpp_generated_header_comment(opt_, "Host interfaces, adapters and registration tables.");
    h_ += "#pragma once\n#include <cstdint>\n#include <span>\n#include <string_view>\n#include <tuple>\n\n";
    h_ += fmt::format("#include \"{}{}_types.h\"\n#include \"witx/runtime/guest.h\"\n\n", opt_.include_prefix, base);
    h_ += fmt::format("namespace {} {{\n\n", opt_.ns);
    h_ += "using ::nanoproc::guest::GuestMemory;\nusing ::nanoproc::guest::HostFunc;\nusing ::nanoproc::guest::HostResult;\n"
          "using ::nanoproc::guest::NoError;\nusing ::nanoproc::guest::Result;\nusing ::nanoproc::guest::Unit;\n\n";

    c_ += cpp_generated_header_comment(opt_, "Adapters: raw core wasm arguments -> checked, typed interface calls.");
    c_ += fmt::format("#include \"{}{}_host.h\"\n\n#include <bit>\n#include <type_traits>\n\n", opt_.include_prefix, base);
    c_ += fmt::format("namespace {} {{\n\nnamespace {{\n\n", opt_.ns);
    c_ += R"(// Ends a call with the error code as the only core result.
template <class E>
HostResult fail(uint64_t* results, E e) {
  results[0] = static_cast<uint64_t>(static_cast<std::underlying_type_t<E>>(e));
  return HostResult::ret();
}

// An interface result that is not ok: an abort goes to the runtime, an error code to the
// guest. An error code of 0 would read as success with no results written: a host bug.
template <class R>
HostResult not_ok(const R& r, uint64_t* results) {
  if (r.state() == R::State::Abort) return r.abort();
  if constexpr (std::is_same_v<decltype(r.error()), NoError>) {
    return HostResult::trap("wasi host function failed without an error code");
  } else {
    if (static_cast<std::underlying_type_t<decltype(r.error())>>(r.error()) == 0)
      return HostResult::trap("wasi host function returned error code 0 (success) as an error");
    return fail(results, r.error());
  }
}

template <class P>
P ptr_arg(uint64_t raw) {
  return P(static_cast<uint32_t>(raw));
}

template <class S>
S slice_arg(uint64_t addr, uint64_t len) {
  S s;
  s.ptr.addr = static_cast<uint32_t>(addr);
  s.len = static_cast<uint32_t>(len);
  return s;
}

}  // namespace

)";
    for (const Module& m : doc_.modules) NP_CHECK(module(m));
    h_ += fmt::format("}}  // namespace {}\n", opt_.ns);
    c_ += fmt::format("}}  // namespace {}\n", opt_.ns);
    files.push_back({base + "_host.h", std::move(h_)});
    files.push_back({base + "_host.cpp", std::move(c_)});
    return files;
  }

 private:
  Status module(const Module& m) {
    const std::string iface = pascal_case(m.name);
    h_ += doc_comment(m.docs, "");
    h_ += fmt::format("// The host side of witx module `{}`: implement it, then register {}::funcs().\n", m.name, iface);
    h_ += fmt::format("class {} {{\n public:\n", iface);
    h_ += fmt::format("  static constexpr std::string_view kModuleName = \"{}\";\n", m.name);
    std::string memory;
    for (const Import& i : m.imports) memory = i.name;
    h_ += fmt::format("  // The caller's exported memory these functions access (\"\" if none).\n"
                      "  static constexpr std::string_view kMemoryName = \"{}\";\n", memory);
    h_ += fmt::format("  // Every function: import name, core wasm signature, adapter.\n"
                      "  static std::span<const HostFunc<{}>> funcs();\n\n  virtual ~{}() = default;\n", iface, iface);
    for (const Func& f : m.funcs) {
      h_ += '\n';
      h_ += doc_comment(function_docs(f), "  ");
      std::string sig = fmt::format("  virtual {} {}(GuestMemory& mem", NP_TRY(cpp_result_type(f)), c_ident(f.name));
      for (const CppArg& a : NP_TRY(cpp_args(f))) sig += fmt::format(", {} {}", a.type, a.name);
      h_ += sig + ") = 0;\n";
    }
    h_ += "};\n\n";
    NP_CHECK(unimplemented(iface, m));
    for (const Func& f : m.funcs)
      h_ += fmt::format("HostResult adapter_{}({}& iface, GuestMemory& mem, const uint64_t* args, uint64_t* results);\n",
                        f.name, iface);
    h_ += "\n";

    for (const Func& f : m.funcs) NP_CHECK(adapter(iface, f));
    registration(iface, m);
    return {};
  }

  // A base for partial implementations: every function fails with errno `nosys` (or traps
  // if it has no such error code).
  Status unimplemented(const std::string& iface, const Module& m) {
    h_ += fmt::format("// Every function of `{}` failing as not implemented: derive from it and override what\n"
                      "// you implement.\nclass {}Unimplemented : public {} {{\n public:\n",
                      m.name, iface, iface);
    for (const Func& f : m.funcs) {
      std::string sig = fmt::format("  {} {}(GuestMemory&", NP_TRY(cpp_result_type(f)), c_ident(f.name));
      for (const CppArg& a : NP_TRY(cpp_args(f))) sig += fmt::format(", {}", a.type);
      const TypeRef* e = error_enum_ref(f);
      std::string body = e && enum_case_index(e->type(), "nosys") >= 0
                             ? fmt::format("return {}::nosys;", pascal_case(e->name))
                             : fmt::format("return HostResult::trap(\"{}: not implemented\");", f.name);
      h_ += fmt::format("{}) override {{ {} }}\n", sig, body);
    }
    h_ += "};\n\n";
    return {};
  }

  // The statement for a bad argument: the function's errno `code`, or a trap if it has none.
  static std::string reject(const Func& f, std::string_view code) {
    const TypeRef* e = error_enum_ref(f);
    if (e && enum_case_index(e->type(), code) >= 0)
      return fmt::format("return fail(results, {}::{});", pascal_case(e->name), c_ident(code));
    return fmt::format("return HostResult::trap(\"{}: argument {}\");", f.name, code == "fault" ? "out of bounds" : "invalid");
  }

  Status adapter(const std::string& iface, const Func& f) {
    c_ += fmt::format("HostResult adapter_{}({}& iface, GuestMemory& mem, const uint64_t* args, uint64_t* results) {{\n",
                      f.name, iface);
    const std::string fault = reject(f, "fault"), inval = reject(f, "inval");
    std::vector<CppArg> args = NP_TRY(cpp_args(f));
    std::string call_args;
    for (const CppArg& a : args) {
      const Param& p = f.params[a.param];
      const Type& t = p.type.type();
      const uint32_t first = f.core.lowered[a.param].first;
      const std::string v = fmt::format("a_{}", a.name);
      if (a.pair || t.kind == TypeKind::List) {
        const uint32_t len = a.pair ? f.core.lowered[a.param + 1].first : first + 1;
        c_ += fmt::format("  const auto {} = slice_arg<{}>(args[{}], args[{}]);\n  if (!mem.in_bounds({})) {}\n", v, a.type,
                          first, len, v, fault);
        call_args += fmt::format(", {}", v);
        continue;
      }
      if (a.by_address) {
        const std::string ty = NP_TRY(cpp_type(p.type, true));
        c_ += fmt::format("  const auto {0} = mem.read(ptr_arg<GuestPtr<const {1}>>(args[{2}]));\n  if (!{0}) {3}\n", v, ty,
                          first, fault);
        if (needs_validation(t)) c_ += fmt::format("  if (!is_valid(*{})) {}\n", v, inval);
        call_args += fmt::format(", *{}", v);
        continue;
      }
      const std::string raw = fmt::format("args[{}]", first);
      switch (t.kind) {
        case TypeKind::Pointer:
        case TypeKind::ConstPointer:
          c_ += fmt::format("  const auto {0} = ptr_arg<{1}>({2});\n  if (!mem.in_bounds({0})) {3}\n", v, a.type, raw, fault);
          break;
        case TypeKind::Builtin:
          c_ += fmt::format("  const {} {} = {};\n", a.type, v, builtin_from_raw(t.builtin, raw));
          break;
        case TypeKind::Handle:
          c_ += fmt::format("  const {0} {1} = {0}(static_cast<uint32_t>({2}));\n", a.type, v, raw);
          break;
        case TypeKind::Variant:  // an enum (other variants are passed by address)
          c_ += fmt::format("  const uint64_t {0}_raw = static_cast<uint32_t>({1});\n  if ({0}_raw >= {2}) {3}\n"
                            "  const {4} {0} = static_cast<{4}>({0}_raw);\n",
                            v, raw, t.cases.size(), inval, a.type);
          break;
        case TypeKind::Record: {  // flags
          uint64_t all = 0;
          for (const Member& m : t.members) all |= uint64_t(1) << m.bit;
          c_ += fmt::format("  const uint64_t {0}_raw = {1};\n  if ({0}_raw & ~uint64_t{{{2:#x}}}) {3}\n"
                            "  const {4} {0} = static_cast<{4}>({0}_raw);\n",
                            v, t.repr == IntRepr::U64 ? raw : fmt::format("static_cast<uint32_t>({})", raw), all, inval, a.type);
          break;
        }
        case TypeKind::List: break;  // handled above
      }
      call_args += fmt::format(", {}", v);
    }
    for (size_t k = 0; k < f.core.retptrs.size(); ++k) {
      c_ += fmt::format("  const auto ret{0} = ptr_arg<GuestPtr<{1}>>(args[{2}]);\n  if (!mem.in_bounds(ret{0})) {3}\n", k,
                        NP_TRY(cpp_type(*f.core.retptrs[k], false)), f.core.first_retptr + k, fault);
    }
    const std::string call = fmt::format("iface.{}(mem{})", c_ident(f.name), call_args);
    if (f.results.empty()) {
      if (f.noreturn)
        c_ += fmt::format("  const HostResult h = {};\n  if (h.is_return()) return HostResult::trap(\"{} returned\");\n  return h;\n",
                          call, f.name);
      else
        c_ += fmt::format("  return {};\n", call);
      c_ += "}\n\n";
      return {};
    }
    c_ += fmt::format("  const auto r = {};\n  if (!r.ok()) return not_ok(r, results);\n", call);
    if (f.core.shape == ResultShape::Scalar) {
      c_ += fmt::format("  results[0] = {};\n  return HostResult::ret();\n}}\n\n", raw_from_scalar(f.results[0].type.type(), "r.value()"));
      return {};
    }
    const bool tuple = f.core.retptrs.size() > 1 ||
                       (f.core.retptrs.size() == 1 && !f.results[0].type.type().ok_type()->is_named());
    for (size_t k = 0; k < f.core.retptrs.size(); ++k) {
      std::string value = tuple ? fmt::format("std::get<{}>(r.value())", k) : "r.value()";
      c_ += fmt::format("  if (!mem.write(ret{}, {})) {}\n", k, value, fault);
    }
    c_ += "  results[0] = 0;\n  return HostResult::ret();\n}\n\n";
    return {};
  }

  void registration(const std::string& iface, const Module& m) {
    auto kinds = [](const std::vector<CoreType>& ts) {
      std::string s;
      for (CoreType t : ts) {
        if (!s.empty()) s += ", ";
        s += fmt::format("::nanoproc::ValKind::{}", t == CoreType::I32   ? "I32"
                                                    : t == CoreType::I64 ? "I64"
                                                    : t == CoreType::F32 ? "F32"
                                                                         : "F64");
      }
      return s;
    };
    c_ += "namespace {\n\n";
    for (const Func& f : m.funcs) {
      if (!f.core.params.empty())
        c_ += fmt::format("constexpr ::nanoproc::ValKind k{}_{}_params[] = {{{}}};\n", iface, f.name, kinds(f.core.params));
      if (!f.core.results.empty())
        c_ += fmt::format("constexpr ::nanoproc::ValKind k{}_{}_results[] = {{{}}};\n", iface, f.name, kinds(f.core.results));
    }
    if (!m.funcs.empty()) {
      c_ += fmt::format("\nconst HostFunc<{}> k{}Funcs[] = {{\n", iface, iface);
      for (const Func& f : m.funcs) {
        c_ += fmt::format("    {{\"{}\", {}, {}, &adapter_{}}},\n", f.name,
                          f.core.params.empty() ? "{}" : fmt::format("k{}_{}_params", iface, f.name),
                          f.core.results.empty() ? "{}" : fmt::format("k{}_{}_results", iface, f.name), f.name);
      }
      c_ += "};\n";
    }
    c_ += "\n}  // namespace\n\n";
    c_ += fmt::format("std::span<const HostFunc<{0}>> {0}::funcs() {{ return {1}; }}\n\n", iface,
                      m.funcs.empty() ? "{}" : fmt::format("k{}Funcs", iface));
  }

  const Document& doc_;
  const CppOptions& opt_;
  std::string h_, c_;
};

}  // namespace

Expected<std::vector<GeneratedFile>> generate_cpp_host(const Document& doc, const CppOptions& opt) {
  return HostGen(doc, opt).run();
}

}  // namespace nanoproc::witx
