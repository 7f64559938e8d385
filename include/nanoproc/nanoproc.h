// nanoproc's public C++ API: what an embedder needs to compile, instantiate and call
// WebAssembly modules, and to give them host functions.
//
// Ownership and thread-safety, one sentence each:
//  - Engine: configuration and shared compiled state; thread-safe, shared by copies.
//  - Module: a validated, compiled module; immutable and thread-safe (compile, serialize,
//    instantiate it from any thread), shared by copies.
//  - Store: owns every instance, memory, table, global, host function and host reference
//    made in it, until it is destroyed; used by one thread at a time (it may move between
//    threads).
//  - Func, Memory, Global, Table, Instance, Val holding a reference: handles into a Store;
//    valid while it lives, used on the Store's thread.
//  - Linker: names for imports; a plain value you fill and reuse (not shared between
//    threads while being changed).
//  - Trap, ImportDesc, ExportDesc, FuncSig, ...: plain values.
//
// Every operation that can fail on user input returns Expected<T>; a trap is an Error of
// kind ErrorKind::Trap (or Exhaustion) whose message is the trap's, and Store::last_trap()
// describes it (code, frames). No exceptions cross this API.
#pragma once
#include <algorithm>
#include <cstdint>
#include <cstring>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <tuple>
#include <typeinfo>
#include <type_traits>
#include <utility>
#include <vector>

#include "nanoproc/error.h"
#include "nanoproc/expected.h"

namespace nanoproc {
class Engine;
class Store;
struct StoreLimits;
class CompiledModule;
class Instance;
struct FuncInstance;
class LinearMemory;
struct GlobalInstance;
class TableInstance;
struct HostCall;
}  // namespace nanoproc

namespace nanoproc::api {

// WebAssembly features beyond the 2.0 core. A module that uses a disabled one fails
// Module::compile with ErrorKind::Invalid naming the feature. All on by default except
// custom page sizes (a proposal whose binary encoding Wasm 3.0 calls malformed).
struct Features {
  bool simd = true;               // v128 and its operators
  bool relaxed_simd = true;       // the relaxed SIMD operators
  bool multi_memory = true;       // more than one memory
  bool memory64 = true;           // memories and tables with i64 addresses
  bool gc = true;                 // typed function references, structs, arrays, i31, rec groups
  bool exceptions = true;         // tags, throw, throw_ref, try_table
  bool legacy_exceptions = true;  // try / catch / delegate / rethrow (needs `exceptions`)
  bool tail_calls = true;         // return_call, return_call_indirect, return_call_ref
  bool threads = true;            // shared memories
  bool custom_page_sizes = false;
  bool operator==(const Features&) const = default;
};

struct Config {
  Features features;
  // Bounds checks by guard pages (fast, 8 GiB of address space per memory) or explicit
  // checks (small reservations: hosts with little address space, many instances).
  bool guard_pages = true;
  uint64_t max_memory_bytes = 0;    // cap on any one memory's size; 0 = module limits only
  uint64_t max_table_elements = 0;  // cap on any one table's size; 0 = module limits only
  uint64_t stack_bytes = 64ull << 20;
  uint32_t max_call_depth = 100000;
  // Bytes of GC objects (structs, arrays, exceptions) a Store may allocate; an allocation
  // past it traps ("GC heap limit exceeded"). Objects live as long as their Store.
  uint64_t max_gc_heap_bytes = 1ull << 30;
  // Compile the checks that let running code be stopped: fuel, timeouts and kill
  // (nanoprocesses need it). Off, code runs without those checks.
  bool interruptible = false;
};

enum class ValType : uint8_t { I32, I64, F32, F64, V128, FuncRef, ExternRef, OtherRef };
const char* val_type_name(ValType t);

// A value with its type. References are opaque.
class Val {
 public:
  Val() : Val(int32_t{0}) {}
  Val(int32_t v) : type_(ValType::I32) { bits_[0] = static_cast<uint32_t>(v); }
  Val(uint32_t v) : type_(ValType::I32) { bits_[0] = v; }
  Val(int64_t v) : type_(ValType::I64) { bits_[0] = static_cast<uint64_t>(v); }
  Val(uint64_t v) : type_(ValType::I64) { bits_[0] = v; }
  Val(float v) : type_(ValType::F32) { std::memcpy(&bits_[0], &v, 4); }
  Val(double v) : type_(ValType::F64) { std::memcpy(&bits_[0], &v, 8); }
  // A null reference of type t (FuncRef or ExternRef).
  static Val null_ref(ValType t) { return from_raw(t, 0); }
  static Val from_raw(ValType t, uint64_t lo, uint64_t hi = 0) {
    Val v;
    v.type_ = t;
    v.bits_[0] = lo;
    v.bits_[1] = hi;
    return v;
  }

