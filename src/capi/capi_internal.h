// The C API's objects (include/wasm.h, include/wasi.h) as C++ structs, and the conversions
// the implementation files share.
//
// Every runtime object the C API hands out is a handle: a small heap object that names a
// thing by (store, pointer into the runtime). The things themselves (functions, globals,
// tables, memories, instances, externrefs) belong to the runtime Store and live until
// wasm_store_delete; so do their host infos, kept in the wasm_store_t by that pointer.
// Traps and modules belong to no store: their handles share a body that lives as long as
// the last handle and carries its own host info.
#pragma once
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "nanoproc/nanoproc.h"
#include "runtime/store.h"
#include "wasm.h"

namespace nanoproc::capi {

// Host info of one object: its finalizer runs exactly once, when the info is replaced or
// its owner goes away.
struct HostInfo {
  void* info = nullptr;
  void (*finalizer)(void*) = nullptr;
  void finalize() {
    auto* f = finalizer;
    finalizer = nullptr;
    if (f) f(info);
  }
  void replace(void* i, void (*f)(void*)) {
    finalize();
    info = i;
    finalizer = f;
  }
};

// The reference hierarchy a handle of an externref/funcref/anyref belongs to.
enum class RefTop : uint8_t { Func, Extern, Any, Exn };

struct TrapFrameData {
  Instance* instance = nullptr;
  uint32_t func_index = 0;
  size_t module_offset = 0;
};

struct TrapBody {
  std::string message;
  std::vector<TrapFrameData> frames;  // wasm frames, innermost first
  wasm_store_t* store = nullptr;      // where the frames' instances live
  int32_t exit_code = -1;             // >= 0: the trap is WASI proc_exit with this code
  HostInfo host_info;
  ~TrapBody() { host_info.finalize(); }
};

struct ModuleBody {
  api::Engine engine;  // the engine `module` was compiled by (kept alive with it)
  api::Module module;
  HostInfo host_info;
  ModuleBody(api::Engine e, api::Module m) : engine(std::move(e)), module(std::move(m)) {}
  ~ModuleBody() { host_info.finalize(); }
};

// A host function made by wasm_func_new(_with_env).
struct HostFuncEnv {
  wasm_store_t* store = nullptr;
  wasm_func_callback_t callback = nullptr;
  wasm_func_callback_with_env_t callback_env = nullptr;
  void* env = nullptr;
  const FuncType* type = nullptr;  // canonical, owned by the Store
};

}  // namespace nanoproc::capi

struct wasm_config_t {
  nanoproc::api::Config config;
};

struct wasm_engine_t {
  nanoproc::api::Engine engine;
};

struct wasm_store_t {
  explicit wasm_store_t(const nanoproc::api::Engine& e) : engine(e), store(e) {}
  ~wasm_store_t();
  nanoproc::Store& rt() { return store.impl(); }

  nanoproc::api::Engine engine;
  nanoproc::api::Store store;
  // Host infos of objects in this store (and finalizers of host function environments),
  // finalized in order of first use when the store is deleted.
  std::unordered_map<const void*, size_t> info_index;
  std::vector<nanoproc::capi::HostInfo> infos;
  std::vector<std::unique_ptr<nanoproc::capi::HostFuncEnv>> host_funcs;
  // Externrefs made by wasm_foreign_new (others read back from wasm are plain references).
  std::unordered_map<const void*, bool> foreigns;

  nanoproc::capi::HostInfo& info_slot(const void* obj);
  const nanoproc::capi::HostInfo* find_info(const void* obj) const;
};

// Handles. Single inheritance without data in the views (extern -> func, ...), so that the
// _as_ conversions are pointer casts of one object.
struct wasm_ref_t {
  enum class Kind : uint8_t { Func, Global, Table, Memory, Instance, Foreign, Other, Trap, Module };
  wasm_ref_t(Kind k, wasm_store_t* s, void* o) : kind(k), store(s), obj(o) {}
  virtual ~wasm_ref_t() = default;
  wasm_ref_t(const wasm_ref_t&) = default;
  wasm_ref_t& operator=(const wasm_ref_t&) = delete;

