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
//===----------------------------------------------------------------------===//

#include "dlc/Planning/Remat/Remat.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <map>
#include <sstream>

#ifdef DLC_HAVE_CBC
#include "Cbc_C_Interface.h"
#endif

using namespace mlir::dlc::remat;

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

/// Bytes are priced in MiB and seconds in microseconds, to keep the
/// coefficients of the model near 1.
constexpr double kMiB = 1024.0 * 1024.0;
constexpr double kMicro = 1e6;

using Terms = std::vector<std::pair<int, double>>;

/// A CBC model built column by column and row by row.
class Milp {
public:
  Milp() : model(Cbc_newModel()) { Cbc_setLogLevel(model, 0); }
  ~Milp() { Cbc_deleteModel(model); }
  Milp(const Milp &) = delete;
  Milp &operator=(const Milp &) = delete;

  int column(double lower, double upper, double objective, bool integer) {
    int index = Cbc_getNumCols(model);
    Cbc_addCol(model, "", lower, upper, objective, integer ? 1 : 0, 0, nullptr,
               nullptr);
    integers += integer;
    return index;
  }
  /// Adds sum(terms) `sense` rhs; terms on column -1 are dropped.
  void row(const Terms &terms, char sense, double rhs) {
    std::vector<int> cols;
    std::vector<double> coefs;
    for (auto [c, a] : terms)
      if (c >= 0) {
        cols.push_back(c);
        coefs.push_back(a);
      }
    if (!cols.empty())
      Cbc_addRow(model, "", cols.size(), cols.data(), coefs.data(), sense, rhs);
  }
  void raiseLower(int column, double lower) {
    Cbc_setColLower(model, column,
                    std::max(Cbc_getColLower(model)[column], lower));
  }
  std::string size() const {
    return std::to_string(Cbc_getNumCols(model)) + " columns (" +
           std::to_string(integers) + " binary), " +
           std::to_string(Cbc_getNumRows(model)) + " rows";
  }

  /// Adds the column of the measure that a limit without budget minimizes.
  int addBudgetColumn() {
    budgetColumn = column(0, 1e18, 1e3, false);
    return budgetColumn;
  }

  /// Solves; returns the best solution (empty when none) and sets the
  /// status, the lower bound and, when the measure was minimized, the least
  /// measure of `result`.
  std::vector<double> solve(double timeLimit, const std::vector<int> &startIdx,
                            const std::vector<double> &startVal,
                            SolveResult &result) {
    if (!startIdx.empty())
      Cbc_setMIPStartI(model, startIdx.size(), startIdx.data(),
                       startVal.data());
    Cbc_setMaximumSeconds(model, std::max(0.1, timeLimit));
    Cbc_setAllowableFractionGap(model, 1e-6);
    Cbc_setAllowableGap(model, 1e-6);
    Cbc_setParameter(model, "threads", "2");
    Cbc_setParameter(model, "timeMode", "elapsed");
    Cbc_solve(model);
    const double *x = Cbc_bestSolution(model);
    result.lowerBound = Cbc_getBestPossibleObjValue(model) / kMicro;
    if (!x) {
      result.status =
          Cbc_isProvenInfeasible(model) ? Status::Infeasible : Status::Unknown;
      return {};
    }
    result.status =
        Cbc_isProvenOptimal(model) ? Status::Optimal : Status::Feasible;
    if (budgetColumn >= 0)
      result.smallestBudget =
          static_cast<int64_t>(std::ceil(x[budgetColumn] * kMiB - 0.5));
    return std::vector<double>(x, x + Cbc_getNumCols(model));
  }

private:
  Cbc_Model *model;
  unsigned integers = 0;
  int budgetColumn = -1;
};

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

