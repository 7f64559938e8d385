#include "wasi/wasi_link.h"

#include <cstring>

#include "wasi_gen/wasi_unstable_from_wasi_snapshot_preview1.h"

namespace nanoproc::wasi {
namespace {

// One imported function: the interface it calls and the generated adapter that decodes it.
template <class Iface>
struct Binding {
  Iface* iface = nullptr;
  guest::Adapter<Iface> adapter = nullptr;
  uint32_t nparams = 0;
  // The caller's exported memory, looked up once per calling instance (instances and their
  // memories live as long as the store, like this binding). Its data pointer and size are
  // read on every call: the guest may have grown it.
  Instance* caller = nullptr;
  LinearMemory* memory = nullptr;
};

constexpr uint32_t kMaxParams = 16;

template <class Iface>
TrapKind host_thunk(HostCall& call, void* env, uint64_t* slots) {
  auto* b = static_cast<Binding<Iface>*>(env);
  guest::GuestMemory mem;
  if (call.caller) {
    if (call.caller != b->caller) {
      b->caller = call.caller;
      const Extern* e = call.caller->find_export(std::string(Iface::kMemoryName));
      b->memory = e && e->kind == ExternKind::Memory ? e->memory() : nullptr;
    }
    if (b->memory) {
      mem.data = b->memory->data();
      mem.size = b->memory->size_bytes();
    }
  }
  // Arguments and results share `slots`; the adapter gets a private copy of the arguments.
  uint64_t args[kMaxParams];
  std::memcpy(args, slots, b->nparams * sizeof(uint64_t));
  const guest::HostResult r = b->adapter(*b->iface, mem, args, slots);
  switch (r.kind()) {
    case guest::HostResult::Kind::Return: return TrapKind::None;
    case guest::HostResult::Kind::Exit:
      call.exit_code = static_cast<int32_t>(r.exit_code());
      return TrapKind::Exit;
    case guest::HostResult::Kind::Trap: break;
  }
  call.detail = r.trap_message();
  return TrapKind::HostError;
}

template <class Iface>
void define_module(Store& store, Linker& linker, Iface& iface) {
  for (const auto& f : Iface::funcs()) {
    FuncType ft;
    for (ValKind k : f.params) ft.params.push_back(ValType(k));
    for (ValKind k : f.results) ft.results.push_back(ValType(k));
    auto* b = new Binding<Iface>();
    store.own(b, [](void* p) { delete static_cast<Binding<Iface>*>(p); });
    b->iface = &iface;
    b->adapter = f.adapter;
    b->nparams = static_cast<uint32_t>(std::min<size_t>(f.params.size(), kMaxParams));
    std::string module(Iface::kModuleName), name(f.name);
    FuncInstance* fi = store.new_host_func(ft, &host_thunk<Iface>, b, module + "." + name);
    linker.define(module, name, Extern{ExternKind::Func, fi});
  }
}

}  // namespace

void define_wasi(Store& store, Linker& linker, WasiHost& host) {
  define_module<p1::WasiSnapshotPreview1>(store, linker, host);
  auto* unstable = new p0::WasiUnstableFromWasiSnapshotPreview1(host);
  store.own(unstable, [](void* p) { delete static_cast<p0::WasiUnstableFromWasiSnapshotPreview1*>(p); });
  define_module<p0::WasiUnstable>(store, linker, *unstable);
}

Expected<WasiHost*> define_wasi(Store& store, Linker& linker, const WasiOptions& opts) {
  std::unique_ptr<WasiHost> host = NP_TRY(WasiHost::create(opts));
  WasiHost* h = host.release();
  store.own(h, [](void* p) { delete static_cast<WasiHost*>(p); });
  define_wasi(store, linker, *h);
  return h;
}

}  // namespace nanoproc::wasi
