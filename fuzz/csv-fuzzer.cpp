//===- csv-fuzzer.cpp - Fuzz dlc-malloc's CSV reader and the planner ------===//
//
// Bytes are read as dlc-malloc reads its --input (readBufferCsv), and every
// table that reads is then planned as dlc-malloc would plan it, checking the
// promises of Placement.h on the way: a plan a solver returns validates, no
// peak lies below the lower bound, an optimal plan is no worse than
// best-fit's, and the exact solver never calls infeasible a capacity that
// best-fit has just met. A reader that crashes, hangs or lets through a
// table the solvers cannot take is a finding; so is a wrong plan.
//
// Inputs are capped at kMaxInputBytes (a few hundred rows), and the exact
// search runs on small tables only, for a short time, so that each input
// takes milliseconds.
//
//===----------------------------------------------------------------------===//

#include "FuzzInput.h"

#include "dlc/Planning/Placement/BufferCsv.h"
#include "dlc/Planning/Placement/Placement.h"

#include <string>
#include <string_view>

using namespace mlir::dlc::planning;
using dlcfuzz::brokenPromise;

namespace {

constexpr size_t kMaxInputBytes = 16 << 10;
/// The exact search is exponential: beyond this many buffers it only would
/// spend its time limit on every input.
constexpr size_t kMaxExactBuffers = 16;

/// Checks what `solve` promises of `result` for `buffers`.
void checkResult(const std::vector<Buffer> &buffers, const SolveResult &result,
                 int64_t capacity, const char *solver) {
  if (result.status == Status::Infeasible || result.status == Status::Unknown) {
    if (!result.offsets.empty())
      brokenPromise(std::string(solver) + " returned offsets without a plan");
    return;
  }
  if (std::string problem = validatePlan(buffers, result.offsets, capacity);
      !problem.empty())
    brokenPromise(std::string(solver) +
                  " returned an invalid plan: " + problem);
  if (result.peak != planPeak(buffers, result.offsets))
    brokenPromise(std::string(solver) + " reports peak " +
                  std::to_string(result.peak) + " but its plan needs " +
                  std::to_string(planPeak(buffers, result.offsets)));
  if (result.peak < result.lowerBound ||
      result.peak < liveBytesLowerBound(buffers))
    brokenPromise(std::string(solver) + " reports peak " +
                  std::to_string(result.peak) + " below its lower bound " +
                  std::to_string(result.lowerBound));
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size > kMaxInputBytes)
    return -1;
  uint64_t hash = dlcfuzz::inputHash(data, size);
  BufferTable table;
  // Half the inputs are read as `dlc-malloc --validate` reads them.
  bool validate = hash & 1;
  if (readBufferCsv(
          std::string_view(reinterpret_cast<const char *>(data), size), table,
          validate ? "--validate" : ""))
    return 0;
  const std::vector<Buffer> &buffers = table.buffers;
  bool hasOffsets = validate || !table.offsets.empty();
  if ((hasOffsets && table.offsets.size() != buffers.size()) ||
      table.lines.size() != buffers.size())
    brokenPromise("the table's offsets or lines do not match its buffers");
  if (!validateBuffers(buffers).empty())
    brokenPromise("readBufferCsv accepted buffers that validateBuffers "
                  "refuses");
  int64_t bound = liveBytesLowerBound(buffers);

  // A given plan: if it validates, it needs at least the bytes live at once.
  if (!table.offsets.empty() && validatePlan(buffers, table.offsets).empty() &&
      planPeak(buffers, table.offsets) < bound)
    brokenPromise("a valid plan of peak " +
                  std::to_string(planPeak(buffers, table.offsets)) +
                  " lies below the lower bound " + std::to_string(bound));

  SolveOptions bestFit;
  bestFit.solver = Solver::BestFit;
  SolveResult fit = solve(buffers, bestFit);
  checkResult(buffers, fit, 0, "best-fit");

  if (buffers.size() > kMaxExactBuffers)
    return 0;
  SolveOptions exact;
  exact.solver = Solver::Exact;
  exact.timeLimit = 0.005;
  bool planned =
      fit.status == Status::Optimal || fit.status == Status::Feasible;
  // Half the time at best-fit's peak, which must then be found feasible.
  if (planned && (hash & 2))
    exact.capacity = fit.peak;
  SolveResult best = solve(buffers, exact);
  checkResult(buffers, best, exact.capacity, "exact");
  if (exact.capacity && best.status == Status::Infeasible)
    brokenPromise("exact calls capacity " + std::to_string(exact.capacity) +
                  " infeasible, which best-fit's plan meets");
  if (planned && !exact.capacity && best.status == Status::Optimal &&
      best.peak > fit.peak)
    brokenPromise("exact's optimal peak " + std::to_string(best.peak) +
                  " is above best-fit's " + std::to_string(fit.peak));
  return 0;
}
