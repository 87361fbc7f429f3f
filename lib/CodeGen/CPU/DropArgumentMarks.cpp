//===- DropArgumentMarks.cpp - Remove dlc argument marks ------------------===//
//
// Removes the dlc argument and result marks (`dlc.param`, `dlc.frozen`,
// `dlc.init`, `dlc.optimizer_state`, `dlc.step`, `dlc.updates`) and
// `bufferize.result` before the conversion to LLVM, whose IR translation
// would warn about them.
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
        const StringRef marks[] = {dlc::DlcDialect::getParamAttrName(),
                                   dlc::DlcDialect::getFrozenAttrName(),
                                   dlc::DlcDialect::getInitAttrName(),
                                   dlc::DlcDialect::getOptimizerStateAttrName(),
                                   dlc::DlcDialect::getStepStateAttrName(),
                                   dlc::DlcDialect::getStepAttrName(),
                                   dlc::DlcDialect::getUpdatesAttrName(),
                                   "bufferize.result"};
        for (StringRef mark : marks)
          func.removeArgAttr(i, mark);
      }
      for (unsigned i = 0, e = func.getNumResults(); i < e; ++i) {
        func.removeResultAttr(
            i, StringAttr::get(func->getContext(),
                               dlc::DlcDialect::getUpdatesAttrName()));
        func.removeResultAttr(
            i, StringAttr::get(func->getContext(),
                               dlc::DlcDialect::getOptimizerStateAttrName()));
        func.removeResultAttr(
            i, StringAttr::get(func->getContext(),
                               dlc::DlcDialect::getStepStateAttrName()));
      }
      // The arena plan was verified while buffers were still views of it;
      // lowering rewrites those views, so the plan stops being checkable.
      func->removeAttr(dlc::DlcDialect::getArenaSizeAttrName());
      func->removeAttr(dlc::DlcDialect::getArenaLowerBoundAttrName());
    });
  }
};
} // namespace
