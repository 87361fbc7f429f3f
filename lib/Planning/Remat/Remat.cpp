//===- Remat.cpp - Plans of recomputation, their measure, the greedy ------===//
//
// See Remat.h. `evaluate` replays a plan over the schedule, resolving every
// read to the kept original or the latest copy, and adds up live bytes with
// difference arrays. The greedy solver works on a smaller space than the
// MILP: a node is kept, or recomputed and then either held from its first
// copy to its last read or copied again at every position that reads it.
//
// The greedy evaluates many plans (two dozen per step, a step per node it
// stops keeping), so an evaluation reuses the scratch space of the last
// (`Evaluator`), and the runs of its five weightings share what they priced
// at the states they have in common (`Visit`). Every evaluation first checks
// the deadline.
//
//===----------------------------------------------------------------------===//

#include "dlc/Planning/Remat/Remat.h"

#include "Deadline.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <map>
#include <memory>
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
/// The most copies made at the peak position that the greedy tries as
/// checkpoints (and advances) in one step; more are sampled along the chain.
constexpr size_t kMaxCheckpoints = 128;
/// Steps the greedy goes on without lowering the measure (beyond one per
/// position at the least measure reached).
constexpr unsigned kStallSteps = 64;

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

/// The nodes read at each position (by a later read, `Node::uses`), in node
/// order, in one array: the evaluations walk them for every position.
class Reads {
public:
  explicit Reads(const Problem &problem) : start(problem.numPositions + 1, 0) {
    for (const Node &node : problem.nodes)
      for (unsigned t : node.uses)
        if (t < problem.numPositions)
          ++start[t + 1];
    for (unsigned t = 0; t < problem.numPositions; ++t)
      start[t + 1] += start[t];
    nodes.resize(start.back());
    std::vector<unsigned> fill(start.begin(), start.end() - 1);
    for (unsigned v = 0; v < problem.nodes.size(); ++v)
      for (unsigned t : problem.nodes[v].uses)
        if (t < problem.numPositions)
          nodes[fill[t]++] = v;
  }
  struct Range {
    const unsigned *first, *last;
    const unsigned *begin() const { return first; }
    const unsigned *end() const { return last; }
  };
  Range operator[](unsigned t) const {
    return {nodes.data() + start[t], nodes.data() + start[t + 1]};
  }

private:
  std::vector<unsigned> start, nodes;
};

/// The reads of every position, and scratch space that `materialize` and
/// `replay` reuse from one evaluation to the next.
struct Evaluator {
  explicit Evaluator(const Problem &problem)
      : problem(problem), reads(problem) {}

  const Problem &problem;
  Reads reads;
  // materialize
  std::vector<char> held, copied;
  std::vector<unsigned> madeAt, depth, at, stack, now;
  std::vector<int> lastRead, want;
  // replay
  std::vector<int> current;
  std::vector<int64_t> total, act;
};

