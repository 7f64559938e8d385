// The witx memory layout (the ABI of tools/witx/src/layout.rs in WebAssembly/WASI, branch
// wasi-0.1): sizes, alignments, field offsets and variant payload offsets, as seen by a
// wasm32 guest.
//
//  - u8/s8/char8: 1; u16/s16: 2; u32/s32/f32/char/usize, handles and pointers: 4;
//    u64/s64/f64: 8 (size = alignment).
//  - list and string: 8 bytes, alignment 4 (address, element count).
//  - flags: their `repr` integer. enum: its tag integer.
//  - record/tuple: fields in order, each at the next multiple of its alignment; alignment is
//    the largest field alignment and the size is rounded up to it.
//  - variant (union, expected, bool): the tag, then the payload at the first offset after
//    the tag aligned for every case's payload; alignment and size as for a record holding
//    the tag and the largest payload.
#pragma once
#include <cstdint>

#include "util/expected.h"
#include "witx/ast.h"

namespace nanoproc::witx {

constexpr uint32_t align_to(uint32_t offset, uint32_t align) {
  return align <= 1 ? offset : (offset + align - 1) / align * align;
}

struct SizeAlign {
  uint32_t size = 0;
  uint32_t align = 1;
};

SizeAlign builtin_layout(Builtin b);

// Fills t.size, t.align, member offsets and the payload offset. Every type `t` refers to must
// already have its layout. Fails (Invalid) on layouts witx leaves undefined: empty records or
// variants, and variants whose per-case sizes disagree with the shared payload offset.
Status compute_layout(Type& t);

}  // namespace nanoproc::witx
