// An older witx snapshot implemented on a newer one (see gen_snapshot.h for the rules).
#include "witx/gen_snapshot.h"

#include <map>
#include <set>

#include "witx/gen_util.h"

namespace nanoproc::witx {

namespace {

// ---- What the witx files cannot say, stated once. ----------------------------------------
// Every entry is checked against the two documents; an entry that no longer matches them is
// an error, so this list cannot silently go stale.

// A pointer parameter that is really an array. Only needed where the element type's
// representation differs between the snapshots (elements must then be converted one by one
// in a scratch memory); arrays of identical elements pass through as plain pointers.
enum class ArrayDir : uint8_t { In, Out };
struct ArrayParam {
  const char* func;
  const char* param;
  const char* count;        // the parameter holding the element count
  ArrayDir dir;             // In: read by the callee; Out: written by the callee
  bool result_is_written;   // Out: only the first <ok result> elements are written
};
constexpr ArrayParam kArrays[] = {
    // poll_oneoff reads `nsubscriptions` subscriptions from `in`, writes one event per
    // subscription that fired to `out` (room for `nsubscriptions`) and returns how many.
    {"poll_oneoff", "in", "nsubscriptions", ArrayDir::In, false},
    {"poll_oneoff", "out", "nsubscriptions", ArrayDir::Out, true},
};

// A field of an older record that the newer snapshot has no place for; it is dropped when
// converting to the newer snapshot (converting back to the older one is then not derivable).
struct DroppedField {
  const char* type;
  const char* field;
};
constexpr DroppedField kDropped[] = {
    // wasi_unstable let a guest name each clock subscription; preview1 removed the field
    // because events are matched to subscriptions by `userdata` alone. Nothing reads it.
    {"subscription_clock", "identifier"},
};

// Error codes of the older snapshot the generated conversions return.
constexpr const char* kErrnoCases[] = {
    "inval",     // an older value the newer snapshot cannot express
    "overflow",  // a newer integer that does not fit the older field (e.g. filestat.nlink)
    "fault",     // an array out of bounds
    "nomem",     // no host memory for re-laid-out arrays
};

// --------------------------------------------------------------------------------------------

enum class Dir : uint8_t { ToNew, ToOld };

Error not_derivable(const SourceLoc& loc, std::string what) {
  return Error(ErrorKind::Unsupported,
               fmt::format("{}: not derivable from the witx files; state it in src/witx/gen_snapshot.cpp", what), loc);
}

bool std_int(const Type& t) {
  if (t.kind != TypeKind::Builtin) return false;
  switch (t.builtin) {
    case Builtin::F32:
    case Builtin::F64:
    case Builtin::Char:
    case Builtin::Char8: return false;
    default: return true;
  }
}

// Where a failed conversion goes: an error code of the older snapshot, or a trap where the
// function has no error code to return.
struct Fail {
  std::string err;    // the older errno C++ type; empty: trap
  std::string where;  // for trap messages
  std::string code(std::string_view c) const {
    if (!err.empty()) return fmt::format("return {}::{};", err, c_ident(c));
    return fmt::format("return HostResult::trap(\"{}: {} in snapshot conversion\");", where, c);
  }
  std::string var(std::string_view v) const {
    if (!err.empty()) return fmt::format("return {};", v);
    return fmt::format("return HostResult::trap(\"{}: snapshot conversion failed\");", where);
  }
};

class SnapshotGen {
 public:
  SnapshotGen(const Document& older, const Document& newer, const SnapshotOptions& opt)
      : old_(older), new_(newer), opt_(opt) {}

