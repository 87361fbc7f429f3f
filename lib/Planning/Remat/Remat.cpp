//===- Remat.cpp - Plans of recomputation, their measure, the greedy ------===//
//
// See Remat.h. `evaluate` replays a plan over the schedule, resolving every
// read to the kept original or the latest copy, and adds up live bytes with
// difference arrays. The greedy solver works on a smaller space than the
// MILP: a node is kept, or recomputed and then either held from its first
// copy to its last read or copied again at every position that reads it.
//
//===----------------------------------------------------------------------===//

#include "dlc/Planning/Remat/Remat.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <numeric>
#include <sstream>

using namespace mlir::dlc::remat;

namespace {

constexpr int kNone = -2;
/// How many candidate moves the greedy prices exactly at each step.
constexpr size_t kPriced = 24;
/// Seconds the local search of each weighting's run may take, and of the
/// run of the best weighting once more.
constexpr double kTrySeconds = 0.25;
constexpr double kSearchSeconds = 2.0;
constexpr int kOriginal = -1;
/// When the greedy is stuck: how many of its best moves it tries anyway, and
/// how many steps after each it looks for a lower measure.
constexpr size_t kLookaheadMoves = 8;
constexpr unsigned kLookahead = 8;
/// How many positions after the peak's the greedy tries spreading.
constexpr unsigned kSpreadAhead = 4;
/// The local search tries pairs of kept nodes up to this many candidates.
constexpr size_t kMaxPairNodes = 150;

struct Copy {
  unsigned node;
  unsigned start;
  unsigned last;
};

/// What a replay of a plan found: the last read of every original and the
/// copies with their live ranges.
struct Trace {
  std::vector<unsigned> originalLast;
  std::vector<Copy> copies;
};

std::vector<std::vector<unsigned>> readsByPosition(const Problem &problem) {
  std::vector<std::vector<unsigned>> reads(problem.numPositions);
  for (unsigned v = 0; v < problem.nodes.size(); ++v)
    for (unsigned t : problem.nodes[v].uses)
      if (t < problem.numPositions)
        reads[t].push_back(v);
  return reads;
}

std::optional<std::string> replay(const Problem &problem, const Plan &plan,
                                  Trace &trace, Profile &profile) {
  const unsigned n = problem.nodes.size(), positions = problem.numPositions;
  if (plan.keep.size() != n)
    return "the plan has " + std::to_string(plan.keep.size()) +
           " keep flags for " + std::to_string(n) + " nodes";
  if (problem.fixedBytes.size() != positions ||
      problem.fixedActivationBytes.size() != positions)
    return std::string("the problem's fixed bytes do not cover every position");
  std::vector<std::vector<unsigned>> reads = readsByPosition(problem);
  std::vector<int> current(n);
  trace.originalLast.assign(n, 0);
  trace.copies.clear();
  for (unsigned v = 0; v < n; ++v) {
    current[v] = plan.keep[v] ? kOriginal : kNone;
    trace.originalLast[v] = problem.nodes[v].lastForwardUse;
  }
  auto describe = [&](unsigned v) {
    return "'" + problem.nodes[v].name + "' (node " + std::to_string(v) + ")";
  };
  auto read = [&](unsigned v, unsigned t) -> std::optional<std::string> {
    if (current[v] == kNone)
      return describe(v) + " is read at position " + std::to_string(t) +
             " but is neither kept nor recomputed before it";
    if (current[v] == kOriginal)
      trace.originalLast[v] = std::max(trace.originalLast[v], t);
    else
      trace.copies[current[v]].last = t;
    return std::nullopt;
  };

  size_t next = 0;
  const std::vector<Recompute> &recomputes = plan.recomputes;
  for (unsigned t = 0; t < positions; ++t) {
    for (; next < recomputes.size() && recomputes[next].position == t; ++next) {
      const Recompute &r = recomputes[next];
      if (next > 0 && !(recomputes[next - 1] < r))
        return std::string("the recomputations are not sorted and unique");
      if (r.node >= n)
        return "recomputation of node " + std::to_string(r.node) +
               ", which does not exist";
      const Node &node = problem.nodes[r.node];
      if (!node.recomputable)
        return describe(r.node) + " cannot be recomputed";
      if (plan.keep[r.node])
        return describe(r.node) + " is both kept and recomputed";
      if (t < problem.firstStage || t <= node.def)
        return describe(r.node) + " is recomputed at position " +
               std::to_string(t) + ", before the backward pass";
      for (unsigned w : node.operands)
        if (auto fault = read(w, t))
          return fault;
      current[r.node] = static_cast<int>(trace.copies.size());
      trace.copies.push_back({r.node, t, t});
    }
    if (next < recomputes.size() && recomputes[next].position < t)
      return std::string("the recomputations are not sorted and unique");
    for (unsigned v : reads[t])
      if (auto fault = read(v, t))
        return fault;
  }
  if (next != recomputes.size())
    return "recomputation at position " +
           std::to_string(recomputes[next].position) + " past the schedule";

  std::vector<int64_t> total(positions + 1, 0), act(positions + 1, 0);
  auto add = [](std::vector<int64_t> &diff, unsigned from, unsigned to,
                int64_t bytes) {
    diff[from] += bytes;
    diff[to + 1] -= bytes;
  };
  profile.cost = 0;
  for (unsigned v = 0; v < n; ++v) {
    const Node &node = problem.nodes[v];
    if (!plan.keep[v] || trace.originalLast[v] <= node.lastForwardUse)
      continue;
    add(total, node.lastForwardUse + 1, trace.originalLast[v], node.bytes);
    add(act, node.def, trace.originalLast[v], node.bytes);
  }
  for (const Copy &copy : trace.copies) {
    add(total, copy.start, copy.last, problem.nodes[copy.node].bytes);
    profile.cost += problem.nodes[copy.node].cost;
  }
  profile.total.assign(positions, 0);
  profile.activations.assign(positions, 0);
  profile.peak = profile.activationPeak = 0;
  int64_t runTotal = 0, runAct = 0;
  for (unsigned t = 0; t < positions; ++t) {
    runTotal += total[t];
    runAct += act[t];
    profile.total[t] = problem.fixedBytes[t] + runTotal;
    profile.activations[t] = problem.fixedActivationBytes[t] + runAct;
    profile.peak = std::max(profile.peak, profile.total[t]);
    profile.activationPeak =
        std::max(profile.activationPeak, profile.activations[t]);
  }
  return std::nullopt;
}

double secondsSince(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start)
      .count();
}