/// Replays `plan` and measures it: both series, or with `only` the one of
/// that limit (the other left empty, its peak 0), which is all the greedy
/// looks at and half the memory traffic.
std::optional<std::string> replay(Evaluator &ev, const Plan &plan, Trace &trace,
                                  Profile &profile,
                                  std::optional<Limit> only = std::nullopt) {
  const Problem &problem = ev.problem;
  const unsigned n = problem.nodes.size(), positions = problem.numPositions;
  if (plan.keep.size() != n)
    return "the plan has " + std::to_string(plan.keep.size()) +
           " keep flags for " + std::to_string(n) + " nodes";
  if (problem.fixedBytes.size() != positions ||
      problem.fixedActivationBytes.size() != positions)
    return std::string("the problem's fixed bytes do not cover every position");
  const Reads &reads = ev.reads;
  std::vector<int> &current = ev.current;
  current.resize(n);
  trace.originalLast.resize(n);
  trace.copies.clear();
  for (unsigned v = 0; v < n; ++v) {
    current[v] = plan.keep[v] ? kOriginal : kNone;
    trace.originalLast[v] = problem.nodes[v].lastForwardUse;
  }
  auto describe = [&](unsigned v) {
    return "'" + problem.nodes[v].name + "' (node " + std::to_string(v) + ")";
  };
  // Resolves a read of v at t; false when nothing holds v there.
  auto read = [&](unsigned v, unsigned t) {
    if (current[v] == kNone)
      return false;
    if (current[v] == kOriginal)
      trace.originalLast[v] = std::max(trace.originalLast[v], t);
    else
      trace.copies[current[v]].last = t;
    return true;
  };
  auto unread = [&](unsigned v, unsigned t) {
    return describe(v) + " is read at position " + std::to_string(t) +
           " but is neither kept nor recomputed before it";
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
        if (!read(w, t))
          return unread(w, t);
      current[r.node] = static_cast<int>(trace.copies.size());
      trace.copies.push_back({r.node, t, t});
    }
    if (next < recomputes.size() && recomputes[next].position < t)
      return std::string("the recomputations are not sorted and unique");
    for (unsigned v : reads[t])
      if (!read(v, t))
        return unread(v, t);
  }
  if (next != recomputes.size())
    return "recomputation at position " +
           std::to_string(recomputes[next].position) + " past the schedule";

  const bool wantTotal = !only || *only == Limit::Peak;
  const bool wantAct = !only || *only == Limit::Activations;
  std::vector<int64_t> &total = ev.total, &act = ev.act;
  auto add = [](std::vector<int64_t> &diff, unsigned from, unsigned to,
                int64_t bytes) {
    diff[from] += bytes;
    diff[to + 1] -= bytes;
  };
  if (wantTotal)
    total.assign(positions + 1, 0);
  if (wantAct)
    act.assign(positions + 1, 0);
  profile.cost = 0;
  for (unsigned v = 0; v < n; ++v) {
    const Node &node = problem.nodes[v];
    if (!plan.keep[v] || trace.originalLast[v] <= node.lastForwardUse)
      continue;
    if (wantTotal)
      add(total, node.lastForwardUse + 1, trace.originalLast[v], node.bytes);
    if (wantAct)
      add(act, node.def, trace.originalLast[v], node.bytes);
  }
  for (const Copy &copy : trace.copies) {
    if (wantTotal)
      add(total, copy.start, copy.last, problem.nodes[copy.node].bytes);
    profile.cost += problem.nodes[copy.node].cost;
  }
  auto sum = [&](const std::vector<int64_t> &diff,
                 const std::vector<int64_t> &fixed,
                 std::vector<int64_t> &series, int64_t &peak) {
    series.resize(positions);
    peak = 0;
    int64_t running = 0;
    for (unsigned t = 0; t < positions; ++t) {
      running += diff[t];
      series[t] = fixed[t] + running;
      peak = std::max(peak, series[t]);
    }
  };
  profile.peak = profile.activationPeak = 0;
  if (wantTotal)
    sum(total, problem.fixedBytes, profile.total, profile.peak);
  else
    profile.total.clear();
  if (wantAct)
    sum(act, problem.fixedActivationBytes, profile.activations,
        profile.activationPeak);
  else
    profile.activations.clear();
  return std::nullopt;
}

double secondsSince(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start)
      .count();
}

//===----------------------------------------------------------------------===//
// Greedy
//===----------------------------------------------------------------------===//

// Candidates live at p whose move can lower p: kept originals (beyond their
// forward range; for activations anywhere) and held copies that were made
// before p.
// Copies made at p itself (a chain rebuilt for one read) can be relieved by
// keeping one of them instead: a checkpoint.
// Chains rebuilt right before p or just after it can be laid out over the
// positions before their reads instead: a spread.
// A copy made at p can be made a position earlier: an advance.
enum Kind : char { Unkeep, Unhold, Rekeep, Spread, Advance };
struct Move {
  double score;
  unsigned node; ///< a position for Spread
  Kind kind;
};

