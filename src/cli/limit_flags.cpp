#include "cli/limit_flags.h"

#include <cctype>
#include <algorithm>
#include <charconv>

namespace nanoproc::cli {
namespace {

// A decimal number and the suffix after it; fails on anything that is not digits first.
bool split_number(const std::string& s, uint64_t* n, std::string* suffix) {
  const char* end = s.data() + s.size();
  auto [p, ec] = std::from_chars(s.data(), end, *n);
  if (ec != std::errc() || p == s.data()) return false;
  *suffix = std::string(p, end);
  return true;
}

bool mul_overflows(uint64_t a, uint64_t b, uint64_t* r) { return __builtin_mul_overflow(a, b, r); }

Expected<uint64_t> parse_count(const std::string& s, const char* flag) {
  uint64_t n;
  std::string suffix;
  if (!split_number(s, &n, &suffix) || !suffix.empty())
    return make_error(ErrorKind::Usage, "{} '{}': expected a whole number", flag, s);
  return n;
}

}  // namespace

Expected<std::chrono::nanoseconds> parse_duration(const std::string& s) {
  uint64_t n;
  std::string unit;
  if (!split_number(s, &n, &unit))
    return make_error(ErrorKind::Usage, "'{}' is not a duration (e.g. 500ms, 2s)", s);
  uint64_t scale;
  if (unit == "ns") scale = 1;
  else if (unit == "us") scale = 1000;
  else if (unit == "ms") scale = 1000'000;
  else if (unit == "s") scale = 1000'000'000;
  else if (unit == "m") scale = 60'000'000'000;
  else if (unit.empty()) return make_error(ErrorKind::Usage, "'{}' has no unit (ns, us, ms, s or m)", s);
  else return make_error(ErrorKind::Usage, "'{}': unknown unit '{}' (ns, us, ms, s or m)", s, unit);
  uint64_t ns;
  if (mul_overflows(n, scale, &ns) || ns > static_cast<uint64_t>(INT64_MAX))
    return make_error(ErrorKind::Usage, "'{}' is too long a duration", s);
  return std::chrono::nanoseconds(static_cast<int64_t>(ns));
}

Expected<uint64_t> parse_size(const std::string& s) {
  uint64_t n;
  std::string unit;
  if (!split_number(s, &n, &unit)) return make_error(ErrorKind::Usage, "'{}' is not a size (e.g. 64MiB)", s);
  for (char& c : unit) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  uint64_t scale;
  if (unit.empty() || unit == "B") scale = 1;
  else if (unit == "K" || unit == "KIB") scale = 1ull << 10;
  else if (unit == "M" || unit == "MIB") scale = 1ull << 20;
  else if (unit == "G" || unit == "GIB") scale = 1ull << 30;
  else if (unit == "KB") scale = 1000;
  else if (unit == "MB") scale = 1000'000;
  else if (unit == "GB") scale = 1000'000'000;
  else return make_error(ErrorKind::Usage, "'{}': unknown unit (B, KiB, MiB, GiB, KB, MB, GB)", s);
  uint64_t bytes;
  if (mul_overflows(n, scale, &bytes)) return make_error(ErrorKind::Usage, "'{}' is too large", s);
  return bytes;
}

void LimitFlags::add_to(CLI::App& app) {
  app.add_option("--fuel", fuel, "stop the program with 'out of fuel' after about N instructions")->type_name("N");
  app.add_option("--timeout", timeout, "stop the program with 'deadline exceeded' after DURATION (500ms, 2s)")
      ->type_name("DURATION");
  app.add_option("--max-memory", max_memory, "cap each linear memory at SIZE (64MiB); growing past it traps")
      ->type_name("SIZE");
  app.add_option("--max-table-elements", max_table_elements, "cap each table at N elements; growing past it traps")
      ->type_name("N");
  app.add_option("--max-stack", max_stack, "the guest's value and call stack, SIZE (1MiB); deeper recursion traps")
      ->type_name("SIZE");
}

Expected<Limits> LimitFlags::parse() const {
  Limits l;
  auto with_flag = [](const char* flag, Error e) {
    return make_error(ErrorKind::Usage, "{}: {}", flag, e.message());
  };
  if (!fuel.empty()) {
    l.fuel = NP_TRY(parse_count(fuel, "--fuel"));
    if (l.fuel == 0) return make_error(ErrorKind::Usage, "--fuel must be at least 1");
    if (l.fuel > static_cast<uint64_t>(INT64_MAX)) return make_error(ErrorKind::Usage, "--fuel '{}' is too large", fuel);
  }
  if (!timeout.empty()) {
    auto d = parse_duration(timeout);
    if (!d) return with_flag("--timeout", std::move(d).error());
    if (d->count() == 0) return make_error(ErrorKind::Usage, "--timeout must be longer than zero");
    l.timeout = *d;
  }
  if (!max_memory.empty()) {
    auto b = parse_size(max_memory);
    if (!b) return with_flag("--max-memory", std::move(b).error());
    if (*b == 0) return make_error(ErrorKind::Usage, "--max-memory must be larger than zero");
    l.store.max_memory_bytes = *b;
  }
  if (!max_table_elements.empty()) {
    l.store.max_table_elements = NP_TRY(parse_count(max_table_elements, "--max-table-elements"));
    if (l.store.max_table_elements == 0) return make_error(ErrorKind::Usage, "--max-table-elements must be at least 1");
  }
  if (!max_stack.empty()) {
    auto b = parse_size(max_stack);
    if (!b) return with_flag("--max-stack", std::move(b).error());
    // Below a few KiB not even a call frame fits; above 4 GiB is a typo.
    if (*b < 4096 || *b > (4ull << 30))
      return make_error(ErrorKind::Usage, "--max-stack '{}' must be between 4KiB and 4GiB", max_stack);
    l.store.stack_bytes = *b;
    // Frames are kept apart from values; a frame per 64 bytes of stack bounds recursion too.
    l.store.max_call_depth = static_cast<uint32_t>(std::min<uint64_t>(*b / 64, 1'000'000));
  }
  // A grow refused by a limit the user set traps with its name, as the issue of a run asks;
  // without limit flags memory.grow keeps the spec's -1.
  l.store.trap_on_limit = !max_memory.empty() || !max_table_elements.empty();
  return l;
}

}  // namespace nanoproc::cli
