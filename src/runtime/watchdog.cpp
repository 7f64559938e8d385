#include "runtime/watchdog.h"

#include <condition_variable>
#include <map>
#include <mutex>
#include <thread>

namespace nanoproc {

struct Watchdog::Impl {
  std::mutex mu;
  std::condition_variable cv;
  // Ordered by deadline; the ticket breaks ties and identifies entries.
  std::map<std::pair<Clock::time_point, uint64_t>, std::shared_ptr<InterruptCell>> pending;
  std::map<uint64_t, Clock::time_point> by_ticket;
  uint64_t next_ticket = 1;

  void run() {
    std::unique_lock<std::mutex> lock(mu);
    for (;;) {
      if (pending.empty()) {
        cv.wait(lock);
        continue;
      }
      auto first = pending.begin();
      if (Clock::now() >= first->first.first) {
        first->second->reason.store(InterruptCell::Deadline, std::memory_order_release);
        by_ticket.erase(first->first.second);
        pending.erase(first);
        continue;
      }
      // A copy: disarm() may erase the entry while the wait has the lock released, and the
      // wait reads its deadline again when it wakes.
      const Clock::time_point when = first->first.first;
      cv.wait_until(lock, when);
    }
  }
};

Watchdog& Watchdog::instance() {
  static Watchdog* w = new Watchdog();
  return *w;
}

Watchdog::Watchdog() : impl_(new Impl()) {
  std::thread([impl = impl_] { impl->run(); }).detach();
}

uint64_t Watchdog::arm(std::shared_ptr<InterruptCell> cell, Clock::time_point deadline) {
  std::lock_guard<std::mutex> lock(impl_->mu);
  uint64_t t = impl_->next_ticket++;
  bool earliest = impl_->pending.empty() || deadline < impl_->pending.begin()->first.first;
  impl_->pending.emplace(std::make_pair(deadline, t), std::move(cell));
  impl_->by_ticket.emplace(t, deadline);
  if (earliest) impl_->cv.notify_one();
  return t;
}

void Watchdog::disarm(uint64_t ticket) {
  std::lock_guard<std::mutex> lock(impl_->mu);
  auto it = impl_->by_ticket.find(ticket);
  if (it == impl_->by_ticket.end()) return;  // already fired
  impl_->pending.erase(std::make_pair(it->second, ticket));
  impl_->by_ticket.erase(it);
}

}  // namespace nanoproc