  ValType type() const { return type_; }
  int32_t i32() const { return static_cast<int32_t>(bits_[0]); }
  int64_t i64() const { return static_cast<int64_t>(bits_[0]); }
  float f32() const {
    float f;
    uint32_t b = static_cast<uint32_t>(bits_[0]);
    std::memcpy(&f, &b, 4);
    return f;
  }
  double f64() const {
    double d;
    std::memcpy(&d, &bits_[0], 8);
    return d;
  }
  uint64_t raw(int i = 0) const { return bits_[i]; }
  bool is_null_ref() const { return type_ >= ValType::FuncRef && bits_[0] == 0; }

 private:
  ValType type_;
  uint64_t bits_[2] = {0, 0};
};

struct FuncSig {
  std::vector<ValType> params;
  std::vector<ValType> results;
  bool operator==(const FuncSig&) const = default;
  std::string to_string() const;  // "(param i32 i32) (result i32)"
};

enum class ExternType : uint8_t { Func, Table, Memory, Global, Tag };
const char* extern_type_name(ExternType k);  // "func", "table", ...

// Sizes of memories (in pages) and tables (in elements).
struct ResizableLimits {
  uint64_t min = 0;
  std::optional<uint64_t> max;
  bool is64 = false;   // i64 addresses (memory64)
  bool shared = false;  // shared memory (threads)
};
struct MemoryType {
  ResizableLimits limits;
  uint32_t page_size = 65536;
};
struct TableType {
  ValType element = ValType::FuncRef;
  bool element_nullable = true;
  ResizableLimits limits;
};
struct GlobalType {
  ValType type = ValType::I32;
  bool is_mutable = false;
};

// The full type of an import or export; `kind` says which member holds it (a tag's
// parameters are in `func.params`).
struct ExternDesc {
  ExternType kind = ExternType::Func;
  FuncSig func;
  TableType table;
  MemoryType memory;
  GlobalType global;
  // In the text format's words: "func (param i32) (result i32)", "memory 1 2",
  // "table 0 funcref", "global (mut i64)", "tag (param i32)".
  std::string to_string() const;
};

// Why a call trapped (Store::last_trap).
// The public trap codes: one list drives the enum and trap_code_name().
#define NANOPROC_TRAP_CODES(X)                                                   \
  X(Unreachable)                                                                \
  X(MemoryOutOfBounds)                                                          \
  X(TableOutOfBounds)                                                           \
  X(ArrayOutOfBounds)                                                           \
  X(UninitializedElement)                                                       \
  X(UndefinedElement)                                                           \
  X(IndirectCallTypeMismatch)                                                   \
  X(IntegerDivideByZero)                                                        \
  X(IntegerOverflow)                                                            \
  X(InvalidConversion)                                                          \
  X(NullReference) /* any null dereference: function, struct, array, i31, exception */ \
  X(CastFailure)                                                                \
  X(StackOverflow) /* call depth or value stack exhausted */                    \
  X(UncaughtException)                                                          \
  X(OutOfFuel)                                                                  \
  X(DeadlineExceeded)                                                           \
  X(MemoryLimit) /* growth refused by a configured limit */                     \
  X(TableLimit)                                                                 \
  X(GcHeapLimit)                                                                \
  X(Killed)                                                                     \
  X(HostError) /* a host function failed (HostError) */                         \
  X(Exit) /* WASI proc_exit; Trap::exit_code holds the code */                  \
  X(Unsupported)

enum class TrapCode : uint8_t {
#define NANOPROC_TRAP_CODE_ENUM(N) N,
  NANOPROC_TRAP_CODES(NANOPROC_TRAP_CODE_ENUM)
#undef NANOPROC_TRAP_CODE_ENUM
};
const char* trap_code_name(TrapCode c);  // "MemoryOutOfBounds", ...

struct TrapFrame {
  uint32_t func_index = 0;  // in the module's function index space (wasm frames)
  std::string func_name;    // from the name section or an export, else "func[N]"; host: "module.name"
  std::string module_name;  // the name section's module name, often empty
  bool host = false;        // a host function
  // Byte offset of the function's body in the module's binary (for a deserialized module:
  // in Module::serialize's payload); absent for modules compiled from text and host
  // functions. Per-instruction offsets are not recorded.
  std::optional<uint64_t> func_offset;
};

struct Trap {
  TrapCode code = TrapCode::Unreachable;
  std::string message;             // the spec's wording ("integer divide by zero"), with host detail
  std::vector<TrapFrame> frames;   // innermost first
  std::optional<int32_t> exit_code;  // code == Exit
  // The message and one "  at <name> (func N)" line per frame.
  std::string to_string() const;
};

// The nanoproc version ("0.1.0").
const char* version();

class Engine {
 public:
  explicit Engine(Config cfg = {});
  ~Engine();
  Engine(const Engine&);
  Engine& operator=(const Engine&);
  const Config& config() const { return *cfg_; }
  nanoproc::Engine& impl() const { return *impl_; }

