//===- FusedEpilogue.cpp - Elementwise consumers in product kernels -------===//
//
// See FusedEpilogue.h.
//
//===----------------------------------------------------------------------===//

#include "FusedEpilogue.h"

#include "dlc/Dialect/Dlc/IR/DlcMemoryPlan.h"

#include "mlir/Dialect/Affine/Utils.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/IR/IRMapping.h"
#include "mlir/IR/Matchers.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"

using namespace mlir;
using dlc::detail::FusedEpilogue;

namespace {

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

/// Whether `op` views all of a buffer of identity layout as another shape
/// of identity layout: the same elements in the same order.
bool isReshapeView(Operation *op) {
  if (!isa<memref::ReshapeOp, memref::ExpandShapeOp, memref::CollapseShapeOp>(
          op))
    return false;
  auto from = dyn_cast<MemRefType>(op->getOperand(0).getType());
  auto to = dyn_cast<MemRefType>(op->getResult(0).getType());
  return from && to && from.hasStaticShape() && to.hasStaticShape() &&
         from.getLayout().isIdentity() && to.getLayout().isIdentity() &&
         from.getNumElements() == to.getNumElements();
}

/// The indices in `to` of the element at `indices` in `from`, two row-major
/// shapes of the same elements. The dimensions both shapes end with keep
/// their indices; the leading ones are linearized and split again.
SmallVector<Value> reshapeIndices(OpBuilder &b, Location loc,
                                  ArrayRef<int64_t> from, ArrayRef<int64_t> to,
                                  ValueRange indices) {
  size_t common = 0;
  while (common < from.size() && common < to.size() &&
         from[from.size() - 1 - common] == to[to.size() - 1 - common])
    ++common;
  size_t leadFrom = from.size() - common, leadTo = to.size() - common;
  auto constant = [&](int64_t v) -> Value {
    return arith::ConstantIndexOp::create(b, loc, v);
  };
  SmallVector<Value> result(to.size());
  for (size_t i = 0; i < common; ++i)
    result[leadTo + i] = indices[leadFrom + i];
  if (leadTo == 0)
    return result; // the leading dimensions of `from` are all 1
  Value linear = leadFrom ? indices[0] : constant(0);
  for (size_t i = 1; i < leadFrom; ++i)
    linear = arith::AddIOp::create(
        b, loc, arith::MulIOp::create(b, loc, linear, constant(from[i])),
        indices[i]);
  for (size_t i = leadTo - 1; i > 0; --i) {
    result[i] = arith::RemUIOp::create(b, loc, linear, constant(to[i]));
    linear = arith::DivUIOp::create(b, loc, linear, constant(to[i]));
  }
  result[0] = linear;
  return result;
}

} // namespace

std::optional<FusedEpilogue> FusedEpilogue::match(linalg::LinalgOp product) {
  if (!product.hasPureBufferSemantics() || product.getNumDpsInits() != 1)
    return std::nullopt;
  Value acc = product.getDpsInits()[0];
  auto alloc = acc.getDefiningOp<memref::AllocOp>();
  if (!alloc || alloc->getBlock() != product->getBlock() ||
      !alloc.getType().hasStaticShape() ||
      !alloc.getType().getLayout().isIdentity())
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
    if (e.consumer || e.view)
      return std::nullopt;
    if (isReshapeView(user)) {
      // Read through the view: its one user is the consumer.
      Value viewed = user->getResult(0);
      if (!viewed.hasOneUse())
        return std::nullopt;
      e.view = user;
      user = *viewed.getUsers().begin();
    }
    auto generic = dyn_cast<linalg::GenericOp>(user);
    if (!generic)
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
  // The accumulator (or its view) once among the inputs, read element for
  // element where the output is written.
  Value read = e.view ? e.view->getResult(0) : acc;
  unsigned reads = 0;
  for (OpOperand *in : consumer.getDpsInputOperands())
    if (in->get() == read) {
      ++reads;
      e.input = in->getOperandNumber();
    }
  AffineMap outMap =
      consumer.getMatchingIndexingMap(consumer.getDpsInitOperand(0));
  if (reads != 1 || !outMap.isIdentity() ||
      consumer.getIndexingMapsArray()[e.input] != outMap ||
      cast<MemRefType>(e.output().getType()).getShape() !=
          cast<MemRefType>(read.getType()).getShape())
    return std::nullopt;

  Value out = e.output();
  Value outRoot = dlc::viewRoot(out);
  auto outAlloc = out.getDefiningOp<memref::AllocOp>();
  if (!availableAt(out, product) &&
      !(outAlloc && outAlloc->getBlock() == product->getBlock()))
    return std::nullopt;
  llvm::SmallPtrSet<Value, 4> inputRoots;
  for (OpOperand *in : consumer.getDpsInputOperands()) {
    if (in->getOperandNumber() == e.input)
      continue;
    if (!availableAt(in->get(), product))
      return std::nullopt;
    // An input the output overwrites may only be read where it is written.
    if (dlc::viewRoot(in->get()) == outRoot &&
        (in->get() != out || consumer.getMatchingIndexingMap(in) != outMap))
      return std::nullopt;
    if (isa<MemRefType>(in->get().getType()))
      inputRoots.insert(dlc::viewRoot(in->get()));
  }

  // The epilogue runs at the product: what it reads must hold there the
  // values it holds at the consumer, and what it writes must not be read or
  // written in between. So an op between the two has known effects, none on
  // the output's buffer and no write to a buffer the consumer reads (other
  // products and their epilogues may come between: attention's backward).
  for (Operation *op = product->getNextNode(); op != consumer.getOperation();
       op = op->getNextNode()) {
    if (isa<memref::AllocOp>(op) || isReshapeView(op))
      continue; // a view reads and writes nothing
    std::optional<SmallVector<MemoryEffects::EffectInstance>> effects =
        getEffectsRecursively(op);
    if (!effects)
      return std::nullopt;
    for (const MemoryEffects::EffectInstance &effect : *effects) {
      Value target = effect.getValue();
      if (!target)
        return std::nullopt; // on memory it does not name
      Value root = dlc::viewRoot(target);
      if (root == outRoot ||
          (isa<MemoryEffects::Write, MemoryEffects::Free>(effect.getEffect()) &&
           inputRoots.contains(root)))
        return std::nullopt;
    }
  }
  // The kernel stores results while other blocks still read the product's
  // operands: they must not share the output's memory.
  for (Value in : product.getDpsInputs())
    if (dlc::viewRoot(in) == outRoot)
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
                                ValueRange accIndices) const {
  // The consumer's loops are the view's dimensions.
  SmallVector<Value> indices(accIndices);
  if (view)
    indices = reshapeIndices(
        b, loc, accumulator.getType().getShape(),
        cast<MemRefType>(view->getResult(0).getType()).getShape(), accIndices);
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
  if (view)
    view->erase();
  fill->erase();
  // The kernel must not have kept a reference to the accumulator; if it
  // did, the buffer stays (bytes, not a dangling use).
  if (accumulator->use_empty())
    accumulator->erase();
}
