//===- dlc-opt.cpp - The dlc optimizer driver -----------------------------===//
//
// An mlir-opt style driver: it parses a file, runs the pass pipeline given on
// the command line and prints the result. It knows the dlc dialect and its
// passes, every upstream dialect, pass and extension, and the LLVM/NVVM
// translations that the GPU path needs. It opens the input and the output
// itself (ToolSupport.h), so that an endless or too deeply nested input and
// a failed write are diagnostics; MlirOptMain does the rest.
//
//===----------------------------------------------------------------------===//

#include "dlc/CodeGen/Pipelines/Pipelines.h"
#include "dlc/CodeGen/Pipelines/ToolSupport.h"
#include "dlc/Dialect/Dlc/IR/DlcDialect.h"

#include "mlir/IR/DialectRegistry.h"
#include "mlir/InitAllDialects.h"
#include "mlir/InitAllExtensions.h"
#include "mlir/InitAllPasses.h"
#include "mlir/Support/FileUtilities.h"
#include "mlir/Target/LLVMIR/Dialect/All.h"
#include "mlir/Tools/mlir-opt/MlirOptMain.h"

#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/ToolOutputFile.h"

using namespace mlir;

int main(int argc, char **argv) {
  llvm::InitLLVM init(argc, argv);
  dlc::checkStdoutAtExit("dlc-opt");
  registerAllPasses();
  dlc::registerDlcPassesAndPipelines();

  DialectRegistry registry;
  registry.insert<dlc::DlcDialect>();
  registerAllDialects(registry);
  registerAllExtensions(registry);
  registerAllToLLVMIRTranslations(registry);

  std::pair<std::string, std::string> files = registerAndParseCLIOptions(
      argc, argv, "dlc optimizer driver: dlc dialect and passes\n", registry);
  MlirOptMainConfig config = MlirOptMainConfig::createFromCLOptions();
  return dlc::runOnToolStack([&] {
    // --show-dialects and --list-passes print and read no input.
    if (config.shouldShowDialects() || config.shouldListPasses()) {
      (void)MlirOptMain(llvm::outs(), llvm::MemoryBuffer::getMemBuffer(""),
                        registry, config);
      return asMainReturnCode(
          dlc::checkWritten(llvm::outs(), "<stdout>", "dlc-opt"));
    }
    std::string error;
    std::unique_ptr<llvm::MemoryBuffer> input =
        dlc::openToolInput(files.first, &error);
    std::unique_ptr<llvm::ToolOutputFile> output =
        input ? openOutputFile(files.second, &error) : nullptr;
    if (!output) {
      llvm::errs() << "dlc-opt: error: " << error << "\n";
      return 1;
    }
    bool ran = succeeded(
        MlirOptMain(output->os(), std::move(input), registry, config));
    bool written = succeeded(dlc::finishToolOutput(*output, "dlc-opt", ran));
    return ran && written ? 0 : 1;
  });
}
