// Modules: compile, validate, reflect (imports, exports), serialize, and share between
// stores.
#include <cstring>

#include "binary/encoder.h"
#include "capi/capi_internal.h"
#include "runtime/compiled_module.h"
#include "text/module_source.h"
#include "validate/validator.h"

namespace nanoproc::capi {
namespace {

std::span<const uint8_t> bytes_of(const wasm_byte_vec_t* v) {
  if (!v || !v->data) return {};
  return {reinterpret_cast<const uint8_t*>(v->data), v->size};
}

bool is_binary(std::span<const uint8_t> bytes) { return bytes.size() >= 4 && std::memcmp(bytes.data(), "\0asm", 4) == 0; }

wasm_module_t* compile_binary(const api::Engine& engine, std::span<const uint8_t> binary) {
  auto m = api::Module::compile(engine, binary, "<module>");
  if (!m) return nullptr;
  return new wasm_module_t(std::make_shared<ModuleBody>(engine, std::move(m).value()));
}

// The binary format, or (a nanoproc extension) the text format, which is encoded first so
// that frames have byte offsets in the binary it stands for. Empty bytes are no module.
wasm_module_t* compile_for(const api::Engine& engine, std::span<const uint8_t> bytes) {
  if (bytes.empty()) return nullptr;
  if (is_binary(bytes)) return compile_binary(engine, bytes);
  auto src = module_from_bytes(bytes, "<module>");
  if (!src) return nullptr;
  std::vector<uint8_t> binary = encode_module(src->module);
  return compile_binary(engine, binary);
}

bool same_engine(const api::Engine& a, const api::Engine& b) { return &a.impl() == &b.impl(); }

}  // namespace
}  // namespace nanoproc::capi

using namespace nanoproc;
using namespace nanoproc::capi;

extern "C" {

wasm_module_t* wasm_module_new(wasm_store_t* store, const wasm_byte_vec_t* binary) {
  if (!store || !binary) return nullptr;
  return compile_for(store->engine, bytes_of(binary));
}

bool wasm_module_validate(wasm_store_t* store, const wasm_byte_vec_t* binary) {
  if (!store || !binary || !binary->size) return false;
  auto src = module_from_bytes(bytes_of(binary), "<module>");
  return src && validate_module(src->module).has_value();
}

void wasm_module_imports(const wasm_module_t* module, wasm_importtype_vec_t* out) {
  if (!out) return;
  if (!module) return wasm_importtype_vec_new_empty(out);
  const Module& m = module->body->module.impl()->module();
  std::vector<wasm_importtype_t*> list;
  for (const Import& imp : m.imports) {
    wasm_externtype_t* t = externtype_of(m, imp.kind, 0, &imp);
    if (!t) continue;  // tags: not in the C API
    auto* it = new wasm_importtype_t();
    name_from(&it->module, imp.module);
    name_from(&it->name, imp.name);
    it->type = t;
    list.push_back(it);
  }
  wasm_importtype_vec_new(out, list.size(), list.data());
}

void wasm_module_exports(const wasm_module_t* module, wasm_exporttype_vec_t* out) {
  if (!out) return;
  if (!module) return wasm_exporttype_vec_new_empty(out);
  const Module& m = module->body->module.impl()->module();
  std::vector<wasm_exporttype_t*> list;
  for (const Export& e : m.exports) {
    wasm_externtype_t* t = externtype_of(m, e.kind, e.index, nullptr);
    if (!t) continue;
    auto* et = new wasm_exporttype_t();
    name_from(&et->name, e.name);
    et->type = t;
    list.push_back(et);
  }
  wasm_exporttype_vec_new(out, list.size(), list.data());
}

// The C++ API's serialized form (Module::serialize: header, engine fingerprint, checksum,
// binary payload). Deserializing validates the payload again (Verify::Full): the C API
// takes bytes from anywhere, and no byte string may make an invalid module.
void wasm_module_serialize(const wasm_module_t* module, wasm_byte_vec_t* out) {
  if (!out) return;
  if (!module) return wasm_byte_vec_new_empty(out);
  std::vector<uint8_t> bytes = module->body->module.serialize();
  wasm_byte_vec_new(out, bytes.size(), reinterpret_cast<const wasm_byte_t*>(bytes.data()));
}

wasm_module_t* wasm_module_deserialize(wasm_store_t* store, const wasm_byte_vec_t* bytes) {
  if (!store || !bytes) return nullptr;
  auto m = api::Module::deserialize(store->engine, bytes_of(bytes), api::Module::Verify::Full);
  if (!m) return nullptr;
  return new wasm_module_t(std::make_shared<ModuleBody>(store->engine, std::move(m).value()));
}

void wasm_shared_module_delete(wasm_shared_module_t* shared) { delete shared; }

wasm_shared_module_t* wasm_module_share(const wasm_module_t* module) {
  return module ? new wasm_shared_module_t{module->body->engine, module->body->module} : nullptr;
}

wasm_module_t* wasm_module_obtain(wasm_store_t* store, const wasm_shared_module_t* shared) {
  if (!store || !shared) return nullptr;
  if (same_engine(shared->engine, store->engine))
    return new wasm_module_t(std::make_shared<ModuleBody>(shared->engine, shared->module));
  // Compiled code is specific to its engine (canonical type ids): compile again.
  std::vector<uint8_t> binary = encode_module(shared->module.impl()->module());
  return compile_binary(store->engine, binary);
}

}  // extern "C"