/// What the greedy priced at one state of its descent. Every weighting's run
/// starts from the same state and, at a state it shares with another run,
/// prices the same moves (their order comes from estimates that do not
/// depend on the weighting): only the choice among them differs. A run that
/// reaches a state an earlier run priced takes the choice from here, which
/// costs one evaluation instead of two dozen.
struct Visit {
  struct Option {
    Move move;
    std::vector<unsigned> spreads; ///< spread along with the move
    double added;                  ///< recompute time the move adds
    double drop;                   ///< bytes it takes off the peak position
  };
  bool priced = false;
  std::vector<Option> options; ///< the acceptable moves, in pricing order
  std::vector<Move> moves;     ///< when none is: every move (the lookahead's)
  std::map<size_t, std::unique_ptr<Visit>> next; ///< by the option taken
  /// At the end of a descent: the run's result with the short local search.
  std::optional<SolveResult> outcome;
};

class Greedy {
public:
  Greedy(const Problem &problem, Limit limit, const Deadline &deadline)
      : problem(problem), limit(limit), deadline(deadline), ev(problem) {
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
  /// then a local search of at most `searchSeconds`. `root` holds what the
  /// runs before priced.
  SolveResult run(int64_t budget, double exponent, double searchSeconds,
                  Visit &root);

private:
  struct State {
    Plan plan;
    Trace trace;
    Profile profile;
  };
  /// Relieves the position where the measure is highest by the best move
  /// that does not raise the measure; false (with the moves it priced in
  /// `rejected`) when there is none, or when the deadline passed (`cut`).
  /// With `visit`, takes the pricing from there or records it there.
  bool step(State &st, double exponent, std::vector<Move> *rejected,
            Visit *&visit);
  /// When no move helps on its own: the few best moves that raise the
  /// measure, each followed by up to kLookahead steps; the first that ends
  /// below the measure it started from is taken.
  bool lookahead(State &st, double exponent, const std::vector<Move> &moves);
  void apply(const Move &m, bool undo);
  /// The moves that may relieve the peak position p, best estimate first.
  std::vector<Move> candidates(const State &st, unsigned p) const;

  /// False when the plan is invalid, or when the deadline has passed (then
  /// `cut` is set and nothing is evaluated).
  bool measure(Plan &plan, Trace &trace, Profile &profile) {
    if (deadline.passed()) {
      cut = true;
      return false;
    }
    materialize(plan);
    return !replay(ev, plan, trace, profile, limit);
  }
  void materialize(Plan &plan);
  const std::vector<int64_t> &series(const Profile &p) const {
    return limit == Limit::Peak ? p.total : p.activations;
  }

  const Problem &problem;
  Limit limit;
  const Deadline &deadline;
  Evaluator ev;
  std::vector<char> keep, hold, movable;
  std::vector<char> spread;   ///< per position: lay its chains out before it
  std::vector<unsigned> lead; ///< per node: make its copies this much earlier
  bool cut = false;           ///< the deadline stopped an evaluation
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
static void materialize(Evaluator &ev, const std::vector<char> &keep,
                        const std::vector<char> &hold,
                        const std::vector<char> &spread,
                        const std::vector<unsigned> &lead, Plan &plan) {
  const Problem &problem = ev.problem;
  const Reads &reads = ev.reads;
  const unsigned n = problem.nodes.size();
  plan.keep = keep;
  plan.recomputes.clear();
  std::vector<char> &held = ev.held, &copied = ev.copied;
  held.assign(n, 0);
  copied.assign(n, 0);
  // Where a held copy was made, and the last position that read each node
  // (a later copy must come after it, or it would serve that read).
  std::vector<unsigned> &madeAt = ev.madeAt, &depth = ev.depth, &at = ev.at;
  madeAt.assign(n, 0);
  depth.assign(n, 0);
  at.assign(n, 0);
  std::vector<int> &lastRead = ev.lastRead, &want = ev.want;
  lastRead.assign(n, -1);
  want.assign(n, 0);
  std::vector<unsigned> &stack = ev.stack, &now = ev.now;
  stack.clear();
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
    if (now.empty()) {
      for (unsigned v : reads[t])
        lastRead[v] = t;
      continue;
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
  // Copies pulled earlier than their position are the only ones out of order.
  if (!std::is_sorted(plan.recomputes.begin(), plan.recomputes.end()))
    std::sort(plan.recomputes.begin(), plan.recomputes.end());
}

namespace {

void Greedy::materialize(Plan &plan) {
  ::materialize(ev, keep, hold, spread, lead, plan);
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
    if (tried++ >= kLookaheadMoves || cut)
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
        Visit *none = nullptr;
        if (i == kLookahead || !step(next, exponent, nullptr, none))
          break;
      }
    keep = std::move(savedKeep);
    hold = std::move(savedHold);
    spread = std::move(savedSpread);
    lead = std::move(savedLead);
  }
  return false;
}

std::vector<Move> Greedy::candidates(const State &st, unsigned p) const {
  const unsigned n = problem.nodes.size();
  const Trace &trace = st.trace;
  std::vector<Move> moves;
  std::vector<char> heldAcross(n, 0), madeAt(n, 0);
  for (const Copy &c : trace.copies) {
    if (c.start < p && p <= c.last)
      heldAcross[c.node] = 1;
    if (c.start == p)
      madeAt[c.node] = 1;
  }
  // The copies made at p that may become checkpoints: on a long chain
  // rebuilt there, kMaxCheckpoints of them, evenly spaced along it.
  auto checkpointable = [&](unsigned v) {
    return problem.nodes[v].bytes && !(keep[v] && movable[v]) &&
           !(!keep[v] && hold[v] && heldAcross[v]) && !keep[v] && madeAt[v] &&
           limit == Limit::Peak;
  };
  size_t chain = 0;
  for (unsigned v = 0; v < n; ++v)
    chain += checkpointable(v);
  size_t seen = 0, taken = 0;
  auto sampled = [&] {
    // The i-th of `chain` is taken when it is the first at or past the
    // next of kMaxCheckpoints equal steps (all of them on a short chain).
    size_t i = seen++;
    if (chain <= kMaxCheckpoints || i * kMaxCheckpoints >= taken * chain) {
      ++taken;
      return true;
    }
    return false;
  };
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
    } else if (checkpointable(v)) {
      if (!sampled())
        continue;
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
  return moves;
}

bool Greedy::step(State &st, double exponent, std::vector<Move> *rejected,
                  Visit *&visit) {
  Profile &profile = st.profile;
  const std::vector<int64_t> &s = series(profile);
  unsigned p = std::max_element(s.begin(), s.end()) - s.begin();
  // The choice among the acceptable moves: the least recompute time added
  // per byte taken off position p, the first of equals.
  auto score = [&](double added, double drop) {
    return std::max(added, 1e-12) / std::pow(drop, exponent);
  };
  if (visit && visit->priced) {
    if (visit->options.empty()) {
      if (rejected)
        *rejected = visit->moves;
      return false;
    }
    size_t best = 0;
    for (size_t i = 1; i < visit->options.size(); ++i)
      if (score(visit->options[i].added, visit->options[i].drop) <
          score(visit->options[best].added, visit->options[best].drop))
        best = i;
    const Visit::Option &o = visit->options[best];
    apply(o.move, false);
    for (unsigned q : o.spreads)
      spread[q] = 1;
    State next;
    if (!measure(next.plan, next.trace, next.profile)) {
      // Only the deadline stops a move that was valid when it was priced.
      apply(o.move, true);
      for (unsigned q : o.spreads)
        spread[q] = 0;
      return false;
    }
    st = std::move(next);
    std::unique_ptr<Visit> &child = visit->next[best];
    if (!child)
      child = std::make_unique<Visit>();
    visit = child.get();
    return true;
  }

  std::vector<Move> moves = candidates(st, p);
  // Price the most promising moves exactly: recompute time added per byte
  // taken off position p; take the best that does not raise the measure.
  bool moved = false;
  double bestScore = 0;
  Plan tryPlan, movePlan;
  Trace tryTrace, moveTrace;
  Profile tryProfile, moveProfile;
  Move chosen{};
  size_t chosenOption = 0;
  std::vector<Visit::Option> options;
  // A move that would raise the measure by the chains it rebuilds may
  // still do when those chains are spread: it is priced with them.
  std::vector<unsigned> spreads, chosenSpreads;
  auto acceptable = [&] {
    return series(tryProfile)[p] < s[p] &&
           tryProfile.measure(limit) <= profile.measure(limit);
  };
  size_t priced = 0;
  for (const Move &m : moves) {
    // Every checkpoint candidate (one chain, sampled when it is long) and
    // the best others.
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
      double added = tryProfile.cost - profile.cost;
      double drop = static_cast<double>(s[p] - series(tryProfile)[p]);
      double moveScore = score(added, drop);
      options.push_back({m, spreads, added, drop});
      if (!moved || moveScore < bestScore) {
        moved = true;
        bestScore = moveScore;
        chosen = m;
        chosenOption = options.size() - 1;
        chosenSpreads = spreads;
        movePlan = std::move(tryPlan);
        moveTrace = std::move(tryTrace);
        moveProfile = std::move(tryProfile);
      }
    }
    apply(m, true);
    for (unsigned q : spreads)
      spread[q] = 0;
    if (cut)
      return false; // priced in part: nothing to keep
  }
  if (visit) {
    visit->priced = true;
    visit->options = std::move(options);
    if (!moved)
      visit->moves = moves;
  }
  if (!moved) {
    if (rejected)
      *rejected = std::move(moves);
    return false;
  }
  apply(chosen, false);
  for (unsigned q : chosenSpreads)
    spread[q] = 1;
  st.plan = std::move(movePlan);
  st.trace = std::move(moveTrace);
  st.profile = std::move(moveProfile);
  if (visit) {
    std::unique_ptr<Visit> &child = visit->next[chosenOption];
    if (!child)
      child = std::make_unique<Visit>();
    visit = child.get();
  }
  return true;
}

SolveResult Greedy::run(int64_t budget, double exponent, double searchSeconds,
                        Visit &root) {
  auto started = std::chrono::steady_clock::now();
  const unsigned n = problem.nodes.size();
  SolveResult result;
  auto outOfTime = [&](unsigned steps) {
    result.status = Status::Unknown;
    result.timedOut = true;
    result.seconds = secondsSince(started);
    result.log = "greedy: the time limit passed after " +
                 std::to_string(steps) + " steps, before the budget was met";
    return result;
  };
  Plan plan;
  Trace trace;
  Profile profile;
  if (!measure(plan, trace, profile)) {
    if (cut)
      return outOfTime(0);
    result.log = "greedy: the unconstrained plan is invalid";
    return result;
  }
  int64_t best = profile.measure(limit);
  Plan bestPlan = plan;
  unsigned steps = 0;
  // Checkpoint moves can undo earlier moves; the cap ends any cycle, and so
  // does a stall: kStallSteps steps more than there were positions at the
  // least measure when it was reached (each must be relieved before the
  // measure falls again) without a lower one.
  const unsigned maxSteps = 8 * n + 64;
  auto atMeasure = [&](const Profile &p) {
    const std::vector<int64_t> &s = series(p);
    return static_cast<unsigned>(
        std::count(s.begin(), s.end(), p.measure(limit)));
  };
  unsigned bestStep = 0, plateau = atMeasure(profile);
  State st{plan, trace, profile};
  std::vector<Move> stuck;
  // The state in what earlier runs priced; none once a lookahead has moved
  // this run where no pricing is shared.
  Visit *visit = &root;
  while (st.profile.measure(limit) > budget && steps < maxSteps &&
         steps - bestStep <= kStallSteps + plateau) {
    if (!step(st, exponent, &stuck, visit)) {
      if (cut || !lookahead(st, exponent, stuck))
        break;
      visit = nullptr;
    }
    ++steps;
    if (st.profile.measure(limit) < best) {
      best = st.profile.measure(limit);
      bestPlan = st.plan;
      bestStep = steps;
      plateau = atMeasure(st.profile);
    }
  }
  if (cut)
    return outOfTime(steps);
  // A run that ends where an earlier one did ends as it did.
  if (visit && visit->outcome && searchSeconds <= kTrySeconds) {
    result = *visit->outcome;
    result.seconds = secondsSince(started);
    return result;
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
    if (visit && searchSeconds <= kTrySeconds)
      visit->outcome = result;
    return result;
  }

  // Take back what the budget allows: re-keep recomputed nodes, the most
  // expensive first, then hold copies made at every read. Stops, with the
  // plan it has, when `stop` says so.
  std::vector<unsigned> order(n);
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](unsigned a, unsigned b) {
    return problem.nodes[a].cost > problem.nodes[b].cost;
  });
  Plan tryPlan;
  Trace tryTrace;
  Profile tryProfile;
  auto takeBack = [&](Plan &plan, Profile &profile, auto stop) {
    for (int round = 0; round < 2; ++round)
      for (unsigned v : order) {
        char &flag = round == 0 ? keep[v] : hold[v];
        if (flag || (round == 1 && keep[v]))
          continue;
        if (stop())
          return;
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
  takeBack(plan, profile, [&] { return cut || deadline.passed(); });

  // Local search, while time allows: recompute one more kept node (then, when
  // no single node helps, two), take back what that allows, and keep the
  // change when the plan got cheaper.
  auto searchStarted = std::chrono::steady_clock::now();
  auto timeLeft = [&] {
    return secondsSince(searchStarted) < searchSeconds && !cut &&
           !deadline.passed();
  };
  std::vector<unsigned> kept;
  auto tryUnkeep = [&](std::initializer_list<unsigned> nodes) {
    std::vector<char> savedKeep = keep, savedHold = hold;
    for (unsigned v : nodes)
      keep[v] = 0;
    Plan candidate;
    Profile candidateProfile;
    if (measure(candidate, tryTrace, candidateProfile) &&
        candidateProfile.measure(limit) <= budget) {
      takeBack(candidate, candidateProfile, [&] { return !timeLeft(); });
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
  result.timedOut = cut || deadline.passed();
  result.seconds = secondsSince(started);
  result.log = "greedy: " + std::to_string(steps) + " steps";
  if (result.timedOut)
    result.log += "; the time limit ended its search for a cheaper plan";
  else if (visit && searchSeconds <= kTrySeconds)
    visit->outcome = result;
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
  Evaluator ev(problem);
  Plan plan;
  ::materialize(ev, keep, std::vector<char>(problem.nodes.size(), 1),
                std::vector<char>(problem.numPositions, 0),
                std::vector<unsigned>(problem.nodes.size(), 0), plan);
  return plan;
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
  Evaluator ev(problem);
  Trace trace;
  return replay(ev, plan, trace, profile);
}

SolveResult mlir::dlc::remat::solveGreedy(const Problem &problem, Limit limit,
                                          int64_t budget, double timeLimit) {
  return solveGreedy(problem, limit, budget, Deadline::in(timeLimit));
}

SolveResult mlir::dlc::remat::solveGreedy(const Problem &problem, Limit limit,
                                          int64_t budget,
                                          const Deadline &deadline) {
  // Five weightings of bytes freed against time added, each with a short
  // local search; the cheapest plan (or, when none meets the budget, the
  // least measure) wins, and its weighting is run again with a longer search
  // (deterministic: it retraces the short one, then goes on). The runs share
  // what they priced (Visit). At the deadline: the best plan so far.
  SolveResult best;
  double seconds = 0, bestExponent = 1.0;
  bool timedOut = false;
  Visit root;
  for (double exponent : {1.0, 2.0, 0.5, 0.0, 3.0}) {
    if (deadline.passed()) {
      timedOut = true;
      break;
    }
    SolveResult r = Greedy(problem, limit, deadline)
                        .run(budget, exponent, kTrySeconds, root);
    seconds += r.seconds;
    timedOut |= r.timedOut;
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
  if (best.status == Status::Feasible && !deadline.passed()) {
    SolveResult r = Greedy(problem, limit, deadline)
                        .run(budget, bestExponent, kSearchSeconds, root);
    seconds += r.seconds;
    timedOut |= r.timedOut;
    if (r.status == Status::Feasible && r.cost <= best.cost)
      best = std::move(r);
  } else if (best.status == Status::Feasible) {
    timedOut = true;
  }
  best.seconds = seconds;
  best.timedOut = timedOut;
  if (timedOut && best.log.empty())
    best.log = "greedy: the time limit passed before its search began";
  if (timedOut && best.status == Status::Infeasible) {
    // The least measure is not proven, and the budget may be reachable in
    // more time: no plan rather than a wrong "cannot be met".
    best.status = Status::Unknown;
    best.log += "; the time limit passed before every weighting was tried";
  }
  return best;
}