  Expected<std::vector<GeneratedFile>> run() {
    if (old_.modules.size() != 1 || new_.modules.size() != 1)
      return Error(ErrorKind::Usage, "snapshot-adapter expects one module in each witx document");
    const Module& mo = old_.modules[0];
    const Module& mn = new_.modules[0];
    NP_CHECK(check_tables(mo));
    // The older snapshot's error code type (shared by its functions).
    for (const Func& f : mo.funcs)
      if (const TypeRef* e = error_enum_ref(f)) {
        errno_ = pascal_case(e->name);
        for (const char* c : kErrnoCases)
          if (enum_case_index(e->type(), c) < 0)
            return not_derivable(e->type().loc, fmt::format("errno has no case `{}`", c));
        break;
      }
    if (errno_.empty()) return not_derivable(mo.loc, "the older module has no errno enum");

    const std::string old_iface = pascal_case(mo.name), new_iface = pascal_case(mn.name);
    const std::string cls = fmt::format("{}From{}", old_iface, new_iface);
    const std::string old_base = opt_.old_base.empty() ? mo.name : opt_.old_base;
    const std::string new_base = opt_.new_base.empty() ? mn.name : opt_.new_base;
    const std::string base = fmt::format("{}_from_{}", mo.name, mn.name);

    std::string methods_h, methods_c;
    for (const Func& fo : mo.funcs) {
      const Func* fn = mn.find_func(fo.name);
      if (!fn) return not_derivable(fo.loc, fmt::format("`{}` has no counterpart in `{}`", fo.name, mn.name));
      auto [decl, body] = NP_TRY(method(cls, fo, *fn));
      methods_h += decl;
      methods_c += body;
    }

    CppOptions hopt;
    hopt.source = opt_.source;
    std::string h = cpp_generated_header_comment(hopt, fmt::format("`{}` implemented on `{}`.", mo.name, mn.name));
    h += fmt::format("#pragma once\n\n#include \"{0}{1}_host.h\"\n#include \"{0}{2}_host.h\"\n\n", opt_.include_prefix, old_base,
                     new_base);
    h += fmt::format("namespace {} {{\n\n", opt_.old_ns);
    h += fmt::format("// Every `{0}` function, delegated to a `{1}` implementation with the\n"
                     "// conversions the two witx definitions imply. Holds a reference to `next`.\n"
                     "class {2} final : public {3} {{\n public:\n  explicit {2}(::{4}::{5}& next) : next_(next) {{}}\n\n",
                     mo.name, mn.name, cls, old_iface, opt_.new_ns, new_iface);
    h += methods_h;
    h += fmt::format("\n private:\n  ::{}::{}& next_;\n}};\n\n}}  // namespace {}\n", opt_.new_ns, new_iface, opt_.old_ns);

    std::string c = cpp_generated_header_comment(hopt, fmt::format("Conversions between `{}` and `{}`.", mo.name, mn.name));
    c += fmt::format("#include \"{}{}.h\"\n\n#include <algorithm>\n#include <memory>\n#include <new>\n#include <type_traits>\n"
                     "#include <utility>\n\n",
                     opt_.include_prefix, base);
    c += fmt::format("namespace {} {{\n\nnamespace newer = ::{};\nusing ::nanoproc::guest::guest_size_v;\n\nnamespace {{\n\n",
                     opt_.old_ns, opt_.new_ns);
    c += R"(// Converts between two C++ types with the same guest representation (same bytes, same
// meaning) by way of those bytes.
template <class To, class From>
To same_repr(const From& v) {
  static_assert(guest_size_v<To> == guest_size_v<From>, "same representation means same size");
  if constexpr (std::is_same_v<To, From>) {
    return v;
  } else {
    uint8_t buf[guest_size_v<From>];
    GuestLayout<std::remove_const_t<From>>::store(buf, v);
    return GuestLayout<To>::load(buf);
  }
}

template <class E>
constexpr E from_bits(uint64_t bits) {
  return static_cast<E>(static_cast<std::underlying_type_t<E>>(bits));
}

// Host memory for arrays whose elements are re-laid-out for the newer snapshot; the newer
// implementation sees it as its guest memory, with the arrays at offsets from 0.
class Scratch {
 public:
  uint64_t reserve(uint64_t bytes, uint64_t align) {
    size_ = (size_ + align - 1) / align * align;
    const uint64_t at = size_;
    size_ += bytes;
    return at;
  }
  bool allocate() {
    if (size_ > UINT32_MAX) return false;
    buf_.reset(new (std::nothrow) uint8_t[size_ ? size_ : 1]());
    mem.data = buf_.get();
    mem.size = size_;
    return buf_ != nullptr;
  }
  GuestMemory mem;

 private:
  uint64_t size_ = 0;
  std::unique_ptr<uint8_t[]> buf_;
};

)";
    c += fmt::format("{}\n{}", fn_decls_, fn_defs_);
    c += "}  // namespace\n\n";
    c += methods_c;
    c += fmt::format("}}  // namespace {}\n", opt_.old_ns);
    return std::vector<GeneratedFile>{{fmt::format("{}.h", base), std::move(h)}, {fmt::format("{}.cpp", base), std::move(c)}};
  }

