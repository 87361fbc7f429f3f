//===- RematMilp.cpp - The rematerialization MILP, solved with CBC --------===//
//
// The Checkmate formulation (Jain et al., MLSys 2020) specialised to a fixed
// schedule. For node v and position t:
//
//   k_v      binary  the original is kept for later reads
//   R_{t,v}  binary  a copy is made right before position t
//   K_{t,v}  [0,1]   the kept original is live at t (t after its forward use)
//   H_{t,v}  [0,1]   a copy made earlier is live at t
//
//   K_{f+1,v} <= k_v,  K_{t+1,v} <= K_{t,v}          (kept: one interval)
//   H_{t+1,v} <= H_{t,v} + R_{t,v}                   (copies are held)
//   R_{t,v} + k_v <= 1
//   K_{t,v} + H_{t,v} + R_{t,v} >= 1                 for every later read
//   K_{t,w} + H_{t,w} + R_{t,w} >= R_{t,v}           for every operand w
//   fixed_t + sum_v bytes_v (K + H + R)_{t,v} <= budget  for every t
//   (or, for the activation limit, the kept nodes from their definition)
//
// minimizing sum cost_v R_{t,v}. R exists only where v or a node computed
// from it is read later, K and H only up to the last such position. With R
// and k integral, the least K and H meeting the constraints are integral
// and are the live ranges `evaluate` measures, so a solution's plan is
// measured exactly as the MILP priced it. The greedy plan is the MIP start.
//
// Every phase runs under one deadline (Deadline.h): the greedy start may take
// half the time limit, building the model checks the clock per node, CBC is
// given what is left, and when CBC finds nothing better in time the start is
// the answer. Models beyond kMaxColumns or kMaxNonzeros are not built.
//
//===----------------------------------------------------------------------===//

#include "dlc/Planning/Remat/Remat.h"

#include "Deadline.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <functional>
#include <limits>
#include <map>
#include <memory>
#include <sstream>

#ifdef DLC_HAVE_CBC
#include "Milp.h"
#endif

using namespace mlir::dlc::remat;
#ifdef DLC_HAVE_CBC
using namespace mlir::dlc::remat::detail;
#endif

bool mlir::dlc::remat::haveMilp() {
#ifdef DLC_HAVE_CBC
  return true;
#else
  return false;
#endif
}

#ifndef DLC_HAVE_CBC
SolveResult mlir::dlc::remat::solveMilp(const Problem &, Limit, int64_t,
                                        double) {
  SolveResult result;
  result.log = "this build of dlc has no MILP solver (coinor-libcbc-dev)";
  return result;
}
#else

namespace {

/// How many positions before a read a copy for it may be made: a chain
/// rebuilt for one read can be laid out over that many positions before it
/// (the greedy's spread), so that its links need not be live at once.
constexpr unsigned kWindow = 4;

/// Where each node may have to be available: its later reads and the
/// positions where a node computed from it may be recomputed; and where it
/// may be recomputed: at those positions, or up to kWindow before a later
/// read or the position of a copy that reads it (the window does not
/// compound along a chain).
struct Reach {
  std::vector<std::vector<unsigned>> users, avail, stages;
};

/// Why the building of a model stopped before its end, when it did: the
/// deadline, or a model too large to hand CBC.
struct Stop {
  explicit Stop(const Deadline &deadline) : deadline(deadline) {}
  /// True once building must stop: the deadline passed, or `size` (of
  /// `what`) is over `most`.
  bool check(size_t size, size_t most, const char *what) {
    if (!why.empty())
      return true;
    if (deadline.passed()) {
      why = "the time limit passed while the model was built";
      timedOut = true;
    } else if (size > most) {
      why = "the model would have more than " + std::to_string(most) + " " +
            what + ", too many to solve";
    }
    return !why.empty();
  }
  explicit operator bool() const { return !why.empty(); }

