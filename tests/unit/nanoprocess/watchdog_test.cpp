// The deadline watchdog: arming and disarming from any thread while it waits.
#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "runtime/watchdog.h"

namespace nanoproc {
namespace {

using namespace std::chrono_literals;

// Regression (ASan): the watchdog waited on a reference to the deadline inside the entry
// that disarm() erased; an earlier arm() then woke it to read freed memory.
TEST(Watchdog, DisarmWhileWaitingThenArmEarlier) {
  auto cell = std::make_shared<InterruptCell>();
  for (int i = 0; i < 200; ++i) {
    const auto now = Watchdog::Clock::now();
    uint64_t far = Watchdog::instance().arm(cell, now + 10s);
    std::this_thread::sleep_for(50us);  // let the watchdog start waiting on it
    Watchdog::instance().disarm(far);
    uint64_t nearer = Watchdog::instance().arm(cell, now + 5s);
    std::this_thread::sleep_for(50us);
    Watchdog::instance().disarm(nearer);
  }
  EXPECT_EQ(cell->reason.load(), 0);
}

TEST(Watchdog, FiresOnce) {
  auto cell = std::make_shared<InterruptCell>();
  uint64_t t = Watchdog::instance().arm(cell, Watchdog::Clock::now() + 1ms);
  for (int i = 0; i < 2000 && !cell->reason.load(); ++i) std::this_thread::sleep_for(1ms);
  EXPECT_EQ(cell->reason.load(), InterruptCell::Deadline);
  Watchdog::instance().disarm(t);  // after it fired: nothing to do
}

}  // namespace
}  // namespace nanoproc
