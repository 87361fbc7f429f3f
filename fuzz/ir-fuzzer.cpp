//===- ir-fuzzer.cpp - Fuzz the parser, the verifiers and the graph passes ===//
//
// Bytes go where dlc-opt sends a graph: through the tools' bounded input
// (openToolInput, which refuses nesting the parser would not survive), the
// parser and every verifier, and then through the graph passes a user runs
// on a step: the memory report (its text, JSON and SVG rendered to a null
// stream), dlc-autodiff, dlc-remat on the training step it builds (or on the
// input when there is none) with a time limit of 1 s, and dlc-plan-memory.
// Each pass runs on its own copy of the module, so that one that fails does
// not hide the others.
//
// Besides crashes, hangs and sanitizer reports, the target checks the
// promises dlc's tools make about bad input and about their output:
//  - whatever fails (the parser, a pass) says why with an error diagnostic;
//    a failure without one is a tool that exits 1 in silence;
//  - what the parser accepts prints, and the printed form parses again;
//  - what a pass produces from valid IR verifies (the pass manager's own
//    verifier is off, so that this is checked and reported here).
//
// An input's hash picks the passes' options (the optimizer of dlc-autodiff,
// the solver and budget of dlc-remat, the solver of dlc-plan-memory), so
// that mutations explore those too and every finding reproduces from its
// file; a finding prints the pipeline to give dlc-opt.
//
//===----------------------------------------------------------------------===//

#include "FuzzInput.h"

#include "dlc/Analysis/MemoryAnalysis.h"
#include "dlc/Analysis/MemoryReport.h"
#include "dlc/CodeGen/Pipelines/ToolSupport.h"
#include "dlc/Dialect/Dlc/IR/DlcDialect.h"
#include "dlc/Transforms/Passes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Bufferization/IR/Bufferization.h"
#include "mlir/Dialect/ControlFlow/IR/ControlFlow.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/IR/Verifier.h"
#include "mlir/Parser/Parser.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Pass/PassRegistry.h"

#include "llvm/Support/JSON.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/raw_ostream.h"

using namespace mlir;
using dlcfuzz::brokenPromise;

namespace {

/// A graph a person writes is a few KiB (examples/bert_layer.mlir is 6);
/// larger inputs make each run slow without reaching new code.
constexpr size_t kMaxInputBytes = 16 << 10;

/// The dialects of a dlc graph before code generation: the dlc dialect and
/// what its steps, their bufferized form and the tests' hostile inputs hold.
/// Every other upstream dialect would fuzz upstream's parsers, not dlc.
const DialectRegistry &getRegistry() {
  static DialectRegistry *registry = [] {
    auto *r = new DialectRegistry;
    r->insert<dlc::DlcDialect, arith::ArithDialect,
              bufferization::BufferizationDialect, cf::ControlFlowDialect,
              func::FuncDialect, linalg::LinalgDialect, math::MathDialect,
              memref::MemRefDialect, scf::SCFDialect, tensor::TensorDialect>();
    return r;
  }();
  return *registry;
}

/// The diagnostics of one input, kept rather than printed: a finding shows
/// them, and a failure must have produced an error among them.
struct Diagnostics {
  std::string text;
  unsigned errors = 0;
};

/// The pipelines an input is run with, chosen by its hash, as the passes
/// nested in the module: `dlc-opt --pass-pipeline='builtin.module(<it>)'`.
struct Pipelines {
  std::string autodiff, remat, planMemory;