  const Deadline &deadline;
  std::string why;
  bool timedOut = false;
};

Reach reach(const Problem &problem, Stop &stop) {
  const unsigned n = problem.nodes.size();
  Reach r;
  r.users.assign(n, {});
  r.avail.assign(n, {});
  r.stages.assign(n, {});
  // The positions a copy of each node is read at, without windows.
  std::vector<std::vector<unsigned>> reads(n);
  for (unsigned u = 0; u < n; ++u)
    for (unsigned w : problem.nodes[u].operands)
      r.users[w].push_back(u);
  auto unique = [](std::vector<unsigned> &a) {
    std::sort(a.begin(), a.end());
    a.erase(std::unique(a.begin(), a.end()), a.end());
  };
  // Positions in all lists so far: each is a column or two of the model.
  size_t total = 0;
  for (unsigned v = n; v-- > 0;) {
    if (stop.check(total, kMaxColumns, "columns"))
      return r;
    const Node &node = problem.nodes[v];
    std::vector<unsigned> a = node.uses, base = node.uses;
    for (unsigned u : r.users[v]) {
      a.insert(a.end(), r.stages[u].begin(), r.stages[u].end());
      base.insert(base.end(), reads[u].begin(), reads[u].end());
    }
    unique(a);
    unique(base);
    r.avail[v] = a;
    total += a.size();
    if (!node.recomputable)
      continue;
    auto allowed = [&](unsigned t) {
      return t >= problem.firstStage && t > node.def;
    };
    for (unsigned t : base)
      if (allowed(t))
        reads[v].push_back(t);
    std::vector<unsigned> &stages = r.stages[v];
    for (unsigned t : base)
      for (unsigned k = 0; k <= kWindow && k <= t; ++k)
        if (allowed(t - k))
          stages.push_back(t - k);
    unique(stages);
    total += stages.size();
  }
  return r;
}

/// What the activation model needs of Reach, without its position lists
/// (quadratic on a chain): the users of each node, and whether a node may
/// have to be available after its forward reads (`avail` not empty). A
/// node's positions (`base` in reach) reach as far as its last later read
/// or the last position a user may be recomputed at; a node may be
/// recomputed exactly when the last of those is allowed for it (the window
/// only adds earlier ones).
struct Needed {
  std::vector<std::vector<unsigned>> users;
  std::vector<char> avail;
};

Needed needed(const Problem &problem) {
  const unsigned n = problem.nodes.size();
  Needed r;
  r.users.assign(n, {});
  r.avail.assign(n, 0);
  for (unsigned u = 0; u < n; ++u)
    for (unsigned w : problem.nodes[u].operands)
      r.users[w].push_back(u);
  // The last position of each node's base, -1 for none, and whether it may
  // be recomputed (its stages are not empty).
  std::vector<int64_t> last(n, -1);
  std::vector<char> redone(n, 0);
  for (unsigned v = n; v-- > 0;) {
    const Node &node = problem.nodes[v];
    if (!node.uses.empty())
      last[v] = node.uses.back();
    for (unsigned u : r.users[v]) {
      r.avail[v] |= redone[u];
      if (redone[u])
        last[v] = std::max(last[v], last[u]);
    }
    r.avail[v] |= !node.uses.empty();
    redone[v] = node.recomputable && last[v] >= 0 &&
                last[v] >= problem.firstStage && last[v] > node.def;
  }
  return r;
}

/// The model of a limit: the terms of each position's measure, and the
/// limit rows against a budget (or, budget < 0, against a new column that
/// is minimized).
bool addLimitRows(Milp &milp, const std::vector<Terms> &rows,
                  const std::vector<int64_t> &fixed, int64_t budget) {
  int budgetColumn = budget < 0 ? milp.addBudgetColumn() : -1;
  for (unsigned t = 0; t < rows.size(); ++t) {
    if (budget >= 0) {
      if (fixed[t] > budget)
        return false;
      // The live bytes of a plan are whole: half a byte over the budget
      // admits every plan that meets it and absorbs CBC's tolerance (1e-7
      // on rows in MiB, a tenth of a byte), and none that does not.
      milp.row(rows[t], 'L', (budget - fixed[t] + 0.5) / kMiB);
    } else {
      Terms terms = rows[t];
      terms.push_back({budgetColumn, -1});
      milp.row(terms, 'L', -fixed[t] / kMiB);
      milp.raiseLower(budgetColumn, fixed[t] / kMiB);
    }
  }
  return true;
}

/// The peak: Checkmate on the fixed schedule (see the file comment).
class PeakModel {
public:
  PeakModel(const Problem &problem, Stop &stop) : problem(problem), stop(stop) {
    build();
  }
  bool addLimit(int64_t budget);
  SolveResult solve(const Deadline &deadline, const Plan *start);
  std::string size() const { return milp.size(); }

private:
  int kept(unsigned v, unsigned t) const {
    if (keptBase[v] < 0 || t < keptFrom[v] || t > horizon[v])
      return -1;
    return keptBase[v] + (t - keptFrom[v]);
  }
  int held(unsigned v, unsigned t) const {
    if (heldBase[v] < 0 || t < heldFrom[v] || t > horizon[v])
      return -1;
    return heldBase[v] + (t - heldFrom[v]);
  }
  int copy(unsigned v, unsigned t) const {
    auto it = recompute[v].find(t);
    return it == recompute[v].end() ? -1 : it->second;
  }
  void build();

