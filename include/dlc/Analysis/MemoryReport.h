//===- MemoryReport.h - Render the memory analysis of a step ----*- C++ -*-===//
//
// The memory report of a function as a user reads it: text (the compiled
// step's bytes first, when planned; then the graph-level peak, saved
// activations, the arena planned, the ops recomputed, the breakdown and the
// largest values at the graph-level peak), JSON with the same figures and
// the timeline, and an SVG plot of live bytes per category over the
// schedule.
//
//===----------------------------------------------------------------------===//

#ifndef DLC_ANALYSIS_MEMORYREPORT_H
#define DLC_ANALYSIS_MEMORYREPORT_H

#include "mlir/Support/LLVM.h"

namespace llvm {
class raw_ostream;
namespace json {
class Value;
} // namespace json
} // namespace llvm

namespace mlir {
namespace func {
class FuncOp;
} // namespace func
namespace dlc {
class MemoryAnalysis;
struct StepPlan;

/// Prints the text report of `analysis` (of `func`) to `os`, with the
/// compiled step's bytes when `plan` is given.
void printMemoryReport(llvm::raw_ostream &os, const MemoryAnalysis &analysis,
                       func::FuncOp func, const StepPlan *plan = nullptr);

/// The report's figures and timeline as JSON (`step_bytes`: the compiled
/// step's bytes and `compiled` the same by kind, or null without a plan;
/// `peak_bytes`: the graph-level peak).
llvm::json::Value memoryReportToJson(const MemoryAnalysis &analysis,
                                     func::FuncOp func,
                                     const StepPlan *plan = nullptr);

/// Writes the SVG plot of live bytes per category over the schedule of
/// the function `name`.
void writeMemoryTimelineSvg(llvm::raw_ostream &os,
                            const MemoryAnalysis &analysis, StringRef name);

} // namespace dlc
} // namespace mlir

#endif // DLC_ANALYSIS_MEMORYREPORT_H
