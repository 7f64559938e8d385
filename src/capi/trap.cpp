// Traps and frames: traps made by the host, and traps of wasm code with the store's
// backtrace.
#include "capi/capi_internal.h"

namespace nanoproc::capi {
namespace {

wasm_frame_t* new_frame(wasm_store_t* store, const TrapFrameData& f) {
  auto* fr = new wasm_frame_t();
  fr->instance = new wasm_instance_t(store, f.instance);
  fr->func_index = f.func_index;
  fr->module_offset = f.module_offset;
  return fr;
}

}  // namespace

wasm_trap_t* make_trap(std::string message) {
  auto body = std::make_shared<TrapBody>();
  body->message = std::move(message);
  return new wasm_trap_t(std::move(body));
}

wasm_trap_t* trap_from_last(wasm_store_t* store) {
  const Trap& t = store->rt().last_trap;
  auto body = std::make_shared<TrapBody>();
  // A host function's trap carries the host's own message.
  body->message = t.kind == TrapKind::HostError && !t.detail.empty() ? t.detail : t.message();
  if (t.kind == TrapKind::Exit) body->exit_code = t.exit_code;
  body->store = store;
  for (const TrapFrame& f : t.frames) {
    if (!f.instance) continue;  // host functions have no wasm frame
    TrapFrameData d;
    d.instance = f.instance;
    d.func_index = f.func_index;
    const Module& m = f.instance->module();
    if (f.func_index >= m.num_imported_funcs && f.func_index < m.num_funcs())
      d.module_offset = m.functions[f.func_index - m.num_imported_funcs].body_offset;
    body->frames.push_back(d);
  }
  return new wasm_trap_t(std::move(body));
}

}  // namespace nanoproc::capi

using namespace nanoproc;
using namespace nanoproc::capi;

extern "C" {

wasm_trap_t* wasm_trap_new(wasm_store_t* store, const wasm_message_t* message) {
  if (!message) return nullptr;
  std::string text(message->data ? message->data : "", message->data ? message->size : 0);
  // Messages are NUL-terminated; keep what precedes the first NUL.
  if (auto nul = text.find('\0'); nul != std::string::npos) text.resize(nul);
  wasm_trap_t* trap = make_trap(std::move(text));
  trap->body->store = store;
  return trap;
}

void wasm_trap_message(const wasm_trap_t* trap, wasm_message_t* out) {
  if (!out) return;
  if (!trap) return wasm_byte_vec_new_empty(out);
  message_from(out, trap->body->message);
}

wasm_frame_t* wasm_trap_origin(const wasm_trap_t* trap) {
  if (!trap || trap->body->frames.empty()) return nullptr;
  return new_frame(trap->body->store, trap->body->frames.front());
}

void wasm_trap_trace(const wasm_trap_t* trap, wasm_frame_vec_t* out) {
  if (!out) return;
  if (!trap) return wasm_frame_vec_new_empty(out);
  const auto& frames = trap->body->frames;
  wasm_frame_vec_new_uninitialized(out, frames.size());
  for (size_t i = 0; i < out->size; ++i) out->data[i] = new_frame(trap->body->store, frames[i]);
}

void wasm_frame_delete(wasm_frame_t* frame) { delete frame; }

wasm_frame_t* wasm_frame_copy(const wasm_frame_t* frame) {
  if (!frame) return nullptr;
  auto* fr = new wasm_frame_t();
  fr->instance = frame->instance ? wasm_instance_copy(frame->instance) : nullptr;
  fr->func_index = frame->func_index;
  fr->func_offset = frame->func_offset;
  fr->module_offset = frame->module_offset;
  return fr;
}

wasm_instance_t* wasm_frame_instance(const wasm_frame_t* frame) { return frame ? frame->instance : nullptr; }
uint32_t wasm_frame_func_index(const wasm_frame_t* frame) { return frame ? frame->func_index : 0; }
size_t wasm_frame_func_offset(const wasm_frame_t* frame) { return frame ? frame->func_offset : 0; }
size_t wasm_frame_module_offset(const wasm_frame_t* frame) { return frame ? frame->module_offset : 0; }

}  // extern "C"
