//===- Deadline.h - The time the remat solvers must stop by -----*- C++ -*-===//
//
// A time limit is a point on the steady clock that every phase of a solver
// checks (the greedy between evaluations of plans, the MILP while it builds
// its model and when it hands CBC the time left), so that the pass ends
// within its time limit plus the cost of one evaluation. Private to the
// solvers: the public API takes seconds (Remat.h).
//
//===----------------------------------------------------------------------===//

#ifndef DLC_LIB_PLANNING_REMAT_DEADLINE_H
#define DLC_LIB_PLANNING_REMAT_DEADLINE_H

#include "dlc/Planning/Remat/Remat.h"

#include <chrono>
#include <cmath>

namespace mlir::dlc::remat {

class Deadline {
public:
  using Clock = std::chrono::steady_clock;

  /// No limit.
  Deadline() = default;

  /// `seconds` from now. A figure that is not a positive number, or is
  /// beyond any time the clock can represent, is no limit (the pass rejects
  /// those before asking a solver).
  static Deadline in(double seconds) {
    if (seconds > kMaxSeconds)
      return Deadline();
    if (!(seconds > 0))
      return now();
    Deadline d;
    d.bounded = true;
    d.at = Clock::now() + std::chrono::duration_cast<Clock::duration>(
                              std::chrono::duration<double>(seconds));
    return d;
  }

  /// The earlier of this deadline and `seconds` from now.
  Deadline within(double seconds) const {
    Deadline other = in(seconds);
    if (!bounded || (other.bounded && other.at < at))
      return other;
    return *this;
  }

  bool passed() const { return bounded && Clock::now() >= at; }

  /// Seconds left: 0 once passed, infinity without a limit.
  double left() const {
    if (!bounded)
      return INFINITY;
    double s = std::chrono::duration<double>(at - Clock::now()).count();
    return s > 0 ? s : 0;
  }

  bool isBounded() const { return bounded; }

  /// The most seconds a limit may be (about 31 years).
  static constexpr double kMaxSeconds = 1e9;

private:
  static Deadline now() {
    Deadline d;
    d.bounded = true;
    d.at = Clock::now();
    return d;
  }

  bool bounded = false;
  Clock::time_point at{};
};

/// The greedy under a deadline: the descent stops there (no plan: Unknown,
/// with `timedOut`), the re-keeping and the local search stop there with the
/// plan they have. solveGreedy(problem, limit, budget, seconds) is this with
/// Deadline::in(seconds).
SolveResult solveGreedy(const Problem &problem, Limit limit, int64_t budget,
                        const Deadline &deadline);

} // namespace mlir::dlc::remat

#endif // DLC_LIB_PLANNING_REMAT_DEADLINE_H