 private:
  friend class Module;
  std::shared_ptr<const Config> cfg_;
  std::shared_ptr<nanoproc::Engine> impl_;
};

class Module {
 public:
  struct ImportDesc {
    std::string module;
    std::string name;
    ExternType kind;
    ExternDesc type;
  };
  struct ExportDesc {
    std::string name;
    ExternType kind;
    ExternDesc type;
  };

  // Decodes (or parses, for the text format) and validates. Errors name the byte offset or
  // line:column; `name` is used in messages.
  static Expected<Module> compile(const Engine& engine, std::span<const uint8_t> bytes,
                                  const std::string& name = "<module>");
  static Expected<Module> from_file(const Engine& engine, const std::string& path);

  // Serialisation, to cache compiled modules (on disk, between processes). The bytes hold a
  // header (magic, format version, nanoproc version, the fingerprint of the engine settings
  // compiled code depends on: bounds checks, interruptible, features; a CRC-32C checksum)
  // and the module in the binary format (re-encoded, so modules compiled from text work
  // too; byte offsets in later messages refer to that encoding).
  // What deserialize saves: parsing text and validation; it decodes the payload and
  // trusts it (the checksum must match). It does not save lowering: the interpreter's code
  // holds host addresses (handlers, type layouts) and is produced lazily per function on
  // first call, so it is not worth persisting.
  // Loading fails with an Error, never a crash, on other nanoproc or format versions
  // (Unsupported), other engine settings (Usage), truncated or damaged bytes (Malformed).
  // The checksum catches damage, not forgery: with bytes from an untrusted source use
  // Verify::Full, which validates the module as compile() does.
  enum class Verify : uint8_t { Checksum, Full };
  std::vector<uint8_t> serialize() const;
  static Expected<Module> deserialize(const Engine& engine, std::span<const uint8_t> bytes,
                                      Verify verify = Verify::Checksum);

  std::vector<ImportDesc> imports() const;
  std::vector<ExportDesc> exports() const;
  const std::shared_ptr<nanoproc::CompiledModule>& impl() const { return impl_; }

 private:
  Module(std::shared_ptr<nanoproc::CompiledModule> m, std::shared_ptr<const Config> cfg)
      : impl_(std::move(m)), config_(std::move(cfg)) {}
  std::shared_ptr<nanoproc::CompiledModule> impl_;
  std::shared_ptr<const Config> config_;  // the engine's, for serialize()
};

struct TrapFrameInfo {
  std::string function;  // name from the name section or an export, else "func[N]"
  uint32_t func_index = 0;
};

class Store {
 public:
  explicit Store(const Engine& engine);
  ~Store();
  Store(Store&&) noexcept;
  Store& operator=(Store&&) noexcept;
  // The trap that ended the most recent call in this store that failed with a trap (an
  // Error of kind Trap or Exhaustion); nullopt if none has. Read it right after the
  // failed call: the next trap replaces it.
  std::optional<Trap> last_trap() const;
  // Where the last trap happened, innermost frame first (the frames of last_trap()).
  std::vector<TrapFrameInfo> backtrace() const;
  // The exit code if the last call ended because the guest called WASI proc_exit (the call
  // then returned an Error of kind Trap whose message is "exit").
  std::optional<uint32_t> exit_code() const;
  nanoproc::Store& impl() const { return *impl_; }

