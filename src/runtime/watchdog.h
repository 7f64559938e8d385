// The deadline watchdog: one process-wide thread that sets an InterruptCell when its
// deadline passes, so interruptible code running in that store stops with
// "deadline exceeded" at its next check. Arming and disarming are cheap and thread-safe.
#pragma once
#include <chrono>
#include <cstdint>
#include <memory>

#include "runtime/store.h"

namespace nanoproc {

class Watchdog {
 public:
  using Clock = std::chrono::steady_clock;
  static Watchdog& instance();

  // Returns a ticket for disarm(). The cell is kept alive until the deadline passes or the
  // ticket is disarmed, whichever comes first.
  uint64_t arm(std::shared_ptr<InterruptCell> cell, Clock::time_point deadline);
  void disarm(uint64_t ticket);

 private:
  Watchdog();
  struct Impl;
  Impl* impl_;  // leaked on purpose: the thread may outlive static destruction order
};

// Arms the watchdog for the lifetime of the object (no-op for a zero timeout).
class DeadlineScope {
 public:
  DeadlineScope(const std::shared_ptr<InterruptCell>& cell, std::chrono::nanoseconds timeout) {
    if (timeout.count() > 0) ticket_ = Watchdog::instance().arm(cell, Watchdog::Clock::now() + timeout);
  }
  ~DeadlineScope() {
    if (ticket_) Watchdog::instance().disarm(ticket_);
  }
  DeadlineScope(const DeadlineScope&) = delete;
  DeadlineScope& operator=(const DeadlineScope&) = delete;

 private:
  uint64_t ticket_ = 0;
};

}  // namespace nanoproc
