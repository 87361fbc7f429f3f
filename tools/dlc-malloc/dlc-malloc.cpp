//===- dlc-malloc.cpp - Static memory planning from the command line ------===//
//
// Plans buffers given as CSV (MiniMalloc's format: `id,lower,upper,size`,
// live on [lower, upper)) into one arena with dlc's planner, and writes the
// offsets as CSV with an `offset` column. `--validate` checks a given plan.
//
// Exit status: 0 when a plan was found (or validated), 1 on errors (bad
// input, invalid plan, output that cannot be written), 2 when no plan within
// the capacity was found (proven infeasible, or the time limit ran out).
// The CSV is read by readBufferCsv (Placement/BufferCsv.h): malformed rows
// are reported with their line; no size, offset or sum wraps.
//
//===----------------------------------------------------------------------===//

#include "dlc/Planning/Placement/BufferCsv.h"
#include "dlc/Planning/Placement/Placement.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/WithColor.h"
#include "llvm/Support/raw_ostream.h"

#include <limits>
#include <optional>

using namespace llvm;
using namespace mlir::dlc::planning;

static cl::OptionCategory category("dlc-malloc options");

static cl::opt<std::string>
    inputPath("input",
              cl::desc("Buffers as CSV: id,lower,upper,size "
                       "[,alignment] [,offset]"),
              cl::value_desc("file.csv"), cl::cat(category));
static cl::opt<std::string>
    outputPath("output",
               cl::desc("Write the plan as CSV (the input's columns plus "
                        "offset)"),
               cl::value_desc("file.csv"), cl::cat(category));
static cl::opt<int64_t> capacityOpt(
    "capacity",
    cl::desc("Arena size in bytes that the plan must fit (0: find the "
             "smallest arena)"),
    cl::init(0), cl::cat(category));
static cl::opt<Solver> solverOpt(
    "solver", cl::desc("Planner"), cl::init(Solver::Exact),
    cl::values(clEnumValN(Solver::BestFit, "best-fit",
                          "best-fit over several orderings (fast)"),
               clEnumValN(Solver::Exact, "exact",
                          "branch and bound over canonical placements "
                          "(proves optimality)")),
    cl::cat(category));
static cl::opt<double>
    timeLimit("time-limit",
              cl::desc("Seconds the exact solver may search (default 60)"),
              cl::init(60.0), cl::cat(category));
static cl::opt<bool>
    validateOnly("validate",
                 cl::desc("Check the plan in the input's offset column "
                          "instead of solving"),
                 cl::cat(category));

namespace {

/// Reads the CSV at `path` (BufferCsv.h). Errors are printed as
/// `path:line: message`.
std::optional<BufferTable> readTable(StringRef path) {
  auto file = MemoryBuffer::getFileOrSTDIN(path);
  if (!file) {
    WithColor::error(errs(), "dlc-malloc")
        << "cannot read '" << path << "': " << file.getError().message()
        << "\n";
    return std::nullopt;
  }
  BufferTable table;
  StringRef text = (*file)->getBuffer();
  if (BufferCsvError error =
          readBufferCsv(std::string_view(text.data(), text.size()), table,
                        validateOnly ? "--validate" : "")) {
    errs() << path << ":" << error.line << ": ";
    WithColor::error(errs()) << error.message << "\n";
    return std::nullopt;
  }
  return table;
}

/// Reports a failed write to `os` (named `path`) and clears its error, so
/// that the stream does not abort the program when it is destroyed.
bool checkWritten(raw_fd_ostream &os, StringRef path) {
  if (!os.has_error())
    return true;
  WithColor::error(errs(), "dlc-malloc")
      << "cannot write '" << path << "': " << os.error().message() << "\n";
  os.clear_error();
  return false;
}

bool writeTable(StringRef path, const BufferTable &table) {
  std::error_code error;
  raw_fd_ostream os(path, error, sys::fs::OF_Text);
  if (error) {
    WithColor::error(errs(), "dlc-malloc")
        << "cannot write '" << path << "': " << error.message() << "\n";
    return false;
  }
  bool aligned = llvm::any_of(table.buffers,
                              [](const Buffer &b) { return b.alignment != 1; });
  os << "id,lower,upper,size" << (aligned ? ",alignment" : "") << ",offset\n";
  for (auto [b, offset] : llvm::zip(table.buffers, table.offsets)) {
    os << b.id << "," << b.lower << "," << b.upper << "," << b.size;
    if (aligned)
      os << "," << b.alignment;
    os << "," << offset << "\n";
  }
  os.close();
  return checkWritten(os, path);
}

/// Flushes standard output and reports when it could not be written (a full
/// disk, a closed pipe): `status` when it was, else 1.
int finish(int status) {
  outs().flush();
  if (!checkWritten(outs(), "<stdout>"))
    return 1;
  return status;
}

} // namespace

