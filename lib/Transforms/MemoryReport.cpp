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
    printMemoryReport(llvm::errs(), analysis, chosen);
    if (!jsonPath.empty() &&
        failed(writeFile(jsonPath, [&](llvm::raw_ostream &os) {
          os << llvm::formatv("{0:2}", memoryReportToJson(analysis, chosen))
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
