//===- FusedEpilogue.cpp - Elementwise consumers in product kernels -------===//
//
// See FusedEpilogue.h.
//
//===----------------------------------------------------------------------===//

#include "FusedEpilogue.h"

#include "mlir/Dialect/Affine/Utils.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/IR/IRMapping.h"
#include "mlir/IR/Matchers.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"
#include "mlir/Interfaces/ViewLikeInterface.h"

using namespace mlir;
using dlc::detail::FusedEpilogue;

namespace {

/// The buffer `value` is a view of: an allocation or a block argument.
Value rootOf(Value value) {
  while (Operation *def = value.getDefiningOp()) {
    auto view = dyn_cast<ViewLikeOpInterface>(def);
    if (!view)
      break;
    value = view.getViewSource();
  }
  return value;
}

/// Whether `value` is available at `product` (defined above its block, or
/// before it in the block).
bool availableAt(Value value, Operation *product) {
  if (value.getParentBlock() != product->getBlock())
    return value.getParentRegion()->isProperAncestor(
        product->getParentRegion());
  Operation *def = value.getDefiningOp();
  return !def || def->isBeforeInBlock(product);
}

/// Whether the consumer's body is arithmetic the kernel can repeat for one
/// element: ops free of memory effects and of regions, and loop indices.
bool isArithmeticBody(linalg::GenericOp consumer) {
  Block &body = consumer.getRegion().front();
  // The output's old value is not read (the sums are stored, not added).
  if (!body.getArguments().back().use_empty())
    return false;
  return llvm::all_of(body.without_terminator(), [](Operation &op) {
    return isa<linalg::IndexOp>(op) ||
           (op.getNumRegions() == 0 && isMemoryEffectFree(&op));
  });
}

} // namespace

std::optional<FusedEpilogue> FusedEpilogue::match(linalg::LinalgOp product) {
  if (!product.hasPureBufferSemantics() || product.getNumDpsInits() != 1)
    return std::nullopt;
  Value acc = product.getDpsInits()[0];
  auto alloc = acc.getDefiningOp<memref::AllocOp>();
  if (!alloc || alloc->getBlock() != product->getBlock() ||
      !alloc.getType().hasStaticShape())
    return std::nullopt;

  FusedEpilogue e;
  e.accumulator = alloc;
  // The users: the fill, the product, the consumer; nothing else.
  for (Operation *user : acc.getUsers()) {
    if (user == product.getOperation())
      continue;
    if (auto fill = dyn_cast<linalg::FillOp>(user)) {
      if (e.fill || fill.getOutputs()[0] != acc)
        return std::nullopt;
      e.fill = fill;
      continue;
    }
    auto generic = dyn_cast<linalg::GenericOp>(user);
    if (!generic || e.consumer)
      return std::nullopt;
    e.consumer = generic;
  }
  if (!e.fill || !e.consumer || e.fill->getBlock() != product->getBlock() ||
      e.consumer->getBlock() != product->getBlock() ||
      !e.fill->isBeforeInBlock(product) ||
      !product->isBeforeInBlock(e.consumer) ||
      !matchPattern(e.initialValue(), m_Constant()))
    return std::nullopt;
  // The fill is the last op before the product to touch the accumulator
  // (the users are known), so every sum starts from its value.

  linalg::GenericOp consumer = e.consumer;
  if (!consumer.hasPureBufferSemantics() || consumer.getNumDpsInits() != 1 ||
      consumer.getNumParallelLoops() != consumer.getNumLoops() ||
      !isArithmeticBody(consumer))
    return std::nullopt;
  // The accumulator once among the inputs, read element for element where
  // the output is written.
  unsigned reads = 0;
  for (OpOperand *in : consumer.getDpsInputOperands())
    if (in->get() == acc) {
      ++reads;
      e.input = in->getOperandNumber();
    }
  AffineMap outMap =
      consumer.getMatchingIndexingMap(consumer.getDpsInitOperand(0));
  if (reads != 1 || !outMap.isIdentity() ||
      consumer.getIndexingMapsArray()[e.input] != outMap ||
      cast<MemRefType>(e.output().getType()).getShape() !=
          alloc.getType().getShape())
    return std::nullopt;

  // The epilogue runs at the product: what it reads must exist there and
  // hold the same values as at the consumer, and what it writes must not be
  // read or written in between. So between the two only allocations and
  // ops without memory effects may come.
  for (Operation *op = product->getNextNode(); op != consumer.getOperation();
       op = op->getNextNode())
    if (!isa<memref::AllocOp>(op) &&
        (op->getNumRegions() != 0 || !isMemoryEffectFree(op)))
      return std::nullopt;
  Value out = e.output();
  Value outRoot = rootOf(out);
  auto outAlloc = out.getDefiningOp<memref::AllocOp>();
  if (!availableAt(out, product) &&
      !(outAlloc && outAlloc->getBlock() == product->getBlock()))
    return std::nullopt;
  for (OpOperand *in : consumer.getDpsInputOperands()) {
    if (in->getOperandNumber() == e.input)
      continue;
    if (!availableAt(in->get(), product))
      return std::nullopt;
    // An input the output overwrites may only be read where it is written.
    if (rootOf(in->get()) == outRoot &&
        (in->get() != out || consumer.getMatchingIndexingMap(in) != outMap))
      return std::nullopt;
  }
  // The kernel stores results while other blocks still read the product's
  // operands: they must not share the output's memory.
  for (Value in : product.getDpsInputs())
    if (rootOf(in) == outRoot)
      return std::nullopt;
  return e;
}

void FusedEpilogue::prepare(Operation *product) const {
  Value out = output();
  if (availableAt(out, product))
    return;
  // Only an allocation in the product's block passes match().
  out.getDefiningOp()->moveBefore(product);
}

void FusedEpilogue::emitElement(OpBuilder &b, Location loc, Value sum,
                                ValueRange indices) const {
  Block &body = consumer.getRegion().front();
  IRMapping map;
  for (OpOperand *in : consumer.getDpsInputOperands()) {
    unsigned n = in->getOperandNumber();
    BlockArgument arg = body.getArgument(n);
    if (n == input) {
      map.map(arg, sum);
      continue;
    }
    if (arg.use_empty())
      continue;
    if (!isa<MemRefType>(in->get().getType())) {
      map.map(arg, in->get()); // a scalar operand
      continue;
    }
    SmallVector<Value> at;
    for (AffineExpr expr : consumer.getMatchingIndexingMap(in).getResults())
      at.push_back(affine::expandAffineExpr(b, loc, expr, indices, {}));
    map.map(arg, memref::LoadOp::create(b, loc, in->get(), at));
  }
  for (Operation &op : body.without_terminator()) {
    if (auto index = dyn_cast<linalg::IndexOp>(op)) {
      map.map(index.getResult(), indices[index.getDim()]);
      continue;
    }
    b.clone(op, map);
  }
  Value result = map.lookupOrDefault(body.getTerminator()->getOperand(0));
  memref::StoreOp::create(b, loc, result, output(), indices);
}

void FusedEpilogue::finish() const {
  consumer->erase();
  fill->erase();
  // The kernel must not have kept a reference to the accumulator; if it
  // did, the buffer stays (bytes, not a dangling use).
  if (accumulator->use_empty())
    accumulator->erase();
}