 private:
  // ---- table checks ----
  Status check_tables(const Module& mo) {
    for (const ArrayParam& a : kArrays) {
      const Func* f = mo.find_func(a.func);
      const SourceLoc here = mo.loc;
      if (!f) return Error(ErrorKind::Invalid, fmt::format("gen_snapshot: stale array entry: no function `{}`", a.func), here);
      const Param* p = find_param(*f, a.param);
      const Param* n = find_param(*f, a.count);
      if (!p || (p->type.type().kind != TypeKind::Pointer && p->type.type().kind != TypeKind::ConstPointer))
        return Error(ErrorKind::Invalid, fmt::format("gen_snapshot: stale array entry: `{}.{}` is not a pointer parameter", a.func, a.param), f->loc);
      if (!n || !std_int(n->type.type()))
        return Error(ErrorKind::Invalid, fmt::format("gen_snapshot: stale array entry: `{}.{}` is not an integer parameter", a.func, a.count), f->loc);
      if (a.result_is_written) {
        const TypeRef* ok = ok_ref(*f);
        if (!ok || !std_int(ok->type()))
          return Error(ErrorKind::Invalid, fmt::format("gen_snapshot: stale array entry: `{}` does not return a count", a.func), f->loc);
      }
    }
    for (const DroppedField& d : kDropped) {
      const NamedType* t = old_.find_type(d.type);
      const NamedType* tn = new_.find_type(d.type);
      if (!t || t->type().kind != TypeKind::Record || !find_member(t->type(), d.field) || !tn ||
          find_member(tn->type(), d.field))
        return Error(ErrorKind::Invalid,
                     fmt::format("gen_snapshot: stale dropped-field entry `{}.{}`: it must exist only in the older snapshot", d.type, d.field),
                     mo.loc);
    }
    return {};
  }

  static const Param* find_param(const Func& f, std::string_view name) {
    for (const Param& p : f.params)
      if (p.name == name) return &p;
    return nullptr;
  }
  static const Member* find_member(const Type& t, std::string_view name) {
    for (const Member& m : t.members)
      if (m.name == name) return &m;
    return nullptr;
  }
  static const TypeRef* ok_ref(const Func& f) {
    if (f.results.size() != 1 || !f.results[0].type.type().is_expected()) return nullptr;
    const auto& ok = f.results[0].type.type().ok_type();
    return ok ? &*ok : nullptr;
  }
  static const ArrayParam* array_entry(const Func& f, std::string_view param) {
    for (const ArrayParam& a : kArrays)
      if (f.name == a.func && param == a.param) return &a;
    return nullptr;
  }
  static bool dropped(std::string_view type, std::string_view field) {
    for (const DroppedField& d : kDropped)
      if (type == d.type && field == d.field) return true;
    return false;
  }

  // ---- representation ----
  bool same_repr(const TypeRef& a, const TypeRef& b) { return same_repr(a.type(), b.type()); }
  bool same_repr(const Type& a, const Type& b) {
    if (a.kind != b.kind || a.size != b.size || a.align != b.align) return false;
    auto same_opt = [&](const std::optional<TypeRef>& x, const std::optional<TypeRef>& y) {
      return x.has_value() == y.has_value() && (!x || same_repr(*x, *y));
    };
    switch (a.kind) {
      case TypeKind::Builtin: return a.builtin == b.builtin;
      case TypeKind::Handle: return true;
      case TypeKind::Pointer:
      case TypeKind::ConstPointer:
      case TypeKind::List: return a.is_string == b.is_string && same_repr(*a.elem, *b.elem);
      case TypeKind::Record:
        if (a.record_form != b.record_form || a.repr != b.repr || a.members.size() != b.members.size()) return false;
        for (size_t i = 0; i < a.members.size(); ++i) {
          if (a.members[i].name != b.members[i].name || a.members[i].offset != b.members[i].offset ||
              a.members[i].bit != b.members[i].bit || !same_opt(a.members[i].type, b.members[i].type))
            return false;
        }
        return true;
      case TypeKind::Variant:
        if (a.repr != b.repr || a.cases.size() != b.cases.size() || a.payload_offset != b.payload_offset) return false;
        for (size_t i = 0; i < a.cases.size(); ++i)
          if (a.cases[i].name != b.cases[i].name || !same_opt(a.cases[i].type, b.cases[i].type)) return false;
        return true;
    }
    return false;
  }

