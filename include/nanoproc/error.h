// Errors as values (public API). An Error names what went wrong (its kind maps one to one
// onto the spec-test assertion classes) and where (byte offset in a binary, or
// file:line:column).
#pragma once
#include <cstdint>
#include <string>
#include <utility>

namespace nanoproc {

enum class ErrorKind : uint8_t {
  Malformed,       // binary or text cannot be decoded/parsed
  Invalid,         // decodes but fails validation
  Unlinkable,      // imports cannot be satisfied
  Uninstantiable,  // instantiation trapped (segment out of bounds, start trapped)
  Trap,            // execution trapped
  Exhaustion,      // call stack exhausted
  Io,              // file system / OS error
  Usage,           // bad command-line usage or API misuse
  Unsupported,     // a feature this build does not implement
};

const char* error_kind_name(ErrorKind k);

struct SourceLoc {
  static constexpr uint64_t kNoOffset = UINT64_MAX;
  std::string file;           // empty if unknown
  uint32_t line = 0;          // 1-based; 0 = unknown
  uint32_t column = 0;        // 1-based; 0 = unknown
  uint64_t offset = kNoOffset;  // byte offset in a binary

  bool has_line() const { return line != 0; }
  bool has_offset() const { return offset != kNoOffset; }
};

class Error {
 public:
  Error() = default;
  Error(ErrorKind kind, std::string message, SourceLoc loc = {})
      : kind_(kind), message_(std::move(message)), loc_(std::move(loc)) {}

  ErrorKind kind() const { return kind_; }
  const std::string& message() const { return message_; }
  const SourceLoc& loc() const { return loc_; }
  SourceLoc& loc() { return loc_; }

  // "file:line:col: message" / "file: at byte offset 0x1f: message" / "message".
  std::string to_string() const;

 private:
  ErrorKind kind_ = ErrorKind::Malformed;
  std::string message_;
  SourceLoc loc_;
};

}  // namespace nanoproc