  const Problem &problem;
  Stop &stop;
  Milp milp;
  std::vector<int> keep, keptBase, heldBase;
  std::vector<std::map<unsigned, int>> recompute;
  std::vector<unsigned> keptFrom, heldFrom, horizon;
};

void PeakModel::build() {
  const unsigned n = problem.nodes.size();
  Reach r = reach(problem, stop);
  if (stop)
    return;
  keep.assign(n, -1);
  recompute.assign(n, {});
  keptBase.assign(n, -1);
  heldBase.assign(n, -1);
  keptFrom.assign(n, 0);
  heldFrom.assign(n, 0);
  horizon.assign(n, 0);
  size_t columns = 0;
  for (unsigned v = 0; v < n; ++v) {
    const Node &node = problem.nodes[v];
    if (r.avail[v].empty())
      continue;
    horizon[v] = r.avail[v].back();
    // Counted before they are made: a node's hold columns alone may be many.
    columns += 1 + r.stages[v].size() + 2 * (horizon[v] - node.def);
    if (stop.check(columns, kMaxColumns, "columns"))
      return;
    keep[v] = milp.column(node.recomputable ? 0 : 1, 1, 0, true);
    for (unsigned t : r.stages[v])
      recompute[v][t] = milp.column(0, 1, node.cost * kMicro, true);
    if (horizon[v] > node.lastForwardUse) {
      keptFrom[v] = node.lastForwardUse + 1;
      keptBase[v] = milp.column(0, 1, 0, false);
      for (unsigned t = keptFrom[v] + 1; t <= horizon[v]; ++t)
        milp.column(0, 1, 0, false);
    }
    if (!r.stages[v].empty() && r.stages[v].front() < horizon[v]) {
      heldFrom[v] = r.stages[v].front() + 1;
      heldBase[v] = milp.column(0, 1, 0, false);
      for (unsigned t = heldFrom[v] + 1; t <= horizon[v]; ++t)
        milp.column(0, 1, 0, false);
    }
  }
  for (unsigned v = 0; v < n; ++v) {
    if (stop.check(milp.tooLarge() ? kMaxNonzeros + 1 : 0, kMaxNonzeros,
                   "nonzeros"))
      return;
    const Node &node = problem.nodes[v];
    if (keep[v] < 0)
      continue;
    if (keptBase[v] >= 0) {
      milp.row({{kept(v, keptFrom[v]), 1}, {keep[v], -1}}, 'L', 0);
      for (unsigned t = keptFrom[v]; t < horizon[v]; ++t)
        milp.row({{kept(v, t + 1), 1}, {kept(v, t), -1}}, 'L', 0);
    }
    if (heldBase[v] >= 0)
      for (unsigned t = heldFrom[v] - 1; t < horizon[v]; ++t)
        milp.row({{held(v, t + 1), 1}, {held(v, t), -1}, {copy(v, t), -1}}, 'L',
                 0);
    for (auto [t, c] : recompute[v]) {
      milp.row({{c, 1}, {keep[v], 1}}, 'L', 1);
      for (unsigned w : node.operands)
        milp.row({{kept(w, t), 1}, {held(w, t), 1}, {copy(w, t), 1}, {c, -1}},
                 'G', 0);
    }
    for (unsigned t : node.uses)
      milp.row({{kept(v, t), 1}, {held(v, t), 1}, {copy(v, t), 1}}, 'G', 1);
  }
  stop.check(milp.tooLarge() ? kMaxNonzeros + 1 : 0, kMaxNonzeros, "nonzeros");
}

bool PeakModel::addLimit(int64_t budget) {
  if (stop)
    return true;
  std::vector<Terms> rows(problem.numPositions);
  size_t terms = 0;
  for (unsigned v = 0; v < problem.nodes.size(); ++v) {
    const Node &node = problem.nodes[v];
    if (keep[v] < 0 || !node.bytes)
      continue;
    terms += 3 * (horizon[v] - node.lastForwardUse);
    if (stop.check(terms, kMaxNonzeros, "nonzeros"))
      return true;
    double mib = node.bytes / kMiB;
    for (unsigned t = node.lastForwardUse + 1; t <= horizon[v]; ++t)
      for (int c : {kept(v, t), held(v, t), copy(v, t)})
        rows[t].push_back({c, mib});
  }
  bool met = addLimitRows(milp, rows, problem.fixedBytes, budget);
  stop.check(milp.tooLarge() ? kMaxNonzeros + 1 : 0, kMaxNonzeros, "nonzeros");
  return met;
}

SolveResult PeakModel::solve(const Deadline &deadline, const Plan *start) {
  std::vector<int> idx;
  std::vector<double> val;
  for (unsigned v = 0; start && v < problem.nodes.size(); ++v) {
    if (keep[v] < 0)
      continue;
    idx.push_back(keep[v]);
    val.push_back(start->keep[v] ? 1 : 0);
    for (auto [t, c] : recompute[v]) {
      idx.push_back(c);
      val.push_back(std::binary_search(
          start->recomputes.begin(), start->recomputes.end(), Recompute{t, v}));
    }
  }
  SolveResult result;
  std::vector<double> x = milp.solve(deadline, idx, val, result);
  if (x.empty())
    return result;
  Plan &plan = result.plan;
  plan.keep.assign(problem.nodes.size(), 0);
  for (unsigned v = 0; v < problem.nodes.size(); ++v) {
    if (keep[v] < 0)
      continue;
    plan.keep[v] = x[keep[v]] > 0.5;
    for (auto [t, c] : recompute[v])
      if (x[c] > 0.5)
        plan.recomputes.push_back({t, v});
  }
  std::sort(plan.recomputes.begin(), plan.recomputes.end());
  return result;
}

/// The activations: per node, keep k_v and recompute x_v. A node read later
/// is kept or recomputed (k + x >= 1), and so is every operand of a
/// recomputed node (k_w + x_w >= x_v). A kept node counts from its
/// definition to its last later read; when a copy of a node computed from
/// it may be made after that read, the count extends (k_w + x_v - 1) to the
/// latest position that copy can be made (its first read, or the latest of
/// its users'), which bounds the live range `recomputeOnce` gives.
class ActivationModel {
public:
  ActivationModel(const Problem &problem, Stop &stop)
      : problem(problem), stop(stop) {
    build();
  }
  bool addLimit(int64_t budget) {
    if (stop)
      return true;
    bool met = addLimitRows(milp, rows, problem.fixedActivationBytes, budget);
    stop.check(milp.tooLarge() ? kMaxNonzeros + 1 : 0, kMaxNonzeros,
               "nonzeros");
    return met;
  }
  SolveResult solve(const Deadline &deadline, const Plan *start);
  std::string size() const { return milp.size(); }

private:
  void build();

