//===- Artifact.cpp - Record a compiled step as a .dlcx artifact ----------===//
//
// Walks the host function left by the GPU pipeline and resolves every memref
// it hands to a kernel to a buffer and a byte offset: the function's
// arguments (parameters, inputs, optimizer state, outputs), the planned
// arena, other allocations, and constant globals. Launches must have
// constant sizes and scalar arguments. See docs/gpu.md for the format; its
// words come from the runtime's dlcrt/DlcxFormat.h, which the reader uses too.
//
//===----------------------------------------------------------------------===//

#include "dlc/Target/Dlcx/Artifact.h"
#include "dlc/Dialect/Dlc/IR/DlcDialect.h"
#include "dlc/Dialect/Dlc/IR/DlcMemoryPlan.h"
#include "dlcrt/DlcxFormat.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Bufferization/IR/Bufferization.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/Matchers.h"
#include "mlir/IR/SymbolTable.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"

#include "llvm/ADT/TypeSwitch.h"
#include "llvm/Support/raw_ostream.h"

using namespace mlir;

namespace {

struct Buffer {
  std::string kind;   ///< one of DlcxFormat.h's buffer kinds
  int64_t index = -1; ///< argument or result number, else -1
  std::string dtype;
  SmallVector<int64_t> shape;
  int64_t bytes = 0;
  std::string data; ///< a global's contents
};

struct Module {
  std::string format; ///< ptx, cubin or fatbin
  std::string blob;
};

struct Place {
  unsigned buffer;
  int64_t offset;
};

std::string dtypeName(Type type) {
  if (type.isF16())
    return std::string(dlcx::kF16);
  if (type.isBF16())
    return std::string(dlcx::kBF16);
  if (type.isF32())
    return std::string(dlcx::kF32);
  if (type.isF64())
    return std::string(dlcx::kF64);
  if (type.isInteger(1))
    return std::string(dlcx::kI1);
  if (type.isInteger(8))
    return std::string(dlcx::kI8);
  if (type.isInteger(32))
    return std::string(dlcx::kI32);
  if (type.isInteger(64))
    return std::string(dlcx::kI64);
  return "";
}

class Writer {
public:
  Writer(ModuleOp module, func::FuncOp func) : module(module), func(func) {}
  LogicalResult run();
  void print(StringRef target, llvm::raw_ostream &os);

private:
  FailureOr<Place> place(Value value, Operation *user);
  FailureOr<unsigned> addBuffer(Value value, Buffer buffer);
  LogicalResult addModule(gpu::BinaryOp binary);
  LogicalResult addLaunch(gpu::LaunchFuncOp launch);

