// The WAST script parser (internal to src/text): commands, actions, constants and
// expected-result patterns. Text modules are handed to WatParser on the same tokens.
#pragma once
#include "text/cursor.h"
#include "text/wast.h"

namespace nanoproc::text {

class WastParser {
 public:
  explicit WastParser(Cursor& c) : c_(c) {}
  Expected<Script> parse(std::string_view filename);

 private:
  // wast.cpp
  Status command(Script& s);
  // At `(module`: a text, binary or quoted module. `instance` is set instead for
  // `(module instance $i? $m?)` when allowed.
  Expected<ScriptModule> script_module(WastCommand* instance);
  Expected<WastAction> action();
  Expected<std::string> message();
  ScriptLoc loc() const { return ScriptLoc{c_.peek().line, c_.peek().column}; }

  // wast_values.cpp
  Expected<WastValue> const_value();
  Expected<WastResult> result();
  Expected<HeapType> heap_type();
  Expected<uint64_t> ref_index();

  Cursor& c_;
  unsigned either_depth_ = 0;
};

}  // namespace nanoproc::text