  Kind kind;
  wasm_store_t* store;  // nullptr for traps and modules
  void* obj;            // the runtime object (identity); the body for traps and modules
  nanoproc::capi::RefTop top = nanoproc::capi::RefTop::Any;  // Kind::Other only
};

struct wasm_extern_t : wasm_ref_t {
  using wasm_ref_t::wasm_ref_t;
};
struct wasm_func_t : wasm_extern_t {
  wasm_func_t(wasm_store_t* s, nanoproc::FuncInstance* f) : wasm_extern_t(Kind::Func, s, f) {}
  nanoproc::FuncInstance* fn() const { return static_cast<nanoproc::FuncInstance*>(obj); }
};
struct wasm_global_t : wasm_extern_t {
  wasm_global_t(wasm_store_t* s, nanoproc::GlobalInstance* g) : wasm_extern_t(Kind::Global, s, g) {}
  nanoproc::GlobalInstance* g() const { return static_cast<nanoproc::GlobalInstance*>(obj); }
};
struct wasm_table_t : wasm_extern_t {
  wasm_table_t(wasm_store_t* s, nanoproc::TableInstance* t) : wasm_extern_t(Kind::Table, s, t) {}
  nanoproc::TableInstance* t() const { return static_cast<nanoproc::TableInstance*>(obj); }
};
struct wasm_memory_t : wasm_extern_t {
  wasm_memory_t(wasm_store_t* s, nanoproc::LinearMemory* m) : wasm_extern_t(Kind::Memory, s, m) {}
  nanoproc::LinearMemory* m() const { return static_cast<nanoproc::LinearMemory*>(obj); }
};
struct wasm_instance_t : wasm_ref_t {
  wasm_instance_t(wasm_store_t* s, nanoproc::Instance* i) : wasm_ref_t(Kind::Instance, s, i) {}
  nanoproc::Instance* inst() const { return static_cast<nanoproc::Instance*>(obj); }
};
struct wasm_foreign_t : wasm_ref_t {
  wasm_foreign_t(wasm_store_t* s, void* o) : wasm_ref_t(Kind::Foreign, s, o) {}
};
struct wasm_trap_t : wasm_ref_t {
  explicit wasm_trap_t(std::shared_ptr<nanoproc::capi::TrapBody> b)
      : wasm_ref_t(Kind::Trap, nullptr, b.get()), body(std::move(b)) {}
  std::shared_ptr<nanoproc::capi::TrapBody> body;
};
struct wasm_module_t : wasm_ref_t {
  explicit wasm_module_t(std::shared_ptr<nanoproc::capi::ModuleBody> b)
      : wasm_ref_t(Kind::Module, nullptr, b.get()), body(std::move(b)) {}
  std::shared_ptr<nanoproc::capi::ModuleBody> body;
};
// A module without host info or identity: what crosses to another store or thread.
struct wasm_shared_module_t {
  nanoproc::api::Engine engine;
  nanoproc::api::Module module;
};

struct wasm_frame_t {
  wasm_instance_t* instance = nullptr;  // owned
  uint32_t func_index = 0;
  size_t func_offset = 0;
  size_t module_offset = 0;
  ~wasm_frame_t() { delete instance; }
};

// Types.
struct wasm_valtype_t {
  wasm_valkind_t kind;
};

struct wasm_externtype_t {
  explicit wasm_externtype_t(wasm_externkind_t k) : kind(k) {}
  virtual ~wasm_externtype_t() = default;
  wasm_externkind_t kind;
};
struct wasm_functype_t : wasm_externtype_t {
  wasm_functype_t() : wasm_externtype_t(WASM_EXTERN_FUNC) {}
  ~wasm_functype_t() override;
  wasm_valtype_vec_t params{0, nullptr};
  wasm_valtype_vec_t results{0, nullptr};
};
struct wasm_globaltype_t : wasm_externtype_t {
  wasm_globaltype_t(wasm_valtype_t* c, wasm_mutability_t m) : wasm_externtype_t(WASM_EXTERN_GLOBAL), content(c), mut(m) {}
  ~wasm_globaltype_t() override { delete content; }
  wasm_valtype_t* content;
  wasm_mutability_t mut;
};
struct wasm_tabletype_t : wasm_externtype_t {
  wasm_tabletype_t(wasm_valtype_t* e, wasm_limits_t l) : wasm_externtype_t(WASM_EXTERN_TABLE), element(e), limits(l) {}
  ~wasm_tabletype_t() override { delete element; }
  wasm_valtype_t* element;
  wasm_limits_t limits;
};
struct wasm_memorytype_t : wasm_externtype_t {
  explicit wasm_memorytype_t(wasm_limits_t l) : wasm_externtype_t(WASM_EXTERN_MEMORY), limits(l) {}
  wasm_limits_t limits;
};

