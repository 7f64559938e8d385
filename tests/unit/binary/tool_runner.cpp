#include "tool_runner.h"

#include <unistd.h>

#include <cstdlib>
#include <filesystem>

#include <fmt/format.h>

#include "util/file.h"

namespace nanoproc::test {
namespace {

std::string temp_path(const std::string& suffix) {
  static int counter = 0;
  return (std::filesystem::temp_directory_path() /
          fmt::format("nanoproc-test-{}-{}{}", getpid(), counter++, suffix))
      .string();
}

}  // namespace

bool have_tool(const std::string& name) {
  return std::system(fmt::format("command -v {} >/dev/null 2>&1", name).c_str()) == 0;
}

// A sample's first line may name the wat2wasm flags it needs: ";; FLAGS: --enable-...".
std::string flags_in_file(const std::string& path) {
  auto text = read_file(path);
  if (!text) return "";
  std::string s(text->begin(), text->end());
  const std::string tag = ";; FLAGS:";
  if (s.compare(0, tag.size(), tag) != 0) return "";
  return s.substr(tag.size(), s.find('\n') - tag.size());
}

Expected<std::vector<uint8_t>> wat2wasm_file(const std::string& path, const std::string& extra) {
  std::string flags = extra + " " + flags_in_file(path);
  std::string out = temp_path(".wasm");
  std::string log = temp_path(".log");
  int rc = std::system(fmt::format("wat2wasm {} '{}' -o '{}' 2>'{}'", flags, path, out, log).c_str());
  Expected<std::vector<uint8_t>> result = std::vector<uint8_t>{};
  if (rc != 0) {
    auto msg = read_file(log);
    std::string text = msg ? std::string(msg->begin(), msg->end()) : "";
    result = Error(ErrorKind::Io, fmt::format("wat2wasm failed: {}", text));
  } else {
    result = read_file(out);
  }
  std::error_code ec;
  std::filesystem::remove(out, ec);
  std::filesystem::remove(log, ec);
  return result;
}

Expected<std::vector<uint8_t>> wat2wasm_text(const std::string& text, const std::string& flags) {
  std::string in = temp_path(".wat");
  auto st = write_file_atomic(in, std::span<const uint8_t>(reinterpret_cast<const uint8_t*>(text.data()), text.size()));
  if (!st) return st.error();
  auto r = wat2wasm_file(in, flags);
  std::error_code ec;
  std::filesystem::remove(in, ec);
  return r;
}

}  // namespace nanoproc::test
