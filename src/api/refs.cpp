// References in the public API: tables, function references, host (extern) references, and
// host functions with a run-time signature (which is how references reach the host).
#include <fmt/format.h>

#include "api/convert.h"
#include "runtime/object.h"
#include "runtime/store.h"
#include "runtime/table.h"
#include "util/error.h"

namespace nanoproc::api {
namespace {

// What an externref made by ExternRef::make points to. The runtime sees an ExternObject;
// `value` holds the box's own address scrambled, so that get() can tell our boxes from
// other extern objects (the spec tests' `ref.extern N`).
struct HostRefBox {
  ExternObject obj;
  void* object;
  void (*destroy)(void*);
  const std::type_info* type;
};
constexpr uint64_t kBoxSalt = 0x6e616e6f70726f63ull;  // "nanoproc"

Ref ref_of(const Val& v) { return reinterpret_cast<Ref>(static_cast<uintptr_t>(v.raw(0))); }

// A public value into a table of element type `elem`, or an error naming why not.
Expected<Ref> table_ref(const nanoproc::ValType& elem, const Val& v) {
  ValType want = to_api(elem);
  if (want == ValType::OtherRef)
    return make_error(ErrorKind::Usage, "tables of typed references cannot be written through the API");
  if (v.type() != want)
    return make_error(ErrorKind::Usage, "the table holds {}, the value is {}", val_type_name(want), val_type_name(v.type()));
  if (v.is_null_ref() && !elem.nullable)
    return make_error(ErrorKind::Usage, "the table's elements are non-null references");
  return ref_of(v);
}

struct UntypedClosure {
  FuncSig sig;
  Func::UntypedHostFn fn;
};

bool untyped_thunk(void* c, Caller& caller, uint64_t* slots, std::string* error) {
  auto* u = static_cast<UntypedClosure*>(c);
  std::vector<Val> args;
  args.reserve(u->sig.params.size());
  size_t at = 0;
  for (ValType t : u->sig.params) {
    args.push_back(Val::from_raw(t, slots[at], t == ValType::V128 ? slots[at + 1] : 0));
    at += t == ValType::V128 ? 2 : 1;
  }
  std::vector<Val> results;
  for (ValType t : u->sig.results) results.push_back(Val::from_raw(t, 0));
  if (std::optional<HostError> e = u->fn(caller, args, results)) {
    *error = std::move(e->message);
    return false;
  }
  at = 0;
  for (size_t i = 0; i < results.size(); ++i) {
    ValType t = u->sig.results[i];
    if (results[i].type() != t) {
      *error = fmt::format("host function returned {} for result {}, declared {}", val_type_name(results[i].type()), i,
                           val_type_name(t));
      return false;
    }
    slots[at] = results[i].raw(0);
    if (t == ValType::V128) slots[at + 1] = results[i].raw(1);
    at += t == ValType::V128 ? 2 : 1;
  }
  return true;
}

}  // namespace

// ---------------------------------------------------------------- Table

uint64_t Table::size() const { return t_->size(); }

TableType Table::type() const {
  const nanoproc::TableType& t = t_->type();
  TableType out;
  out.element = to_api(t.elem);
  out.element_nullable = t.elem.nullable;
  out.limits = to_api(t.limits);
  return out;
}

Expected<Val> Table::get(uint64_t index) const {
  if (index >= t_->size())
    return make_error(ErrorKind::Usage, "table index {} is out of bounds (size {})", index, t_->size());
  return Val::from_raw(to_api(t_->type().elem), reinterpret_cast<uintptr_t>(t_->get(index)));
}

Status Table::set(uint64_t index, const Val& v) const {
  if (index >= t_->size())
    return make_error(ErrorKind::Usage, "table index {} is out of bounds (size {})", index, t_->size());
  Ref r = NP_TRY(table_ref(t_->type().elem, v));
  t_->set(index, r);
  return {};
}

Expected<uint64_t> Table::grow(uint64_t delta, const Val& init) const {
  Ref r = NP_TRY(table_ref(t_->type().elem, init));
  int64_t old = t_->grow(delta, r);
  if (old < 0) return make_error(ErrorKind::Usage, "table cannot grow by {} elements (size {})", delta, t_->size());
  return static_cast<uint64_t>(old);
}

// ---------------------------------------------------------------- function references

Val Func::as_ref() const { return Val::from_raw(ValType::FuncRef, reinterpret_cast<uintptr_t>(f_)); }

std::optional<Func> Func::from_ref(Store& store, const Val& v) {
  if (v.type() != ValType::FuncRef || v.is_null_ref()) return std::nullopt;
  return Func(&store.impl(), static_cast<nanoproc::FuncInstance*>(ref_of(v)));
}

Func Func::make(Store& store, const FuncSig& sig, UntypedHostFn fn) {
  auto* c = new UntypedClosure{sig, std::move(fn)};
  return make_host(store, sig, &untyped_thunk, c, [](void* p) { delete static_cast<UntypedClosure*>(p); });
}

// ---------------------------------------------------------------- host references

Val ExternRef::make_raw(Store& store, void* object, void (*destroy)(void*), const std::type_info& type) {
  auto* box = new HostRefBox{ExternObject{}, object, destroy, &type};
  box->obj.value = reinterpret_cast<uintptr_t>(box) ^ kBoxSalt;
  store.impl().own(box, [](void* p) {
    auto* b = static_cast<HostRefBox*>(p);
    b->destroy(b->object);
    delete b;
  });
  return Val::from_raw(ValType::ExternRef, reinterpret_cast<uintptr_t>(&box->obj));
}

void* ExternRef::get_raw(const Val& v, const std::type_info& type) {
  if (v.type() != ValType::ExternRef || v.is_null_ref()) return nullptr;
  Ref r = ref_of(v);
  if (ref_is_i31(r) || ref_header(r)->kind != ObjKind::Extern) return nullptr;
  auto* box = reinterpret_cast<HostRefBox*>(r);
  static_assert(offsetof(HostRefBox, obj) == 0);
  if (box->obj.value != (reinterpret_cast<uintptr_t>(box) ^ kBoxSalt)) return nullptr;
  if (*box->type != type) return nullptr;
  return box->object;
}

}  // namespace nanoproc::api