Reach reach(const Problem &problem) {
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
  for (unsigned v = n; v-- > 0;) {
    const Node &node = problem.nodes[v];
    std::vector<unsigned> a = node.uses, base = node.uses;
    for (unsigned u : r.users[v]) {
      a.insert(a.end(), r.stages[u].begin(), r.stages[u].end());
      base.insert(base.end(), reads[u].begin(), reads[u].end());
    }
    unique(a);
    unique(base);
    r.avail[v] = a;
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
  explicit PeakModel(const Problem &problem) : problem(problem) { build(); }
  bool addLimit(int64_t budget);
  SolveResult solve(double timeLimit, const Plan *start);
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
  Milp milp;
  std::vector<int> keep, keptBase, heldBase;
  std::vector<std::map<unsigned, int>> recompute;
  std::vector<unsigned> keptFrom, heldFrom, horizon;
};

void PeakModel::build() {
  const unsigned n = problem.nodes.size();
  Reach r = reach(problem);
  keep.assign(n, -1);
  recompute.assign(n, {});
  keptBase.assign(n, -1);
  heldBase.assign(n, -1);
  keptFrom.assign(n, 0);
  heldFrom.assign(n, 0);
  horizon.assign(n, 0);
  for (unsigned v = 0; v < n; ++v) {
    const Node &node = problem.nodes[v];
    if (r.avail[v].empty())
      continue;
    horizon[v] = r.avail[v].back();
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
}

bool PeakModel::addLimit(int64_t budget) {
  std::vector<Terms> rows(problem.numPositions);
  for (unsigned v = 0; v < problem.nodes.size(); ++v) {
    const Node &node = problem.nodes[v];
    if (keep[v] < 0 || !node.bytes)
      continue;
    double mib = node.bytes / kMiB;
    for (unsigned t = node.lastForwardUse + 1; t <= horizon[v]; ++t)
      for (int c : {kept(v, t), held(v, t), copy(v, t)})
        rows[t].push_back({c, mib});
  }
  return addLimitRows(milp, rows, problem.fixedBytes, budget);
}

SolveResult PeakModel::solve(double timeLimit, const Plan *start) {
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
  std::vector<double> x = milp.solve(timeLimit, idx, val, result);
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
  explicit ActivationModel(const Problem &problem) : problem(problem) {
    build();
  }
  bool addLimit(int64_t budget) {
    return addLimitRows(milp, rows, problem.fixedActivationBytes, budget);
  }
  SolveResult solve(double timeLimit, const Plan *start);
  std::string size() const { return milp.size(); }

private:
  void build();

  const Problem &problem;
  Milp milp;
  std::vector<int> keep, redo;
  std::vector<Terms> rows;
};

void ActivationModel::build() {
  const unsigned n = problem.nodes.size();
  Reach r = reach(problem);
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
    if (r.avail[v].empty())
      continue;
    keep[v] = milp.column(0, 1, 0, true);
    bool movable =
        node.recomputable &&
        (node.uses.empty() || node.uses.front() >= problem.firstStage);
    redo[v] = milp.column(0, movable ? 1 : 0, node.cost * kMicro, true);
  }
  for (unsigned v = 0; v < n; ++v) {
    const Node &node = problem.nodes[v];
    if (keep[v] < 0)
      continue;
    double mib = node.bytes / kMiB;
    if (!node.uses.empty()) {
      milp.row({{keep[v], 1}, {redo[v], 1}}, 'G', 1);
      for (unsigned t = node.def; t <= node.uses.back(); ++t)
        rows[t].push_back({keep[v], mib});
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
          for (unsigned t = node.def; t <= node.lastForwardUse; ++t)
            rows[t].push_back({fromDef, mib});
        }
        milp.row({{fromDef, 1}, {keep[v], -1}, {redo[u], -1}}, 'G', -1);
      }
      for (unsigned t = last + 1; t <= latest[u]; ++t) {
        auto [it, fresh] = beyond.try_emplace(t, -1);
        if (fresh) {
          it->second = milp.column(0, 1, 0, false);
          rows[t].push_back({it->second, mib});
        }
        milp.row({{it->second, 1}, {keep[v], -1}, {redo[u], -1}}, 'G', -1);
      }
    }
  }
}

SolveResult ActivationModel::solve(double timeLimit, const Plan *start) {
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
  std::vector<double> x = milp.solve(timeLimit, idx, val, result);
  if (x.empty())
    return result;
  std::vector<char> kept(problem.nodes.size(), 0);
  for (unsigned v = 0; v < problem.nodes.size(); ++v)
    kept[v] = keep[v] >= 0 && x[keep[v]] > 0.5;
  result.plan = recomputeOnce(problem, kept);
  return result;
}

template <typename Model>
SolveResult solveWith(const Problem &problem, int64_t budget, double timeLimit,
                      const Plan *start, std::ostringstream &log) {
  Model model(problem);
  if (!model.addLimit(budget)) {
    log << "the fixed bytes alone exceed the budget";
    SolveResult result;
    result.status = Status::Infeasible;
    return result;
  }
  log << model.size();
  return model.solve(timeLimit, start);
}

double secondsSince(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start)
      .count();
}

} // namespace

SolveResult mlir::dlc::remat::solveMilp(const Problem &problem, Limit limit,
                                        int64_t budget, double timeLimit) {
  auto started = std::chrono::steady_clock::now();
  SolveResult greedy = solveGreedy(problem, limit, budget);
  const Plan *start =
      greedy.status == Status::Feasible ? &greedy.plan : nullptr;
  std::ostringstream log;
  log << "milp: ";
  auto run = [&](int64_t b, double seconds, const Plan *s) {
    return limit == Limit::Peak
               ? solveWith<PeakModel>(problem, b, seconds, s, log)
               : solveWith<ActivationModel>(problem, b, seconds, s, log);
  };
  SolveResult result = run(budget, timeLimit, start);
  if (result.status == Status::Optimal || result.status == Status::Feasible) {
    Profile profile;
    if (auto fault = evaluate(problem, result.plan, profile)) {
      result.status = Status::Unknown;
      log << "; its plan is invalid: " << *fault;
    } else {
      result.cost = profile.cost;
      if (profile.measure(limit) > budget) {
        result.status = Status::Unknown;
        log << "; its plan exceeds the budget";
      }
    }
  }
  if (result.status == Status::Infeasible) {
    // Find the least measure any plan reaches, for the diagnostic.
    log << "; least measure: ";
    double left = std::max(1.0, timeLimit - secondsSince(started));
    SolveResult floor = run(-1, left, nullptr);
    result.smallestBudget = greedy.smallestBudget;
    Profile profile;
    if (!floor.plan.keep.empty() && !evaluate(problem, floor.plan, profile))
      result.smallestBudget = profile.measure(limit);
    log << "; least reachable " << result.smallestBudget << " bytes"
        << (floor.status == Status::Optimal ? " (proven)" : "");
  }
  result.seconds = secondsSince(started);
  const char *names[] = {"optimal", "feasible", "infeasible", "no plan"};
  log << "; " << names[static_cast<int>(result.status)];
  result.log = log.str();
  return result;
}
#endif
