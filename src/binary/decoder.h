// Binary decoder: bytes -> Module. Checks everything the binary format itself requires
// (magic/version, section ids, order and sizes, LEB128 forms, UTF-8 names, vector lengths,
// function/code and data-count consistency); type rules are the validator's job.
#pragma once
#include <cstdint>
#include <span>

#include "ir/module.h"
#include "util/expected.h"

namespace nanoproc {

struct DecodeOptions {
  // Parse the `name` custom section into Module::names (malformed name sections are
  // ignored, as the spec requires for custom sections).
  bool parse_names = true;
};

// Errors are ErrorKind::Malformed with the byte offset of the problem in loc().offset.
Expected<Module> decode_module(std::span<const uint8_t> bytes, const DecodeOptions& opts = {});

}  // namespace nanoproc