int main(int argc, char **argv) {
  InitLLVM init(argc, argv);
  cl::HideUnrelatedOptions(category);
  cl::ParseCommandLineOptions(
      argc, argv,
      "dlc-malloc: place buffers with fixed live ranges in one arena\n\n"
      "  dlc-malloc --input=buffers.csv [--capacity=N] [--solver=exact]\n"
      "             [--time-limit=S] [--output=plan.csv]\n"
      "  dlc-malloc --input=plan.csv --validate [--capacity=N]\n\n"
      "Exit status: 0 plan found or valid, 1 error or invalid plan, 2 no "
      "plan within the capacity.\n");
  if (inputPath.empty()) {
    WithColor::error(errs(), "dlc-malloc") << "no --input=FILE.csv given\n";
    return 1;
  }
  if (capacityOpt < 0) {
    WithColor::error(errs(), "dlc-malloc")
        << "--capacity=" << capacityOpt
        << " is negative; give the arena's size in bytes, or 0 to find the "
           "smallest arena\n";
    return 1;
  }
  // NaN compares false both ways; 10^9 s (31 years) keeps the deadline
  // within the clock's range.
  if (!(timeLimit > 0) || !(timeLimit <= 1e9)) {
    WithColor::error(errs(), "dlc-malloc")
        << "--time-limit=" << format("%g", static_cast<double>(timeLimit))
        << " must be a number of seconds above 0 and at most 1e9\n";
    return 1;
  }
  std::optional<BufferTable> table = readTable(inputPath);
  if (!table)
    return 1;
  const std::vector<Buffer> &buffers = table->buffers;
  int64_t bound = liveBytesLowerBound(buffers);
  outs() << "buffers: " << buffers.size() << "\n"
         << "lower bound: " << bound << " bytes (most bytes live at once)\n";
  if (capacityOpt > 0)
    outs() << "capacity: " << capacityOpt << " bytes\n";

  if (validateOnly) {
    std::string problem = validatePlan(buffers, table->offsets, capacityOpt);
    if (!problem.empty()) {
      outs().flush();
      WithColor::error(errs(), "dlc-malloc")
          << "invalid plan: " << problem << "\n";
      return finish(1);
    }
    outs() << "valid plan; peak: " << planPeak(buffers, table->offsets)
           << " bytes\n";
    return finish(0);
  }

  SolveOptions options;
  options.solver = solverOpt;
  options.capacity = capacityOpt;
  options.timeLimit = timeLimit;
  SolveResult result = solve(buffers, options);
  bool planned =
      result.status != Status::Infeasible && result.status != Status::Unknown;
  outs() << "solver: " << (solverOpt == Solver::Exact ? "exact" : "best-fit")
         << "\n"
         << "status: " << stringifyStatus(result.status) << "\n";
  if (planned)
    outs() << "peak: " << result.peak << " bytes\n";
  if (result.lowerBound > bound)
    outs() << "proven lower bound: " << result.lowerBound << " bytes\n";
  outs() << format("time: %.3f s", result.seconds);
  if (solverOpt == Solver::Exact)
    outs() << " (" << result.nodes << " search nodes)";
  outs() << "\n";
  if (!planned) {
    outs().flush();
    errs() << "dlc-malloc: no plan within ";
    if (capacityOpt > 0)
      errs() << capacityOpt << " bytes";
    else
      errs() << std::numeric_limits<int64_t>::max()
             << " bytes (the largest arena 64-bit offsets address)";
    errs() << ": "
           << (result.status == Status::Infeasible ? "proven infeasible"
               : solverOpt == Solver::BestFit
                   ? "best-fit found none; try --solver=exact"
                   : "none found before the time limit")
           << "\n";
    return finish(2);
  }
  // Never hand out a plan that does not check.
  std::string problem = validatePlan(buffers, result.offsets, capacityOpt);
  if (!problem.empty()) {
    WithColor::error(errs(), "dlc-malloc")
        << "internal error, the solver's plan is invalid: " << problem << "\n";
    return finish(1);
  }
  if (!outputPath.empty()) {
    table->offsets = result.offsets;
    if (!writeTable(outputPath, *table))
      return finish(1);
  }
  return finish(0);
}