  const Problem &problem;
  Stop &stop;
  Milp milp;
  std::vector<int> keep, redo;
  std::vector<Terms> rows;
};

void ActivationModel::build() {
  const unsigned n = problem.nodes.size();
  Needed r = needed(problem);
  rows.assign(problem.numPositions, {});
  keep.assign(n, -1);
  redo.assign(n, -1);
  // The latest position at which a copy of each node can be made.
  std::vector<unsigned> latest(n, 0);
  for (unsigned v = n; v-- > 0;) {
    const Node &node = problem.nodes[v];
    if (!node.uses.empty())
      latest[v] = node.uses.front();
    else
      for (unsigned u : r.users[v])
        latest[v] = std::max(latest[v], latest[u]);
  }
  for (unsigned v = 0; v < n; ++v) {
    const Node &node = problem.nodes[v];
    if (!r.avail[v])
      continue;
    keep[v] = milp.column(0, 1, 0, true);
    bool movable =
        node.recomputable &&
        (node.uses.empty() || node.uses.front() >= problem.firstStage);
    redo[v] = milp.column(0, movable ? 1 : 0, node.cost * kMicro, true);
  }
  // Terms of the limit rows and columns so far.
  size_t terms = 0, columns = 2 * n;
  for (unsigned v = 0; v < n; ++v) {
    if (stop.check(terms, kMaxNonzeros, "nonzeros") ||
        stop.check(columns, kMaxColumns, "columns"))
      return;
    const Node &node = problem.nodes[v];
    if (keep[v] < 0)
      continue;
    double mib = node.bytes / kMiB;
    if (!node.uses.empty()) {
      milp.row({{keep[v], 1}, {redo[v], 1}}, 'G', 1);
      if (node.bytes) {
        terms += node.uses.back() - node.def + 1;
        for (unsigned t = node.def; t <= node.uses.back(); ++t)
          rows[t].push_back({keep[v], mib});
      }
    }
    unsigned last = node.uses.empty() ? node.lastForwardUse : node.uses.back();
    // Counted from the definition when only copies read it.
    int fromDef = -1;
    std::map<unsigned, int> beyond;
    for (unsigned u : r.users[v]) {
      if (redo[u] < 0)
        continue;
      milp.row({{keep[v], 1}, {redo[v], 1}, {redo[u], -1}}, 'G', 0);
      if (!node.bytes)
        continue;
      if (node.uses.empty()) {
        if (fromDef < 0) {
          fromDef = milp.column(0, 1, 0, false);
          ++columns;
          terms += node.lastForwardUse - node.def + 1;
          for (unsigned t = node.def; t <= node.lastForwardUse; ++t)
            rows[t].push_back({fromDef, mib});
        }
        milp.row({{fromDef, 1}, {keep[v], -1}, {redo[u], -1}}, 'G', -1);
      }
      if (latest[u] > last &&
          stop.check(terms + (latest[u] - last), kMaxNonzeros, "nonzeros"))
        return;
      for (unsigned t = last + 1; t <= latest[u]; ++t) {
        auto [it, fresh] = beyond.try_emplace(t, -1);
        if (fresh) {
          it->second = milp.column(0, 1, 0, false);
          ++columns;
          ++terms;
          rows[t].push_back({it->second, mib});
        }
        milp.row({{it->second, 1}, {keep[v], -1}, {redo[u], -1}}, 'G', -1);
      }
    }
  }
  stop.check(milp.tooLarge() ? kMaxNonzeros + 1 : 0, kMaxNonzeros, "nonzeros");
}

SolveResult ActivationModel::solve(const Deadline &deadline,
                                   const Plan *start) {
  std::vector<int> idx;
  std::vector<double> val;
  if (start) {
    std::vector<char> copied(problem.nodes.size(), 0);
    for (const Recompute &r : start->recomputes)
      copied[r.node] = 1;
    for (unsigned v = 0; v < problem.nodes.size(); ++v)
      if (keep[v] >= 0) {
        idx.push_back(keep[v]);
        val.push_back(start->keep[v] ? 1 : 0);
        idx.push_back(redo[v]);
        val.push_back(copied[v] ? 1 : 0);
      }
  }
  SolveResult result;
  std::vector<double> x = milp.solve(deadline, idx, val, result);
  if (x.empty())
    return result;
  std::vector<char> kept(problem.nodes.size(), 0);
  for (unsigned v = 0; v < problem.nodes.size(); ++v)
    kept[v] = keep[v] >= 0 && x[keep[v]] > 0.5;
  result.plan = recomputeOnce(problem, kept);
  return result;
}

/// What the solver did, in phrases joined by "; " into SolveResult::log.
using Phrases = std::vector<std::string>;

/// Builds the model of `Model` for `budget` and solves it, asking `start`
/// for the MIP start once the model is built (the start is the greedy,
/// which should not spend time on a model that is never solved). Sets
/// `tooLarge` to the reason when the model was not built for its size.
template <typename Model>
SolveResult solveWith(const Problem &problem, int64_t budget,
                      const Deadline &deadline,
                      const std::function<const Plan *()> &start, Phrases &log,
                      std::string &tooLarge) {
  Stop stop(deadline);
  Model model(problem, stop);
  SolveResult result;
  tooLarge.clear();
  if (!model.addLimit(budget)) {
    log.push_back("the fixed bytes alone exceed the budget");
    result.status = Status::Infeasible;
    return result;
  }
  if (stop) {
    log.push_back(stop.why);
    result.timedOut = stop.timedOut;
    if (!stop.timedOut)
      tooLarge = stop.why;
    return result;
  }
  const Plan *s = start ? start() : nullptr;
  log.push_back(model.size());
  result = model.solve(deadline, s);
  if (!result.log.empty())
    log.push_back(result.log);
  return result;
}

double secondsSince(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start)
      .count();
}

} // namespace

