//===- Remat.cpp - Recompute forward values under a byte budget -----------===//
//
// --dlc-remat: states the training step as a rematerialization problem
// (Remat.h: nodes are the forward ops, positions the schedule), asks the
// MILP or the greedy for a plan, rewrites the block accordingly, and checks
// the result with the memory analysis. The solvers get what is left of
// `time-limit` after the problem is built; the rewrite and the check after
// them are linear in the step.
//
//===----------------------------------------------------------------------===//

#include "dlc/Transforms/Passes.h"

#include "dlc/Analysis/CostModel.h"
#include "dlc/Analysis/MemoryAnalysis.h"
#include "dlc/Analysis/StepPlan.h"
#include "dlc/Dialect/Dlc/IR/DlcDialect.h"
#include "dlc/Planning/Remat/Remat.h"
#include "dlc/Support/ByteSize.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/IRMapping.h"
#include "mlir/IR/Remarks.h"
#include "mlir/IR/SymbolTable.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/MathExtras.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <limits>

namespace mlir::dlc {
#define GEN_PASS_DEF_DLCREMATPASS
#include "dlc/Transforms/Passes.h.inc"
} // namespace mlir::dlc

using namespace mlir;
using namespace mlir::dlc;

namespace {

/// The longest time-limit accepted, in seconds (about 31 years).
constexpr double kMaxTimeLimit = 1e9;

std::string fixed(const char *format, double value) {
  return llvm::formatv("{0}", llvm::format(format, value)).str();
}

/// The step as a rematerialization problem, with the op of every node.
struct StepProblem {
  remat::Problem problem;
  SmallVector<Operation *> nodeOps;
  DenseMap<Operation *, unsigned> nodeOf;
};

/// The step as a problem; nullopt (with an error emitted) when its byte
/// counts could overflow the solvers' 64-bit sums or an op's estimated time
/// is not a finite number.
std::optional<StepProblem> buildProblem(const MemoryAnalysis &analysis,
                                        Block &block,
                                        const DeviceParams &device) {
  StepProblem step;
  remat::Problem &problem = step.problem;
  ArrayRef<Operation *> ops = analysis.schedule();
  DenseMap<Operation *, unsigned> position;
  for (auto [i, op] : llvm::enumerate(ops))
    position[op] = i;
  Operation *terminator = block.getTerminator();
  problem.numPositions = ops.size();
  unsigned lastForward = 0;
  for (auto [i, op] : llvm::enumerate(ops))
    if (analysis.isForward(op)) {
      lastForward = i;
      step.nodeOf[op] = step.nodeOps.size();
      step.nodeOps.push_back(op);
    }
  problem.firstStage = lastForward + 1;

  for (Operation *op : step.nodeOps) {
    remat::Node node;
    node.def = position.lookup(op);
    node.lastForwardUse = node.def;
    node.cost = estimateCost(op, device).seconds;
    node.recomputable = isMemoryEffectFree(op) && op->getNumRegions() == 0;
    std::string name;
    llvm::raw_string_ostream os(name);
    os << op->getName() << " at " << op->getLoc();
    node.name = name;
    SmallVector<unsigned> later;
    for (Value r : op->getResults()) {
      node.bytes += MemoryAnalysis::bytesOf(r.getType());
      for (Operation *user : r.getUsers()) {
        Operation *top = block.findAncestorOpInBlock(*user);
        unsigned at = position.lookup(top);
        if (top == terminator)
          node.recomputable = false;
        if (analysis.isForward(top))
          node.lastForwardUse = std::max(node.lastForwardUse, at);
        else
          later.push_back(at);
      }
    }
    for (unsigned at : later)
      if (at > node.lastForwardUse)
        node.uses.push_back(at);
    llvm::sort(node.uses);
    node.uses.erase(std::unique(node.uses.begin(), node.uses.end()),
                    node.uses.end());
    for (Value operand : op->getOperands())
      if (Operation *def = operand.getDefiningOp())
        if (auto it = step.nodeOf.find(def); it != step.nodeOf.end())
          if (!llvm::is_contained(node.operands, it->second))
            node.operands.push_back(it->second);
    problem.nodes.push_back(std::move(node));
  }

  // Live ranges summed with difference arrays (linear in the values and the
  // schedule), in checked arithmetic: every sum the solvers form is at most
  // the fixed bytes of a position plus twice the bytes of all nodes (a copy
  // and the one after it may meet at a position).
  Operation *func = block.getParentOp();
  auto tooLarge = [&] {
    emitError(func->getLoc(),
              "--dlc-remat: the step's live bytes exceed what 64-bit counts "
              "hold (2^63 - 1)");
    return std::nullopt;
  };
  std::vector<int64_t> total(ops.size() + 1, 0), act(ops.size() + 1, 0);
  auto add = [](std::vector<int64_t> &diff, unsigned from, unsigned to,
                int64_t bytes) {
    return !llvm::AddOverflow(diff[from], bytes, diff[from]) &&
           !llvm::SubOverflow(diff[to + 1], bytes, diff[to + 1]);
  };
  for (const LiveValue &live : analysis.values()) {
    Operation *def = live.value.getDefiningOp();
    if (def && step.nodeOf.contains(def))
      continue;
    if (live.bytes < 0 || live.first > live.last || live.last >= ops.size() ||
        !add(total, live.first, live.last, live.bytes) ||
        (live.category == MemoryCategory::SavedActivation &&
         !add(act, live.first, live.last, live.bytes)))
      return tooLarge();
  }
  int64_t nodeBytes = 0;
  for (const remat::Node &node : problem.nodes) {
    if (node.bytes < 0 || llvm::AddOverflow(nodeBytes, node.bytes, nodeBytes) ||
        !add(total, node.def, node.lastForwardUse, node.bytes))
      return tooLarge();
    if (!std::isfinite(node.cost) || node.cost < 0) {
      emitError(step.nodeOps[&node - problem.nodes.data()]->getLoc())
          << "--dlc-remat: the cost model gives this op an estimated time of "
          << node.cost << " s with the device figures given";
      return std::nullopt;
    }
  }
  problem.fixedBytes.assign(ops.size(), 0);
  problem.fixedActivationBytes.assign(ops.size(), 0);
  int64_t runTotal = 0, runAct = 0, bound = 0;
  for (unsigned t = 0; t < ops.size(); ++t) {
    if (llvm::AddOverflow(runTotal, total[t], runTotal) ||
        llvm::AddOverflow(runAct, act[t], runAct) || runTotal < 0 ||
        runAct < 0 || llvm::MulOverflow<int64_t>(nodeBytes, 2, bound) ||
        llvm::AddOverflow(bound, runTotal, bound))
      return tooLarge();
    problem.fixedBytes[t] = runTotal;
    problem.fixedActivationBytes[t] = runAct;
  }
  return step;
}

/// Rewrites the block after `plan`: copies before their positions, every
/// later read redirected to the copy current at its position. `nodeOps` are
/// the ops of the problem's nodes and `ops` the schedule, in the block to
/// rewrite.
void rewrite(const remat::Problem &problem, ArrayRef<Operation *> nodeOps,
             const remat::Plan &plan, ArrayRef<Operation *> ops) {
  MLIRContext *ctx = ops.front()->getContext();
  SmallVector<SmallVector<Value>> current(nodeOps.size());
  for (auto [v, op] : llvm::enumerate(nodeOps))
    current[v] = SmallVector<Value>(op->getResults());
  // Where each original result sits: node and result number.
  DenseMap<Value, std::pair<unsigned, unsigned>> original;
  for (auto [v, op] : llvm::enumerate(nodeOps))
    for (auto [i, r] : llvm::enumerate(op->getResults()))
      original[r] = {static_cast<unsigned>(v), static_cast<unsigned>(i)};

  size_t next = 0;
  for (unsigned t = problem.firstStage; t < problem.numPositions; ++t) {
    OpBuilder builder(ops[t]);
    for (; next < plan.recomputes.size() && plan.recomputes[next].position == t;
         ++next) {
      unsigned v = plan.recomputes[next].node;
      Operation *op = nodeOps[v];
      IRMapping mapping;
      for (Value operand : op->getOperands())
        if (auto it = original.find(operand); it != original.end())
          mapping.map(operand, current[it->second.first][it->second.second]);
      Operation *copy = builder.clone(*op, mapping);
      copy->setAttr(DlcDialect::getRecomputedAttrName(), UnitAttr::get(ctx));
      current[v] = SmallVector<Value>(copy->getResults());
    }
    ops[t]->walk([&](Operation *nested) {
      for (OpOperand &operand : nested->getOpOperands())
        if (auto it = original.find(operand.get()); it != original.end())
          operand.set(current[it->second.first][it->second.second]);
    });
  }
}

/// Meeting a compiled budget: the rounds that lower the graph-level target
/// by the overshoot, then the points of the grid of targets (at most
/// kGapRounds + kGridPoints + 1 plans of the compiled step in all).
constexpr unsigned kGapRounds = 4;
constexpr unsigned kGridPoints = 10;

/// The compiled step's plan. With `required`, a step the pipeline cannot
/// plan is an error; otherwise the planner's errors become warnings and
/// there is no plan.
FailureOr<StepPlan> planStep(const StepPlanner &planner, func::FuncOp func,
                             bool required) {
  if (required)
    return planner.plan(func);
  ScopedDiagnosticHandler demote(
      func.getContext(), [&](Diagnostic &diag) -> LogicalResult {
        if (diag.getSeverity() != DiagnosticSeverity::Error)
          return failure();
        func.emitWarning("--dlc-remat: ") << diag.str();
        return success();
      });
  return planner.plan(func);
}

/// A plan applied to a copy of the step, and the copy's compiled bytes.
struct PlannedCopy {
  func::FuncOp copy;
  int64_t compiled = 0;
};

/// Applies `plan` to a copy of `func` (inserted after it as `name`) and plans
/// the copy as dlc-compile plans it. Failure: an error was emitted (and no
/// copy is left).
FailureOr<PlannedCopy> planCopy(func::FuncOp func, StringRef name,
                                const StepProblem &step,
                                ArrayRef<Operation *> ops,
                                const remat::Plan &plan,
                                const StepPlanner &planner) {
  OpBuilder builder(func);
  builder.setInsertionPointAfter(func);
  auto copy = cast<func::FuncOp>(builder.clone(*func));
  copy.setSymName(name);
  DenseMap<Operation *, Operation *> copyOf;
  for (auto [from, to] :
       llvm::zip_equal(func.getBody().front(), copy.getBody().front()))
    copyOf[&from] = &to;
  auto mapped = [&](ArrayRef<Operation *> list) {
    return llvm::to_vector(
        llvm::map_range(list, [&](Operation *op) { return copyOf.at(op); }));
  };
  rewrite(step.problem, mapped(step.nodeOps), plan, mapped(ops));
  FailureOr<StepPlan> planned = planner.plan(copy);
  if (failed(planned)) {
    copy.erase();
    return failure();
  }
  return PlannedCopy{copy, planned->total()};
}

/// What the search for a compiled budget found.
struct CompiledSearch {
  int64_t least = std::numeric_limits<int64_t>::max(); ///< compiled bytes
  int64_t leastTarget = -1;  ///< the graph-level target that gave `least`
  PlannedCopy fit;           ///< a copy within the budget, or a null copy
  int64_t target = 0;        ///< the graph-level target that gave `fit`
  int64_t floor = -1;        ///< the least graph-level peak reached, once known
  remat::SolveResult result; ///< the solve that gave `fit`
  unsigned plans = 0;        ///< compiled plans made
};

/// Searches for a plan within `budget` bytes of the compiled step. The
/// solvers bound the graph-level peak, which the compiled step exceeds by
/// what bufferization and the lowering add: `gap` at the unconstrained step
/// (whose graph-level peak is `peak`), but not a constant one, and the
/// compiled bytes are not monotone in the graph-level target (a copy placed
/// where the lowering's own buffers peak can raise the arena). So: first
/// from the gap, lowering the target by each overshoot (doubled when that
/// is more) a few times; then a grid of targets from the step's peak down to
/// the least graph-level peak the solver reaches, the same for every budget,
/// taking the first (largest) target whose plan fits. Failure: an error was
/// emitted.
FailureOr<CompiledSearch>
searchCompiledBudget(func::FuncOp func, StringRef name, const StepProblem &step,
                     ArrayRef<Operation *> ops, int64_t budget, int64_t gap,
                     int64_t peak, const StepPlanner &planner,
                     function_ref<bool(int64_t, remat::SolveResult &)> solve) {
  CompiledSearch search;
  DenseSet<int64_t> tried;
  int64_t last = 0; // the compiled bytes of the last plan
  // Solves for `target` and plans the result; `fits` when it is within the
  // budget (`search.fit` then holds the copy).
  auto attempt = [&](int64_t target, bool &fits) -> LogicalResult {
    fits = false;
    tried.insert(target);
    remat::SolveResult result;
    if (!solve(target, result))
      return failure();
    if (result.status == remat::Status::Infeasible) {
      if (result.smallestBudget < 0)
        return emitError(func.getLoc())
               << "--dlc-remat: the time limit passed before the least "
                  "reachable graph-level peak was found";
      search.floor = result.smallestBudget;
      return success();
    }
    FailureOr<PlannedCopy> planned =
        planCopy(func, name, step, ops, result.plan, planner);
    if (failed(planned))
      return failure();
    ++search.plans;
    last = planned->compiled;
    if (planned->compiled < search.least) {
      search.least = planned->compiled;
      search.leastTarget = target;
    }
    if (planned->compiled > budget) {
      planned->copy.erase();
      return success();
    }
    fits = true;
    search.fit = *planned;
    search.target = target;
    search.result = std::move(result);
    return success();
  };

  bool fits = false;
  int64_t target = 0;
  if (llvm::SubOverflow(budget, gap, target))
    target = gap > 0 ? 0 : std::numeric_limits<int64_t>::max();
  target = std::clamp<int64_t>(target, 0, peak);
  int64_t lowering = 0;
  for (unsigned round = 0; round < kGapRounds; ++round) {
    if (search.floor >= 0)
      target = std::max(target, search.floor);
    if (tried.contains(target))
      break;
    unsigned plansBefore = search.plans;
    if (failed(attempt(target, fits)))
      return failure();
    if (fits)
      return search;
    if (search.plans == plansBefore)
      continue; // infeasible: the floor is known now
    lowering = std::max(last - budget, 2 * lowering);
    int64_t next = 0;
    if (llvm::SubOverflow(target, lowering, next) || next >= target)
      next = target - 1;
    target = std::max<int64_t>(next, 0);
  }
  if (search.floor < 0 && failed(attempt(0, fits)))
    return failure();
  if (fits)
    return search;
  if (search.floor < 0)
    return search; // a plan at 0 bytes: nothing lower to try
  for (unsigned k = kGridPoints; k-- > 0;) {
    int64_t at = search.floor +
                 static_cast<int64_t>(static_cast<double>(peak - search.floor) *
                                      k / kGridPoints);
    if (tried.contains(at))
      continue;
    if (failed(attempt(at, fits)))
      return failure();
    if (fits)
      return search;
  }
  return search;
}

struct RematPass : dlc::impl::DlcRematPassBase<RematPass> {
  using Base::Base;

