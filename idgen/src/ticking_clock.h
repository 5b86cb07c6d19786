// Internal: the ticking clock with its ticker optional, so tests can check what busy
// callers see when the ticker does not run (as when it is starved of CPU).

#ifndef IDGEN_SRC_TICKING_CLOCK_H_
#define IDGEN_SRC_TICKING_CLOCK_H_

#include <memory>

#include "idgen/clock.h"

namespace idgen {

// NewTickingClock(offset_ms) is NewTickingClockWithTicker(offset_ms, true).
std::unique_ptr<Clock> NewTickingClockWithTicker(int64_t offset_ms, bool run_ticker);

}  // namespace idgen

#endif  // IDGEN_SRC_TICKING_CLOCK_H_
