// The Wasm 3.0 type model: value types with reference types (nullability + abstract or
// concrete heap types), storage types, composite types (func/struct/array), subtypes and
// recursion groups. Concrete heap types refer to a module's type index; the validator
// canonicalises rec groups for type equality, the runtime for cross-module linking.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

namespace nanoproc {

// Abstract heap types, numbered by their binary encoding (a negative s33 / single byte).
enum class AbsHeap : uint8_t {
  NoExn = 0x74,
  NoFunc = 0x73,
  NoExtern = 0x72,
  None = 0x71,
  Func = 0x70,
  Extern = 0x6F,
  Any = 0x6E,
  Eq = 0x6D,
  I31 = 0x6C,
  Struct = 0x6B,
  Array = 0x6A,
  Exn = 0x69,
};

const char* abs_heap_name(AbsHeap h);  // "func", "extern", ...
bool abs_heap_from_byte(uint8_t b, AbsHeap* out);
// The top of an abstract heap type's hierarchy: func, extern, exn or any.
AbsHeap abs_heap_top(AbsHeap h);

// A heap type: either abstract or a concrete type index.
class HeapType {
 public:
  static constexpr uint32_t kAbstractBit = 0x80000000u;
  constexpr HeapType() : v_(kAbstractBit | uint32_t(AbsHeap::Func)) {}
  static constexpr HeapType abstract(AbsHeap h) { return HeapType(kAbstractBit | uint32_t(h)); }
  static constexpr HeapType index(uint32_t i) { return HeapType(i); }

  constexpr bool is_abstract() const { return v_ & kAbstractBit; }
  constexpr bool is_index() const { return !is_abstract(); }
  constexpr AbsHeap abs() const { return AbsHeap(v_ & 0xFF); }
  constexpr uint32_t index() const { return v_; }
  constexpr uint32_t raw() const { return v_; }
  constexpr bool operator==(const HeapType&) const = default;

 private:
  constexpr explicit HeapType(uint32_t v) : v_(v) {}
  uint32_t v_;
};

enum class ValKind : uint8_t {
  I32,
  I64,
  F32,
  F64,
  V128,
  Ref,
  I8,   // packed: storage types only
  I16,  // packed: storage types only
  Bot,  // validation only: the bottom type of unreachable code
};

struct ValType {
  ValKind kind = ValKind::I32;
  bool nullable = false;  // for Ref
  HeapType heap;          // for Ref

  constexpr ValType() = default;
  constexpr ValType(ValKind k) : kind(k) {}
  static constexpr ValType ref(HeapType h, bool null) {
    ValType t(ValKind::Ref);
    t.nullable = null;
    t.heap = h;
    return t;
  }
  static constexpr ValType ref(AbsHeap h, bool null) { return ref(HeapType::abstract(h), null); }

  constexpr bool is_ref() const { return kind == ValKind::Ref; }
  constexpr bool is_num() const { return kind <= ValKind::F64; }
  constexpr bool is_packed() const { return kind == ValKind::I8 || kind == ValKind::I16; }
  // Defaultable types can be zero/null-initialised (locals, struct.new_default).
  constexpr bool defaultable() const { return kind != ValKind::Ref || nullable; }
  constexpr bool operator==(const ValType& o) const {
    if (kind != o.kind) return false;
    if (kind != ValKind::Ref) return true;
    return nullable == o.nullable && heap == o.heap;
  }
};

inline constexpr ValType kI32{ValKind::I32};
inline constexpr ValType kI64{ValKind::I64};
inline constexpr ValType kF32{ValKind::F32};
inline constexpr ValType kF64{ValKind::F64};
inline constexpr ValType kV128{ValKind::V128};
inline constexpr ValType kFuncRef = ValType::ref(AbsHeap::Func, true);
inline constexpr ValType kExternRef = ValType::ref(AbsHeap::Extern, true);
inline constexpr ValType kExnRef = ValType::ref(AbsHeap::Exn, true);

// Size in bytes of a value or storage type's unpacked representation in memory/struct.
unsigned storage_size(ValType t);

struct FieldType {
  ValType type;  // may be packed (I8/I16)
  bool mut = false;
  bool operator==(const FieldType&) const = default;
};

struct FuncType {
  std::vector<ValType> params;
  std::vector<ValType> results;
  bool operator==(const FuncType&) const = default;
};

struct StructType {
  std::vector<FieldType> fields;
  bool operator==(const StructType&) const = default;
};

struct ArrayType {
  FieldType field;
  bool operator==(const ArrayType&) const = default;
};

enum class CompositeKind : uint8_t { Func, Struct, Array };

struct CompositeType {
  CompositeKind kind = CompositeKind::Func;
  FuncType func;      // kind == Func
  StructType struct_; // kind == Struct
  ArrayType array;    // kind == Array
  bool operator==(const CompositeType&) const = default;
};

// One entry of the type section (after flattening rec groups).
struct SubType {
  bool final = true;
  std::vector<uint32_t> supertypes;  // at most one in Wasm 3.0
  CompositeType composite;
  // Binary form: true if written with an explicit `sub`/`sub final` prefix, kept so that
  // decode(encode(m)) == m. A plain composite type is `sub final` with no supertypes.
  bool explicit_sub = false;
  bool operator==(const SubType&) const = default;
};

struct RecGroup {
  uint32_t first = 0;  // index of the first type in Module::types
  uint32_t count = 0;
  // True if written as `(rec ...)` (0x4E) in the binary, even for a single type.
  bool explicit_rec = false;
  bool operator==(const RecGroup&) const = default;
};

struct Limits {
  uint64_t min = 0;
  bool has_max = false;
  uint64_t max = 0;
  bool shared = false;
  bool is64 = false;  // address type i64 (memory64 / table64)
  bool operator==(const Limits&) const = default;
};

struct TableType {
  ValType elem = kFuncRef;
  Limits limits;
  bool operator==(const TableType&) const = default;
};

struct MemoryType {
  Limits limits;
  uint32_t page_size_log2 = 16;  // custom-page-sizes proposal; 64 KiB by default
  bool operator==(const MemoryType&) const = default;
};

struct GlobalType {
  ValType type;
  bool mut = false;
  bool operator==(const GlobalType&) const = default;
};

struct TagType {
  uint8_t attribute = 0;  // 0 = exception
  uint32_t type_index = 0;
  bool operator==(const TagType&) const = default;
};

enum class ExternKind : uint8_t { Func = 0, Table = 1, Memory = 2, Global = 3, Tag = 4 };
const char* extern_kind_name(ExternKind k);

// Text rendering of types as in the text format ("i32", "(ref null $3)", "funcref").
std::string to_string(ValType t);
std::string to_string(HeapType h);

}  // namespace nanoproc
