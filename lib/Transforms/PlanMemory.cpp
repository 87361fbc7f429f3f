//===- PlanMemory.cpp - Place a step's buffers in one arena ---------------===//
//
// --dlc-plan-memory: collects the function's plannable allocations with their
// live ranges over the block's schedule, asks the planner library for
// offsets, and rewrites each allocation into a view of one arena. The
// dialect's verifier (DlcMemoryPlan.cpp) checks the result. Byte sizes are
// checked: buffers that need more than 2^63 - 1 bytes, alone or live
// together, are an error at their allocation, never a wrapped offset.
//
//===----------------------------------------------------------------------===//

#include "dlc/Transforms/Passes.h"

#include "dlc/Analysis/MemoryAnalysis.h"
#include "dlc/Dialect/Dlc/IR/DlcDialect.h"
#include "dlc/Dialect/Dlc/IR/DlcMemoryPlan.h"
#include "dlc/Planning/Placement/Placement.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/IR/Remarks.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/raw_ostream.h"

#include <limits>

namespace mlir::dlc {
#define GEN_PASS_DEF_DLCPLANMEMORYPASS
#include "dlc/Transforms/Passes.h.inc"
} // namespace mlir::dlc

using namespace mlir;
using namespace mlir::dlc;

namespace {

/// Whether `func` is the last function with a body of its module (or has no
/// module).
bool isLastFunctionWithBody(func::FuncOp func) {
  auto module = func->getParentOfType<ModuleOp>();
  if (!module)
    return true;
  func::FuncOp last;
  for (auto f : module.getOps<func::FuncOp>())
    if (!f.isExternal())
      last = f;
  return last == func;
}

struct PlanMemoryPass : dlc::impl::DlcPlanMemoryPassBase<PlanMemoryPass> {
  using Base::Base;