//===----------------------------------------------------------------------===//
// Greedy
//===----------------------------------------------------------------------===//

class Greedy {
public:
  Greedy(const Problem &problem, Limit limit)
      : problem(problem), limit(limit), reads(readsByPosition(problem)) {
    const unsigned n = problem.nodes.size();
    keep = keepAll(problem).keep;
    hold.assign(n, 1);
    spread.assign(problem.numPositions, 0);
    lead.assign(n, 0);
    // A node read before the backward pass begins has no place for a copy.
    movable.assign(n, 0);
    for (unsigned v = 0; v < n; ++v) {
      const Node &node = problem.nodes[v];
      movable[v] =
          keep[v] && node.recomputable &&
          (node.uses.empty() || node.uses.front() >= problem.firstStage);
    }
  }

  /// One greedy run; moves are scored by added time / (bytes off p)^exponent,
  /// then a local search of at most `searchSeconds`.
  SolveResult run(int64_t budget, double exponent, double searchSeconds);

private:
  // Candidates live at p whose move can lower p: kept originals (beyond
  // their forward range; for activations anywhere) and held copies that
  // were made before p.
  // Copies made at p itself (a chain rebuilt for one read) can be relieved
  // by keeping one of them instead: a checkpoint.
  // Chains rebuilt right before p or just after it can be laid out over
  // the positions before their reads instead: a spread.
  // A copy made at p can be made a position earlier: an advance.
  enum Kind : char { Unkeep, Unhold, Rekeep, Spread, Advance };
  struct Move {
    double score;
    unsigned node; ///< a position for Spread
    Kind kind;
  };
  struct State {
    Plan plan;
    Trace trace;
    Profile profile;
  };
  /// Relieves the position where the measure is highest by the best move
  /// that does not raise the measure; false (with the moves it priced in
  /// `rejected`) when there is none.
  bool step(State &st, double exponent, std::vector<Move> *rejected);
  /// When no move helps on its own: the few best moves that raise the
  /// measure, each followed by up to kLookahead steps; the first that ends
  /// below the measure it started from is taken.
  bool lookahead(State &st, double exponent, const std::vector<Move> &moves);
  void apply(const Move &m, bool undo);