  void getDependentDialects(DialectRegistry &registry) const override {
    Base::getDependentDialects(registry);
    // Meeting a compiled budget plans copies of the step.
    if (const StepPlanner *planner = getStepPlanner())
      planner->getDependentDialects(registry);
  }

  void runOnOperation() override;

private:
  void reportCounts(func::FuncOp func, unsigned recomputed, int64_t peakSaved,
                    int64_t activationsSaved);
};

/// Adds a rewritten step's counts to the statistics, which an LLVM built
/// without them (a release build) neither keeps nor prints, and reports the
/// same numbers as an analysis remark, which every build prints under
/// `--remarks-filter=dlc-remat`.
void RematPass::reportCounts(func::FuncOp func, unsigned recomputed,
                             int64_t peakSaved, int64_t activationsSaved) {
  // A statistic is unsigned: a peak that rose (an activation budget may
  // raise it) adds nothing there; the remark keeps the sign.
  numRecomputedOps += recomputed;
  peakBytesSaved += std::max<int64_t>(peakSaved, 0);
  activationBytesSaved += std::max<int64_t>(activationsSaved, 0);
  remark::analysis(func.getLoc(), remark::RemarkOpts::name("recompute")
                                      .category(getArgument())
                                      .function(func.getSymName()))
      << remark::metric("recomputed-ops", recomputed)
      << remark::metric("peak-bytes-saved", peakSaved)
      << remark::metric("activation-bytes-saved", activationsSaved);
}

void RematPass::runOnOperation() {
  auto started = std::chrono::steady_clock::now();
  auto secondsLeft = [&] {
    return timeLimit - std::chrono::duration<double>(
                           std::chrono::steady_clock::now() - started)
                           .count();
  };
  ModuleOp module = getOperation();
  func::FuncOp func;
  for (auto f : module.getOps<func::FuncOp>())
    if (!f.isExternal() && (function.empty() || f.getSymName() == function))
      func = f;
  if (!func) {
    module.emitError() << "--dlc-remat found "
                       << (function.empty() ? "no function with a body"
                                            : "no function '" + function + "'");
    return signalPassFailure();
  }
  if (solver != "milp" && solver != "heuristic" && solver != "auto" &&
      solver != "checkpoints") {
    emitError(func.getLoc())
        << "unknown solver '" << solver
        << "' for --dlc-remat; expected milp, heuristic, auto or "
           "checkpoints";
    return signalPassFailure();
  }
  if (measure != "compiled" && measure != "graph") {
    emitError(func.getLoc()) << "unknown measure '" << measure
                             << "' for --dlc-remat; expected compiled or graph";
    return signalPassFailure();
  }
  bool checkpoints = solver == "checkpoints";
  if (budget.empty() && !checkpoints) {
    emitError(func.getLoc(),
              "--dlc-remat needs a budget: budget=<bytes with a unit> "
              "(6GiB) or budget=<fraction of the saved activations> "
              "(0.5)");
    return signalPassFailure();
  }
  std::string error;
  std::optional<ByteSize> parsed = ByteSize{};
  if (!budget.empty())
    parsed = parseByteSize(
        budget, {/*what=*/"budget", /*fractionOf=*/"the saved activations"},
        error);
  if (!parsed) {
    emitError(func.getLoc()) << "--dlc-remat: " << error;
    return signalPassFailure();
  }
  if (solver == "milp" && !remat::haveMilp()) {
    emitError(func.getLoc(),
              "--dlc-remat solver=milp: this build has no MILP solver "
              "(install coinor-libcbc-dev and reconfigure)");
    return signalPassFailure();
  }
  if (!(timeLimit > 0) || !(bandwidth > 0) || !(peakF32 > 0) ||
      !(peakF16 > 0) || !(peakF64 > 0)) {
    emitError(func.getLoc(),
              "--dlc-remat: time-limit, bandwidth and peak FLOP/s must "
              "be positive");
    return signalPassFailure();
  }
  if (!(timeLimit <= kMaxTimeLimit)) {
    emitError(func.getLoc())
        << "--dlc-remat: time-limit=" << fixed("%g", timeLimit)
        << " must be a number of seconds above 0 and at most "
        << fixed("%g", kMaxTimeLimit);
    return signalPassFailure();
  }
  if (!llvm::hasSingleElement(func.getBody())) {
    emitError(func.getLoc(),
              "--dlc-remat needs a function of one block (the schedule)");
    return signalPassFailure();
  }

  DeviceParams device;
  device.bandwidth = bandwidth;
  device.peakF32 = peakF32;
  device.peakF16 = peakF16;
  device.peakF64 = peakF64;
  MemoryAnalysis before(func);
  // The analysis has reported where its byte counts overflowed; a plan
  // against saturated numbers would be a plan against the wrong step.
  if (before.overflowed())
    return signalPassFailure();
  std::optional<StepProblem> built =
      buildProblem(before, func.getBody().front(), device);
  if (!built)
    return signalPassFailure();
  StepProblem &step = *built;
  remat::Limit limit =
      parsed->isFraction ? remat::Limit::Activations : remat::Limit::Peak;
  // A byte budget bounds the compiled step's bytes unless measure=graph.
  bool onCompiled =
      limit == remat::Limit::Peak && measure == "compiled" && !budget.empty();
  const StepPlanner *planner = getStepPlanner();
  if (onCompiled && !planner) {
    emitError(func.getLoc(),
              "--dlc-remat: a byte budget bounds the compiled step, but this "
              "tool has no step planner (it registers no pipelines); use "
              "measure=graph to bound the graph-level peak");
    return signalPassFailure();
  }
  // The compiled step's bytes before: needed to meet a compiled budget,
  // else only reported, and then planned once the solver has a plan (so
  // that a solver's time limit bounds the time to its error), where a step
  // the pipeline cannot plan is a warning.
  std::optional<int64_t> compiledBefore;
  auto planBefore = [&]() -> LogicalResult {
    if (!planner)
      return success();
    FailureOr<StepPlan> planned = planStep(*planner, func, onCompiled);
    if (onCompiled && failed(planned))
      return failure();
    if (succeeded(planned))
      compiledBefore = planned->total();
    return success();
  };
  if (onCompiled && failed(planBefore()))
    return signalPassFailure();
  // Checkpoints without a budget: whatever the marks give.
  int64_t bytes = budget.empty() ? std::numeric_limits<int64_t>::max()
                  : limit == remat::Limit::Peak
                      ? parsed->bytes
                      : static_cast<int64_t>(std::floor(
                            parsed->fraction * before.activationBytes()));
  auto measureOf = [&](const MemoryAnalysis &a) {
    return limit == remat::Limit::Peak ? a.peakBytes() : a.activationBytes();
  };
  StringRef what = onCompiled                    ? "compiled step"
                   : limit == remat::Limit::Peak ? "graph-level peak"
                                                 : "saved activations";
  int64_t measuredBefore = onCompiled ? *compiledBefore : measureOf(before);
  if (measuredBefore <= bytes && !checkpoints) {
    llvm::errs() << "dlc-remat: @" << func.getSymName() << ": the " << what
                 << " of " << formatBytesAndMiB(measuredBefore)
                 << " is within the budget of " << formatBytesAndMiB(bytes)
                 << "; nothing recomputed\n";
    return;
  }

  bool useMilp = solver == "milp" || (solver == "auto" && remat::haveMilp() &&
                                      step.problem.nodes.size() <= 300);
  std::string solverUsed = useMilp ? "milp" : "heuristic";
  // One solve against `target` bytes of the solvers' own (graph-level)
  // measure; false (with an error emitted) when there is no answer to act
  // on: a fault of the solver, or no plan found in time.
  auto solve = [&](int64_t target, remat::SolveResult &result) {
    solverUsed = useMilp ? "milp" : "heuristic";
    if (checkpoints) {
      solverUsed = "checkpoints";
      std::vector<char> marked(step.nodeOps.size(), 0);
      for (auto [v, op] : llvm::enumerate(step.nodeOps))
        marked[v] = op->hasAttr(DlcDialect::getCheckpointAttrName());
      result = {};
      result.plan = remat::checkpointPlan(step.problem, marked);
      remat::Profile profile;
      if (std::optional<std::string> fault =
              remat::evaluate(step.problem, result.plan, profile)) {
        emitError(func.getLoc()) << "--dlc-remat: internal error: " << *fault;
        return false;
      }
      result.cost = profile.cost;
      result.status = remat::Status::Feasible;
      return true;
    }
    result =
        useMilp
            ? remat::solveMilp(step.problem, limit, target, secondsLeft())
            : remat::solveGreedy(step.problem, limit, target, secondsLeft());
    if (!result.internalError.empty()) {
      emitError(func.getLoc()) << "--dlc-remat: internal error in "
                               << solverUsed << ": " << result.internalError;
      return false;
    }
    if (useMilp && solver == "auto" &&
        result.status == remat::Status::Unknown) {
      bool timedOut = result.timedOut;
      result = remat::solveGreedy(step.problem, limit, target, secondsLeft());
      result.timedOut |= timedOut;
      solverUsed = "heuristic (the MILP found no plan in time)";
    }
    if (result.status == remat::Status::Unknown) {
      InFlightDiagnostic diag = emitError(func.getLoc());
      diag << "--dlc-remat: " << solverUsed << " found no plan";
      if (result.timedOut)
        diag << " within the time limit of " << fixed("%g", timeLimit) << " s";
      if (!result.log.empty())
        diag << " (" << result.log << ")";
      if (result.timedOut)
        diag << "; raise time-limit"
             << (useMilp ? " or use solver=heuristic" : "");
      else if (useMilp)
        diag << "; use solver=heuristic";
      return false;
    }
    if (result.status == remat::Status::Infeasible &&
        result.smallestBudget < 0 && !onCompiled) {
      emitError(func.getLoc())
          << "--dlc-remat: the budget of " << formatBytesAndMiB(target)
          << " for the " << what << " cannot be met (proven by " << solverUsed
          << "); the time limit passed before the smallest reachable "
             "budget was found";
      return false;
    }
    return true;
  };

  SmallVector<Operation *> ops(before.schedule());
  OpCost step0;
  for (Operation *op : ops)
    step0 += estimateCost(op, device);
  remat::SolveResult result;
  std::optional<int64_t> compiledAfter;
  unsigned attempts = 0;
  if (onCompiled && !checkpoints) {
    auto module = func->getParentOfType<ModuleOp>();
    std::string name = (func.getSymName() + ".remat").str();
    for (unsigned i = 1; SymbolTable::lookupSymbolIn(module, name); ++i)
      name = (func.getSymName() + ".remat" + Twine(i)).str();
    // The greedy finds the graph-level target fast; the MILP then solves
    // for the least recompute time at that target (its proofs of
    // infeasibility below the reachable peak would take all the time).
    bool milpAfter = useMilp;
    useMilp = false;
    FailureOr<CompiledSearch> search = searchCompiledBudget(
        func, name, step, ops, bytes, *compiledBefore - before.peakBytes(),
        before.peakBytes(), *planner, solve);
    if (failed(search))
      return signalPassFailure();
    attempts = search->plans;
    if (!search->fit.copy) {
      InFlightDiagnostic diag = emitError(func.getLoc());
      diag << "--dlc-remat: the budget of " << formatBytesAndMiB(bytes)
           << " for the compiled step cannot be met with " << solverUsed
           << "; ";
      if (search->leastTarget >= 0)
        diag << "the least found is " << formatBytesAndMiB(search->least)
             << ", with budget=" << search->leastTarget << "B measure=graph (";
      else
        diag << "no plan was made (";
      diag << attempts << (attempts == 1 ? " plan" : " plans")
           << " of the compiled step tried; the least graph-level peak "
              "reached is "
           << (search->floor >= 0 ? formatBytesAndMiB(search->floor)
                                  : std::string("not known"))
           << ")";
      return signalPassFailure();
    }
    PlannedCopy chosen = search->fit;
    result = std::move(search->result);
    if (milpAfter) {
      useMilp = true;
      remat::SolveResult exact;
      if (!solve(search->target, exact))
        return signalPassFailure();
      std::string heuristicNote;
      if (exact.status == remat::Status::Optimal ||
          exact.status == remat::Status::Feasible) {
        FailureOr<PlannedCopy> planned =
            planCopy(func, name + ".milp", step, ops, exact.plan, *planner);
        if (failed(planned))
          return signalPassFailure();
        ++attempts;
        if (planned->compiled <= bytes) {
          chosen.copy.erase();
          chosen = *planned;
          result = std::move(exact);
        } else {
          planned->copy.erase();
          heuristicNote = "the MILP's plan at the same graph-level target "
                          "needs " +
                          formatBytesAndMiB(planned->compiled) +
                          " compiled; the heuristic's plan is kept";
        }
      } else {
        heuristicNote = "the MILP found no plan at the heuristic's "
                        "graph-level target; the heuristic's plan is kept";
      }
      if (!heuristicNote.empty()) {
        useMilp = false;
        solverUsed = "heuristic";
        result.note = heuristicNote;
      }
    }
    func.getBody().takeBody(chosen.copy.getBody());
    chosen.copy.erase();
    compiledAfter = chosen.compiled;
  } else {
    if (!solve(bytes, result))
      return signalPassFailure();
    if (result.status == remat::Status::Infeasible) {
      InFlightDiagnostic diag = emitError(func.getLoc());
      diag << "--dlc-remat: the budget of " << formatBytesAndMiB(bytes)
           << " for the " << what << " cannot be met; the smallest reachable "
           << "with " << solverUsed << " is "
           << formatBytesAndMiB(result.smallestBudget);
      if (limit == remat::Limit::Activations && before.activationBytes() > 0)
        diag << ", budget="
             << fixed("%.4f",
                      double(result.smallestBudget) / before.activationBytes());
      return signalPassFailure();
    }
    if (!onCompiled && failed(planBefore()))
      return signalPassFailure();
    rewrite(step.problem, step.nodeOps, result.plan, ops);
  }

  MemoryAnalysis after(func);
  if (after.overflowed())
    return signalPassFailure();
  if (planner && !compiledAfter) {
    FailureOr<StepPlan> planned = planStep(*planner, func, onCompiled);
    if (onCompiled && failed(planned))
      return signalPassFailure();
    if (succeeded(planned))
      compiledAfter = planned->total();
  }
  int64_t measuredAfter = onCompiled ? *compiledAfter : measureOf(after);
  if (checkpoints && measuredAfter > bytes) {
    // The marks fix the plan; the budget is only checked, on the rewritten
    // step.
    emitError(func.getLoc())
        << "--dlc-remat: the budget of " << formatBytesAndMiB(bytes)
        << " for the " << what << " cannot be met by the ops marked "
        << DlcDialect::getCheckpointAttrName() << ", which need "
        << formatBytesAndMiB(measuredAfter);
    return signalPassFailure();
  }
  if (measuredAfter > bytes) {
    emitError(func.getLoc())
        << "--dlc-remat: internal error: the rewritten step's " << what
        << " is " << formatBytesAndMiB(measuredAfter) << ", over the budget of "
        << formatBytesAndMiB(bytes);
    return signalPassFailure();
  }
  OpCost extra;
  unsigned copies = 0;
  // The body may be a planned copy's by now.
  func.getBody().front().walk([&](Operation *op) {
    if (op->hasAttr(DlcDialect::getRecomputedAttrName())) {
      extra += estimateCost(op, device);
      ++copies;
    }
  });
  llvm::raw_ostream &remark = llvm::errs();
  remark << "dlc-remat: @" << func.getSymName() << " (" << solverUsed << ", "
         << (result.status == remat::Status::Optimal ? "optimal" : "feasible");
  if (useMilp && result.status == remat::Status::Feasible &&
      result.lowerBound >= 0)
    remark << ", lower bound " << fixed("%.3f ms", result.lowerBound * 1e3);
  remark << ", " << fixed("%.2f s", result.seconds) << "): " << copies
         << " recomputed ops, " << fixed("%.3f", extra.flops / 1e9)
         << " GFLOP, estimated " << fixed("%.3f ms", extra.seconds * 1e3)
         << " (" << fixed("%.1f%%", 100 * extra.seconds / step0.seconds)
         << " of the step's " << fixed("%.3f ms", step0.seconds * 1e3) << "); ";
  if (compiledBefore && compiledAfter)
    remark << "compiled step " << formatBytesAndMiB(*compiledBefore) << " -> "
           << formatBytesAndMiB(*compiledAfter)
           << (attempts > 1 ? " (" + std::to_string(attempts) + " plans)"
                            : std::string())
           << ", ";
  remark << "graph-level peak " << formatBytesAndMiB(before.peakBytes())
         << " -> " << formatBytesAndMiB(after.peakBytes())
         << ", saved activations "
         << formatBytesAndMiB(before.activationBytes()) << " -> "
         << formatBytesAndMiB(after.activationBytes());
  if (result.timedOut)
    remark << "; stopped at the time limit of " << fixed("%g", timeLimit)
           << " s" << (solverUsed == "milp" ? ", not proven optimal" : "");
  if (!result.note.empty())
    remark << "; " << result.note;
  remark << "\n";
  reportCounts(func, copies, before.peakBytes() - after.peakBytes(),
               before.activationBytes() - after.activationBytes());
}

} // namespace
