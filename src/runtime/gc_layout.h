// Run-time layouts of GC objects, one per canonical type, shared engine-wide.
//
// Object formats (every reference is one word; see object.h):
//   struct: ObjHeader (8 bytes) | fields
//   array:  ObjHeader (8 bytes) | u32 length | u32 padding | elements
//   (exceptions, in gc_heap.h: ObjHeader | TagInstance* | u32 slots | payload slots)
// Struct fields are placed in declaration order at their natural alignment (v128 at 8),
// later small fields filling earlier padding; a subtype's fields extend its supertype's,
// so the supertype's fields keep their offsets. Packed i8/i16 fields take 1/2 bytes.
//
// A layout also carries the type's supertype chain (its "display"), so a cast to a
// concrete type T of depth d is one comparison: layout(obj).supers[d] == T.
#pragma once
#include <cstdint>
#include <memory>
#include <mutex>
#include <unordered_map>
#include <vector>

#include "ir/types.h"

namespace nanoproc {

class TypeRegistry;

inline constexpr uint32_t kArrayLengthOffset = 8;
inline constexpr uint32_t kArrayDataOffset = 16;
inline constexpr uint32_t kStructFieldsOffset = 8;

struct GcField {
  uint32_t offset = 0;  // byte offset from the object's start
  uint8_t size = 0;     // 1, 2, 4, 8 or 16
};

struct GcLayout {
  uint32_t type_id = 0;  // canonical id
  CompositeKind kind = CompositeKind::Struct;
  bool final = true;
  uint32_t depth = 0;             // length of the supertype chain
  std::vector<uint32_t> supers;   // canonical ids, root first; supers[depth] == type_id
  // struct
  uint32_t size = kStructFieldsOffset;  // object size in bytes, a multiple of 8
  std::vector<GcField> fields;          // in declaration order
  // array
  uint8_t elem_size = 0;  // 1, 2, 4, 8 or 16
};

// Thread-safe cache of layouts by canonical id. Entries are never removed, so the returned
// references stay valid as long as the cache (the Engine) lives; lowered code embeds them.
class GcLayoutCache {
 public:
  explicit GcLayoutCache(TypeRegistry& types) : types_(types) {}
  const GcLayout& get(uint32_t type_id);

 private:
  TypeRegistry& types_;
  std::mutex mu_;
  std::unordered_map<uint32_t, std::unique_ptr<GcLayout>> layouts_;
};

}  // namespace nanoproc
