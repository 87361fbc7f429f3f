//===- dlc-opt.cpp - The dlc optimizer driver -----------------------------===//
//
// An mlir-opt style driver: it parses a file, runs the pass pipeline given on
// the command line and prints the result. It knows the dlc dialect and its
// passes, every upstream dialect, pass and extension, and the LLVM/NVVM
// translations that the GPU path needs.
//
//===----------------------------------------------------------------------===//

#include "dlc/CodeGen/Pipelines/Pipelines.h"
#include "dlc/Dialect/Dlc/IR/DlcDialect.h"

#include "mlir/IR/DialectRegistry.h"
#include "mlir/InitAllDialects.h"
#include "mlir/InitAllExtensions.h"
#include "mlir/InitAllPasses.h"
#include "mlir/Target/LLVMIR/Dialect/All.h"
#include "mlir/Tools/mlir-opt/MlirOptMain.h"

int main(int argc, char **argv) {
  mlir::registerAllPasses();
  mlir::dlc::registerDlcPassesAndPipelines();

  mlir::DialectRegistry registry;
  registry.insert<mlir::dlc::DlcDialect>();
  mlir::registerAllDialects(registry);
  mlir::registerAllExtensions(registry);
  mlir::registerAllToLLVMIRTranslations(registry);

  return mlir::asMainReturnCode(mlir::MlirOptMain(
      argc, argv, "dlc optimizer driver: dlc dialect and passes\n", registry));
}
