// A module from bytes that hold either format: the binary format if they start with the
// wasm magic, the text format otherwise. Errors name `name` (the file, for messages).
#pragma once
#include <cstdint>
#include <span>
#include <string>

#include "binary/decoder.h"
#include "ir/module.h"
#include "util/expected.h"

namespace nanoproc {

struct SourceModule {
  Module module;
  bool from_text = false;
};

Expected<SourceModule> module_from_bytes(std::span<const uint8_t> bytes, const std::string& name,
                                         const DecodeOptions& opts = {});

}  // namespace nanoproc