  void runOnOperation() override {
    func::FuncOp func = getOperation();
    if (func.isExternal() || func->hasAttr(DlcDialect::getArenaSizeAttrName()))
      return;
    if (solver != "best-fit" && solver != "exact") {
      func.emitError() << "unknown solver '" << solver
                       << "' for --dlc-plan-memory; expected best-fit or exact";
      return signalPassFailure();
    }
    if (alignment <= 0 || (alignment & (alignment - 1)) != 0) {
      func.emitError() << "--dlc-plan-memory alignment must be a power of "
                          "two, got "
                       << static_cast<int64_t>(alignment);
      return signalPassFailure();
    }

    Block &block = func.getBody().front();
    DenseMap<Operation *, unsigned> positions = schedulePositions(block);
    SmallVector<memref::AllocOp> allocs;
    std::vector<planning::Buffer> buffers;
    for (Operation &op : block) {
      auto alloc = dyn_cast<memref::AllocOp>(&op);
      if (!alloc || !alloc.getType().getLayout().isIdentity() ||
          alloc.getType().getMemorySpace())
        continue;
      std::optional<int64_t> bytes =
          MemoryAnalysis::checkedBytesOf(alloc.getType());
      if (!bytes) {
        alloc.emitOpError("of ")
            << alloc.getType() << " needs more than "
            << std::numeric_limits<int64_t>::max()
            << " bytes (2^63 - 1), more than an arena with 64-bit offsets "
               "holds; --dlc-plan-memory cannot place it";
        return signalPassFailure();
      }
      if (!*bytes)
        continue;
      std::optional<unsigned> last =
          lastUseOfBuffer(alloc, block, positions, planResults);
      if (!last)
        continue;
      planning::Buffer b;
      b.id = std::to_string(allocs.size());
      b.lower = positions.lookup(alloc);
      b.upper = *last + 1;
      b.size = *bytes;
      b.alignment = alignment;
      buffers.push_back(b);
      allocs.push_back(alloc);
    }
    if (allocs.empty())
      return;
    size_t culprit = 0;
    std::string problem = planning::validateBuffers(buffers, &culprit);
    if (!problem.empty()) {
      allocs[culprit].emitOpError("cannot be planned by --dlc-plan-memory ")
          << "(it is buffer " << culprit
          << "; times are op positions in the block): " << problem;
      return signalPassFailure();
    }

    planning::SolveOptions options;
    options.solver =
        solver == "exact" ? planning::Solver::Exact : planning::Solver::BestFit;
    options.timeLimit = timeLimit;
    planning::SolveResult plan = planning::solve(buffers, options);
    if (plan.status == planning::Status::Infeasible ||
        plan.status == planning::Status::Unknown) {
      func.emitError("--dlc-plan-memory found no plan of at most ")
          << std::numeric_limits<int64_t>::max() << " bytes for "
          << buffers.size() << " buffers ("
          << (plan.status == planning::Status::Infeasible ? "proven infeasible"
              : options.solver == planning::Solver::BestFit
                  ? "best-fit found none; solver=exact may"
                  : "none found within the time limit")
          << ")";
      return signalPassFailure();
    }
    // The solvers' plans check by construction; never rewrite the IR with one
    // that does not.
    problem = planning::validatePlan(buffers, plan.offsets);
    if (!problem.empty()) {
      func.emitError("--dlc-plan-memory: internal error, invalid plan: ")
          << problem;
      return signalPassFailure();
    }
    // One file, so one function writes it: the module's last function with
    // a body (after --dlc-autodiff, the training step). The pass runs on the
    // functions in parallel; two writers would interleave.
    if (!csvPath.empty() && isLastFunctionWithBody(func) &&
        failed(writeCsv(buffers)))
      return signalPassFailure();

    OpBuilder b(&block, block.begin());
    Location loc = func.getLoc();
    auto arenaType = MemRefType::get({plan.peak}, b.getI8Type());
    auto arena = memref::AllocOp::create(b, loc, arenaType,
                                         b.getI64IntegerAttr(alignment));
    arena->setAttr(DlcDialect::getArenaAttrName(), b.getUnitAttr());
    for (auto [index, alloc, offset] : llvm::enumerate(allocs, plan.offsets)) {
      b.setInsertionPoint(alloc);
      Value shift = arith::ConstantIndexOp::create(b, alloc.getLoc(), offset);
      auto view = memref::ViewOp::create(b, alloc.getLoc(), alloc.getType(),
                                         arena, shift, ValueRange{});
      // Distinct buffers at the same offset stay distinct views (CSE would
      // otherwise merge them and their live ranges).
      view->setAttr(DlcDialect::getBufferAttrName(),
                    b.getI64IntegerAttr(index));
      alloc.replaceAllUsesWith(view.getResult());
      alloc.erase();
    }
    reportCounts(func, allocs.size(), plan.peak, plan.lowerBound);
    func->setAttr(DlcDialect::getArenaSizeAttrName(),
                  b.getI64IntegerAttr(plan.peak));
    func->setAttr(DlcDialect::getArenaLowerBoundAttrName(),
                  b.getI64IntegerAttr(plan.lowerBound));
  }

  /// Adds a planned function's counts to the statistics, which an LLVM built
  /// without them (a release build) neither keeps nor prints, and reports the
  /// same numbers as an analysis remark, which every build prints under
  /// `--remarks-filter=dlc-plan-memory`.
  void reportCounts(func::FuncOp func, uint64_t buffers, int64_t arena,
                    int64_t lowerBound) {
    numBuffers += buffers;
    arenaBytes += arena;
    bytesOverLowerBound += arena - lowerBound;
    remark::analysis(func.getLoc(), remark::RemarkOpts::name("arena")
                                        .category(getArgument())
                                        .function(func.getSymName()))
        << remark::metric("buffers", buffers)
        << remark::metric("arena-bytes", arena)
        << remark::metric("bytes-over-lower-bound", arena - lowerBound);
  }

  LogicalResult writeCsv(const std::vector<planning::Buffer> &buffers) {
    std::error_code error;
    llvm::raw_fd_ostream os(csvPath, error, llvm::sys::fs::OF_Text);
    if (error)
      return getOperation().emitError()
             << "cannot write '" << csvPath << "': " << error.message();
    os << "id,lower,upper,size,alignment\n";
    for (const planning::Buffer &b : buffers)
      os << b.id << "," << b.lower << "," << b.upper << "," << b.size << ","
         << b.alignment << "\n";
    os.close();
    if (os.has_error()) {
      std::error_code failure = os.error();
      // Cleared, or the stream would abort the process when destroyed.
      os.clear_error();
      return getOperation().emitError()
             << "--dlc-plan-memory: cannot write '" << csvPath
             << "': " << failure.message();
    }
    return success();
  }
};

} // namespace
