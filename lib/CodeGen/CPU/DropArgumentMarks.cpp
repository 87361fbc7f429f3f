//===- DropArgumentMarks.cpp - Remove dlc argument marks ------------------===//
//
// Removes `dlc.param` and `bufferize.result` argument attributes before the
// conversion to LLVM, whose IR translation would warn about them.
//
//===----------------------------------------------------------------------===//

#include "dlc/CodeGen/CPU/Passes.h"
#include "dlc/Dialect/Dlc/IR/DlcDialect.h"

#include "mlir/Interfaces/FunctionInterfaces.h"

namespace mlir::dlc {
#define GEN_PASS_DEF_DLCDROPARGUMENTMARKSPASS
#include "dlc/CodeGen/CPU/Passes.h.inc"
} // namespace mlir::dlc

using namespace mlir;

namespace {
struct DropArgumentMarksPass
    : dlc::impl::DlcDropArgumentMarksPassBase<DropArgumentMarksPass> {
  void runOnOperation() override {
    getOperation()->walk([](FunctionOpInterface func) {
      for (unsigned i = 0, e = func.getNumArguments(); i < e; ++i) {
        func.removeArgAttr(i, dlc::DlcDialect::getParamAttrName());
        func.removeArgAttr(i, "bufferize.result");
      }
      // The arena plan was verified while buffers were still views of it;
      // lowering rewrites those views, so the plan stops being checkable.
      func->removeAttr(dlc::DlcDialect::getArenaSizeAttrName());
      func->removeAttr(dlc::DlcDialect::getArenaLowerBoundAttrName());
    });
  }
};
} // namespace