 private:
  friend class Nanoprocess;
  Store(const Engine& engine, const nanoproc::StoreLimits& limits);
  Engine engine_;  // keeps the engine alive as long as the store
  std::unique_ptr<nanoproc::Store> impl_;
};

class Memory {
 public:
  // A memory made by the host (to import into modules); Usage error for impossible limits.
  static Expected<Memory> make(Store& store, const MemoryType& type);
  MemoryType type() const;
  uint8_t* data() const;
  uint64_t size() const;   // bytes
  uint64_t pages() const;  // in the memory's page size (64 KiB by default)
  // Grows by `delta` pages; returns the old size in pages.
  Expected<uint64_t> grow(uint64_t delta) const;
  nanoproc::LinearMemory* impl() const { return m_; }

 private:
  friend class Instance;
  friend class Caller;
  friend class Extern;
  explicit Memory(nanoproc::LinearMemory* m) : m_(m) {}
  nanoproc::LinearMemory* m_;
};

class Global {
 public:
  // A global made by the host (to import into modules), holding `init` (of type.type).
  static Expected<Global> make(Store& store, const GlobalType& type, const Val& init);
  Val get() const;
  Status set(const Val& v) const;  // fails for immutable globals and wrong types
  ValType type() const;
  bool is_mutable() const;

 private:
  friend class Instance;
  friend class Extern;
  explicit Global(nanoproc::GlobalInstance* g) : g_(g) {}
  nanoproc::GlobalInstance* g_;
};

class Table {
 public:
  // A table made by the host (to import into modules), every element `init`.
  static Expected<Table> make(Store& store, const TableType& type, const Val& init);
  uint64_t size() const;
  TableType type() const;
  // Elements are FuncRef or ExternRef values (null or not); an index past the end, or a
  // value of another type, is an Error of kind Usage.
  Expected<Val> get(uint64_t index) const;
  Status set(uint64_t index, const Val& v) const;
  // Grows by `delta` elements set to `init`; returns the old size.
  Expected<uint64_t> grow(uint64_t delta, const Val& init) const;

 private:
  friend class Instance;
  friend class Extern;
  explicit Table(nanoproc::TableInstance* t) : t_(t) {}
  nanoproc::TableInstance* t_;
};

// What a host function sees of its caller: the calling instance's exports.
class Caller {
 public:
  std::optional<Memory> memory(const std::string& export_name = "memory") const;

 private:
  friend struct HostThunk;
  explicit Caller(nanoproc::HostCall* hc) : hc_(hc) {}
  nanoproc::HostCall* hc_;
};

// A host function's failure: becomes a trap of the calling wasm code.
struct HostError {
  std::string message;
};

namespace detail {
template <class T> struct ValTypeOf;
template <> struct ValTypeOf<int32_t> { static constexpr ValType value = ValType::I32; };
template <> struct ValTypeOf<uint32_t> { static constexpr ValType value = ValType::I32; };
template <> struct ValTypeOf<int64_t> { static constexpr ValType value = ValType::I64; };
template <> struct ValTypeOf<uint64_t> { static constexpr ValType value = ValType::I64; };
template <> struct ValTypeOf<float> { static constexpr ValType value = ValType::F32; };
template <> struct ValTypeOf<double> { static constexpr ValType value = ValType::F64; };

template <class T> T from_slot(uint64_t s) {
  if constexpr (std::is_same_v<T, float>) {
    uint32_t b = static_cast<uint32_t>(s);
    float f;
    std::memcpy(&f, &b, 4);
    return f;
  } else if constexpr (std::is_same_v<T, double>) {
    double d;
    std::memcpy(&d, &s, 8);
    return d;
  } else {
    return static_cast<T>(s);
  }
}
template <class T> uint64_t to_slot(T v) {
  if constexpr (std::is_same_v<T, float>) {
    uint32_t b;
    std::memcpy(&b, &v, 4);
    return b;
  } else if constexpr (std::is_same_v<T, double>) {
    uint64_t b;
    std::memcpy(&b, &v, 8);
    return b;
  } else if constexpr (sizeof(T) == 4) {
    return static_cast<uint32_t>(v);
  } else {
    return static_cast<uint64_t>(v);
  }
}

template <class T> struct ResultTypes { static std::vector<ValType> get() { return {ValTypeOf<T>::value}; } };
template <> struct ResultTypes<void> { static std::vector<ValType> get() { return {}; } };
template <class... T> struct ResultTypes<std::tuple<T...>> {
  static std::vector<ValType> get() { return {ValTypeOf<T>::value...}; }
};

// Type-erased host call: reads args from slots, writes results to slots; returns false
// with *error set to trap.
using RawHostFn = bool (*)(void* closure, Caller& caller, uint64_t* slots, std::string* error);
}  // namespace detail

template <class Sig>
class TypedFunc;

class Func {
 public:
  // Calls the function. A trap is an Error of kind Trap (message = the trap's).
  Expected<std::vector<Val>> call(std::span<const Val> args) const;
  Expected<std::vector<Val>> call(std::initializer_list<Val> args) const {
    return call(std::span<const Val>(args.begin(), args.size()));
  }
  FuncSig signature() const;
  // The function as a FuncRef value (for tables, globals, arguments), and back.
  Val as_ref() const;
  static std::optional<Func> from_ref(Store& store, const Val& v);

