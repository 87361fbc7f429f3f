//===- DlcReversibleOps.cpp - Reversible couplings ------------------------===//
//
// The verifier of dlc.coupling (DlcReversibleOps.td), the cloning of its
// regions that the backward's rebuild and the inlining share, and the
// inlining itself.
//
//===----------------------------------------------------------------------===//

#include "dlc/Dialect/Dlc/IR/DlcOps.h"

#include "mlir/IR/IRMapping.h"
#include "mlir/IR/PatternMatch.h"

#include <cmath>

using namespace mlir;
using namespace mlir::dlc;

LogicalResult CouplingOp::verify() {
  for (auto [name, factor] :
       {std::pair<StringRef, double>{"lambda", getLambda().convertToDouble()},
        {"beta", getBeta().convertToDouble()}})
    if (!std::isfinite(factor) || factor == 0.0)
      return emitOpError("'")
             << name << "' must be finite and nonzero (the coupling is "
             << "inverted by dividing by it), got " << factor;
  Type stream = getX1().getType();
  for (auto [name, region] :
       {std::pair<StringRef, Region *>{"f", &getF()}, {"g", &getG()}}) {
    Block &block = region->front();
    if (block.getNumArguments() != 1 ||
        block.getArgument(0).getType() != stream)
      return emitOpError("region '")
             << name << "' must take one argument of the streams' type "
             << stream << ", got " << block.getArgumentTypes();
    auto yield = dyn_cast<YieldOp>(block.getTerminator());
    if (!yield)
      return emitOpError("region '") << name << "' must end in 'dlc.yield'";
    if (yield.getValue().getType() != stream)
      return emitOpError("region '")
             << name << "' yields " << yield.getValue().getType()
             << " but the streams are " << stream;
    for (Operation &op : block.without_terminator())
      if (op.getNumRegions() != 0)
        return op.emitOpError("is inside region '")
               << name << "' of a 'dlc.coupling', which holds plain ops "
               << "without regions (couplings do not nest)";
  }
  return success();
}

Value CouplingOp::getFResult() {
  return cast<YieldOp>(getF().front().getTerminator()).getValue();
}

Value CouplingOp::getGResult() {
  return cast<YieldOp>(getG().front().getTerminator()).getValue();
}

Value CouplingOp::cloneRegion(OpBuilder &b, Region &region, Value input,
                              IRMapping &mapping) {
  Block &block = region.front();
  mapping.map(block.getArgument(0), input);
  for (Operation &op : block.without_terminator())
    b.clone(op, mapping);
  return mapping.lookupOrDefault(
      cast<YieldOp>(block.getTerminator()).getValue());
}

/// `factor * x + term`, with the product left out when the factor is 1.
static Value scaleAndAdd(OpBuilder &b, Location loc, double factor, Value x,
                         Value term) {
  if (factor != 1.0)
    x = MulOp::create(
        b, loc, x,
        createFloatSplat(
            b, loc,
            RankedTensorType::get(
                {}, cast<RankedTensorType>(x.getType()).getElementType()),
            factor));
  return AddOp::create(b, loc, x, term);
}

void CouplingOp::inlineCoupling(RewriterBase &rewriter) {
  OpBuilder::InsertionGuard guard(rewriter);
  rewriter.setInsertionPoint(*this);
  Location loc = getLoc();
  IRMapping mapping;
  Value f = cloneRegion(rewriter, getF(), getX2(), mapping);
  Value y1 =
      scaleAndAdd(rewriter, loc, getLambda().convertToDouble(), getX1(), f);
  Value g = cloneRegion(rewriter, getG(), y1, mapping);
  Value y2 =
      scaleAndAdd(rewriter, loc, getBeta().convertToDouble(), getX2(), g);
  rewriter.replaceOp(*this, ValueRange{y1, y2});
}