  Plan materialize() const;
  bool measure(Plan &plan, Trace &trace, Profile &profile) const {
    plan = materialize();
    return !replay(problem, plan, trace, profile);
  }
  const std::vector<int64_t> &series(const Profile &p) const {
    return limit == Limit::Peak ? p.total : p.activations;
  }

  const Problem &problem;
  Limit limit;
  std::vector<std::vector<unsigned>> reads;
  std::vector<char> keep, hold, movable;
  std::vector<char> spread;   ///< per position: lay its chains out before it
  std::vector<unsigned> lead; ///< per node: make its copies this much earlier
};

} // namespace

/// The plan of the greedy's choices: at each backward position, the nodes its
/// reads need that are neither kept nor held are copied, with what those
/// copies read in turn. Copies are made right before the position, or
/// earlier, laid out over the positions before it so that the links of a
/// chain need not all be live at once: where `spread` is set for the
/// position, a copy d links below the reads is made d positions earlier; a
/// node's `lead` makes its copies that many positions earlier still. A copy
/// is never made before what it reads is there, and what reads it is never
/// made before it.
static Plan materialize(const Problem &problem,
                        const std::vector<std::vector<unsigned>> &reads,
                        const std::vector<char> &keep,
                        const std::vector<char> &hold,
                        const std::vector<char> &spread,
                        const std::vector<unsigned> &lead) {
  const unsigned n = problem.nodes.size();
  Plan plan;
  plan.keep = keep;
  std::vector<char> held(n, 0), copied(n, 0);
  // Where a held copy was made, and the last position that read each node
  // (a later copy must come after it, or it would serve that read).
  std::vector<unsigned> madeAt(n, 0), depth(n, 0), at(n, 0);
  std::vector<int> lastRead(n, -1), want(n, 0);
  std::vector<unsigned> stack, now;
  for (unsigned t = problem.firstStage; t < problem.numPositions; ++t) {
    now.clear();
    for (unsigned v : reads[t])
      if (!keep[v])
        stack.push_back(v);
    while (!stack.empty()) {
      unsigned v = stack.back();
      stack.pop_back();
      if (held[v] || copied[v])
        continue;
      copied[v] = 1;
      now.push_back(v);
      for (unsigned w : problem.nodes[v].operands)
        if (!keep[w])
          stack.push_back(w);
    }
    std::sort(now.begin(), now.end());
    // Depth below the reads at t: operands have smaller indices.
    for (unsigned v : now)
      depth[v] = 0;
    for (auto it = now.rbegin(); it != now.rend(); ++it)
      for (unsigned w : problem.nodes[*it].operands)
        if (copied[w])
          depth[w] = std::max(depth[w], depth[*it] + 1);
    // Where each copy would go, pulled before what reads it...
    for (unsigned v : now)
      want[v] = static_cast<int>(t) - (spread[t] ? depth[v] : 0) -
                static_cast<int>(lead[v]);
    for (auto it = now.rbegin(); it != now.rend(); ++it)
      for (unsigned w : problem.nodes[*it].operands)
        if (copied[w])
          want[w] = std::min(want[w], want[*it] - (spread[t] ? 1 : 0));
    // ...and pushed after what it reads.
    for (unsigned v : now) {
      int from = std::max<int>(
          {want[v], static_cast<int>(problem.firstStage), lastRead[v] + 1});
      for (unsigned w : problem.nodes[v].operands)
        if (!keep[w])
          from = std::max<int>(from, copied[w] ? at[w] : madeAt[w]);
      unsigned pos = static_cast<unsigned>(std::min<int>(from, t));
      at[v] = pos;
      plan.recomputes.push_back({pos, v});
      for (unsigned w : problem.nodes[v].operands)
        lastRead[w] = std::max<int>(lastRead[w], pos);
    }
    for (unsigned v : now) {
      copied[v] = 0;
      held[v] = hold[v];
      madeAt[v] = at[v];
    }
    for (unsigned v : reads[t])
      lastRead[v] = t;
  }
  std::sort(plan.recomputes.begin(), plan.recomputes.end());
  return plan;
}

