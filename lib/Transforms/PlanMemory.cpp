//===- PlanMemory.cpp - Place a step's buffers in one arena ---------------===//
//
// --dlc-plan-memory: collects the function's plannable allocations with their
// live ranges over the block's schedule, asks the planner library for
// offsets, and rewrites each allocation into a view of one arena. The
// dialect's verifier (DlcMemoryPlan.cpp) checks the result.
//
//===----------------------------------------------------------------------===//

#include "dlc/Transforms/Passes.h"

#include "dlc/Dialect/Dlc/IR/DlcDialect.h"
#include "dlc/Dialect/Dlc/IR/DlcMemoryPlan.h"
#include "dlc/Planning/Placement/Placement.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/IR/Remarks.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/raw_ostream.h"

namespace mlir::dlc {
#define GEN_PASS_DEF_DLCPLANMEMORYPASS
#include "dlc/Transforms/Passes.h.inc"
} // namespace mlir::dlc

using namespace mlir;
using namespace mlir::dlc;

namespace {

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
          alloc.getType().getMemorySpace() || !shapedBytes(alloc.getType()))
        continue;
      std::optional<unsigned> last = lastUseOfBuffer(alloc, block, positions);
      if (!last)
        continue;
      planning::Buffer b;
      b.id = std::to_string(allocs.size());
      b.lower = positions.lookup(alloc);
      b.upper = *last + 1;
      b.size = shapedBytes(alloc.getType());
      b.alignment = alignment;
      buffers.push_back(b);
      allocs.push_back(alloc);
    }
    if (allocs.empty())
      return;

    planning::SolveOptions options;
    options.solver =
        solver == "exact" ? planning::Solver::Exact : planning::Solver::BestFit;
    options.timeLimit = timeLimit;
    planning::SolveResult plan = planning::solve(buffers, options);
    if (plan.offsets.empty()) {
      func.emitError("--dlc-plan-memory found no plan");
      return signalPassFailure();
    }
    if (!csvPath.empty() && failed(writeCsv(buffers)))
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
    return success();
  }
};

} // namespace