  // A host function with a signature chosen at run time: `fn` gets the arguments and
  // writes `results` (already sized and typed as the signature says); returning a
  // HostError traps. For externref and funcref parameters, or signatures not known at
  // compile time.
  using UntypedHostFn =
      std::function<std::optional<HostError>(Caller& caller, std::span<const Val> args, std::span<Val> results)>;
  static Func make(Store& store, const FuncSig& sig, UntypedHostFn fn);

  // A host function from a C++ callable; its wasm signature is derived from the C++ one.
  // Parameters: int32_t/uint32_t, int64_t/uint64_t, float, double, optionally preceded by
  // `Caller&` (access to the calling instance's memory). Returns: void, one such value, a
  // std::tuple of them, or std::optional<HostError> (no results; a HostError traps).
  template <class F>
  static Func wrap(Store& store, F&& f);

  // The function with a C++ signature, checked once here, so that calls convert no values
  // and allocate nothing: `auto add = f.typed<int32_t(int32_t, int32_t)>(); (*add)(1, 2)`.
  // R is void, one value type, or a std::tuple of them.
  template <class Sig>
  Expected<TypedFunc<Sig>> typed() const;

  nanoproc::FuncInstance* impl() const { return f_; }

 private:
  friend class Instance;
  friend class Extern;
  friend struct HostThunk;
  template <class Sig>
  friend class TypedFunc;
  // Calls with the arguments in `slots` and leaves the results there; an Error on a trap.
  static Status call_raw(nanoproc::Store* s, nanoproc::FuncInstance* f, uint64_t* slots);
  // call_raw in two halves, so that a typed call's success path builds no Status: enter
  // returns 0, or a trap for trap_error to describe.
  static uint8_t enter(nanoproc::Store* s, nanoproc::FuncInstance* f, uint64_t* slots);
  static Error trap_error(nanoproc::Store* s, uint8_t trap);
  static Status check_signature(const Func& f, const FuncSig& expected);
  Func(nanoproc::Store* s, nanoproc::FuncInstance* f) : store_(s), f_(f) {}
  static Func make_host(Store& store, const FuncSig& sig, detail::RawHostFn fn, void* closure,
                        void (*destroy)(void*));
  nanoproc::Store* store_;
  nanoproc::FuncInstance* f_;
};

// Host references: a C++ object handed to wasm code as an externref. The Store owns the
// object from make() on and destroys it (its destructor is the finalizer) when the Store is
// destroyed; references are not collected earlier (nanoproc has no tracing collector).
class ExternRef {
 public:
  template <class T>
  static Val make(Store& store, T value) {
    T* p = new T(std::move(value));
    return make_raw(store, p, [](void* q) { delete static_cast<T*>(q); }, typeid(T));
  }
  // The object behind an externref made by make<T>(); nullptr for a null reference, a
  // reference of another type T, or one not made by make().
  template <class T>
  static T* get(const Val& v) {
    return static_cast<T*>(get_raw(v, typeid(T)));
  }

 private:
  static Val make_raw(Store& store, void* object, void (*destroy)(void*), const std::type_info& type);
  static void* get_raw(const Val& v, const std::type_info& type);
};

class Extern {
 public:
  Extern(const Func& f) : kind_(ExternType::Func), ptr_(f.f_) {}
  Extern(const Memory& m) : kind_(ExternType::Memory), ptr_(m.m_) {}
  Extern(const Global& g) : kind_(ExternType::Global), ptr_(g.g_) {}
  Extern(const Table& t) : kind_(ExternType::Table), ptr_(t.t_) {}
  ExternType kind() const { return kind_; }
  void* raw() const { return ptr_; }
  // From a runtime object (a FuncInstance*, ...) made in the Store it will be used with.
  static Extern from_raw(ExternType k, void* p) { return Extern(k, p); }

