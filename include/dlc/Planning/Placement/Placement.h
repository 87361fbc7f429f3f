//===- Placement.h - Static placement of buffers in one arena ---*- C++ -*-===//
//
// The static allocation problem: buffers with fixed live ranges and sizes get
// offsets in one arena so that no two buffers live at the same time overlap.
// This is the problem XLA's heap simulator, TelaMalloc and MiniMalloc solve;
// `--dlc-plan-memory` and `dlc-malloc` are built on this library, which
// depends on nothing but the C++ standard library.
//
// Two solvers:
//  - best-fit: XLA's global decreasing-size best-fit family, run under several
//    orderings (size, lifetime, area) keeping the best plan; fast.
//  - exact: a depth-first branch and bound over canonical placements (each
//    buffer at the lowest offset its already-placed neighbours allow, offsets
//    non-decreasing in placement order), pruned by per-time-section capacity
//    bounds; proves a capacity infeasible, or finds the smallest arena, within
//    a time limit.
//
// Offsets, sizes and peaks are int64_t, so no arena exceeds 2^63 - 1 bytes:
// every sum is checked, buffers that need more at once are refused by
// validateBuffers, and no solver returns a plan with an end beyond it.
//
//===----------------------------------------------------------------------===//

#ifndef DLC_PLANNING_PLACEMENT_PLACEMENT_H
#define DLC_PLANNING_PLACEMENT_PLACEMENT_H

#include <cstdint>
#include <string>
#include <vector>

namespace mlir::dlc::planning {

/// A buffer live on the half-open interval [lower, upper) of the schedule,
/// needing `size` bytes at an offset that is a multiple of `alignment`.
struct Buffer {
  /// A name for messages (MiniMalloc's CSV ids are strings such as `b1`).
  std::string id;
  int64_t lower = 0;
  int64_t upper = 0;
  int64_t size = 0;
  int64_t alignment = 1;
};

enum class Solver { BestFit, Exact };

struct SolveOptions {
  Solver solver = Solver::BestFit;
  /// The arena's size. With a capacity, `exact` decides whether the buffers
  /// fit; without (0), it minimizes the arena, which is then bounded only by
  /// the 2^63 - 1 bytes that int64_t offsets address.
  int64_t capacity = 0;
  /// Wall-clock limit of the exact search, in seconds (clamped to [0, 10^9]).
  double timeLimit = 10.0;
};

enum class Status {
  /// `offsets` is a plan within the capacity (if any); proven the smallest
  /// arena when no capacity was given and the solver is exact.
  Optimal,
  /// `offsets` is a valid plan, not proven optimal (best-fit, or the exact
  /// search hit its time limit); `lowerBound` bounds the optimum from below.
  Feasible,
  /// Proven: no plan fits the capacity (or, without one, 2^63 - 1 bytes).
  Infeasible,
  /// No plan within the capacity was found before the time limit; or
  /// best-fit found none below 2^63 - 1 bytes.
  Unknown,
};

struct SolveResult {
  Status status = Status::Unknown;
  /// One offset per buffer, in input order; empty when no plan was found.
  std::vector<int64_t> offsets;
  /// The arena the plan needs: max of offset + size.
  int64_t peak = 0;
  /// A lower bound on any plan's peak: the most bytes live at once, raised
  /// by what the exact search proved infeasible.
  int64_t lowerBound = 0;
  double seconds = 0;
  /// Search nodes the exact solver visited.
  int64_t nodes = 0;
};

/// The most bytes live at once: no plan can be smaller. Saturates at
/// INT64_MAX when they exceed it (which validateBuffers refuses).
int64_t liveBytesLowerBound(const std::vector<Buffer> &buffers);

/// The arena a plan needs: max over buffers of offset + size. Saturates at
/// INT64_MAX when an end exceeds it (which validatePlan refuses).
int64_t planPeak(const std::vector<Buffer> &buffers,
                 const std::vector<int64_t> &offsets);

/// Checks a plan: offsets non-negative and aligned, every offset + size at
/// most 2^63 - 1 and within `capacity` when it is positive, and no two
/// buffers live at the same time overlap. Returns an empty string when valid,
/// else a message naming the first fault. O(n log n); no sum wraps.
std::string validatePlan(const std::vector<Buffer> &buffers,
                         const std::vector<int64_t> &offsets,
                         int64_t capacity = 0);

/// Checks the buffers themselves: 0 <= lower < upper, size > 0, alignment a
/// power of two; and that the bytes live at any one time fit in 2^63 - 1,
/// the largest arena an int64_t offset addresses. Returns an empty string
/// when valid, else a message naming the first fault; `culprit`, when given,
/// receives the index of the buffer the message is about.
std::string validateBuffers(const std::vector<Buffer> &buffers,
                            size_t *culprit = nullptr);

/// Runs the solver `options` names. Buffers should pass validateBuffers;
/// those that need more than 2^63 - 1 bytes at once are Infeasible, other
/// invalid ones Unknown, both without a plan.
///
/// best-fit takes O((n + P) log n) for n buffers of which P pairs are live
/// at the same time: O(n log n) when a bounded number is live at once. exact
/// first runs best-fit; above 2 * 10^7 live-range sections and overlapping
/// pairs together, its search would not fit in memory, and it returns best
/// fit's plan (Feasible, or Unknown above a capacity) instead.
SolveResult solve(const std::vector<Buffer> &buffers,
                  const SolveOptions &options);

const char *stringifyStatus(Status status);

} // namespace mlir::dlc::planning

#endif // DLC_PLANNING_PLACEMENT_PLACEMENT_H
