// Shared fixture of the C API tests: an engine and a store, modules from WAT text.
#pragma once
#include <gtest/gtest.h>

#include <cstring>
#include <string>

#include "wasi.h"
#include "wasm.h"

namespace capi_test {

class CapiFixture : public ::testing::Test {
 protected:
  void SetUp() override {
    engine_ = wasm_engine_new();
    store_ = wasm_store_new(engine_);
    ASSERT_NE(store_, nullptr);
  }
  void TearDown() override {
    wasm_store_delete(store_);
    wasm_engine_delete(engine_);
  }

  // nanoproc's wasm_module_new also takes the text format.
  wasm_module_t* compile(const std::string& text) {
    wasm_byte_vec_t bytes;
    wasm_byte_vec_new(&bytes, text.size(), text.data());
    wasm_module_t* m = wasm_module_new(store_, &bytes);
    wasm_byte_vec_delete(&bytes);
    return m;
  }

  // Instantiates a module without imports; exports in *out.
  wasm_instance_t* instantiate(const std::string& text, wasm_extern_vec_t* out) {
    wasm_module_t* m = compile(text);
    EXPECT_NE(m, nullptr);
    if (!m) return nullptr;
    wasm_extern_vec_t imports = WASM_EMPTY_VEC;
    wasm_trap_t* trap = nullptr;
    wasm_instance_t* inst = wasm_instance_new(store_, m, &imports, &trap);
    EXPECT_EQ(trap, nullptr);
    wasm_module_delete(m);
    if (inst) wasm_instance_exports(inst, out);
    return inst;
  }

  wasm_engine_t* engine_ = nullptr;
  wasm_store_t* store_ = nullptr;
};

// The trap's message; deletes the trap.
inline std::string take_message(wasm_trap_t* trap) {
  if (!trap) return "<no trap>";
  wasm_message_t m;
  wasm_trap_message(trap, &m);
  std::string s = m.size ? std::string(m.data, m.size - 1) : std::string();
  wasm_byte_vec_delete(&m);
  wasm_trap_delete(trap);
  return s;
}

inline std::string name_str(const wasm_name_t* n) { return n && n->data ? std::string(n->data, n->size) : ""; }

}  // namespace capi_test
