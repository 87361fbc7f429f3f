//===- PlacementTest.cpp - Tests of the arena planner ---------------------===//
//
// Random instances cross-checked between the solvers and against a
// brute-force optimum, plus the validator and the lower bound on hand-made
// cases.
//
//===----------------------------------------------------------------------===//

#include "dlc/Planning/Placement/Placement.h"

#include <gtest/gtest.h>

#include <algorithm>
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

} // namespace
