// The witx document model. The parser fills it with unresolved type names; validation
// (validate.h) resolves every name, checks the rules of the language and computes the
// layout (layout.h) of every type and the core wasm lowering (abi.h) of every function.
//
// The model follows witx's own: `enum`, `union`, `expected` and `bool` are all variants;
// `flags` and `tuple` are records; `string` is a list of `char`. The original spelling is
// kept (`form`) because generators print it back.
#pragma once
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "util/error.h"

namespace nanoproc::witx {

enum class Builtin : uint8_t { U8, U16, U32, U64, S8, S16, S32, S64, F32, F64, Char, Char8, Usize };
enum class IntRepr : uint8_t { U8, U16, U32, U64 };

const char* builtin_name(Builtin b);  // witx spelling: "u8", "char8", "usize", ...
const char* int_repr_name(IntRepr r);
uint32_t int_repr_bytes(IntRepr r);
Builtin int_repr_builtin(IntRepr r);

struct Type;
struct NamedType;

// A use of a type: a name (`$fd`) or an anonymous type written in place.
struct TypeRef {
  std::string name;                // set for named uses (without the `$`)
  const NamedType* named = nullptr;  // resolved by validation
  Type* anon = nullptr;            // anonymous type (owned by the Document)
  SourceLoc loc;

  bool is_named() const { return !name.empty(); }
  // The structural type, following names (valid after validation).
  const Type& type() const;
};

enum class TypeKind : uint8_t { Builtin, Pointer, ConstPointer, List, Record, Variant, Handle };
enum class RecordForm : uint8_t { Record, Tuple, Flags };
enum class VariantForm : uint8_t { Variant, Enum, Union, Expected, Bool };

struct Member {
  std::string name;
  std::optional<TypeRef> type;  // empty for flags
  std::string docs;
  SourceLoc loc;
  uint32_t offset = 0;  // byte offset (records and tuples; computed)
  uint32_t bit = 0;     // bit index (flags)
};

struct Case {
  std::string name;
  std::optional<TypeRef> type;  // payload, if any
  std::string docs;
  SourceLoc loc;
};

struct Type {
  TypeKind kind = TypeKind::Builtin;
  SourceLoc loc;

  Builtin builtin = Builtin::U8;  // Builtin
  std::optional<TypeRef> elem;    // Pointer, ConstPointer, List
  bool is_string = false;         // List written as `string`

  RecordForm record_form = RecordForm::Record;
  std::vector<Member> members;    // Record

  VariantForm variant_form = VariantForm::Variant;
  std::optional<TypeRef> tag;     // Variant: the `(@witx tag ...)` type, if written
  std::optional<Builtin> repr_syntax;  // Enum/flags: the `(@witx tag/repr ...)` builtin, if written
  std::vector<Case> cases;        // Variant

  // Flags representation or variant tag representation (computed for unions/variants).
  IntRepr repr = IntRepr::U32;

  // Layout (computed by validation).
  uint32_t size = 0;
  uint32_t align = 0;
  uint32_t payload_offset = 0;  // Variant

  bool is_enum() const;   // variant whose cases have no payload
  bool is_flags() const { return kind == TypeKind::Record && record_form == RecordForm::Flags; }
  bool is_tuple() const { return kind == TypeKind::Record && record_form == RecordForm::Tuple; }
  // For `expected`-shaped variants (cases "ok" and "err"): the payloads.
  bool is_expected() const;
  const std::optional<TypeRef>& ok_type() const { return cases[0].type; }
  const std::optional<TypeRef>& err_type() const { return cases[1].type; }
};

struct NamedType {
  std::string name;
  TypeRef ref;
  std::string docs;
  SourceLoc loc;
  const Type& type() const { return ref.type(); }
};

struct Param {
  std::string name;
  TypeRef type;
  std::string docs;
  SourceLoc loc;
};

enum class CoreType : uint8_t { I32, I64, F32, F64 };
const char* core_type_name(CoreType t);

// How one witx parameter arrives as core wasm parameters.
enum class Lowering : uint8_t {
  Value,    // one core value: integer, float, enum tag, flags bits, handle, pointer
  Address,  // one i32: the address of a record or variant in linear memory
  List,     // two i32s: address of the first element and element count
};

struct LoweredParam {
  Lowering how = Lowering::Value;
  uint32_t first = 0;  // index of its first core parameter
};

// How the (at most one) witx result comes back.
enum class ResultShape : uint8_t {
  None,      // no result (or noreturn)
  Scalar,    // the core result is the value itself
  Expected,  // core result = the error code (0 = ok); ok payloads through return pointers
};

struct CoreSignature {
  std::vector<CoreType> params;
  std::vector<CoreType> results;
  std::vector<LoweredParam> lowered;  // one per witx param
  ResultShape shape = ResultShape::None;
  // Expected: one return pointer per ok value (one per tuple element if the ok type is an
  // anonymous tuple), as trailing i32 core params starting at `first_retptr`.
  std::vector<const TypeRef*> retptrs;
  uint32_t first_retptr = 0;
};

struct Func {
  std::string name;  // export name
  std::vector<Param> params;
  std::vector<Param> results;
  bool noreturn = false;
  std::string docs;
  SourceLoc loc;
  CoreSignature core;  // computed by validation
};

struct Import {
  std::string name;  // "memory"
  std::string docs;
  SourceLoc loc;
};

struct Module {
  std::string name;
  std::vector<Import> imports;
  std::vector<Func> funcs;
  std::string docs;
  SourceLoc loc;

  const Func* find_func(std::string_view n) const;
};

struct Document {
  std::vector<std::string> files;  // every file read, in order (the `use`d ones first)
  std::vector<std::unique_ptr<NamedType>> typenames;  // in definition order
  std::vector<Module> modules;
  std::vector<std::unique_ptr<Type>> arena;  // anonymous types

  Type* new_type(TypeKind k, SourceLoc loc);
  const NamedType* find_type(std::string_view name) const;
  const Module* find_module(std::string_view name) const;
};

}  // namespace nanoproc::witx
