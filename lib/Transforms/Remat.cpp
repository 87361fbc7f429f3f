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
#include "dlc/Dialect/Dlc/IR/DlcDialect.h"
#include "dlc/Planning/Remat/Remat.h"
#include "dlc/Support/ByteSize.h"

#include "mlir/IR/IRMapping.h"
#include "mlir/IR/Remarks.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"
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
/// later read redirected to the copy current at its position.
void rewrite(const StepProblem &step, const remat::Plan &plan,
             ArrayRef<Operation *> ops) {
  MLIRContext *ctx = ops.front()->getContext();
  const remat::Problem &problem = step.problem;
  SmallVector<SmallVector<Value>> current(step.nodeOps.size());
  for (auto [v, op] : llvm::enumerate(step.nodeOps))
    current[v] = SmallVector<Value>(op->getResults());
  // Where each original result sits: node and result number.
  DenseMap<Value, std::pair<unsigned, unsigned>> original;
  for (auto [v, op] : llvm::enumerate(step.nodeOps))
    for (auto [i, r] : llvm::enumerate(op->getResults()))
      original[r] = {static_cast<unsigned>(v), static_cast<unsigned>(i)};

  size_t next = 0;
  for (unsigned t = problem.firstStage; t < problem.numPositions; ++t) {
    OpBuilder builder(ops[t]);
    for (; next < plan.recomputes.size() && plan.recomputes[next].position == t;
         ++next) {
      unsigned v = plan.recomputes[next].node;
      Operation *op = step.nodeOps[v];
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

struct RematPass : dlc::impl::DlcRematPassBase<RematPass> {
  using Base::Base;

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
  Block &block = func.getBody().front();
  MemoryAnalysis before(func);
  // The analysis has reported where its byte counts overflowed; a plan
  // against saturated numbers would be a plan against the wrong step.
  if (before.overflowed())
    return signalPassFailure();
  std::optional<StepProblem> built = buildProblem(before, block, device);
  if (!built)
    return signalPassFailure();
  StepProblem &step = *built;
  remat::Limit limit =
      parsed->isFraction ? remat::Limit::Activations : remat::Limit::Peak;
  // Checkpoints without a budget: whatever the marks give.
  int64_t bytes = budget.empty() ? std::numeric_limits<int64_t>::max()
                  : limit == remat::Limit::Peak
                      ? parsed->bytes
                      : static_cast<int64_t>(std::floor(
                            parsed->fraction * before.activationBytes()));
  auto measureOf = [&](const MemoryAnalysis &a) {
    return limit == remat::Limit::Peak ? a.peakBytes() : a.activationBytes();
  };
  StringRef what = limit == remat::Limit::Peak ? "peak" : "saved activations";
  if (measureOf(before) <= bytes && !checkpoints) {
    llvm::errs() << "dlc-remat: @" << func.getSymName() << ": the " << what
                 << " of " << formatBytesAndMiB(measureOf(before))
                 << " is within the budget of " << formatBytesAndMiB(bytes)
                 << "; nothing recomputed\n";
    return;
  }

  bool useMilp = solver == "milp" || (solver == "auto" && remat::haveMilp() &&
                                      step.problem.nodes.size() <= 300);
  remat::SolveResult result;
  std::string solverUsed = useMilp ? "milp" : "heuristic";
  if (checkpoints) {
    solverUsed = "checkpoints";
    std::vector<char> marked(step.nodeOps.size(), 0);
    for (auto [v, op] : llvm::enumerate(step.nodeOps))
      marked[v] = op->hasAttr(DlcDialect::getCheckpointAttrName());
    result.plan = remat::checkpointPlan(step.problem, marked);
    remat::Profile profile;
    if (std::optional<std::string> fault =
            remat::evaluate(step.problem, result.plan, profile)) {
      emitError(func.getLoc()) << "--dlc-remat: internal error: " << *fault;
      return signalPassFailure();
    }
    result.cost = profile.cost;
    result.status = remat::Status::Feasible;
  } else if (useMilp) {
    result = remat::solveMilp(step.problem, limit, bytes, secondsLeft());
  } else {
    result = remat::solveGreedy(step.problem, limit, bytes, secondsLeft());
  }
  if (!result.internalError.empty()) {
    emitError(func.getLoc()) << "--dlc-remat: internal error in " << solverUsed
                             << ": " << result.internalError;
    return signalPassFailure();
  }
  if (useMilp && solver == "auto" && result.status == remat::Status::Unknown) {
    bool timedOut = result.timedOut;
    result = remat::solveGreedy(step.problem, limit, bytes, secondsLeft());
    result.timedOut |= timedOut;
    solverUsed = "heuristic (the MILP found no plan in time)";
  }
  if (result.status == remat::Status::Infeasible) {
    InFlightDiagnostic diag = emitError(func.getLoc());
    diag << "--dlc-remat: the budget of " << formatBytesAndMiB(bytes)
         << " for the " << what << " cannot be met";
    if (result.smallestBudget < 0) {
      diag << " (proven by " << solverUsed
           << "); the time limit passed before the smallest reachable "
              "budget was found";
      return signalPassFailure();
    }
    diag << "; the smallest reachable with " << solverUsed << " is "
         << formatBytesAndMiB(result.smallestBudget);
    if (limit == remat::Limit::Activations && before.activationBytes() > 0)
      diag << ", budget="
           << fixed("%.4f",
                    double(result.smallestBudget) / before.activationBytes());
    return signalPassFailure();
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
    return signalPassFailure();
  }

  SmallVector<Operation *> ops(before.schedule());
  OpCost step0;
  for (Operation *op : ops)
    step0 += estimateCost(op, device);
  rewrite(step, result.plan, ops);

  MemoryAnalysis after(func);
  if (after.overflowed())
    return signalPassFailure();
  if (checkpoints && measureOf(after) > bytes) {
    // The marks fix the plan; the budget is only checked, on the rewritten
    // step as the memory analysis measures it.
    emitError(func.getLoc())
        << "--dlc-remat: the budget of " << formatBytesAndMiB(bytes)
        << " for the " << what << " cannot be met by the ops marked "
        << DlcDialect::getCheckpointAttrName() << ", which need "
        << formatBytesAndMiB(measureOf(after));
    return signalPassFailure();
  }
  if (measureOf(after) > bytes) {
    emitError(func.getLoc())
        << "--dlc-remat: internal error: the rewritten step's " << what
        << " is " << formatBytesAndMiB(measureOf(after))
        << ", over the budget of " << formatBytesAndMiB(bytes);
    return signalPassFailure();
  }
  OpCost extra;
  unsigned copies = 0;
  block.walk([&](Operation *op) {
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
         << " of the step's " << fixed("%.3f ms", step0.seconds * 1e3)
         << "); peak " << formatBytesAndMiB(before.peakBytes()) << " -> "
         << formatBytesAndMiB(after.peakBytes()) << ", saved activations "
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