  // C++ spellings: older types live in the generated namespace, newer ones behind `newer::`.
  Expected<std::string> ty(const TypeRef& r, bool is_new) { return cpp_type(r, false, is_new ? "newer::" : ""); }

  // ---- value conversion ----
  // Statements converting expression `in` (type s) into lvalue `out` (type d).
  Expected<std::string> convert(const TypeRef& s, const TypeRef& d, Dir dir, const std::string& in,
                                const std::string& out, const Fail& fail, const std::string& ind) {
    const bool s_new = dir == Dir::ToOld;
    const std::string dt = NP_TRY(ty(d, !s_new));
    if (same_repr(s, d)) {
      const std::string st = NP_TRY(ty(s, s_new));
      if (st == dt) return fmt::format("{}{} = {};\n", ind, out, in);
      return fmt::format("{}{} = same_repr<{}>({});\n", ind, out, dt, in);
    }
    const Type& ts = s.type();
    const Type& td = d.type();
    if (std_int(ts) && std_int(td)) {
      return fmt::format("{0}if (!std::in_range<{1}>({2})) {3}\n{0}{4} = static_cast<{1}>({2});\n", ind, dt, in,
                         fail.code("overflow"), out);
    }
    const bool structured = (ts.kind == TypeKind::Record && td.kind == TypeKind::Record && ts.record_form == td.record_form &&
                             ts.record_form != RecordForm::Tuple) ||
                            (ts.kind == TypeKind::Variant && td.kind == TypeKind::Variant && ts.is_enum() == td.is_enum() &&
                             ts.variant_form != VariantForm::Bool && td.variant_form != VariantForm::Bool);
    if (structured && s.is_named() && d.is_named()) {
      const std::string fn = NP_TRY(function(s, d, dir));
      return fmt::format("{0}if (const {1} e = {2}({3}, {4}); e != {1}{{}}) {5}\n", ind, errno_, fn, in, out, fail.var("e"));
    }
    return not_derivable(td.loc, fmt::format("converting `{}` to `{}`", witx_type_string(s), witx_type_string(d)));
  }