 private:
  friend class Instance;
  Extern(ExternType k, void* p) : kind_(k), ptr_(p) {}
  ExternType kind_;
  void* ptr_;
};

class Instance {
 public:
  std::optional<Func> func(const std::string& name) const;
  std::optional<Memory> memory(const std::string& name = "memory") const;
  std::optional<Global> global(const std::string& name) const;
  std::optional<Table> table(const std::string& name) const;
  std::optional<Extern> get(const std::string& name) const;
  std::vector<std::string> export_names() const;
  nanoproc::Instance* impl() const { return inst_; }

 private:
  friend class Linker;
  Instance(nanoproc::Store* s, nanoproc::Instance* i) : store_(s), inst_(i) {}
  nanoproc::Store* store_;
  nanoproc::Instance* inst_;
};

// What a WASI program may see (wasi_snapshot_preview1 and wasi_unstable): nothing but
// these arguments, variables, directories, sockets and standard streams.
struct WasiDir {
  std::string host_path;   // opened when define_wasi is called
  std::string guest_path;  // the name the program sees for it
  bool read_only = false;  // nothing beneath it can be created, changed, renamed or removed
};

struct WasiConfig {
  std::vector<std::string> args;  // args[0] is the program's name
  std::vector<std::string> env;   // "NAME=VALUE"
  std::vector<WasiDir> dirs;      // WASI descriptors 3, 4, ... in this order
  std::vector<int> sockets;       // host sockets (listening or connected), duplicated, after the dirs
  // Host descriptors duplicated as the program's 0, 1 and 2; -1 leaves that number closed.
  int stdin_fd = 0;
  int stdout_fd = 1;
  int stderr_fd = 2;
  bool clocks = true;  // clock_time_get / clock_res_get; otherwise they fail with notcapable
  bool random = true;  // random_get; otherwise it fails with notcapable
};

class Linker {
 public:
  Linker();
  ~Linker();
  Linker(const Linker&);
  Linker& operator=(const Linker&);

  void define(const std::string& module, const std::string& name, const Extern& e);
  // Makes every export of `inst` importable as (module, export name).
  void define_instance(const std::string& module, const Instance& inst);
  template <class F>
  void func_wrap(Store& store, const std::string& module, const std::string& name, F&& f) {
    define(module, name, Func::wrap(store, std::forward<F>(f)));
  }
  // Defines every WASI import (both wasi_snapshot_preview1 and wasi_unstable) for modules
  // instantiated in `store`, with a WASI context of their own made from `config` (one
  // context per call: use one Linker per Store). Fails if a directory cannot be opened.
  Status define_wasi(Store& store, const WasiConfig& config);
  // Resolves the module's imports, instantiates it and runs its start function.
  Expected<Instance> instantiate(Store& store, const Module& module) const;