  explicit Pipelines(uint64_t hash) {
    static const char *const optimizers[] = {"none", "sgd", "adamw"};
    static const char *const solvers[] = {"auto", "heuristic", "milp",
                                          "checkpoints"};
    // Fractions of the saved activations, one that no plan meets, and peak
    // bytes: ample for a small graph, or near what it needs.
    static const char *const budgets[] = {"0.5", "0.01", "1MiB", "6000B"};
    autodiff =
        std::string("dlc-autodiff{optimizer=") + optimizers[hash % 3] + "}";
    hash /= 3;
    remat = std::string("dlc-remat{solver=") + solvers[hash % 4] +
            " budget=" + budgets[hash / 4 % 4] + " time-limit=1}";
    hash /= 16;
    planMemory = std::string("func.func(dlc-plan-memory{solver=") +
                 (hash % 2 ? "exact" : "best-fit") + " time-limit=0.1})";
  }
};

/// Aborts with `what`, the pipeline involved and the input's diagnostics.
[[noreturn]] void fail(const std::string &what, const std::string &pipeline,
                       const Diagnostics &diagnostics) {
  brokenPromise(what +
                (pipeline.empty()
                     ? ""
                     : "\n  pipeline: builtin.module(" + pipeline + ")") +
                "\n  diagnostics:\n" + diagnostics.text);
}

/// Renders the memory report of every function with a body, as
/// --dlc-memory-report does for the one it picks, to a null stream.
void reportMemory(ModuleOp module) {
  for (auto func : module.getOps<func::FuncOp>()) {
    if (func.isExternal() || !func.getBody().hasOneBlock())
      continue;
    dlc::MemoryAnalysis analysis(func);
    if (analysis.overflowed())
      continue;
    dlc::printMemoryReport(llvm::nulls(), analysis, func);
    (void)dlc::memoryReportToJson(analysis, func);
    dlc::writeMemoryTimelineSvg(llvm::nulls(), analysis, func.getName());
  }
}

/// Runs `pipeline` (relative to the module: the passes parsed into a
/// PassManager anchored on it) on a copy of `module`: the copy when the
/// passes succeed (verified), null when they fail (with an error diagnostic).
OwningOpRef<ModuleOp> runPipeline(ModuleOp module, const std::string &pipeline,
                                  Diagnostics &diagnostics) {
  OwningOpRef<ModuleOp> copy = module.clone();
  PassManager pm(module.getContext());
  pm.enableVerifier(false);
  std::string error;
  llvm::raw_string_ostream errorStream(error);
  if (failed(parsePassPipeline(pipeline, pm, errorStream)))
    brokenPromise("the fuzzer's pipeline does not parse: " + pipeline + ": " +
                  error);
  unsigned errorsBefore = diagnostics.errors;
  if (failed(pm.run(*copy))) {
    if (diagnostics.errors == errorsBefore)
      fail("the passes failed without an error diagnostic", pipeline,
           diagnostics);
    return nullptr;
  }
  if (failed(verify(*copy)))
    fail("the passes produced IR that does not verify", pipeline, diagnostics);
  return copy;
}

/// DLC_FUZZ_VERBOSE=1 prints each input's pipelines and diagnostics, to see
/// what an input exercises.
bool verbose() {
  static bool on = std::getenv("DLC_FUZZ_VERBOSE") != nullptr;
  return on;
}

int runOne(const dlcfuzz::InputFile &input, uint64_t hash) {
  MLIRContext context(getRegistry(), MLIRContext::Threading::DISABLED);
  Diagnostics diagnostics;
  ScopedDiagnosticHandler handler(&context, [&](Diagnostic &diagnostic) {
    if (diagnostic.getSeverity() == DiagnosticSeverity::Error)
      ++diagnostics.errors;
    llvm::raw_string_ostream os(diagnostics.text);
    os << "    " << diagnostic.getLocation() << ": " << diagnostic << "\n";
    return success();
  });

  std::string error;
  std::unique_ptr<llvm::MemoryBuffer> buffer =
      dlc::openToolInput(input.getPath(), &error);
  if (!buffer) {
    if (error.empty())
      brokenPromise("openToolInput refused the input without a message");
    return 0;
  }
  llvm::SourceMgr sourceMgr;
  size_t size = buffer->getBufferSize();
  sourceMgr.AddNewSourceBuffer(std::move(buffer), llvm::SMLoc());
  OwningOpRef<ModuleOp> module =
      parseSourceFile<ModuleOp>(sourceMgr, ParserConfig(&context));
  if (!module) {
    if (!diagnostics.errors)
      fail("the parser failed without an error diagnostic", "", diagnostics);
    return 0;
  }

  // What dlc-opt prints must read back.
  std::string printed;
  llvm::raw_string_ostream printedStream(printed);
  module->print(printedStream);
  if (!parseSourceString<ModuleOp>(printed, ParserConfig(&context)))
    fail("the printed module does not parse again:\n" + printed, "",
         diagnostics);

  reportMemory(*module);
  Pipelines pipelines(hash);
  OwningOpRef<ModuleOp> step =
      runPipeline(*module, pipelines.autodiff, diagnostics);
  if (step) {
    step->print(llvm::nulls());
    reportMemory(*step);
  }
  OwningOpRef<ModuleOp> remat =
      runPipeline(step ? *step : *module, pipelines.remat, diagnostics);
  if (remat) {
    remat->print(llvm::nulls());
    reportMemory(*remat);
  }
  OwningOpRef<ModuleOp> planned =
      runPipeline(*module, pipelines.planMemory, diagnostics);
  if (planned)
    planned->print(llvm::nulls());
  if (verbose()) {
    auto outcome = [](ModuleOp result) {
      return result ? std::to_string(
                          llvm::range_size(result.getOps<func::FuncOp>())) +
                          " functions"
                    : std::string("failed");
    };
    llvm::errs() << "input: " << size << " bytes, "
                 << llvm::range_size(module->getOps<func::FuncOp>())
                 << " functions\n"
                 << "  " << pipelines.autodiff << ": " << outcome(step.get())
                 << "\n"
                 << "  " << pipelines.remat << " on the "
                 << (step ? "step" : "input") << ": " << outcome(remat.get())
                 << "\n"
                 << "  " << pipelines.planMemory << ": "
                 << outcome(planned.get()) << "\ndiagnostics:\n"
                 << diagnostics.text;
  }
  return 0;
}

} // namespace

extern "C" int LLVMFuzzerInitialize(int *, char ***) {
  dlc::registerDlcTransformsPasses();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size > kMaxInputBytes)
    return -1;
  static dlcfuzz::InputFile input("ir-fuzz-input");
  input.assign(data, size);
  uint64_t hash = dlcfuzz::inputHash(data, size);
  // On the stack the tools run on: the nesting openToolInput lets through
  // needs more than a default thread's, above all under ASan.
  return dlc::runOnToolStack([&] { return runOne(input, hash); });
}
