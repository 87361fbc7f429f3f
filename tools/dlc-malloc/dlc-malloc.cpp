//===- dlc-malloc.cpp - Static memory planning from the command line ------===//
//
// Plans buffers given as CSV (MiniMalloc's format: `id,lower,upper,size`,
// live on [lower, upper)) into one arena with dlc's planner, and writes the
// offsets as CSV with an `offset` column. `--validate` checks a given plan.
//
// Exit status: 0 when a plan was found (or validated), 1 on errors (bad
// input, invalid plan), 2 when no plan within the capacity was found (proven
// infeasible, or the time limit ran out).
//
//===----------------------------------------------------------------------===//

#include "dlc/Planning/Placement/Placement.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/WithColor.h"
#include "llvm/Support/raw_ostream.h"

#include <map>
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

struct Table {
  std::vector<Buffer> buffers;
  std::vector<int64_t> offsets; // Empty without an offset column.
};

/// Reads the CSV at `path`. Errors are printed as `path:line: message`.
std::optional<Table> readTable(StringRef path) {
  auto file = MemoryBuffer::getFileOrSTDIN(path);
  if (!file) {
    WithColor::error(errs(), "dlc-malloc")
        << "cannot read '" << path << "': " << file.getError().message()
        << "\n";
    return std::nullopt;
  }
  auto fail = [&](unsigned line, const Twine &message) {
    errs() << path << ":" << line << ": ";
    WithColor::error(errs()) << message << "\n";
    return std::nullopt;
  };
  SmallVector<StringRef> lines;
  (*file)->getBuffer().split(lines, '\n');
  std::map<std::string, unsigned> column;
  unsigned headerLine = 0;
  Table table;
  std::map<std::string, unsigned> seen;
  for (auto [index, raw] : llvm::enumerate(lines)) {
    unsigned line = index + 1;
    StringRef text = raw.trim();
    if (text.empty())
      continue;
    SmallVector<StringRef> fields;
    text.split(fields, ',');
    for (StringRef &f : fields)
      f = f.trim();
    if (!headerLine) {
      headerLine = line;
      for (auto [i, name] : llvm::enumerate(fields)) {
        if (name != "id" && name != "lower" && name != "upper" &&
            name != "size" && name != "alignment" && name != "offset")
          return fail(line, "unknown column '" + name +
                                "'; expected id, lower, upper, size and "
                                "optionally alignment, offset");
        if (!column.emplace(name.str(), i).second)
          return fail(line, "column '" + name + "' appears twice");
      }
      for (const char *required : {"id", "lower", "upper", "size"})
        if (!column.count(required))
          return fail(line,
                      Twine("the header lacks the column '") + required + "'");
      if (validateOnly && !column.count("offset"))
        return fail(line, "--validate needs an 'offset' column");
      continue;
    }
    if (fields.size() != column.size())
      return fail(line, "expected " + Twine(column.size()) + " fields, got " +
                            Twine(fields.size()));
    auto field = [&](const char *name) -> std::optional<int64_t> {
      StringRef value = fields[column.at(name)];
      int64_t result;
      if (value.getAsInteger(10, result)) {
        fail(line,
             "'" + value + "' in column '" + name + "' is not an integer");
        return std::nullopt;
      }
      return result;
    };
    Buffer b;
    std::optional<int64_t> lower = field("lower"), upper = field("upper"),
                           size = field("size");
    if (!lower || !upper || !size)
      return std::nullopt;
    b.id = fields[column.at("id")].str();
    if (b.id.empty())
      return fail(line, "empty id");
    b.lower = *lower;
    b.upper = *upper;
    b.size = *size;
    if (column.count("alignment")) {
      std::optional<int64_t> alignment = field("alignment");
      if (!alignment)
        return std::nullopt;
      b.alignment = *alignment;
    }
    if (!seen.emplace(b.id, line).second)
      return fail(line, "buffer id '" + b.id + "'" +
                            " already appears on line " + Twine(seen[b.id]));
    std::string problem = validateBuffers({b});
    if (!problem.empty())
      return fail(line, problem);
    if (column.count("offset")) {
      std::optional<int64_t> offset = field("offset");
      if (!offset)
        return std::nullopt;
      table.offsets.push_back(*offset);
    }
    table.buffers.push_back(b);
  }
  if (!headerLine)
    return fail(1, "empty input; expected a header 'id,lower,upper,size'");
  return table;
}

bool writeTable(StringRef path, const Table &table) {
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
  return true;
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
  if (capacityOpt < 0 || timeLimit <= 0) {
    WithColor::error(errs(), "dlc-malloc")
        << (capacityOpt < 0 ? "--capacity must not be negative\n"
                            : "--time-limit must be positive\n");
    return 1;
  }
  std::optional<Table> table = readTable(inputPath);
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
      return 1;
    }
    outs() << "valid plan; peak: " << planPeak(buffers, table->offsets)
           << " bytes\n";
    return 0;
  }

  SolveOptions options;
  options.solver = solverOpt;
  options.capacity = capacityOpt;
  options.timeLimit = timeLimit;
  SolveResult result = solve(buffers, options);
  outs() << "solver: " << (solverOpt == Solver::Exact ? "exact" : "best-fit")
         << "\n"
         << "status: " << stringifyStatus(result.status) << "\n";
  if (!result.offsets.empty()) {
    outs() << "peak: " << result.peak << " bytes\n";
    if (result.lowerBound > bound)
      outs() << "proven lower bound: " << result.lowerBound << " bytes\n";
  }
  outs() << format("time: %.3f s", result.seconds);
  if (solverOpt == Solver::Exact)
    outs() << " (" << result.nodes << " search nodes)";
  outs() << "\n";
  if (result.offsets.empty()) {
    outs().flush();
    errs() << "dlc-malloc: no plan within " << capacityOpt << " bytes: "
           << (result.status == Status::Infeasible
                   ? "proven infeasible"
                   : "none found before the time limit")
           << "\n";
    return 2;
  }
  // Never hand out a plan that does not check.
  std::string problem = validatePlan(buffers, result.offsets, capacityOpt);
  if (!problem.empty()) {
    WithColor::error(errs(), "dlc-malloc")
        << "internal error, the solver's plan is invalid: " << problem << "\n";
    return 1;
  }
  if (!outputPath.empty()) {
    table->offsets = result.offsets;
    if (!writeTable(outputPath, *table))
      return 1;
  }
  return 0;
}
