//===- MergeModules.cpp - One gpu.module for all the kernels --------------===//
//
// Moves the kernels of every gpu.module into one and redirects the launches.
// A kernel keeps its name unless an earlier one took it; then it is named
// after the module it came from (unique, being a symbol of the same table).
//
//===----------------------------------------------------------------------===//

#include "dlc/CodeGen/GPU/Passes.h"

#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/SymbolTable.h"

namespace mlir::dlc {
#define GEN_PASS_DEF_DLCGPUMERGEMODULESPASS
#include "dlc/CodeGen/GPU/Passes.h.inc"
} // namespace mlir::dlc

using namespace mlir;

namespace {
struct GPUMergeModulesPass
    : dlc::impl::DlcGPUMergeModulesPassBase<GPUMergeModulesPass> {
  void runOnOperation() override {
    ModuleOp top = getOperation();
    SmallVector<gpu::GPUModuleOp> modules(top.getOps<gpu::GPUModuleOp>());
    if (modules.size() < 2)
      return;
    for (gpu::GPUModuleOp m : modules)
      for (Operation &op : m.getBody()->without_terminator()) {
        auto func = dyn_cast<gpu::GPUFuncOp>(op);
        if (!func || !func.isKernel()) {
          op.emitError("cannot merge gpu.module '")
              << m.getName() << "': it holds more than kernels";
          return signalPassFailure();
        }
      }

    SymbolTable topTable(top);
    OpBuilder b(modules.front());
    auto merged =
        gpu::GPUModuleOp::create(b, modules.front().getLoc(), "dlc_kernels");
    if (ArrayAttr targets = modules.front().getTargetsAttr())
      merged.setTargetsAttr(targets);
    topTable.insert(merged); // renamed if the name is taken
    SymbolTable mergedTable(merged);

    // (module, kernel) -> the kernel's name in the merged module.
    DenseMap<std::pair<StringAttr, StringAttr>, StringAttr> renamed;
    for (gpu::GPUModuleOp m : modules) {
      if (m.getTargetsAttr() != merged.getTargetsAttr()) {
        m.emitError("cannot merge gpu.modules with different targets");
        return signalPassFailure();
      }
      StringAttr moduleName = m.getNameAttr();
      for (Operation &op :
           llvm::make_early_inc_range(m.getBody()->without_terminator())) {
        auto func = cast<gpu::GPUFuncOp>(op);
        StringAttr old = func.getNameAttr();
        func->remove();
        if (mergedTable.lookup(old))
          func.setName(moduleName);
        renamed[{moduleName, old}] = mergedTable.insert(func);
      }
    }

    StringAttr mergedName = merged.getNameAttr();
    WalkResult walk = top.walk([&](gpu::LaunchFuncOp launch) {
      auto it =
          renamed.find({launch.getKernelModuleName(), launch.getKernelName()});
      if (it == renamed.end()) {
        launch.emitError("launches a kernel of no merged gpu.module");
        return WalkResult::interrupt();
      }
      launch.setKernelAttr(
          SymbolRefAttr::get(mergedName, {FlatSymbolRefAttr::get(it->second)}));
      return WalkResult::advance();
    });
    if (walk.wasInterrupted())
      return signalPassFailure();
    for (gpu::GPUModuleOp m : modules)
      m.erase();
  }
};
} // namespace
