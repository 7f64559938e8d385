// WAST scripts (the spec test-suite format): the parsed command list.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ir/module.h"
#include "util/expected.h"

namespace nanoproc {

struct ScriptLoc {
  uint32_t line = 0;
  uint32_t column = 0;
};

// A module as written in a script.
struct ScriptModule {
  enum class Kind : uint8_t { Text, Binary, Quote };
  Kind kind = Kind::Text;
  std::optional<std::string> name;  // `$id` after `module` (without the `$`)
  bool is_definition = false;       // `(module definition ...)`: compile only
  Module module;                    // Kind::Text: already parsed
  std::vector<uint8_t> bytes;       // Kind::Binary: the concatenated strings
  std::string quote;                // Kind::Quote: the concatenated text, parsed on use
  ScriptLoc loc;
  // Byte range of the whole `(module ...)` form in the script text.
  size_t source_begin = 0;
  size_t source_end = 0;
};

// A constant argument or an exact expected result.
struct WastValue {
  enum class Kind : uint8_t {
    I32, I64, F32, F64, V128,
    RefNull,    // ref.null <heaptype>
    RefExtern,  // ref.extern N  (host reference N)
    RefHost,    // ref.host N    (legacy spelling)
    RefFunc,    // ref.func (only as a pattern: any non-null funcref)
  };
  Kind kind = Kind::I32;
  uint64_t bits = 0;      // I32/I64/F32/F64 raw bits; RefExtern/RefHost: N
  uint8_t v128[16] = {};  // V128
  HeapType heap;          // RefNull
};

// One expected result of assert_return.
struct WastResult {
  enum class Kind : uint8_t {
    Exact,            // value must equal (floats compared by bits)
    NanCanonical,     // f32/f64 (or a lane of a v128 pattern)
    NanArithmetic,
    V128Pattern,      // v128 with per-lane patterns (lanes may be nan:*)
    RefNull,          // any null reference (ref.null with any heap type matches null)
    RefExtern,        // ref.extern N, or any extern ref if !has_index
    RefHost,
    RefFunc,          // any non-null funcref
    RefAny,           // ref.any: any non-null anyref
    RefEq,            // ref.eq
    RefI31,           // ref.i31
    RefStruct,        // ref.struct
    RefArray,         // ref.array
    RefExn,           // ref.exn
    Either,           // any of `alternatives`
  };
  Kind kind = Kind::Exact;
  WastValue value;  // Exact; RefExtern/RefHost index in value.bits
  bool has_index = false;
  ValKind float_kind = ValKind::F32;  // NanCanonical/NanArithmetic scalar: F32 or F64
  // V128Pattern: lane shape ("i8x16", "f32x4", ...) and one sub-result per lane.
  std::string shape;
  std::vector<WastResult> lanes;
  std::vector<WastResult> alternatives;  // Either
};

struct WastAction {
  enum class Kind : uint8_t { Invoke, Get };
  Kind kind = Kind::Invoke;
  std::optional<std::string> module;  // `$id` without `$`; nullopt = most recent
  std::string field;                  // export name
  std::vector<WastValue> args;
  ScriptLoc loc;
};

struct WastCommand {
  enum class Kind : uint8_t {
    Module,               // module (instantiated unless module.is_definition)
    ModuleInstance,       // (module instance $i $m)
    Register,             // (register "name" $m?)
    Action,               // bare invoke / get
    AssertReturn,
    AssertTrap,           // on an action, or on a module (then instantiation must trap)
    AssertExhaustion,
    AssertException,
    AssertInvalid,
    AssertMalformed,
    AssertUnlinkable,
    AssertUninstantiable,
  };
  Kind kind = Kind::Module;
  ScriptLoc loc;
  std::optional<ScriptModule> module;  // Module, assert_{invalid,malformed,unlinkable,uninstantiable}, assert_trap on module
  std::optional<WastAction> action;    // Action and assertions on actions
  std::vector<WastResult> results;     // AssertReturn
  std::string text;                    // expected failure message; Register: the name
  std::optional<std::string> instance_name;  // ModuleInstance: $i; Register: $m
  std::optional<std::string> definition_name;  // ModuleInstance: $m
};

struct Script {
  std::string filename;
  std::vector<WastCommand> commands;
};

// Parses a whole .wast script. Errors are ErrorKind::Malformed with file:line:column.
Expected<Script> parse_wast(std::string_view text, std::string_view filename);

}  // namespace nanoproc
