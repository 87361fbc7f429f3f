//===- DlcOpBase.td - dlc op base classes ------------------*- tablegen -*-===//
//
// The classes shared by the op families of the dlc dialect, and the
// definitions every family file needs: the dialect, its attributes and
// interfaces. Each family file includes this one; DlcOps.td includes the
// families.
//
//===----------------------------------------------------------------------===//

#ifndef DLC_DIALECT_DLC_IR_DLCOPBASE_TD
#define DLC_DIALECT_DLC_IR_DLCOPBASE_TD

include "dlc/Dialect/Dlc/IR/DlcAttrs.td"
include "dlc/Dialect/Dlc/IR/DlcInterfaces.td"
include "mlir/IR/CommonAttrConstraints.td"
include "mlir/Interfaces/InferTypeOpInterface.td"
include "mlir/Interfaces/SideEffectInterfaces.td"

// An op whose result types follow from its operands and attributes. The shape
// rules are its `inferReturnTypes`; `verify` applies them and compares the
// declared result types before the interface's generic check runs, so a bad
// operand or result is reported once, naming what is at fault.
class Dlc_InferredOp<string mnemonic, list<Trait> traits = []>
    : Dlc_Op<mnemonic, !listconcat([Pure, InferTypeOpAdaptor], traits)> {
  let hasVerifier = 1;
  let extraClassDefinition = [{
    ::llvm::LogicalResult $cppClass::verify() {
      ::llvm::SmallVector<::mlir::Type> inferred;
      if (::mlir::failed(inferReturnTypes(getContext(), getLoc(),
                                          Adaptor(*this), inferred)))
        return ::mlir::failure();
      return ::mlir::dlc::verifyInferredResults(getOperation(), inferred);
    }
  }];
}

#endif // DLC_DIALECT_DLC_IR_DLCOPBASE_TD
