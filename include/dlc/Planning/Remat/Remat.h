//===- Remat.h - Choosing what to recompute under a byte budget -*- C++ -*-===//
//
// The rematerialization problem of a training step in a form that depends on
// nothing but the C++ standard library, with its two solvers.
//
// The schedule is fixed: positions 0..N-1 are the ops of the step in order,
// and the forward ops come before `firstStage`. Every forward op is a node;
// its results are live from its position through its last forward read
// (`lastForwardUse`) whatever is decided. A node read again later (by the
// backward pass, `uses`) is either *kept* (its results stay live until their
// last later read) or *recomputed*: a copy of the op is run right before a
// position >= firstStage from copies or kept originals of its operands, and
// lives until its last read, which comes before the next copy is made. A
// plan is the keep flags and the list of (position, node) recomputations;
// `evaluate` checks it and measures its live bytes at every position, the
// same accounting for both solvers and for the pass that rewrites the IR:
// copies made before position t are counted live at t.
//
// Two limits can be imposed: on the total live bytes (the peak), or on the
// bytes of saved activations (kept nodes, counted from their definition to
// their last read, plus those no decision changes).
//
//===----------------------------------------------------------------------===//

#ifndef DLC_PLANNING_REMAT_REMAT_H
#define DLC_PLANNING_REMAT_REMAT_H

#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <vector>

namespace mlir::dlc::remat {

struct Node {
  std::string name;               ///< for messages
  int64_t bytes = 0;              ///< bytes of its results
  double cost = 0;                ///< estimated seconds to run it once more
  bool recomputable = true;       ///< a pure op that may be copied
  unsigned def = 0;               ///< its position
  unsigned lastForwardUse = 0;    ///< last read by a forward op (>= def)
  std::vector<unsigned> operands; ///< nodes it reads (earlier indices)
  std::vector<unsigned> uses;     ///< later reads: positions > lastForwardUse
};

struct Problem {
  unsigned numPositions = 0;
  unsigned firstStage = 0; ///< recomputation may precede positions >= this
  std::vector<int64_t> fixedBytes;           ///< per position
  std::vector<int64_t> fixedActivationBytes; ///< per position
  std::vector<Node> nodes;                   ///< in position order
};

enum class Limit {
  Peak,        ///< total live bytes at every position
  Activations, ///< saved-activation bytes at every position
};

struct Recompute {
  unsigned position;
  unsigned node;
  bool operator<(const Recompute &o) const {
    return position != o.position ? position < o.position : node < o.node;
  }
  bool operator==(const Recompute &o) const {
    return position == o.position && node == o.node;
  }
};

struct Plan {
  std::vector<char> keep;            ///< per node
  std::vector<Recompute> recomputes; ///< sorted
};

struct Profile {
  std::vector<int64_t> total;       ///< live bytes per position
  std::vector<int64_t> activations; ///< saved-activation bytes per position
  int64_t peak = 0;
  int64_t activationPeak = 0;
  double cost = 0; ///< seconds of recomputation
  int64_t measure(Limit limit) const {
    return limit == Limit::Peak ? peak : activationPeak;
  }
};

/// The plan that recomputes nothing: every node read later is kept.
Plan keepAll(const Problem &problem);

/// The plan that keeps the nodes flagged in `keep` and recomputes every
/// other node a later read needs (directly or through another copy) once,
/// right before its first such read, holding the copy to its last.
Plan recomputeOnce(const Problem &problem, const std::vector<char> &keep);

/// Per-layer checkpointing: keeps the nodes flagged in `marked` and those that
/// cannot be recomputed or are read before the backward pass begins, and
/// recomputes every other node once (`recomputeOnce`).
Plan checkpointPlan(const Problem &problem, const std::vector<char> &marked);

/// Checks `plan` (every read finds a kept original or an earlier copy, copies
/// only after the forward ops, no node both kept and recomputed) and measures
/// it. Returns the first fault found, or nullopt when the plan is valid.
std::optional<std::string> evaluate(const Problem &problem, const Plan &plan,
                                    Profile &profile);

enum class Status {
  Optimal,    ///< the plan meets the limit at the least cost (MILP)
  Feasible,   ///< meets the limit; optimality not proven
  Infeasible, ///< no plan meets the limit (proven by the MILP, or none found)
  Unknown,    ///< the time ran out before any plan was found
};

struct SolveResult {
  Status status = Status::Unknown;
  Plan plan;
  double cost = 0;            ///< of `plan`
  double lowerBound = 0;      ///< proven lower bound on the least cost (MILP;
                              ///< negative: none)
  int64_t smallestBudget = 0; ///< when Infeasible: the least measure reached
  double seconds = 0;         ///< solver time
  bool timedOut = false;      ///< the time limit cut a phase of the search
  std::string log;            ///< a line on what the solver did
  /// What to say with the plan when it is not what the solver's name
  /// promises (the MILP's plan is its greedy start).
  std::string note;
  /// Set when the solver refused to go on because of a fault of its own (a
  /// malformed model): a bug to report, not a property of the problem.
  std::string internalError;
};

/// No time limit.
constexpr double kNoTimeLimit = std::numeric_limits<double>::infinity();

/// Greedy: starting from keepAll, repeatedly relieves the position where the
/// measure is highest, by recomputing the kept node live there with the
/// least recompute cost per byte (copied once, before its first later read)
/// or by recomputing a held copy at every read instead; then re-keeps, most
/// expensive first, every node the budget allows. When the budget is out of
/// reach, reports the least measure it reached. Within `timeLimit` seconds:
/// when the time runs out before the budget is met there is no plan
/// (Unknown); after, the plan found so far is returned. Either way
/// `timedOut` is set.
SolveResult solveGreedy(const Problem &problem, Limit limit, int64_t budget,
                        double timeLimit = kNoTimeLimit);

/// True when this build has the MILP solver (CBC).
bool haveMilp();

/// The MILP, solved by CBC; when no plan meets the budget, it finds the
/// least measure reachable. Everything (the greedy plan that is its start,
/// building the model, CBC, the search for the least measure) happens within
/// `timeLimit` seconds: at the limit it returns the best plan found (the
/// greedy's when CBC found none better) with its lower bound, and
/// `timedOut`. For the peak: a Checkmate formulation on the fixed
/// schedule (binary keep flags and recompute-before-position variables,
/// continuous hold variables, the limit at every position, least total
/// recompute cost). For the activations, where copies do not count and so
/// are best made once and held, a smaller one over keep and recompute flags
/// per node whose plan is `recomputeOnce`.
SolveResult solveMilp(const Problem &problem, Limit limit, int64_t budget,
                      double timeLimit);

} // namespace mlir::dlc::remat

#endif // DLC_PLANNING_REMAT_REMAT_H
