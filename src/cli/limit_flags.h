// The resource-limit flags shared by `nanoproc run` and `nanoproc compose`:
//   --fuel N  --timeout DURATION  --max-memory SIZE  --max-table-elements N  --max-stack SIZE
// DURATION is a number with ns, us, ms, s or m (e.g. 500ms, 2s); SIZE a number of bytes with
// an optional K/KiB, M/MiB, G/GiB (powers of 1024) or KB, MB, GB (powers of 1000).
#pragma once
#include <chrono>
#include <cstdint>
#include <string>

#include "cli/cli_app.h"
#include "runtime/store.h"
#include "util/expected.h"

namespace nanoproc::cli {

struct Limits {
  uint64_t fuel = 0;  // 0: unlimited
  std::chrono::nanoseconds timeout{0};
  StoreLimits store;  // zero fields: the engine's defaults
  // Fuel and timeouts need the checks of an interruptible engine.
  bool needs_interrupts() const { return fuel != 0 || timeout.count() > 0; }
};

struct LimitFlags {
  std::string fuel, timeout, max_memory, max_table_elements, max_stack;

  void add_to(CLI::App& app);
  // Usage errors name the flag and the value.
  Expected<Limits> parse() const;
};

Expected<std::chrono::nanoseconds> parse_duration(const std::string& s);
Expected<uint64_t> parse_size(const std::string& s);

}  // namespace nanoproc::cli
