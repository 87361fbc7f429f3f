//===- RematTest.cpp - Tests of the rematerialization solvers -------------===//
//
// On random training-step-shaped problems (a forward chain with skip edges,
// each node read again by a mirrored backward pass): the unconstrained plan
// measures what a direct count gives; both solvers' plans are valid and meet
// their budgets; the MILP never costs more than the greedy; and on small
// problems the activation MILP equals the cheapest of all keep sets found by
// enumeration. On a chain built by hand, the greedy lays the chain it rebuilds
// out over the positions before its read.
//
//===----------------------------------------------------------------------===//

#include "dlc/Planning/Remat/Remat.h"

#include "gtest/gtest.h"

#include <random>

using namespace mlir::dlc::remat;

namespace {

/// n forward nodes at positions 0..n-1 (node i reads i-1 and sometimes an
/// earlier node), a loss at n, and a backward pass at n+1..2n where the op
/// at n+1+k reads node n-1-k and the node before it.
Problem randomProblem(unsigned n, std::mt19937 &rng) {
  Problem p;
  p.numPositions = 2 * n + 2;
  p.firstStage = n + 1;
  std::uniform_int_distribution<int> size(1, 8), skip(0, 3);
  std::uniform_real_distribution<double> cost(1e-6, 1e-5);
  for (unsigned i = 0; i < n; ++i) {
    Node node;
    node.name = "n" + std::to_string(i);
    node.bytes = 1024 * size(rng);
    node.cost = cost(rng);
    node.def = i;
    node.lastForwardUse = i + 1; // the next node (or the loss) reads it
    if (i > 0)
      node.operands.push_back(i - 1);
    if (i > 2 && skip(rng) == 0) {
      node.operands.push_back(i - 3);
      p.nodes[i - 3].lastForwardUse =
          std::max(p.nodes[i - 3].lastForwardUse, i);
    }
    p.nodes.push_back(node);
  }
  for (unsigned k = 0; k < n; ++k) {
    unsigned at = n + 1 + k, v = n - 1 - k;
    p.nodes[v].uses.push_back(at);
    if (v > 0)
      p.nodes[v - 1].uses.push_back(at);
  }
  for (Node &node : p.nodes) {
    std::sort(node.uses.begin(), node.uses.end());
    node.uses.erase(std::unique(node.uses.begin(), node.uses.end()),
                    node.uses.end());
  }
  p.fixedBytes.assign(p.numPositions, 4096);
  p.fixedActivationBytes.assign(p.numPositions, 0);
  for (const Node &node : p.nodes)
    for (unsigned t = node.def; t <= node.lastForwardUse; ++t)
      p.fixedBytes[t] += node.bytes;
  return p;
}

TEST(Remat, KeepAllMeasuresEveryLiveRange) {
  std::mt19937 rng(1);
  Problem p = randomProblem(12, rng);
  Profile profile;
  ASSERT_FALSE(evaluate(p, keepAll(p), profile));
  for (unsigned t = 0; t < p.numPositions; ++t) {
    int64_t total = 4096, act = 0;
    for (const Node &node : p.nodes) {
      unsigned last =
          node.uses.empty() ? node.lastForwardUse : node.uses.back();
      if (node.def <= t && t <= last) {
        total += node.bytes;
        if (!node.uses.empty())
          act += node.bytes;
      }
    }
    EXPECT_EQ(profile.total[t], total) << "at " << t;
    EXPECT_EQ(profile.activations[t], act) << "at " << t;
  }
  EXPECT_EQ(profile.cost, 0);
}

TEST(Remat, EvaluateRejectsBrokenPlans) {
  std::mt19937 rng(2);
  Problem p = randomProblem(6, rng);
  Profile profile;
  Plan plan = keepAll(p);
  plan.keep[3] = 0; // read later, never recomputed
  EXPECT_TRUE(evaluate(p, plan, profile));
  plan.recomputes = {{p.firstStage - 1, 3}}; // before the backward pass
  EXPECT_TRUE(evaluate(p, plan, profile));
  plan = keepAll(p);
  plan.recomputes = {{p.firstStage + 1, 3}}; // kept and recomputed
  EXPECT_TRUE(evaluate(p, plan, profile));
  plan = keepAll(p);
  plan.keep[2] = plan.keep[3] = 0;
  plan.recomputes = {{p.nodes[3].uses.front(), 3}}; // its operand 2 is gone
  EXPECT_TRUE(evaluate(p, plan, profile));
  plan.recomputes = {{p.nodes[3].uses.front(), 2},
                     {p.nodes[3].uses.front(), 3},
                     {p.nodes[2].uses.front(), 2}};
  std::sort(plan.recomputes.begin(), plan.recomputes.end());
  EXPECT_FALSE(evaluate(p, plan, profile));
}

/// Both solvers meet every budget they accept, and the MILP is no dearer.
void checkSolvers(Limit limit, unsigned seed) {
  std::mt19937 rng(seed);
  for (int round = 0; round < 5; ++round) {
    Problem p = randomProblem(8 + round, rng);
    Profile all;
    ASSERT_FALSE(evaluate(p, keepAll(p), all));
    for (double fraction : {0.8, 0.6, 0.4}) {
      int64_t budget = static_cast<int64_t>(all.measure(limit) * fraction);
      SolveResult greedy = solveGreedy(p, limit, budget);
      if (greedy.status == Status::Feasible) {
        Profile profile;
        ASSERT_FALSE(evaluate(p, greedy.plan, profile));
        EXPECT_LE(profile.measure(limit), budget);
        EXPECT_DOUBLE_EQ(profile.cost, greedy.cost);
      } else {
        EXPECT_GT(greedy.smallestBudget, budget);
      }
      if (!haveMilp())
        continue;
      SolveResult milp = solveMilp(p, limit, budget, 30);
      if (greedy.status == Status::Feasible) {
        ASSERT_TRUE(milp.status == Status::Optimal) << milp.log;
        EXPECT_LE(milp.cost, greedy.cost * (1 + 1e-6) + 1e-12);
      }
      if (milp.status == Status::Optimal) {
        Profile profile;
        ASSERT_FALSE(evaluate(p, milp.plan, profile));
        EXPECT_LE(profile.measure(limit), budget);
        EXPECT_GE(milp.cost, milp.lowerBound * (1 - 1e-6) - 1e-12);
      } else {
        ASSERT_EQ(milp.status, Status::Infeasible) << milp.log;
        EXPECT_GT(milp.smallestBudget, budget);
      }
    }
  }
}

TEST(Remat, SolversMeetPeakBudgets) { checkSolvers(Limit::Peak, 3); }
TEST(Remat, SolversMeetActivationBudgets) {
  checkSolvers(Limit::Activations, 4);
}

TEST(Remat, ActivationMilpIsTheCheapestKeepSet) {
  if (!haveMilp())
    GTEST_SKIP() << "built without CBC";
  std::mt19937 rng(5);
  for (int round = 0; round < 20; ++round) {
    Problem p = randomProblem(7, rng);
    Profile all;
    ASSERT_FALSE(evaluate(p, keepAll(p), all));
    int64_t budget = all.activationPeak / 2;
    // Enumerate every keep set; recomputeOnce is the best plan for each.
    double best = -1;
    const unsigned n = p.nodes.size();
    for (unsigned mask = 0; mask < (1u << n); ++mask) {
      std::vector<char> keep(n);
      for (unsigned v = 0; v < n; ++v)
        keep[v] = (mask >> v) & 1;
      Profile profile;
      if (evaluate(p, recomputeOnce(p, keep), profile) ||
          profile.activationPeak > budget)
        continue;
      if (best < 0 || profile.cost < best)
        best = profile.cost;
    }
    SolveResult milp = solveMilp(p, Limit::Activations, budget, 30);
    if (best < 0) {
      EXPECT_EQ(milp.status, Status::Infeasible);
      continue;
    }
    ASSERT_EQ(milp.status, Status::Optimal) << milp.log;
    EXPECT_NEAR(milp.cost, best, 1e-12) << "round " << round;
  }
}

/// A chain a -> b -> c of 100-byte nodes (positions 0..2) whose last, c, the
/// backward pass reads at 7; positions 3 and 4 hold 150 fixed bytes. Keeping
/// any node costs 250 bytes at 3; rebuilding the chain right before 7 holds
/// all three at once (300). Made one position apart (a at 5, b at 6, c at 7),
/// no more than two are live at once: a 200-byte peak, the least there is.
TEST(Remat, GreedySpreadsAChainOverPositions) {
  Problem p;
  p.numPositions = 8;
  p.firstStage = 3;
  for (unsigned i = 0; i < 3; ++i) {
    Node node;
    node.name = std::string(1, 'a' + i);
    node.bytes = 100;
    node.cost = 1e-6;
    node.def = i;
    node.lastForwardUse = std::min(i + 1, 2u);
    if (i > 0)
      node.operands.push_back(i - 1);
    p.nodes.push_back(node);
  }
  p.nodes[2].uses.push_back(7);
  p.fixedBytes = {100, 200, 200, 150, 150, 0, 0, 0};
  p.fixedActivationBytes.assign(p.numPositions, 0);

  Profile all;
  ASSERT_FALSE(evaluate(p, keepAll(p), all));
  EXPECT_EQ(all.peak, 250);
  Profile once;
  ASSERT_FALSE(evaluate(p, recomputeOnce(p, {0, 0, 0}), once));
  EXPECT_EQ(once.peak, 300);

  SolveResult r = solveGreedy(p, Limit::Peak, 220);
  ASSERT_EQ(r.status, Status::Feasible) << r.log;
  std::vector<Recompute> expected = {{5, 0}, {6, 1}, {7, 2}};
  EXPECT_EQ(r.plan.recomputes, expected);
  Profile profile;
  ASSERT_FALSE(evaluate(p, r.plan, profile));
  EXPECT_EQ(profile.peak, 200);

  SolveResult least = solveGreedy(p, Limit::Peak, 1);
  EXPECT_EQ(least.status, Status::Infeasible);
  EXPECT_EQ(least.smallestBudget, 200);
  if (haveMilp()) {
    SolveResult milp = solveMilp(p, Limit::Peak, 220, 30);
    ASSERT_EQ(milp.status, Status::Optimal) << milp.log;
    EXPECT_NEAR(milp.cost, r.cost, 1e-12);
  }
}

} // namespace