struct wasm_importtype_t {
  wasm_name_t module{0, nullptr};
  wasm_name_t name{0, nullptr};
  wasm_externtype_t* type = nullptr;
  ~wasm_importtype_t();
};
struct wasm_exporttype_t {
  wasm_name_t name{0, nullptr};
  wasm_externtype_t* type = nullptr;
  ~wasm_exporttype_t();
};

namespace nanoproc::capi {

// ---- types.cpp
// The C kind of a runtime value type; `types` resolves canonical ids (concrete heap types).
wasm_valkind_t valkind_of(ValType t, const TypeRegistry& types);
// The same for a type of a module (concrete heap types are the module's type indices).
wasm_valkind_t valkind_of(ValType t, const Module& m);
// The runtime type of a C kind; false for an unknown kind.
bool valtype_from_kind(wasm_valkind_t k, ValType* out);
wasm_limits_t limits_of(const Limits& l, uint64_t current_min);
Limits limits_from(const wasm_limits_t& l);
wasm_functype_t* functype_of(const FuncType& ft, const TypeRegistry& types);
wasm_functype_t* functype_of(const FuncType& ft, const Module& m);
// The runtime type of a C function type; false (with `why`) for v128 or unknown kinds.
bool functype_from(const wasm_functype_t* t, FuncType* out, std::string* why);
// The C type of an import or export of `m` (nullptr for tags, which the C API lacks).
wasm_externtype_t* externtype_of(const Module& m, ExternKind kind, uint32_t index, const Import* imp);

// ---- vectors.cpp
void name_from(wasm_name_t* out, std::string_view s);
void message_from(wasm_message_t* out, std::string_view s);  // NUL-terminated

// ---- values.cpp
// A new handle for reference `r` read from wasm as a value of type `t` (nullptr for null).
wasm_ref_t* ref_handle(wasm_store_t* store, Ref r, ValType t);
// Checks that `ref` (may be null) fits type `t` in `store`; on success sets *out.
bool ref_to_runtime(wasm_store_t* store, const wasm_ref_t* ref, ValType t, Ref* out, std::string* why);
// A C value from a runtime value in slots (1 or 2 slots); refs become new handles.
void val_from_slots(wasm_store_t* store, ValType t, const uint64_t* slots, wasm_val_t* out);
// Writes `v` as a value of type `t` into slots; false (with `why`) on a kind or type mismatch.
bool val_to_slots(wasm_store_t* store, const wasm_val_t& v, ValType t, uint64_t* slots, std::string* why);
std::string valkind_name(wasm_valkind_t k);

// ---- trap.cpp
wasm_trap_t* make_trap(std::string message);
// A trap from the store's last trap (message, wasm frames, exit code).
wasm_trap_t* trap_from_last(wasm_store_t* store);

// ---- instance.cpp
// A new extern handle of the matching kind for a runtime extern (nullptr for tags).
wasm_extern_t* extern_handle(wasm_store_t* store, const Extern& e);
// Instantiates with resolved runtime imports; on failure returns nullptr and sets *trap.
wasm_instance_t* instantiate_with(wasm_store_t* store, const wasm_module_t* module, const std::vector<Extern>& imports,
                                  wasm_trap_t** trap);
// The runtime extern for a handle in `store`, or false with `why`.
bool extern_to_runtime(wasm_store_t* store, const wasm_extern_t* e, Extern* out, std::string* why);

}  // namespace nanoproc::capi