  ModuleOp module;
  func::FuncOp func;
  SmallVector<Buffer> buffers;
  DenseMap<Value, Place> places;
  SmallVector<Module> modules;
  llvm::StringMap<unsigned> moduleOf;
  SmallVector<std::pair<unsigned, std::string>> kernels;
  llvm::StringMap<unsigned> kernelOf;
  SmallVector<std::string> launches;
};

FailureOr<unsigned> Writer::addBuffer(Value value, Buffer buffer) {
  auto type = cast<MemRefType>(value.getType());
  // Static shapes of int or float elements (shapedBytes is 0 otherwise).
  if (!type.hasStaticShape() ||
      (type.getNumElements() > 0 && dlc::shapedBytes(type) == 0))
    return failure();
  buffer.dtype = dtypeName(type.getElementType());
  buffer.shape.assign(type.getShape().begin(), type.getShape().end());
  buffer.bytes = dlc::shapedBytes(type);
  buffers.push_back(std::move(buffer));
  places[value] = {static_cast<unsigned>(buffers.size() - 1), 0};
  return buffers.size() - 1;
}

FailureOr<Place> Writer::place(Value value, Operation *user) {
  if (auto it = places.find(value); it != places.end())
    return it->second;
  user->emitError() << "the artifact cannot locate this memref operand: it "
                       "is not a view of an argument, an allocation or a "
                       "global at a constant offset";
  return failure();
}

LogicalResult Writer::addModule(gpu::BinaryOp binary) {
  auto objects = binary.getObjects();
  if (objects.size() != 1)
    return binary.emitError("the artifact needs one object per gpu.binary");
  auto object = cast<gpu::ObjectAttr>(*objects.begin());
  Module m;
  switch (object.getFormat()) {
  case gpu::CompilationTarget::Assembly:
    m.format = dlcx::kPtx;
    break;
  case gpu::CompilationTarget::Binary:
    m.format = dlcx::kCubin;
    break;
  case gpu::CompilationTarget::Fatbin:
    m.format = dlcx::kFatbin;
    break;
  default:
    return binary.emitError("the artifact takes PTX, cubin or fatbin "
                            "objects (format=isa, bin or fatbin)");
  }
  m.blob = object.getObject().getValue().str();
  moduleOf[binary.getSymName()] = modules.size();
  modules.push_back(std::move(m));
  return success();
}

LogicalResult Writer::addLaunch(gpu::LaunchFuncOp launch) {
  StringRef moduleName = launch.getKernelModuleName().getValue();
  auto moduleIt = moduleOf.find(moduleName);
  if (moduleIt == moduleOf.end())
    return launch.emitError() << "no compiled gpu.binary named '" << moduleName
                              << "' for this launch";
  std::string key =
      (moduleName + "::" + launch.getKernelName().getValue()).str();
  auto [kernelIt, inserted] = kernelOf.try_emplace(key, kernels.size());
  if (inserted)
    kernels.push_back(
        {moduleIt->second, launch.getKernelName().getValue().str()});

  std::string line;
  llvm::raw_string_ostream os(line);
  os << dlcx::kLaunch << " " << kernelIt->second;
  gpu::KernelDim3 grid = launch.getGridSizeOperandValues();
  gpu::KernelDim3 block = launch.getBlockSizeOperandValues();
  for (Value size : {grid.x, grid.y, grid.z, block.x, block.y, block.z}) {
    std::optional<int64_t> value = getConstantIntValue(size);
    if (!value)
      return launch.emitError("the artifact needs launch sizes that are "
                              "constants");
    os << " " << *value;
  }
  int64_t shared = 0;
  if (Value dynamic = launch.getDynamicSharedMemorySize()) {
    std::optional<int64_t> value = getConstantIntValue(dynamic);
    if (!value)
      return launch.emitError("the artifact needs a constant dynamic shared "
                              "memory size");
    shared = *value;
  }
  os << " " << shared << " " << launch.getKernelOperands().size();
  for (Value operand : launch.getKernelOperands()) {
    Type type = operand.getType();
    if (isa<MemRefType>(type)) {
      FailureOr<Place> p = place(operand, launch);
      if (failed(p))
        return failure();
      os << " " << dlcx::kPointerPrefix << p->buffer << dlcx::kOffsetSeparator
         << p->offset;
      continue;
    }
    Attribute value;
    if (!matchPattern(operand, m_Constant(&value)))
      return launch.emitError("the artifact needs kernel scalars that are "
                              "constants");
    if (auto integer = dyn_cast<IntegerAttr>(value)) {
      unsigned width = type.isIndex() ? 64 : type.getIntOrFloatBitWidth();
      if (width != 32 && width != 64)
        return launch.emitError("kernel integer scalars must be 32 or 64 bits");
      os << " " << (width == 32 ? dlcx::kI32 : dlcx::kI64)
         << dlcx::kScalarSeparator << integer.getValue().getSExtValue();
    } else if (auto real = dyn_cast<FloatAttr>(value)) {
      if (!type.isF16() && !type.isBF16() && !type.isF32() && !type.isF64())
        return launch.emitError("kernel float scalars must be f16, bf16, f32 "
                                "or f64");
      std::string_view name = type.isF16()    ? dlcx::kF16
                              : type.isBF16() ? dlcx::kBF16
                              : type.isF32()  ? dlcx::kF32
                                              : dlcx::kF64;
      os << " " << name << dlcx::kScalarSeparator << dlcx::kHexPrefix
         << llvm::utohexstr(real.getValue().bitcastToAPInt().getZExtValue());
    } else {
      return launch.emitError("unsupported kernel scalar");
    }
  }
  launches.push_back(line);
  return success();
}

LogicalResult Writer::run() {
  for (auto binary : module.getOps<gpu::BinaryOp>())
    if (failed(addModule(binary)))
      return failure();

  unsigned inputs = 0, outputs = 0;
  for (BlockArgument arg : func.getArguments()) {
    if (!isa<MemRefType>(arg.getType()))
      return func.emitError("the artifact takes functions of memref "
                            "arguments only");
    Buffer buffer;
    unsigned i = arg.getArgNumber();
    if (func.getArgAttr(i, "bufferize.result")) {
      buffer.kind = dlcx::kOutput;
      buffer.index = outputs++;
    } else {
      buffer.kind =
          func.getArgAttr(i, dlc::DlcDialect::getParamAttrName()) ? dlcx::kParam
          : func.getArgAttr(i, dlc::DlcDialect::getOptimizerStateAttrName())
              ? dlcx::kState
              : dlcx::kInput;
      buffer.index = inputs++;
    }
    if (failed(addBuffer(arg, std::move(buffer))))
      return func.emitError(
          "the artifact needs static argument shapes of int or float elements");
  }

  for (Operation &op : func.getBody().front()) {
    LogicalResult result =
        TypeSwitch<Operation *, LogicalResult>(&op)
            .Case([&](memref::AllocOp alloc) -> LogicalResult {
              Buffer buffer;
              buffer.kind = alloc->hasAttr(dlc::DlcDialect::getArenaAttrName())
                                ? dlcx::kArena
                                : dlcx::kScratch;
              if (failed(addBuffer(alloc, std::move(buffer))))
                return alloc.emitError("the artifact needs static "
                                       "allocations");
              return success();
            })
            .Case([&](memref::GetGlobalOp get) -> LogicalResult {
              auto global =
                  SymbolTable::lookupNearestSymbolFrom<memref::GlobalOp>(
                      get, get.getNameAttr());
              auto init = global ? dyn_cast_or_null<DenseElementsAttr>(
                                       global.getInitialValueAttr())
                                 : DenseElementsAttr();
              if (!init)
                return get.emitError("the artifact needs a global with "
                                     "dense contents");
              Buffer buffer;
              buffer.kind = dlcx::kGlobal;
              auto type = cast<MemRefType>(get.getType());
              int64_t elementBytes =
                  dlc::shapedBytes(type) /
                  std::max<int64_t>(1, type.getNumElements());
              ArrayRef<char> raw = init.getRawData();
              if (init.isSplat()) {
                for (int64_t i = 0; i < type.getNumElements(); ++i)
                  buffer.data.append(raw.data(), elementBytes);
              } else {
                buffer.data.assign(raw.data(), raw.size());
              }
              if (failed(addBuffer(get, std::move(buffer))))
                return get.emitError("the artifact needs static globals");
              return success();
            })
            .Case([&](memref::ViewOp view) -> LogicalResult {
              std::optional<int64_t> shift =
                  getConstantIntValue(view.getByteShift());
              if (!shift || !view.getSizes().empty())
                return view.emitError("the artifact needs views at constant "
                                      "offsets with static shapes");
              FailureOr<Place> p = place(view.getSource(), view);
              if (failed(p))
                return failure();
              places[view] = {p->buffer, p->offset + *shift};
              return success();
            })
            .Case<memref::SubViewOp, memref::ReshapeOp, memref::ExpandShapeOp,
                  memref::CollapseShapeOp, memref::CastOp,
                  memref::ReinterpretCastOp>(
                [&](Operation *alias) -> LogicalResult {
                  // Same aligned pointer; the kernel takes any static offset
                  // from the type (bare-pointer calling convention).
                  auto type = cast<MemRefType>(alias->getResult(0).getType());
                  int64_t offset;
                  SmallVector<int64_t> strides;
                  if (!type.hasStaticShape() ||
                      failed(type.getStridesAndOffset(strides, offset)) ||
                      ShapedType::isDynamic(offset) ||
                      llvm::any_of(strides, ShapedType::isDynamic))
                    return alias->emitError(
                        "the artifact needs static layouts");
                  FailureOr<Place> p = place(alias->getOperand(0), alias);
                  if (failed(p))
                    return failure();
                  places[alias->getResult(0)] = *p;
                  return success();
                })
            .Case(
                [&](memref::ExtractStridedMetadataOp extract) -> LogicalResult {
                  // The base buffer has the source's aligned pointer.
                  FailureOr<Place> p = place(extract.getSource(), extract);
                  if (failed(p))
                    return failure();
                  places[extract.getBaseBuffer()] = *p;
                  return success();
                })
            .Case([&](gpu::LaunchFuncOp launch) { return addLaunch(launch); })
            .Case<memref::DeallocOp, bufferization::DeallocOp, func::ReturnOp>(
                [](Operation *) { return success(); })
            .Default([](Operation *op) -> LogicalResult {
              if (op->getNumRegions() == 0 && isMemoryEffectFree(op))
                return success(); // constants and index arithmetic
              return op->emitError("the artifact cannot record this host op; "
                                   "the GPU pipeline should have put it in a "
                                   "kernel");
            });
    if (failed(result))
      return failure();
  }
  return success();
}

void Writer::print(StringRef target, llvm::raw_ostream &os) {
  os << dlcx::kMagic << " " << dlcx::kVersion << "\n";
  os << dlcx::kFunction << " " << func.getSymName() << "\n";
  os << dlcx::kTarget << " " << target << "\n";
  os << dlcx::kBuffers << " " << buffers.size() << "\n";
  for (auto [i, b] : llvm::enumerate(buffers)) {
    os << dlcx::kBuffer << " " << i << " " << b.kind << " " << b.index << " "
       << (b.dtype.empty() ? dlcx::kUnknownDtype : std::string_view(b.dtype))
       << " ";
    if (b.shape.empty())
      os << dlcx::kScalarShape;
    for (auto [d, size] : llvm::enumerate(b.shape)) {
      if (d)
        os << dlcx::kShapeSeparator;
      os << size;
    }
    os << " " << b.bytes << " " << b.data.size() << "\n";
  }
  os << dlcx::kModules << " " << modules.size() << "\n";
  for (auto [i, m] : llvm::enumerate(modules))
    os << dlcx::kModule << " " << i << " " << m.format << " " << m.blob.size()
       << "\n";
  os << dlcx::kKernels << " " << kernels.size() << "\n";
  for (auto [i, k] : llvm::enumerate(kernels))
    os << dlcx::kKernel << " " << i << " " << k.first << " " << k.second
       << "\n";
  os << dlcx::kLaunches << " " << launches.size() << "\n";
  for (const std::string &line : launches)
    os << line << "\n";
  os << dlcx::kEnd << "\n";
  for (const Module &m : modules)
    os << m.blob;
  for (const Buffer &b : buffers)
    os << b.data;
}

} // namespace

LogicalResult dlc::writeArtifact(ModuleOp module, func::FuncOp func,
                                 StringRef target, llvm::raw_ostream &os) {
  Writer writer(module, func);
  if (failed(writer.run()))
    return failure();
  writer.print(target, os);
  return success();
}