SolveResult mlir::dlc::remat::solveMilp(const Problem &problem, Limit limit,
                                        int64_t budget, double timeLimit) {
  auto started = std::chrono::steady_clock::now();
  Deadline deadline = Deadline::in(timeLimit);
  Phrases log;
  // The greedy plan, the MIP start: run once, when first needed, within
  // `d`.
  std::optional<SolveResult> greedy;
  auto runGreedy = [&](const Deadline &d) -> const SolveResult & {
    if (!greedy) {
      greedy = solveGreedy(problem, limit, budget, d);
      if (greedy->timedOut)
        log.push_back(
            std::string("the greedy start ran out of its time") +
            (greedy->status == Status::Feasible ? "" : " without a plan"));
    }
    return *greedy;
  };
  auto startPlan = [&]() -> const Plan * {
    // Half of what is left; CBC gets the rest.
    const SolveResult &g = runGreedy(deadline.within(deadline.left() / 2));
    return g.status == Status::Feasible ? &g.plan : nullptr;
  };
  std::string tooLarge;
  auto run = [&](int64_t b, const std::function<const Plan *()> &s) {
    return limit == Limit::Peak
               ? solveWith<PeakModel>(problem, b, deadline, s, log, tooLarge)
               : solveWith<ActivationModel>(problem, b, deadline, s, log,
                                            tooLarge);
  };
  SolveResult result = run(budget, startPlan);
  auto finish = [&] {
    result.seconds = secondsSince(started);
    const char *names[] = {"optimal", "feasible", "infeasible", "no plan"};
    log.push_back(std::string(names[static_cast<int>(result.status)]) +
                  (result.timedOut ? " at the time limit" : ""));
    std::string joined = "milp: ";
    for (size_t i = 0; i < log.size(); ++i)
      joined += (i ? "; " : "") + log[i];
    result.log = joined;
    return result;
  };
  if (!result.internalError.empty())
    return finish();
  if (!tooLarge.empty()) {
    // Nothing for CBC to do: the greedy's plan, with all the time.
    std::string why = tooLarge;
    result = runGreedy(deadline);
    result.lowerBound = -1;
    result.note = "the MILP was not run (" + why + ")";
    if (result.status == Status::Feasible)
      result.note += ": the plan is the greedy's";
    return finish();
  }
  if (result.status == Status::Optimal || result.status == Status::Feasible) {
    Profile profile;
    if (auto fault = evaluate(problem, result.plan, profile)) {
      result.status = Status::Unknown;
      log.push_back("its plan is invalid: " + *fault);
    } else {
      result.cost = profile.cost;
      if (profile.measure(limit) > budget) {
        result.status = Status::Unknown;
        log.push_back("its plan exceeds the budget");
      }
    }
  }
  if (result.status == Status::Unknown && greedy &&
      greedy->status == Status::Feasible) {
    // No plan from CBC in time (or none that holds): the start is one, and
    // what CBC proved of the least cost still bounds it.
    result.status = Status::Feasible;
    result.plan = greedy->plan;
    result.cost = greedy->cost;
    result.lowerBound = std::min(result.lowerBound, greedy->cost);
    result.note = "CBC found no plan better than its start, the greedy's";
    log.push_back("no plan better than the greedy start");
  }
  if (result.status == Status::Infeasible) {
    // Find the least measure any plan reaches, for the diagnostic: the
    // greedy's (in half the time left), or the MILP's when it finds less.
    const SolveResult &g = runGreedy(deadline.within(deadline.left() / 2));
    result.smallestBudget =
        g.status == Status::Infeasible ? g.smallestBudget : -1;
    bool proven = false;
    if (deadline.left() >= kLeastCbcSeconds + kAfterCbcSeconds) {
      SolveResult floor = run(-1, nullptr);
      Profile profile;
      if (!floor.plan.keep.empty() && !evaluate(problem, floor.plan, profile) &&
          (result.smallestBudget <= budget ||
           profile.measure(limit) <= result.smallestBudget)) {
        result.smallestBudget = profile.measure(limit);
        proven = floor.status == Status::Optimal;
      }
      result.timedOut = floor.timedOut;
    } else {
      log.push_back("no time left to search for the least measure");
      result.timedOut = true;
    }
    if (result.smallestBudget > budget)
      log.push_back("least reachable " + std::to_string(result.smallestBudget) +
                    " bytes" + (proven ? " (proven)" : ""));
    else
      result.smallestBudget = -1; // not known
  }
  return finish();
}
#endif
