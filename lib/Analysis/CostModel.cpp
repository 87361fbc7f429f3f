//===- CostModel.cpp - FLOPs, bytes and roofline time of an op ------------===//
//
// See CostModel.h. Contractions (matrix products, convolutions and their
// gradients) count two FLOPs per multiply-add; every other op counts a fixed
// number of FLOPs per element of its largest operand or result, a rough
// figure of its arithmetic (1 for an addition, about 10 for a GELU). Those
// ops are bandwidth-bound on any GPU, so the figure rarely decides the time.
//
//===----------------------------------------------------------------------===//

#include "dlc/Analysis/CostModel.h"

#include "dlc/Dialect/Dlc/IR/DlcDialect.h"
#include "dlc/Dialect/Dlc/IR/DlcMemoryPlan.h"
#include "dlc/Dialect/Dlc/IR/DlcOps.h"

#include "mlir/IR/BuiltinTypes.h"
#include "llvm/ADT/StringSwitch.h"
#include "llvm/ADT/TypeSwitch.h"

#include <algorithm>

using namespace mlir;
using namespace mlir::dlc;

namespace {

double elements(Value v) {
  auto shaped = dyn_cast<ShapedType>(v.getType());
  return shaped && shaped.hasStaticShape()
             ? static_cast<double>(shaped.getNumElements())
             : 0;
}

double bytes(Value v) {
  auto shaped = dyn_cast<ShapedType>(v.getType());
  return shaped ? static_cast<double>(shapedBytes(shaped).value_or(
                      std::numeric_limits<int64_t>::max()))
                : 0;
}

/// Elements of the largest operand or result.
double largestElements(Operation *op) {
  double most = 0;
  for (Value v : op->getOperands())
    most = std::max(most, elements(v));
  for (Value v : op->getResults())
    most = std::max(most, elements(v));
  return most;
}

/// FLOPs per element of the ops that are not contractions.
double flopsPerElement(Operation *op) {
  return llvm::StringSwitch<double>(op->getName().getStringRef())
      .Cases({"dlc.relu", "dlc.add", "dlc.sub", "dlc.mul", "dlc.div"}, 1)
      .Cases({"dlc.relu_grad", "dlc.reduce_sum", "dlc.reduce_mean"}, 1)
      .Cases({"dlc.sqrt", "dlc.mse_loss", "dlc.global_avg_pool2d"}, 2)
      .Cases({"dlc.tanh", "dlc.sigmoid", "dlc.exp"}, 4)
      .Cases({"dlc.softmax", "dlc.cross_entropy", "dlc.cross_entropy_grad"}, 5)
      .Cases({"dlc.layer_norm", "dlc.batch_norm", "dlc.dropout"}, 8)
      .Case("dlc.gelu", 10)
      .Cases({"dlc.layer_norm_grad", "dlc.batch_norm_grad"}, 12)
      .Case("dlc.gelu_grad", 14)
      // Data movement: reshape, transpose, slice, concat, embedding, ...
      .Default(0);
}

/// Product of the entries of a [height, width] window.
double window(ArrayRef<int64_t> kernel) {
  return static_cast<double>(kernel[0]) * static_cast<double>(kernel[1]);
}

/// FLOPs of a convolution (or one of its gradients) given the output-sized
/// tensor and the filter: two per output element and filter tap per input
/// channel of the group.
double convolutionFlops(Value outputSized, Value filter) {
  auto w = cast<ShapedType>(filter.getType());
  double perOutput = 2.0 * static_cast<double>(w.getDimSize(1)) *
                     static_cast<double>(w.getDimSize(2)) *
                     static_cast<double>(w.getDimSize(3));
  return elements(outputSized) * perOutput;
}

double countFlops(Operation *op) {
  return llvm::TypeSwitch<Operation *, double>(op)
      .Case([](MatmulOp matmul) {
        auto lhs = cast<ShapedType>(matmul.getLhs().getType());
        int64_t rank = lhs.getRank();
        double k = static_cast<double>(
            lhs.getDimSize(matmul.getTransposeLhs() ? rank - 2 : rank - 1));
        return 2.0 * elements(matmul.getResult()) * k;
      })
      .Case([](LinearOp linear) {
        auto w = cast<ShapedType>(linear.getWeight().getType());
        double out = elements(linear.getResult());
        return 2.0 * out * static_cast<double>(w.getDimSize(1)) +
               (linear.getBias() ? out : 0.0);
      })
      .Case([](Conv2DOp conv) {
        double out = elements(conv.getResult());
        return convolutionFlops(conv.getResult(), conv.getWeight()) +
               (conv.getBias() ? out : 0.0);
      })
      .Case([](Conv2DInputGradOp grad) {
        return convolutionFlops(grad.getGrad(), grad.getWeight());
      })
      .Case([](Conv2DWeightGradOp grad) {
        return convolutionFlops(grad.getGrad(), grad.getResult());
      })
      .Case([](MaxPool2DOp pool) {
        return elements(pool.getResult()) * window(pool.getKernelSize());
      })
      .Case([](AvgPool2DOp pool) {
        return elements(pool.getResult()) * window(pool.getKernelSize());
      })
      .Case([](MaxPool2DGradOp pool) {
        return elements(pool.getGrad()) * window(pool.getKernelSize());
      })
      .Case([](AvgPool2DGradOp pool) {
        return elements(pool.getGrad()) * window(pool.getKernelSize());
      })
      .Default([](Operation *op) {
        return largestElements(op) * flopsPerElement(op);
      });
}

/// Peak FLOP/s for the element type the op computes in.
double peakFor(Operation *op, const DeviceParams &device) {
  Type element;
  for (Value v : op->getResults())
    if (auto shaped = dyn_cast<ShapedType>(v.getType()))
      if (isa<FloatType>(shaped.getElementType())) {
        element = shaped.getElementType();
        break;
      }
  if (!element || element.isF32())
    return device.peakF32;
  if (element.isF64())
    return device.peakF64;
  return device.peakF16; // f16 and bf16
}

} // namespace

OpCost mlir::dlc::estimateCost(Operation *op, const DeviceParams &device) {
  OpCost cost;
  for (Value v : op->getOperands())
    cost.bytes += bytes(v);
  for (Value v : op->getResults())
    cost.bytes += bytes(v);
  cost.flops = countFlops(op);
  cost.seconds =
      std::max(cost.flops / peakFor(op, device), cost.bytes / device.bandwidth);
  return cost;
}
