//===- PlacementTest.cpp - Tests of the arena planner ---------------------===//
//
// Random instances cross-checked between the solvers and against a
// brute-force optimum, plus the validator and the lower bound on hand-made
// cases; best fit against its quadratic definition; and byte counts near
// 2^63, where nothing may wrap.
//
//===----------------------------------------------------------------------===//

#include "dlc/Planning/Placement/Placement.h"

#include <gtest/gtest.h>

#include <functional>
#include <tuple>

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <random>

using namespace mlir::dlc::planning;

namespace {

Buffer buffer(const char *id, int64_t lower, int64_t upper, int64_t size,
              int64_t alignment = 1) {
  return Buffer{id, lower, upper, size, alignment};
}

std::vector<Buffer> randomInstance(std::mt19937_64 &rng, int count,
                                   int64_t horizon, int64_t maxSize,
                                   bool aligned) {
  std::vector<Buffer> buffers;
  for (int i = 0; i < count; ++i) {
    int64_t a = rng() % horizon, b = rng() % horizon;
    if (a == b)
      ++b;
    Buffer x;
    x.id = "b" + std::to_string(i);
    x.lower = std::min(a, b);
    x.upper = std::max(a, b);
    x.size = 1 + rng() % maxSize;
    x.alignment = aligned ? int64_t(1) << (rng() % 4) : 1;
    buffers.push_back(x);
  }
  return buffers;
}

/// The optimum by enumeration: any plan can be rebuilt by placing its
/// buffers in order of offset, each at the lowest offset that fits below
/// nothing placed later, so the best over all orders of that first-fit
/// placement is optimal.
int64_t bruteForceOptimum(const std::vector<Buffer> &buffers) {
  std::vector<size_t> order(buffers.size());
  std::iota(order.begin(), order.end(), 0);
  int64_t best = std::numeric_limits<int64_t>::max();
  do {
    std::vector<int64_t> offsets(buffers.size(), -1);
    for (size_t i : order) {
      const Buffer &b = buffers[i];
      for (int64_t at = 0;; at += b.alignment) {
        bool free = true;
        for (size_t j = 0; j < buffers.size() && free; ++j) {
          const Buffer &c = buffers[j];
          free = offsets[j] < 0 || c.upper <= b.lower || b.upper <= c.lower ||
                 offsets[j] + c.size <= at || at + b.size <= offsets[j];
        }
        if (free) {
          offsets[i] = at;
          break;
        }
      }
    }
    best = std::min(best, planPeak(buffers, offsets));
  } while (std::next_permutation(order.begin(), order.end()));
  return best;
}

SolveResult run(const std::vector<Buffer> &buffers, Solver solver,
                int64_t capacity = 0, double timeLimit = 20) {
  SolveOptions options;
  options.solver = solver;
  options.capacity = capacity;
  options.timeLimit = timeLimit;
  return solve(buffers, options);
}

TEST(MemoryPlanner, LowerBoundTreatsRangesAsHalfOpen) {
  EXPECT_EQ(liveBytesLowerBound({buffer("a", 0, 2, 5), buffer("b", 2, 4, 7)}),
            7);
  EXPECT_EQ(liveBytesLowerBound({buffer("a", 0, 3, 5), buffer("b", 2, 4, 7)}),
            12);
  // Alignment does not count: an unaligned neighbour can use the padding.
  EXPECT_EQ(
      liveBytesLowerBound({buffer("a", 0, 3, 5, 8), buffer("b", 2, 4, 7)}), 12);
}

TEST(MemoryPlanner, ValidatorFindsEachFault) {
  std::vector<Buffer> buffers = {buffer("a", 0, 4, 4), buffer("b", 2, 6, 4, 4)};
  EXPECT_EQ(validatePlan(buffers, {0, 4}), "");
  EXPECT_EQ(validatePlan(buffers, {0, 4}, 8), "");
  EXPECT_NE(validatePlan(buffers, {0, 4}, 7).find("beyond the capacity 7"),
            std::string::npos);
  EXPECT_NE(validatePlan(buffers, {2, 4})
                .find("buffers a [2, 6) and b [4, 8) "
                      "overlap while both are live "
                      "at time 2"),
            std::string::npos);
  EXPECT_NE(validatePlan(buffers, {0, 6}).find("not aligned to 4"),
            std::string::npos);
  EXPECT_NE(validatePlan(buffers, {-1, 4}).find("negative offset"),
            std::string::npos);
  EXPECT_NE(validatePlan(buffers, {0}).find("1 offsets for 2 buffers"),
            std::string::npos);
  // Buffers that are never live together may share space.
  EXPECT_EQ(validatePlan({buffer("a", 0, 2, 4), buffer("b", 2, 4, 4)}, {0, 0}),
            "");
}

TEST(MemoryPlanner, BufferChecks) {
  EXPECT_NE(validateBuffers({buffer("a", 3, 3, 1)}).find("empty live range"),
            std::string::npos);
  EXPECT_NE(validateBuffers({buffer("a", 0, 3, 0)}).find("size 0"),
            std::string::npos);
  EXPECT_NE(validateBuffers({buffer("a", 0, 3, 1, 3)}).find("alignment 3"),
            std::string::npos);
  EXPECT_EQ(validateBuffers({buffer("a", 0, 3, 1, 16)}), "");
}

// MiniMalloc's example: fits 12 bytes exactly, and not 11.
TEST(MemoryPlanner, MiniMallocExample) {
  std::vector<Buffer> buffers = {buffer("b1", 0, 3, 4), buffer("b2", 3, 9, 4),
                                 buffer("b3", 0, 9, 4), buffer("b4", 9, 21, 4),
                                 buffer("b5", 0, 21, 4)};
  SolveResult fits = run(buffers, Solver::Exact, 12);
  EXPECT_EQ(fits.status, Status::Optimal);
  EXPECT_EQ(validatePlan(buffers, fits.offsets, 12), "");
  SolveResult tight = run(buffers, Solver::Exact, 11);
  EXPECT_EQ(tight.status, Status::Infeasible);
  EXPECT_TRUE(tight.offsets.empty());
}

// A case where every greedy order of the best-fit family loses: the
// exact solver must still find the optimum (checked by brute force).
TEST(MemoryPlanner, ExactBeatsBestFitWhereGreedyFails) {
  std::mt19937_64 rng(7);
  int wins = 0;
  for (int trial = 0; trial < 300 && wins == 0; ++trial) {
    std::vector<Buffer> buffers = randomInstance(rng, 6, 8, 9, false);
    SolveResult greedy = run(buffers, Solver::BestFit);
    SolveResult exact = run(buffers, Solver::Exact);
    if (exact.peak < greedy.peak) {
      ++wins;
      EXPECT_EQ(exact.peak, bruteForceOptimum(buffers));
    }
  }
  EXPECT_GT(wins, 0) << "no instance where best-fit is suboptimal was found";
}

// Exact equals the brute-force optimum on tiny instances, with and without
// alignment, and proves one byte less infeasible.
TEST(MemoryPlanner, ExactMatchesBruteForceOnTinyInstances) {
  std::mt19937_64 rng(1);
  for (int trial = 0; trial < 200; ++trial) {
    bool aligned = trial % 2;
    std::vector<Buffer> buffers =
        randomInstance(rng, 1 + trial % 6, 10, 12, aligned);
    int64_t optimum = bruteForceOptimum(buffers);
    SolveResult exact = run(buffers, Solver::Exact);
    ASSERT_EQ(exact.status, Status::Optimal) << "trial " << trial;
    EXPECT_EQ(exact.peak, optimum) << "trial " << trial;
    EXPECT_EQ(exact.lowerBound, optimum) << "trial " << trial;
    EXPECT_EQ(validatePlan(buffers, exact.offsets), "") << "trial " << trial;
    SolveResult below = run(buffers, Solver::Exact, optimum - 1);
    if (optimum > 1)
      EXPECT_EQ(below.status, Status::Infeasible) << "trial " << trial;
  }
}

// On larger random instances both solvers give valid plans, exact is never
// worse than best-fit, and neither beats the lower bound. Proving optimality
// can take long on these, so exact gets 0.25 s and may stop at a plan with a
// gap.
TEST(MemoryPlanner, SolversAgreeOnRandomInstances) {
  std::mt19937_64 rng(2);
  int proven = 0;
  for (int trial = 0; trial < 40; ++trial) {
    std::vector<Buffer> buffers =
        randomInstance(rng, 10 + trial / 2, 40, 1000, trial % 3 == 0);
    int64_t bound = liveBytesLowerBound(buffers);
    SolveResult greedy = run(buffers, Solver::BestFit);
    SolveResult exact = run(buffers, Solver::Exact, 0, 0.25);
    ASSERT_EQ(validatePlan(buffers, greedy.offsets), "") << "trial " << trial;
    ASSERT_EQ(validatePlan(buffers, exact.offsets), "") << "trial " << trial;
    EXPECT_EQ(greedy.peak, planPeak(buffers, greedy.offsets));
    EXPECT_LE(exact.peak, greedy.peak) << "trial " << trial;
    EXPECT_GE(greedy.peak, bound);
    EXPECT_GE(exact.peak, bound);
    EXPECT_LE(exact.lowerBound, exact.peak);
    if (exact.status == Status::Optimal) {
      EXPECT_EQ(exact.lowerBound, exact.peak);
      ++proven;
    }
  }
  EXPECT_GT(proven, 10);
}

// Best fit fills the smallest gap that holds a buffer.
TEST(MemoryPlanner, BestFitPicksTheSmallestGap) {
  // a and c leave gaps of 4 (below c) and 2 (between a and c) ... the
  // 2-byte buffer d must go in the 2-byte gap.
  std::vector<Buffer> buffers = {buffer("a", 0, 10, 8), buffer("b", 0, 5, 4),
                                 buffer("c", 0, 10, 6), buffer("d", 6, 10, 2)};
  SolveResult plan = run(buffers, Solver::BestFit);
  ASSERT_EQ(validatePlan(buffers, plan.offsets), "");
  EXPECT_EQ(plan.peak, 18);
}

TEST(MemoryPlanner, TimeLimitReturnsBestPlanAndBound) {
  std::mt19937_64 rng(3);
  std::vector<Buffer> buffers = randomInstance(rng, 300, 200, 1 << 20, false);
  SolveOptions options;
  options.solver = Solver::Exact;
  options.timeLimit = 0.2;
  SolveResult result = solve(buffers, options);
  EXPECT_LT(result.seconds, 5.0);
  ASSERT_EQ(validatePlan(buffers, result.offsets), "");
  EXPECT_LE(result.lowerBound, result.peak);
  EXPECT_GE(result.lowerBound, liveBytesLowerBound(buffers));
}

// Best fit as first defined: for each buffer, scan every placed buffer for
// the ones live at the same time, sort their byte ranges, and take the
// smallest gap that holds it (the lowest among equal ones), else the top.
// Quadratic; the library must give the same offsets faster.
std::vector<int64_t> quadraticBestFit(const std::vector<Buffer> &buffers) {
  auto length = [&](size_t i) { return buffers[i].upper - buffers[i].lower; };
  using Key = std::tuple<int64_t, int64_t>;
  std::vector<std::function<Key(size_t)>> keys = {
      [&](size_t i) {
        return Key{buffers[i].size, length(i)};
      },
      [&](size_t i) {
        return Key{length(i), buffers[i].size};
      },
      [&](size_t i) {
        return Key{buffers[i].size * length(i), buffers[i].size};
      },
  };
  std::vector<int64_t> best;
  for (auto &key : keys) {
    std::vector<size_t> order(buffers.size());
    std::iota(order.begin(), order.end(), 0);
    std::sort(order.begin(), order.end(), [&](size_t a, size_t b) {
      return key(a) != key(b) ? key(a) > key(b) : a < b;
    });
    std::vector<int64_t> offsets(buffers.size(), -1);
    std::vector<size_t> placed;
    for (size_t i : order) {
      const Buffer &b = buffers[i];
      std::vector<std::pair<int64_t, int64_t>> busy;
      for (size_t j : placed)
        if (b.lower < buffers[j].upper && buffers[j].lower < b.upper)
          busy.push_back({offsets[j], offsets[j] + buffers[j].size});
      std::sort(busy.begin(), busy.end());
      auto alignUp = [&](int64_t v) {
        return (v + b.alignment - 1) / b.alignment * b.alignment;
      };
      int64_t at = -1, gap = std::numeric_limits<int64_t>::max(), cursor = 0;
      for (auto [start, end] : busy) {
        int64_t aligned = alignUp(cursor);
        if (start > aligned && start - aligned >= b.size &&
            start - cursor < gap) {
          gap = start - cursor;
          at = aligned;
        }
        cursor = std::max(cursor, end);
      }
      offsets[i] = at >= 0 ? at : alignUp(cursor);
      placed.push_back(i);
    }
    if (best.empty() || planPeak(buffers, offsets) < planPeak(buffers, best))
      best = offsets;
  }
  return best;
}

// Sparse (few live at once) and dense (most live at once, which takes the
// offset-ordered pass) instances, with and without alignment.
TEST(MemoryPlanner, BestFitMatchesItsQuadraticDefinition) {
  std::mt19937_64 rng(11);
  for (int trial = 0; trial < 60; ++trial) {
    bool dense = trial % 2, aligned = trial % 3 == 0;
    int count = 50 + trial * 10;
    std::vector<Buffer> buffers =
        dense ? randomInstance(rng, count, 20, 500, aligned)
              : randomInstance(rng, count, 40 * count, 500, aligned);
    if (!dense)
      for (Buffer &b : buffers)
        b.upper = std::min(b.upper, b.lower + 1 + int64_t(rng() % 60));
    SolveResult plan = run(buffers, Solver::BestFit);
    ASSERT_EQ(validatePlan(buffers, plan.offsets), "") << "trial " << trial;
    EXPECT_EQ(plan.offsets, quadraticBestFit(buffers)) << "trial " << trial;
  }
}

// A chain of 10^5 buffers, each live with its two neighbours: the
// quadratic scan took tens of seconds.
TEST(MemoryPlanner, BestFitIsFastOnLongChains) {
  std::mt19937_64 rng(5);
  std::vector<Buffer> buffers;
  for (int i = 0; i < 100000; ++i)
    buffers.push_back(
        buffer("b", i, i + 2, 64 + static_cast<int64_t>(rng() % 4033)));
  SolveResult plan = run(buffers, Solver::BestFit);
  EXPECT_LT(plan.seconds, 10.0);
  EXPECT_EQ(validatePlan(buffers, plan.offsets), "");
  EXPECT_GE(plan.peak, plan.lowerBound);
}

constexpr int64_t kMax = std::numeric_limits<int64_t>::max();

TEST(MemoryPlannerOverflow, LowerBoundSaturates) {
  std::vector<Buffer> buffers = {buffer("a", 0, 2, kMax), buffer("b", 1, 3, 1)};
  EXPECT_EQ(liveBytesLowerBound(buffers), kMax);
  EXPECT_EQ(liveBytesLowerBound({buffer("a", 0, 2, kMax)}), kMax);
}

TEST(MemoryPlannerOverflow, ValidateBuffersRefusesMoreThanInt64LiveAtOnce) {
  std::vector<Buffer> buffers = {buffer("a", 0, 2, kMax - 3),
                                 buffer("c", 5, 6, kMax), buffer("b", 1, 3, 4)};
  size_t culprit = 99;
  std::string problem = validateBuffers(buffers, &culprit);
  EXPECT_NE(problem.find("the buffers live at time 1 need more than "
                         "9223372036854775807 bytes"),
            std::string::npos)
      << problem;
  EXPECT_NE(problem.find("buffer b adds 4 bytes"), std::string::npos);
  EXPECT_EQ(culprit, 2u);
  // One byte less fits.
  buffers[2].size = 3;
  EXPECT_EQ(validateBuffers(buffers), "");
}

TEST(MemoryPlannerOverflow, ValidateBuffersNamesMalformedRanges) {
  size_t culprit = 99;
  EXPECT_NE(
      validateBuffers({buffer("a", 0, 2, 1), buffer("z", -1, 3, 1)}, &culprit)
          .find("times must not be negative"),
      std::string::npos);
  EXPECT_EQ(culprit, 1u);
  EXPECT_NE(validateBuffers({buffer("a", 5, 3, 1)}).find("ends before it"),
            std::string::npos);
  EXPECT_NE(validateBuffers({buffer("a", 0, 3, 1, 0)}).find("alignment 0"),
            std::string::npos);
  EXPECT_NE(validateBuffers({buffer("a", 0, 3, 1, -4)}).find("alignment -4"),
            std::string::npos);
}

TEST(MemoryPlannerOverflow, PlanPeakSaturates) {
  EXPECT_EQ(planPeak({buffer("a", 0, 2, 8)}, {kMax}), kMax);
  EXPECT_EQ(planPeak({buffer("a", 0, 2, 8)}, {kMax - 8}), kMax);
}

// Reproducers w02 and w02b: ends past 2^63 wrapped to negative numbers, and
// the plans passed as non-overlapping.
TEST(MemoryPlannerOverflow, ValidatorDoesNotWrap) {
  std::string overlap = validatePlan(
      {buffer("a", 0, 2, kMax), buffer("b", 1, 3, 1LL << 62)}, {0, 1LL << 62});
  EXPECT_NE(overlap.find("buffer b at offset 4611686018427387904 with size "
                         "4611686018427387904 ends beyond"),
            std::string::npos)
      << overlap;
  EXPECT_NE(validatePlan({buffer("a", 0, 2, 8)}, {kMax}).find("ends beyond"),
            std::string::npos);
  EXPECT_NE(validatePlan({buffer("a", 0, 2, 8)}, {kMax - 8}, kMax - 1)
                .find("beyond the capacity 9223372036854775806"),
            std::string::npos);
  EXPECT_EQ(validatePlan({buffer("a", 0, 2, 8)}, {kMax - 8}, kMax), "");
  // Large but representable ends still overlap.
  std::string large = validatePlan(
      {buffer("a", 0, 2, (1LL << 62) + 1), buffer("b", 1, 3, (1LL << 62) - 1)},
      {0, 1LL << 62});
  EXPECT_NE(large.find("buffers a [0, 4611686018427387905) and b "
                       "[4611686018427387904, 9223372036854775807) overlap"),
            std::string::npos)
      << large;
  // Malformed buffers are reported, not divided by.
  EXPECT_NE(validatePlan({buffer("a", 0, 2, 8, 0)}, {0}).find("alignment 0"),
            std::string::npos);
}

// An overlap between buffers that start far apart in time, with others
// between them that ended: the sweep keeps only what is live.
TEST(MemoryPlannerOverflow, ValidatorFindsOverlapsAcrossTime) {
  std::vector<Buffer> buffers = {buffer("a", 0, 2, 4), buffer("b", 1, 9, 8),
                                 buffer("c", 2, 5, 8), buffer("d", 6, 7, 8)};
  EXPECT_EQ(validatePlan(buffers, {16, 0, 8, 8}), "");
  EXPECT_NE(validatePlan(buffers, {16, 0, 8, 4})
                .find("buffers b [0, 8) and d [4, 12) overlap while both "
                      "are live at time 6"),
            std::string::npos);
}

// Reproducer w02c: exact reported "optimal, peak: 1 bytes" under a lower
// bound of 2^63 - 1.
TEST(MemoryPlannerOverflow, SolveRefusesBuffersBeyondInt64) {
  std::vector<Buffer> buffers = {buffer("a", 0, 2, kMax), buffer("b", 1, 3, 1)};
  for (Solver solver : {Solver::BestFit, Solver::Exact}) {
    SolveResult result = run(buffers, solver);
    EXPECT_EQ(result.status, Status::Infeasible);
    EXPECT_TRUE(result.offsets.empty());
    EXPECT_EQ(result.lowerBound, kMax);
    EXPECT_EQ(result.peak, 0);
  }
}

TEST(MemoryPlannerOverflow, LargestBufferFitsExactly) {
  std::vector<Buffer> buffers = {buffer("a", 0, 2, kMax), buffer("b", 2, 3, 5)};
  for (int64_t capacity : {int64_t(0), kMax}) {
    for (Solver solver : {Solver::BestFit, Solver::Exact}) {
      SolveResult result = run(buffers, solver, capacity);
      EXPECT_EQ(result.status, Status::Optimal);
      EXPECT_EQ(result.peak, kMax);
      EXPECT_EQ(result.offsets, (std::vector<int64_t>{0, 0}));
    }
  }
}

// Alignment 2^62: three small buffers live at once need 0, 2^62 and 2^63.
TEST(MemoryPlannerOverflow, AlignmentBeyondInt64) {
  std::vector<Buffer> buffers;
  for (const char *id : {"a", "b", "c"})
    buffers.push_back(buffer(id, 0, 2, 8, 1LL << 62));
  EXPECT_EQ(validateBuffers(buffers), "");
  SolveResult greedy = run(buffers, Solver::BestFit);
  EXPECT_EQ(greedy.status, Status::Unknown);
  EXPECT_TRUE(greedy.offsets.empty());
  SolveResult exact = run(buffers, Solver::Exact);
  EXPECT_EQ(exact.status, Status::Infeasible);
  EXPECT_TRUE(exact.offsets.empty());
  EXPECT_EQ(exact.lowerBound, kMax);
  // Proving a capacity of 2^63 - 1 infeasible raises the bound to it, not
  // to 2^63 wrapped.
  SolveResult capped = run(buffers, Solver::Exact, kMax);
  EXPECT_EQ(capped.status, Status::Infeasible);
  EXPECT_EQ(capped.lowerBound, kMax);
  // Two of them fit: 0 and 2^62.
  buffers.pop_back();
  SolveResult two = run(buffers, Solver::BestFit);
  EXPECT_EQ(two.offsets, (std::vector<int64_t>{0, 1LL << 62}));
  EXPECT_EQ(two.peak, (1LL << 62) + 8);
}

// Areas (size x lifetime) beyond int64 order the buffers as the largest,
// rather than wrapping to negative keys.
TEST(MemoryPlannerOverflow, HugeAreasStillGiveValidPlans) {
  std::vector<Buffer> buffers = {buffer("a", 0, 1LL << 40, 1LL << 30),
                                 buffer("b", 1, 1LL << 41, 1LL << 31),
                                 buffer("c", 5, 9, 1LL << 32)};
  for (Solver solver : {Solver::BestFit, Solver::Exact}) {
    SolveResult result = run(buffers, solver, 0, 1.0);
    ASSERT_EQ(validatePlan(buffers, result.offsets), "");
    EXPECT_EQ(result.peak, result.lowerBound);
  }
}

// A time limit that is not a number, or none at all, ends the search at
// once with best fit's plan.
TEST(MemoryPlannerOverflow, TimeLimitThatIsNotANumber) {
  std::mt19937_64 rng(4);
  std::vector<Buffer> buffers = randomInstance(rng, 40, 30, 100, false);
  for (double limit : {std::nan(""), -1.0, 0.0}) {
    SolveResult result = run(buffers, Solver::Exact, 0, limit);
    EXPECT_LT(result.seconds, 5.0);
    EXPECT_EQ(validatePlan(buffers, result.offsets), "");
  }
}

// 7000 buffers live at once are 24.5 million pairs, past what the exact
// search holds: it returns best fit's plan (here optimal: they stack).
TEST(MemoryPlannerOverflow, ExactFallsBackOnHugeInstances) {
  std::vector<Buffer> buffers;
  for (int i = 0; i < 7000; ++i)
    buffers.push_back(buffer("b", i, 7000 + i, 1 + i % 17));
  SolveResult result = run(buffers, Solver::Exact, 0, 30);
  EXPECT_LT(result.seconds, 20.0);
  EXPECT_EQ(result.status, Status::Optimal);
  EXPECT_EQ(validatePlan(buffers, result.offsets), "");
}

} // namespace
