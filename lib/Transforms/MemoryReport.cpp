//===- MemoryReport.cpp - Print the memory analysis of a step -------------===//
//
// The dlc-memory-report pass: picks the function, runs MemoryAnalysis and
// writes its report (Analysis/MemoryReport.h) as text on stderr and, when
// asked, as JSON and SVG files.
//
//===----------------------------------------------------------------------===//

#include "dlc/Transforms/Passes.h"

#include "dlc/Analysis/MemoryAnalysis.h"
#include "dlc/Analysis/MemoryReport.h"
#include "dlc/Analysis/StepPlan.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/raw_ostream.h"

namespace mlir::dlc {
#define GEN_PASS_DEF_DLCMEMORYREPORTPASS
#include "dlc/Transforms/Passes.h.inc"
} // namespace mlir::dlc

using namespace mlir;
using namespace mlir::dlc;

namespace {

struct MemoryReportPass : dlc::impl::DlcMemoryReportPassBase<MemoryReportPass> {
  using Base::Base;

  void getDependentDialects(DialectRegistry &registry) const override {
    Base::getDependentDialects(registry);
    // Planning the compiled step runs the pipeline's stages on a copy.
    if (const StepPlanner *planner = getStepPlanner())
      planner->getDependentDialects(registry);
  }

  void runOnOperation() override {
    func::FuncOp chosen;
    for (auto func : getOperation().getOps<func::FuncOp>())
      if (!func.isExternal() &&
          (function.empty() || func.getName() == function))
        chosen = func;
    if (!chosen) {
      emitError(getOperation().getLoc())
          << "--dlc-memory-report: no function "
          << (function.empty() ? std::string("with a body")
                               : "named '" + function + "'");
      return signalPassFailure();
    }
    if (!chosen.getBody().hasOneBlock()) {
      chosen.emitError("--dlc-memory-report needs a single-block function");
      return signalPassFailure();
    }
    MemoryAnalysis analysis(chosen);
    // Saturated numbers are bounds, not a report: the analysis has said
    // where the bytes overflowed.
    if (analysis.overflowed())
      return signalPassFailure();
    // The compiled step's bytes, where a planner is installed and the step
    // can be planned (a graph the pipeline cannot lower is still reported:
    // the planner's error says why, as a warning).
    std::optional<StepPlan> plan;
    // Bufferized IR is already compiled this far: its arena is in the IR
    // (and reported as such).
    bool onTensors = llvm::none_of(chosen.getArgumentTypes(), [](Type t) {
      return isa<BaseMemRefType>(t);
    });
    if (compiled && onTensors) {
      const StepPlanner *planner = getStepPlanner();
      if (!planner) {
        chosen.emitWarning("--dlc-memory-report: no step planner is "
                           "installed (the tool registers no pipelines): the "
                           "compiled step's bytes are not reported");
      } else {
        ScopedDiagnosticHandler demote(
            &getContext(), [&](Diagnostic &diag) -> LogicalResult {
              if (diag.getSeverity() != DiagnosticSeverity::Error)
                return failure();
              chosen.emitWarning("--dlc-memory-report: ") << diag.str();
              return success();
            });
        FailureOr<StepPlan> planned = planner->plan(chosen);
        if (succeeded(planned))
          plan = *planned;
      }
    }
    const StepPlan *planPtr = plan ? &*plan : nullptr;
    printMemoryReport(llvm::errs(), analysis, chosen, planPtr);
    if (!jsonPath.empty() &&
        failed(writeFile(jsonPath, [&](llvm::raw_ostream &os) {
          os << llvm::formatv("{0:2}",
                              memoryReportToJson(analysis, chosen, planPtr))
             << "\n";
        })))
      return signalPassFailure();
    if (!svgPath.empty() &&
        failed(writeFile(svgPath, [&](llvm::raw_ostream &os) {
          writeMemoryTimelineSvg(os, analysis, chosen.getName());
        })))
      return signalPassFailure();
    markAllAnalysesPreserved();
  }

  LogicalResult writeFile(StringRef path,
                          function_ref<void(llvm::raw_ostream &)> write) {
    std::error_code ec;
    llvm::raw_fd_ostream os(path, ec, llvm::sys::fs::OF_Text);
    if (ec)
      return emitError(getOperation().getLoc())
             << "--dlc-memory-report: cannot write '" << path
             << "': " << ec.message();
    write(os);
    // A write that did not reach the file (a full disk) is an error here,
    // not an abort in the stream's destructor.
    os.close();
    if (!os.has_error())
      return success();
    std::error_code error = os.error();
    os.clear_error();
    return emitError(getOperation().getLoc())
           << "--dlc-memory-report: cannot write '" << path
           << "': " << error.message();
  }
};

} // namespace
