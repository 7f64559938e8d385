// Binary encoder: Module -> bytes. decode_module(encode_module(m)) == m for every module
// the decoder can produce (custom sections are re-emitted at their recorded places).
#pragma once
#include <cstdint>
#include <vector>

#include "ir/module.h"

namespace nanoproc {

std::vector<uint8_t> encode_module(const Module& m);

}  // namespace nanoproc