  // A named conversion function for structured types; emitted once.
  Expected<std::string> function(const TypeRef& s, const TypeRef& d, Dir dir) {
    const std::string name = fmt::format("to_{}_{}", dir == Dir::ToNew ? "new" : "old", c_ident(s.name));
    if (!started_.insert(name).second) return name;
    const bool s_new = dir == Dir::ToOld;
    const std::string st = NP_TRY(ty(s, s_new)), dt = NP_TRY(ty(d, !s_new));
    const std::string sig = fmt::format("{} {}(const {}& in, {}& out)", errno_, name, st, dt);
    const Type& ts = s.type();
    const Type& td = d.type();
    const Fail fail{errno_, name};
    std::string body;
    if (ts.kind == TypeKind::Variant && ts.is_enum()) {
      body += "  switch (in) {\n";
      for (const Case& c : ts.cases) {
        if (enum_case_index(td, c.name) < 0) continue;  // not expressible: falls through to inval
        body += fmt::format("    case {}::{}: out = {}::{}; return {}{{}};\n", st, c_ident(c.name), dt, c_ident(c.name), errno_);
      }
      body += fmt::format("    default: break;\n  }}\n  return {}::inval;\n", errno_);
    } else if (ts.kind == TypeKind::Record && ts.is_flags()) {
      uint64_t known = 0;
      std::string moves;
      for (const Member& m : ts.members) {
        const Member* dm = find_member(td, m.name);
        if (!dm) continue;
        known |= uint64_t(1) << m.bit;
        moves += fmt::format("  if (bits & (uint64_t{{1}} << {})) o |= uint64_t{{1}} << {};  // {}\n", m.bit, dm->bit, m.name);
      }
      body += "  const uint64_t bits = static_cast<uint64_t>(in);\n";
      if (dir == Dir::ToNew)
        body += fmt::format("  if (bits & ~uint64_t{{{:#x}}}) return {}::inval;\n", known, errno_);
      else
        body += "  // Flags the older snapshot does not have are dropped.\n";
      body += fmt::format("  uint64_t o = 0;\n{}", moves);
      body += fmt::format("  out = from_bits<{}>(o);\n  return {}{{}};\n", dt, errno_);
    } else if (ts.kind == TypeKind::Record) {
      body += fmt::format("  out = {}{{}};\n", dt);
      const std::string& old_name = dir == Dir::ToNew ? s.name : d.name;
      for (const Member& m : ts.members) {
        if (!find_member(td, m.name) && !(dir == Dir::ToNew && dropped(old_name, m.name)))
          return not_derivable(m.loc, fmt::format("field `{}.{}` has no counterpart", s.name, m.name));
        if (!find_member(td, m.name)) body += fmt::format("  // `{}` is dropped (see kDropped in gen_snapshot.cpp).\n", m.name);
      }
      for (const Member& m : td.members) {
        const Member* sm = find_member(ts, m.name);
        if (!sm) return not_derivable(m.loc, fmt::format("field `{}.{}` has no source", d.name, m.name));
        body += NP_TRY(convert(*sm->type, *m.type, dir, fmt::format("in.{}", c_ident(m.name)), fmt::format("out.{}", c_ident(m.name)), fail, "  "));
      }
      body += fmt::format("  return {}{{}};\n", errno_);
    } else {  // variant with payloads
      body += fmt::format("  out = {}{{}};\n  switch (static_cast<uint64_t>(in.tag)) {{\n", dt);
      const bool enum_tag = td.tag && td.tag->type().is_enum();
      const std::string dtag = enum_tag ? NP_TRY(ty(*td.tag, !s_new)) : std::string();
      for (size_t i = 0; i < ts.cases.size(); ++i) {
        const Case& c = ts.cases[i];
        const int j = enum_case_index(td, c.name);
        if (j < 0) continue;  // not expressible: inval
        const Case& dc = td.cases[j];
        if (c.type.has_value() != dc.type.has_value())
          return not_derivable(dc.loc, fmt::format("case `{}` of `{}` changes whether it has a payload", c.name, d.name));
        body += fmt::format("    case {}:\n      out.tag = {};\n", i,
                            enum_tag ? fmt::format("{}::{}", dtag, c_ident(c.name))
                                     : fmt::format("static_cast<decltype(out.tag)>({})", j));
        if (c.type)
          body += NP_TRY(convert(*c.type, *dc.type, dir, fmt::format("in.u.{}", c_ident(c.name)), fmt::format("out.u.{}", c_ident(c.name)), fail, "      "));
        body += fmt::format("      return {}{{}};\n", errno_);
      }
      body += fmt::format("    default: break;\n  }}\n  return {}::inval;\n", errno_);
    }
    fn_decls_ += fmt::format("{};\n", sig);
    fn_defs_ += fmt::format("{} {{\n{}}}\n\n", sig, body);
    return name;
  }