namespace {

Plan Greedy::materialize() const {
  return ::materialize(problem, reads, keep, hold, spread, lead);
}

void Greedy::apply(const Move &m, bool undo) {
  switch (m.kind) {
  case Unkeep:
    keep[m.node] = undo;
    break;
  case Unhold:
    hold[m.node] = undo;
    break;
  case Rekeep:
    keep[m.node] = !undo;
    break;
  case Spread:
    spread[m.node] = !undo;
    break;
  case Advance:
    lead[m.node] += undo ? -1 : 1;
    break;
  }
}

bool Greedy::lookahead(State &st, double exponent,
                       const std::vector<Move> &moves) {
  const int64_t from = st.profile.measure(limit);
  size_t tried = 0;
  for (const Move &m : moves) {
    if (tried++ >= kLookaheadMoves)
      break;
    std::vector<char> savedKeep = keep, savedHold = hold, savedSpread = spread;
    std::vector<unsigned> savedLead = lead;
    State next;
    apply(m, false);
    // Only a valid plan's measure counts; each step keeps the plan valid.
    if (measure(next.plan, next.trace, next.profile))
      for (unsigned i = 0;; ++i) {
        if (next.profile.measure(limit) < from) {
          st = std::move(next);
          return true;
        }
        if (i == kLookahead || !step(next, exponent, nullptr))
          break;
      }
    keep = std::move(savedKeep);
    hold = std::move(savedHold);
    spread = std::move(savedSpread);
    lead = std::move(savedLead);
  }
  return false;
}

bool Greedy::step(State &st, double exponent, std::vector<Move> *rejected) {
  const unsigned n = problem.nodes.size();
  Plan &plan = st.plan;
  Trace &trace = st.trace;
  Profile &profile = st.profile;
  const std::vector<int64_t> &s = series(profile);
  unsigned p = std::max_element(s.begin(), s.end()) - s.begin();
  std::vector<Move> moves;
  std::vector<char> heldAcross(n, 0), madeAt(n, 0);
  for (const Copy &c : trace.copies) {
    if (c.start < p && p <= c.last)
      heldAcross[c.node] = 1;
    if (c.start == p)
      madeAt[c.node] = 1;
  }
  for (unsigned v = 0; v < n; ++v) {
    const Node &node = problem.nodes[v];
    if (!node.bytes)
      continue;
    double bytes = static_cast<double>(node.bytes);
    if (keep[v] && movable[v]) {
      unsigned last = trace.originalLast[v];
      unsigned from = limit == Limit::Peak ? node.lastForwardUse + 1 : node.def;
      if (last <= node.lastForwardUse || p < from || p > last)
        continue;
      double cost = node.cost;
      for (unsigned w : node.operands)
        if (!keep[w] && !hold[w])
          cost += problem.nodes[w].cost;
      moves.push_back({cost / bytes, v, Unkeep});
    } else if (!keep[v] && hold[v] && heldAcross[v]) {
      moves.push_back({node.cost / bytes, v, Unhold});
    } else if (!keep[v] && madeAt[v] && limit == Limit::Peak) {
      moves.push_back({node.cost / bytes, v, Rekeep});
      if (p > problem.firstStage)
        moves.push_back({0, v, Advance});
    }
  }
  if (limit == Limit::Peak) {
    std::vector<char> chained(problem.numPositions, 0);
    for (const Copy &c : trace.copies)
      if (c.start < problem.numPositions)
        chained[c.start] = 1;
    for (unsigned q = p; q < problem.numPositions && q <= p + kSpreadAhead; ++q)
      if (chained[q] && !spread[q])
        moves.push_back({0, q, Spread});
  }
  std::stable_sort(
      moves.begin(), moves.end(),
      [](const Move &a, const Move &b) { return a.score < b.score; });
  // Price the most promising moves exactly: recompute time added per byte
  // taken off position p; take the best that does not raise the measure.
  bool moved = false;
  double bestScore = 0;
  Plan tryPlan, movePlan;
  Trace tryTrace, moveTrace;
  Profile tryProfile, moveProfile;
  Move chosen{};
  // A move that would raise the measure by the chains it rebuilds may
  // still do when those chains are spread: it is priced with them.
  std::vector<unsigned> spreads, chosenSpreads;
  auto acceptable = [&] {
    return series(tryProfile)[p] < s[p] &&
           tryProfile.measure(limit) <= profile.measure(limit);
  };
  size_t priced = 0;
  for (const Move &m : moves) {
    // Every checkpoint candidate (a few: one chain) and the best others.
    if ((m.kind == Unkeep || m.kind == Unhold) && priced++ >= kPriced)
      continue;
    apply(m, false);
    spreads.clear();
    bool valid = measure(tryPlan, tryTrace, tryProfile);
    if (valid && !acceptable() && limit == Limit::Peak) {
      std::vector<unsigned> copiesAt(problem.numPositions, 0);
      for (const Copy &c : tryTrace.copies)
        ++copiesAt[c.start];
      for (unsigned q = problem.firstStage; q < problem.numPositions; ++q)
        if (copiesAt[q] > 1 && !spread[q]) {
          spread[q] = 1;
          spreads.push_back(q);
        }
      if (!spreads.empty())
        valid = measure(tryPlan, tryTrace, tryProfile);
    }
    if (valid && acceptable()) {
      double drop = static_cast<double>(s[p] - series(tryProfile)[p]);
      double score = std::max(tryProfile.cost - profile.cost, 1e-12) /
                     std::pow(drop, exponent);
      if (!moved || score < bestScore) {
        moved = true;
        bestScore = score;
        chosen = m;
        chosenSpreads = spreads;
        movePlan = std::move(tryPlan);
        moveTrace = std::move(tryTrace);
        moveProfile = std::move(tryProfile);
      }
    }
    apply(m, true);
    for (unsigned q : spreads)
      spread[q] = 0;
  }
  if (moved) {
    apply(chosen, false);
    for (unsigned q : chosenSpreads)
      spread[q] = 1;
    tryPlan = std::move(movePlan);
    tryTrace = std::move(moveTrace);
    tryProfile = std::move(moveProfile);
  }
  if (!moved) {
    if (rejected)
      *rejected = std::move(moves);
    return false;
  }
  plan = std::move(tryPlan);
  trace = std::move(tryTrace);
  profile = std::move(tryProfile);
  return true;
}

SolveResult Greedy::run(int64_t budget, double exponent, double searchSeconds) {
  auto started = std::chrono::steady_clock::now();
  const unsigned n = problem.nodes.size();
  SolveResult result;
  Plan plan;
  Trace trace;
  Profile profile;
  if (!measure(plan, trace, profile)) {
    result.log = "greedy: the unconstrained plan is invalid";
    return result;
  }
  int64_t best = profile.measure(limit);
  Plan bestPlan = plan;
  unsigned steps = 0;
  // Checkpoint moves can undo earlier moves; the cap ends any cycle.
  const unsigned maxSteps = 8 * n + 64;
  State st{plan, trace, profile};
  std::vector<Move> stuck;
  while (st.profile.measure(limit) > budget && steps < maxSteps) {
    if (!step(st, exponent, &stuck) && !lookahead(st, exponent, stuck))
      break;
    ++steps;
    if (st.profile.measure(limit) < best) {
      best = st.profile.measure(limit);
      bestPlan = st.plan;
    }
  }
  plan = std::move(st.plan);
  trace = std::move(st.trace);
  profile = std::move(st.profile);

  if (profile.measure(limit) > budget) {
    result.status = Status::Infeasible;
    result.smallestBudget = best;
    result.plan = bestPlan;
    result.seconds = secondsSince(started);
    result.log = "greedy: " + std::to_string(steps) +
                 " steps; the least measure reached is " +
                 std::to_string(best) + " bytes";
    return result;
  }

  // Take back what the budget allows: re-keep recomputed nodes, the most
  // expensive first, then hold copies made at every read.
  std::vector<unsigned> order(n);
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](unsigned a, unsigned b) {
    return problem.nodes[a].cost > problem.nodes[b].cost;
  });
  Plan tryPlan;
  Trace tryTrace;
  Profile tryProfile;
  auto takeBack = [&](Plan &plan, Profile &profile) {
    for (int round = 0; round < 2; ++round)
      for (unsigned v : order) {
        char &flag = round == 0 ? keep[v] : hold[v];
        if (flag || (round == 1 && keep[v]))
          continue;
        flag = 1;
        if (measure(tryPlan, tryTrace, tryProfile) &&
            tryProfile.measure(limit) <= budget &&
            tryProfile.cost <= profile.cost) {
          plan = tryPlan;
          profile = tryProfile;
        } else {
          flag = 0;
        }
      }
  };
  takeBack(plan, profile);

  // Local search, while time allows: recompute one more kept node (then, when
  // no single node helps, two), take back what that allows, and keep the
  // change when the plan got cheaper.
  std::vector<unsigned> kept;
  auto tryUnkeep = [&](std::initializer_list<unsigned> nodes) {
    std::vector<char> savedKeep = keep, savedHold = hold;
    for (unsigned v : nodes)
      keep[v] = 0;
    Plan candidate;
    Profile candidateProfile;
    if (measure(candidate, tryTrace, candidateProfile) &&
        candidateProfile.measure(limit) <= budget) {
      takeBack(candidate, candidateProfile);
      if (candidateProfile.cost < profile.cost * (1 - 1e-9)) {
        plan = std::move(candidate);
        profile = std::move(candidateProfile);
        return true;
      }
    }
    keep = std::move(savedKeep);
    hold = std::move(savedHold);
    return false;
  };
  auto searchStarted = std::chrono::steady_clock::now();
  auto timeLeft = [&] { return secondsSince(searchStarted) < searchSeconds; };
  for (bool improved = true; improved && timeLeft();) {
    improved = false;
    kept.clear();
    for (unsigned v = 0; v < n; ++v)
      if (keep[v] && movable[v])
        kept.push_back(v);
    // After an improvement the scan goes on from the next node (restarting
    // from the first would make it quadratic on large graphs).
    for (size_t i = 0; i < kept.size() && timeLeft(); ++i)
      if (keep[kept[i]] && tryUnkeep({kept[i]}))
        improved = true;
    // Pairs only where there are few candidates (the pass stays near
    // linear on large graphs).
    for (size_t i = 0; i < kept.size() && kept.size() <= kMaxPairNodes &&
                       timeLeft() && !improved;
         ++i)
      for (size_t j = i + 1; j < kept.size() && timeLeft() && !improved; ++j)
        improved = tryUnkeep({kept[i], kept[j]});
  }
  result.status = Status::Feasible;
  result.plan = plan;
  result.cost = profile.cost;
  result.seconds = secondsSince(started);
  result.log = "greedy: " + std::to_string(steps) + " steps";
  return result;
}

} // namespace

