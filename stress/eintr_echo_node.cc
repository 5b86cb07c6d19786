// An echo node whose process keeps being interrupted: SIGALRM every 200 microseconds from an
// interval timer, and SIGUSR1 whenever the test sends it, both with handlers installed without
// SA_RESTART, so that the loop's poll, read and write keep failing with EINTR or returning short.
// When the loop ends it logs how many signals it took, so the test knows they really came.
#include <signal.h>
#include <sys/time.h>

#include <atomic>
#include <cstdio>

#include "maelstrom/log.h"
#include "maelstrom/node.h"

namespace {
std::atomic<long> signals{0};
void Count(int) { signals.fetch_add(1, std::memory_order_relaxed); }
}  // namespace

int main() {
  struct sigaction sa {};
  sa.sa_handler = Count;
  sa.sa_flags = 0;  // no SA_RESTART: interrupted calls fail with EINTR
  sigemptyset(&sa.sa_mask);
  sigaction(SIGALRM, &sa, nullptr);
  sigaction(SIGUSR1, &sa, nullptr);
  itimerval every{{0, 200}, {0, 200}};
  setitimer(ITIMER_REAL, &every, nullptr);

  maelstrom::Node node;
  node.On("echo", [&](const maelstrom::Message& m) {
    node.Reply(m, maelstrom::Body("echo_ok").Set("echo", m.body()["echo"]));
  });
  int status = node.Run();
  itimerval off{};
  setitimer(ITIMER_REAL, &off, nullptr);
  MAELSTROM_LOG(kInfo, "signals handled: ", signals.load());
  return status;
}
