// Configs, engines and stores; host infos of store objects.
#include "capi/capi_internal.h"

using namespace nanoproc;

wasm_store_t::~wasm_store_t() {
  // Finalizers may look at their host data but not at this store's objects: they run before
  // any of them is destroyed, in the order their infos were first set.
  for (auto& i : infos) i.finalize();
}

capi::HostInfo& wasm_store_t::info_slot(const void* obj) {
  auto [it, added] = info_index.try_emplace(obj, infos.size());
  if (added) infos.emplace_back();
  return infos[it->second];
}

const capi::HostInfo* wasm_store_t::find_info(const void* obj) const {
  auto it = info_index.find(obj);
  return it == info_index.end() ? nullptr : &infos[it->second];
}

extern "C" {

wasm_config_t* wasm_config_new(void) { return new wasm_config_t(); }
void wasm_config_delete(wasm_config_t* config) { delete config; }

wasm_engine_t* wasm_engine_new(void) { return new wasm_engine_t{api::Engine(api::Config{})}; }

wasm_engine_t* wasm_engine_new_with_config(wasm_config_t* config) {
  api::Config c = config ? config->config : api::Config{};
  delete config;
  return new wasm_engine_t{api::Engine(c)};
}

void wasm_engine_delete(wasm_engine_t* engine) { delete engine; }

wasm_store_t* wasm_store_new(wasm_engine_t* engine) {
  if (!engine) return nullptr;
  return new wasm_store_t(engine->engine);
}

void wasm_store_delete(wasm_store_t* store) { delete store; }

}  // extern "C"