  // ---- methods ----
  Expected<std::pair<std::string, std::string>> method(const std::string& cls, const Func& fo, const Func& fn) {
    const std::vector<CppArg> ao = NP_TRY(cpp_args(fo)), an = NP_TRY(cpp_args(fn, "newer::"));
    bool same_params = fo.params.size() == fn.params.size() && ao.size() == an.size();
    for (size_t i = 0; same_params && i < fo.params.size(); ++i) same_params = fo.params[i].name == fn.params[i].name;
    if (!same_params) return not_derivable(fo.loc, fmt::format("`{}` changed its parameters", fo.name));
    if (fo.results.size() != fn.results.size() || fo.core.shape != fn.core.shape || fo.noreturn != fn.noreturn)
      return not_derivable(fo.loc, fmt::format("`{}` changed its result", fo.name));

    const std::string ret = NP_TRY(cpp_result_type(fo));
    std::string params;
    for (const CppArg& a : ao) params += fmt::format(", {} {}", a.type, a.name);
    std::string decl = fmt::format("  {} {}(GuestMemory& mem{}) override;\n", ret, c_ident(fo.name), params);

    const TypeRef* err = error_enum_ref(fo);
    const Fail fail{err ? pascal_case(err->name) : std::string(), fo.name};
    std::string b = fmt::format("{} {}::{}(GuestMemory& mem{}) {{\n", ret, cls, c_ident(fo.name), params);

    // Arrays re-laid-out through a scratch memory (kArrays).
    std::vector<const ArrayParam*> arrays;
    for (const Param& p : fo.params)
      if (const ArrayParam* a = array_entry(fo, p.name)) arrays.push_back(a);

    std::string call_args;
    for (size_t i = 0; i < ao.size(); ++i) {
      const Param& po = fo.params[ao[i].param];
      const Param& pn = fn.params[an[i].param];
      std::string nt = an[i].type;
      if (an[i].by_address) nt = nt.substr(6, nt.size() - 7);  // "const T&" -> "T"
      const std::string nv = fmt::format("n_{}", ao[i].name);
      call_args += fmt::format(", {}", nv);
      if (array_entry(fo, po.name)) continue;  // set up below
      const Type& to = po.type.type();
      const bool pointerish = to.kind == TypeKind::Pointer || to.kind == TypeKind::ConstPointer || to.kind == TypeKind::List;
      if (pointerish && !same_repr(po.type, pn.type)) {
        if (!arrays.empty())
          return not_derivable(po.loc, fmt::format("`{}.{}` points into memory while other arguments are re-laid-out", fo.name, po.name));
        return not_derivable(po.loc, fmt::format("`{}.{}` points to data laid out differently in the two snapshots", fo.name, po.name));
      }
      if (pointerish && !arrays.empty())
        return not_derivable(po.loc, fmt::format("`{}.{}` points into memory while other arguments are re-laid-out", fo.name, po.name));
      if (ao[i].pair) {
        b += fmt::format("  const auto {} = same_repr<{}>({});\n", nv, nt, ao[i].name);
        continue;
      }
      b += fmt::format("  {} {};\n", nt, nv);
      b += NP_TRY(convert(po.type, pn.type, Dir::ToNew, ao[i].name, nv, fail, "  "));
    }

    std::string copy_out;
    std::string memory = "mem";
    if (!arrays.empty()) {
      if (fail.err.empty()) return not_derivable(fo.loc, fmt::format("`{}` re-lays-out arrays but has no error code", fo.name));
      memory = "scratch.mem";
      b += "  // Arrays whose elements are laid out differently are converted element by element\n"
           "  // into a scratch memory the newer implementation works on (kArrays).\n  Scratch scratch;\n";
      for (const ArrayParam* a : arrays) {
        const Param& po = *find_param(fo, a->param);
        const Param& pn = *find_param(fn, a->param);
        const TypeRef& eo = *po.type.type().elem;
        const TypeRef& en = *pn.type.type().elem;
        const std::string to = NP_TRY(ty(eo, false)), tn = NP_TRY(ty(en, true));
        const std::string p = c_ident(a->param);
        b += fmt::format("  const uint64_t {0}_count = {1};\n"
                         "  if (!mem.in_bounds({0}.addr, {0}_count * guest_size_v<{2}>)) {3}\n"
                         "  const uint64_t {0}_at = scratch.reserve({0}_count * guest_size_v<{4}>, {5});\n",
                         p, c_ident(a->count), to, fail.code("fault"), tn, en.type().align);
      }
      b += fmt::format("  if (!scratch.allocate()) {}\n", fail.code("nomem"));
      for (const ArrayParam* a : arrays) {
        const Param& po = *find_param(fo, a->param);
        const Param& pn = *find_param(fn, a->param);
        const TypeRef& eo = *po.type.type().elem;
        const TypeRef& en = *pn.type.type().elem;
        const std::string tn = NP_TRY(ty(en, true));
        const std::string to = NP_TRY(ty(eo, false));
        const std::string p = c_ident(a->param);
        const std::string ptr_n = NP_TRY(cpp_type(pn.type, true, "newer::"));
        b += fmt::format("  const {0} n_{1}(static_cast<uint32_t>({1}_at));\n", ptr_n, p);
        if (a->dir == ArrayDir::In) {
          b += fmt::format("  for (uint64_t i = 0; i < {0}_count; ++i) {{\n    const auto o = mem.read({0}, i);\n    if (!o) {1}\n"
                           "    {2} n;\n",
                           p, fail.code("fault"), tn);
          b += NP_TRY(convert(eo, en, Dir::ToNew, "*o", "n", fail, "    "));
          b += fmt::format("    if (!scratch.mem.write(GuestPtr<{0}>(n_{1}.addr), n, i)) {2}\n  }}\n", tn, p, fail.code("fault"));
        } else {
          const std::string count = a->result_is_written ? fmt::format("std::min<uint64_t>(o_ok, {}_count)", p) : fmt::format("{}_count", p);
          copy_out += fmt::format("  for (uint64_t i = 0; i < {0}; ++i) {{\n    const auto n = scratch.mem.read(n_{1}, i);\n"
                                  "    if (!n) {2}\n    {3} o;\n",
                                  count, p, fail.code("fault"), to);
          copy_out += NP_TRY(convert(en, eo, Dir::ToOld, "*n", "o", fail, "    "));
          copy_out += fmt::format("    if (!mem.write({}, o, i)) {}\n  }}\n", p, fail.code("fault"));
        }
      }
    }

    const std::string call = fmt::format("next_.{}({}{})", c_ident(fn.name), memory, call_args);
    if (fo.results.empty()) {
      b += fmt::format("  return {};\n}}\n\n", call);
      return std::make_pair(decl, b);
    }
    b += fmt::format("  const auto r = {};\n  using R = std::remove_cvref_t<decltype(r)>;\n"
                     "  if (r.state() == R::State::Abort) return r.abort();\n", call);
    const Type& rto = fo.results[0].type.type();
    const Type& rtn = fn.results[0].type.type();
    if (fo.core.shape == ResultShape::Scalar) {
      const std::string t = NP_TRY(ty(fo.results[0].type, false));
      b += fmt::format("  if (!r.ok()) return {}::error(NoError{{}});\n  {} o_ok;\n", ret, t);
      b += NP_TRY(convert(fn.results[0].type, fo.results[0].type, Dir::ToOld, "r.value()", "o_ok", fail, "  "));
      b += fmt::format("{}  return o_ok;\n}}\n\n", copy_out);
      return std::make_pair(decl, b);
    }
    // expected
    if (rto.err_type().has_value() != rtn.err_type().has_value() || rto.ok_type().has_value() != rtn.ok_type().has_value())
      return not_derivable(fo.loc, fmt::format("`{}` changed its result", fo.name));
    if (rto.err_type()) {
      b += fmt::format("  if (!r.ok()) {{\n    {} o_err;\n", NP_TRY(ty(*rto.err_type(), false)));
      b += NP_TRY(convert(*rtn.err_type(), *rto.err_type(), Dir::ToOld, "r.error()", "o_err", fail, "    "));
      b += fmt::format("    return {}::error(o_err);\n  }}\n", ret);
    } else {
      b += fmt::format("  if (!r.ok()) return {}::error(NoError{{}});\n", ret);
    }
    if (!rto.ok_type()) {
      b += fmt::format("{}  return {{}};\n}}\n\n", copy_out);
      return std::make_pair(decl, b);
    }
    const TypeRef& oko = *rto.ok_type();
    const TypeRef& okn = *rtn.ok_type();
    if (!oko.is_named() && oko.type().is_tuple()) {
      const auto& mo = oko.type().members;
      const auto& mn = okn.type().members;
      if (okn.is_named() || !okn.type().is_tuple() || mo.size() != mn.size())
        return not_derivable(fo.loc, fmt::format("`{}` changed its result tuple", fo.name));
      std::string tt = "std::tuple<";
      for (size_t i = 0; i < mo.size(); ++i) tt += fmt::format("{}{}", i ? ", " : "", NP_TRY(ty(*mo[i].type, false)));
      b += fmt::format("  {}> o_ok;\n", tt);
      for (size_t i = 0; i < mo.size(); ++i)
        b += NP_TRY(convert(*mn[i].type, *mo[i].type, Dir::ToOld, fmt::format("std::get<{}>(r.value())", i),
                            fmt::format("std::get<{}>(o_ok)", i), fail, "  "));
    } else {
      b += fmt::format("  {} o_ok;\n", NP_TRY(ty(oko, false)));
      b += NP_TRY(convert(okn, oko, Dir::ToOld, "r.value()", "o_ok", fail, "  "));
    }
    b += fmt::format("{}  return o_ok;\n}}\n\n", copy_out);
    return std::make_pair(decl, b);
  }

  const Document& old_;
  const Document& new_;
  const SnapshotOptions& opt_;
  std::string errno_;
  std::set<std::string> started_;
  std::string fn_decls_, fn_defs_;
};

}  // namespace

Expected<std::vector<GeneratedFile>> generate_snapshot_adapter(const Document& older, const Document& newer,
                                                               const SnapshotOptions& opt) {
  return SnapshotGen(older, newer, opt).run();
}

}  // namespace nanoproc::witx