Plan mlir::dlc::remat::keepAll(const Problem &problem) {
  Plan plan;
  plan.keep.assign(problem.nodes.size(), 0);
  for (unsigned v = 0; v < problem.nodes.size(); ++v)
    plan.keep[v] = !problem.nodes[v].uses.empty();
  return plan;
}

Plan mlir::dlc::remat::recomputeOnce(const Problem &problem,
                                     const std::vector<char> &keep) {
  return ::materialize(problem, readsByPosition(problem), keep,
                       std::vector<char>(problem.nodes.size(), 1),
                       std::vector<char>(problem.numPositions, 0),
                       std::vector<unsigned>(problem.nodes.size(), 0));
}

Plan mlir::dlc::remat::checkpointPlan(const Problem &problem,
                                      const std::vector<char> &marked) {
  std::vector<char> keep = keepAll(problem).keep;
  for (unsigned v = 0; v < problem.nodes.size(); ++v) {
    const Node &node = problem.nodes[v];
    bool pinned =
        !node.recomputable ||
        (!node.uses.empty() && node.uses.front() < problem.firstStage);
    if (keep[v] && !pinned && !(v < marked.size() && marked[v]))
      keep[v] = 0;
  }
  return recomputeOnce(problem, keep);
}

std::optional<std::string> mlir::dlc::remat::evaluate(const Problem &problem,
                                                      const Plan &plan,
                                                      Profile &profile) {
  Trace trace;
  return replay(problem, plan, trace, profile);
}