 private:
  struct Defs;
  std::unique_ptr<Defs> defs_;
};

// ---------------------------------------------------------------- Func::wrap

struct HostThunk {
  static Caller make_caller(nanoproc::HostCall* hc);
  template <class F, class R, bool kCaller, class... A, size_t... I>
  static bool invoke(F& f, Caller& caller, uint64_t* slots, std::string* error, std::index_sequence<I...>) {
    std::tuple<A...> args{detail::from_slot<A>(slots[I])...};
    auto call = [&]() -> decltype(auto) {
      if constexpr (kCaller) return f(caller, std::get<I>(args)...);
      else return f(std::get<I>(args)...);
    };
    if constexpr (std::is_same_v<R, void>) {
      call();
      return true;
    } else if constexpr (std::is_same_v<R, std::optional<HostError>>) {
      std::optional<HostError> e = call();
      if (e) {
        *error = e->message;
        return false;
      }
      return true;
    } else {
      R r = call();
      if constexpr (requires { std::tuple_size<R>::value; }) {
        [&]<size_t... J>(std::index_sequence<J...>) {
          ((slots[J] = detail::to_slot(std::get<J>(r))), ...);
        }(std::make_index_sequence<std::tuple_size_v<R>>());
      } else {
        slots[0] = detail::to_slot(r);
      }
      return true;
    }
  }
};

namespace detail {
template <class T> struct Callable : Callable<decltype(&T::operator())> {};
template <class C, class R, class... A> struct Callable<R (C::*)(A...) const> {
  using Ret = R;
  using Args = std::tuple<A...>;
};
template <class C, class R, class... A> struct Callable<R (C::*)(A...)> {
  using Ret = R;
  using Args = std::tuple<A...>;
};
template <class R, class... A> struct Callable<R (*)(A...)> {
  using Ret = R;
  using Args = std::tuple<A...>;
};

template <class F, class R, class Tuple> struct Thunk;
template <class F, class R, class... A> struct Thunk<F, R, std::tuple<Caller&, A...>> {
  static constexpr bool kCaller = true;
  static std::vector<ValType> params() { return {ValTypeOf<std::decay_t<A>>::value...}; }
  static bool call(void* c, Caller& caller, uint64_t* slots, std::string* error) {
    return HostThunk::invoke<F, R, true, std::decay_t<A>...>(*static_cast<F*>(c), caller, slots, error,
                                                             std::index_sequence_for<A...>());
  }
};
template <class F, class R, class... A> struct Thunk<F, R, std::tuple<A...>> {
  static constexpr bool kCaller = false;
  static std::vector<ValType> params() { return {ValTypeOf<std::decay_t<A>>::value...}; }
  static bool call(void* c, Caller& caller, uint64_t* slots, std::string* error) {
    return HostThunk::invoke<F, R, false, std::decay_t<A>...>(*static_cast<F*>(c), caller, slots, error,
                                                              std::index_sequence_for<A...>());
  }
};
}  // namespace detail

// ---------------------------------------------------------------- TypedFunc

namespace detail {
template <class R> struct ResultCount { static constexpr size_t value = 1; };
template <> struct ResultCount<void> { static constexpr size_t value = 0; };
template <class... T> struct ResultCount<std::tuple<T...>> { static constexpr size_t value = sizeof...(T); };
}  // namespace detail

template <class R, class... A>
class TypedFunc<R(A...)> {
 public:
  // Thread-safety: as the Store it belongs to (one thread at a time).
  Expected<R> operator()(A... args) const {
    constexpr size_t kSlots = std::max(sizeof...(A), detail::ResultCount<R>::value) + 2;
    uint64_t slots[kSlots] = {detail::to_slot(args)...};
    if (uint8_t trap = Func::enter(func_.store_, func_.f_, slots)) [[unlikely]]
      return Func::trap_error(func_.store_, trap);
    if constexpr (std::is_same_v<R, void>) {
      return {};
    } else if constexpr (requires { std::tuple_size<R>::value; }) {
      return [&]<size_t... J>(std::index_sequence<J...>) {
        return R{detail::from_slot<std::tuple_element_t<J, R>>(slots[J])...};
      }(std::make_index_sequence<std::tuple_size_v<R>>());
    } else {
      return detail::from_slot<R>(slots[0]);
    }
  }
  const Func& func() const { return func_; }

 private:
  friend class Func;
  explicit TypedFunc(Func f) : func_(f) {}
  Func func_;
};

template <class Sig>
Expected<TypedFunc<Sig>> Func::typed() const {
  using T = detail::Thunk<Sig*, typename detail::Callable<Sig*>::Ret, typename detail::Callable<Sig*>::Args>;
  FuncSig sig;
  sig.params = T::params();
  sig.results = detail::ResultTypes<typename detail::Callable<Sig*>::Ret>::get();
  if (auto st = check_signature(*this, sig); !st) return std::move(st).error();
  return TypedFunc<Sig>(*this);
}

template <class F>
Func Func::wrap(Store& store, F&& f) {
  using Fn = std::decay_t<F>;
  using Info = detail::Callable<Fn>;
  using T = detail::Thunk<Fn, typename Info::Ret, typename Info::Args>;
  FuncSig sig;
  sig.params = T::params();
  if constexpr (!std::is_same_v<typename Info::Ret, std::optional<HostError>>)
    sig.results = detail::ResultTypes<typename Info::Ret>::get();
  auto* closure = new Fn(std::forward<F>(f));
  return make_host(store, sig, &T::call, closure, [](void* p) { delete static_cast<Fn*>(p); });
}

}  // namespace nanoproc::api
