#include "runtime/compiled_module.h"

#include "runtime/engine.h"

namespace nanoproc {

Engine::Engine(EngineConfig cfg) : cfg_(cfg) {
  if (cfg_.memory.guard_pages && !LinearMemory::can_reserve_guarded(cfg_.memory)) {
    cfg_.memory.guard_pages = false;
    guard_pages_unavailable_ = true;
  }
}

std::shared_ptr<CompiledModule> Engine::compile(std::shared_ptr<const Module> m) {
  return std::make_shared<CompiledModule>(std::move(m), *this);
}

CompiledModule::CompiledModule(std::shared_ptr<const Module> m, Engine& engine)
    : module_(std::move(m)), engine_(engine) {
  canon_ids_ = engine.types().register_module(*module_);
  funcs_ = std::make_unique<CompiledFunction[]>(module_->functions.size());
  for (size_t i = 0; i < module_->functions.size(); ++i) {
    funcs_[i].type_index = module_->functions[i].type_index;
    funcs_[i].canon_type = canon_ids_[funcs_[i].type_index];
  }
}

CompiledModule::~CompiledModule() {
  for (size_t i = 0; i < module_->functions.size(); ++i) delete funcs_[i].code.load(std::memory_order_relaxed);
}

FunctionCode* CompiledModule::code(uint32_t i) {
  FunctionCode* c = funcs_[i].code.load(std::memory_order_acquire);
  if (c) return c;
  std::unique_ptr<FunctionCode> fresh = lower_function(*this, i);
  FunctionCode* expected = nullptr;
  if (funcs_[i].code.compare_exchange_strong(expected, fresh.get(), std::memory_order_acq_rel))
    return fresh.release();
  return expected;
}

const MemoryImage* CompiledModule::memory_image() {
  std::call_once(image_once_, [&] { image_ = MemoryImage::build(*module_, engine_.config().memory_image_min_bytes); });
  return image_.get();
}

void CompiledModule::lower_all() {
  for (uint32_t i = 0; i < module_->functions.size(); ++i) code(i);
}

}  // namespace nanoproc