SolveResult mlir::dlc::remat::solveGreedy(const Problem &problem, Limit limit,
                                          int64_t budget) {
  // Five weightings of bytes freed against time added, each with a short
  // local search; the cheapest plan (or, when none meets the budget, the
  // least measure) wins, and its weighting is run again with a longer search
  // (deterministic: it retraces the short one, then goes on).
  SolveResult best;
  double seconds = 0, bestExponent = 1.0;
  for (double exponent : {1.0, 2.0, 0.5, 0.0, 3.0}) {
    SolveResult r = Greedy(problem, limit).run(budget, exponent, kTrySeconds);
    seconds += r.seconds;
    bool better =
        best.status == Status::Unknown ||
        (r.status == Status::Feasible &&
         (best.status != Status::Feasible || r.cost < best.cost)) ||
        (r.status == Status::Infeasible && best.status == Status::Infeasible &&
         r.smallestBudget < best.smallestBudget);
    if (better) {
      best = std::move(r);
      bestExponent = exponent;
    }
  }
  if (best.status == Status::Feasible) {
    SolveResult r =
        Greedy(problem, limit).run(budget, bestExponent, kSearchSeconds);
    seconds += r.seconds;
    if (r.status == Status::Feasible && r.cost <= best.cost)
      best = std::move(r);
  }
  best.seconds = seconds;
  return best;
}
