#include "util/error.h"

namespace nanoproc {

const char* error_kind_name(ErrorKind k) {
  switch (k) {
    case ErrorKind::Malformed: return "malformed";
    case ErrorKind::Invalid: return "invalid";
    case ErrorKind::Unlinkable: return "unlinkable";
    case ErrorKind::Uninstantiable: return "uninstantiable";
    case ErrorKind::Trap: return "trap";
    case ErrorKind::Exhaustion: return "exhaustion";
    case ErrorKind::Io: return "io";
    case ErrorKind::Usage: return "usage";
    case ErrorKind::Unsupported: return "unsupported";
  }
  return "error";
}

std::string Error::to_string() const {
  std::string out;
  if (!loc_.file.empty()) out += loc_.file;
  if (loc_.has_line()) {
    out += fmt::format("{}{}:{}", out.empty() ? "" : ":", loc_.line, loc_.column);
  } else if (loc_.has_offset()) {
    out += fmt::format("{}at byte offset {:#x}", out.empty() ? "" : ": ", loc_.offset);
  }
  if (!out.empty()) out += ": ";
  out += message_;
  return out;
}

}  // namespace nanoproc
