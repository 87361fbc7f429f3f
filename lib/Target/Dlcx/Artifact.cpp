//===- Artifact.cpp - Record a compiled step as a .dlcx artifact ----------===//
//
// Walks the host function left by the GPU pipeline and resolves every memref
// it hands to a kernel to a buffer and a byte offset: the function's
// arguments (parameters, inputs, optimizer state, outputs), the planned
// arena, other allocations, and constant globals; the results it returns
// become output buffers that view the bytes they live in (the arena's, when
// the GPU pipeline plans them there). Launches must have
// constant sizes and scalar arguments. See docs/gpu.md for the format; its
// words and limits come from the runtime's dlcrt/DlcxFormat.h, which the
// reader uses too: what the reader would refuse (a launch size out of CUDA's
// range, a view past its buffer, buffers beyond the format's bound) is
// refused here, at the op, so that every artifact written can be read. The
// manifest ends with the checksum of everything else in the file.
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

#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/TypeSwitch.h"
#include "llvm/Support/CheckedArithmetic.h"
#include "llvm/Support/Format.h"
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
  /// A result the step returns from the arena's bytes (outputs-in-arena):
  /// the arena buffer and the byte offset in it; no bytes of its own.
  int64_t base = -1;
  int64_t offset = 0;
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
  void print(StringRef target, llvm::raw_ostream &out);

private:
  FailureOr<Place> place(Value value, Operation *user);
  FailureOr<unsigned> addBuffer(Value value, Buffer buffer, Operation *at,
                                StringRef need);
  LogicalResult addModule(gpu::BinaryOp binary);
  LogicalResult addLaunch(gpu::LaunchFuncOp launch);
  LogicalResult addResults(func::ReturnOp ret, unsigned outputs);
  LogicalResult addTraining();

  ModuleOp module;
  func::FuncOp func;
  SmallVector<Buffer> buffers;
  DenseMap<Value, Place> places;
  SmallVector<Module> modules;
  llvm::StringMap<unsigned> moduleOf;
  SmallVector<std::pair<unsigned, std::string>> kernels;
  llvm::StringMap<unsigned> kernelOf;
  SmallVector<std::string> launches;
  /// The training loop: each function argument's number among the step's
  /// arguments (-1 for an out-parameter), the argument with `dlc.step`, and
  /// (result, function argument) for each result with `dlc.updates`.
  SmallVector<int> argumentOf;
  int stepArgument = -1;
  SmallVector<std::pair<unsigned, int64_t>> updates;
  uint64_t totalBytes = 0; ///< the buffers', each rounded as the runtime does
};

/// The bytes of `type` (static, of int or float elements), with checked
/// arithmetic; none when it does not fit in int64.
std::optional<int64_t> checkedBytes(MemRefType type) {
  if (llvm::is_contained(type.getShape(), 0))
    return 0;
  std::optional<int64_t> count = 1;
  for (int64_t dim : type.getShape())
    if (count)
      count = llvm::checkedMul(*count, dim);
  if (!count)
    return std::nullopt;
  return llvm::checkedMul(
      *count, static_cast<int64_t>(
                  (type.getElementType().getIntOrFloatBitWidth() + 7) / 8));
}

/// Adds the buffer of `value`, defined by `at`; `need` says what the
/// artifact needs when its type is not static.
FailureOr<unsigned> Writer::addBuffer(Value value, Buffer buffer, Operation *at,
                                      StringRef need) {
  auto type = cast<MemRefType>(value.getType());
  // Static shapes of int or float elements.
  if (!type.hasStaticShape() || !type.getElementType().isIntOrFloat())
    return at->emitError(need);
  std::optional<int64_t> bytes = checkedBytes(type);
  // The runtime places each buffer at a 256-byte boundary in one allocation
  // of at most dlcx::kMaxTotalBytes.
  uint64_t rounded =
      bytes ? (std::max<uint64_t>(*bytes, 1) + 255) / 256 * 256 : 0;
  if (!bytes || static_cast<uint64_t>(*bytes) > dlcx::kMaxTotalBytes ||
      totalBytes + rounded > dlcx::kMaxTotalBytes) {
    InFlightDiagnostic diag = at->emitError();
    diag << "the artifact's buffers may take at most " << dlcx::kMaxTotalBytes
         << " bytes (256 TiB) in all; " << type
         << (bytes ? " takes " + std::to_string(*bytes) + " bytes" +
                         (totalBytes ? " more" : "")
                   : std::string(" has more bytes than fit in int64"));
    return diag;
  }
  totalBytes += rounded;
  buffer.dtype = dtypeName(type.getElementType());
  buffer.shape.assign(type.getShape().begin(), type.getShape().end());
  buffer.bytes = *bytes;
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
  static const char *const names[] = {"grid x",  "grid y",  "grid z",
                                      "block x", "block y", "block z"};
  const uint64_t limits[] = {dlcx::kMaxGridX,   dlcx::kMaxGridYZ,
                             dlcx::kMaxGridYZ,  dlcx::kMaxBlockXY,
                             dlcx::kMaxBlockXY, dlcx::kMaxBlockZ};
  int64_t threads = 1;
  Value sizes[] = {grid.x, grid.y, grid.z, block.x, block.y, block.z};
  for (auto [d, size] : llvm::enumerate(sizes)) {
    std::optional<int64_t> value = getConstantIntValue(size);
    if (!value)
      return launch.emitError("the artifact needs launch sizes that are "
                              "constants");
    if (*value < 1 || static_cast<uint64_t>(*value) > limits[d])
      return launch.emitError("launch ") << names[d] << " is " << *value
                                         << "; CUDA takes 1 to " << limits[d];
    if (d >= 3)
      threads *= *value;
    os << " " << *value;
  }
  if (static_cast<uint64_t>(threads) > dlcx::kMaxBlockThreads)
    return launch.emitError("a block of ")
           << threads << " threads; CUDA takes at most "
           << dlcx::kMaxBlockThreads;
  int64_t shared = 0;
  if (Value dynamic = launch.getDynamicSharedMemorySize()) {
    std::optional<int64_t> value = getConstantIntValue(dynamic);
    if (!value)
      return launch.emitError("the artifact needs a constant dynamic shared "
                              "memory size");
    shared = *value;
    if (shared < 0 || static_cast<uint64_t>(shared) > dlcx::kMaxSharedBytes)
      return launch.emitError("dynamic shared memory of ")
             << shared << " bytes; the artifact takes 0 to "
             << dlcx::kMaxSharedBytes;
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

/// Records each result `ret` returns as an output buffer that views the
/// bytes it lives in, numbered after the `outputs` out-parameters.
LogicalResult Writer::addResults(func::ReturnOp ret, unsigned outputs) {
  for (auto [k, result] : llvm::enumerate(ret.getOperands())) {
    if (auto to = func.getResultAttrOfType<IntegerAttr>(
            k, dlc::DlcDialect::getUpdatesAttrName()))
      updates.push_back({outputs, to.getInt()});
    auto type = dyn_cast<MemRefType>(result.getType());
    if (!type)
      return ret.emitError("the artifact takes functions of memref results "
                           "only");
    if (!type.hasStaticShape() || !type.getElementType().isIntOrFloat() ||
        !type.getLayout().isIdentity())
      return ret.emitError("the artifact needs results of static shapes and "
                           "identity layouts of int or float elements, not ")
             << type;
    FailureOr<Place> p = place(result, ret);
    if (failed(p))
      return failure();
    std::optional<int64_t> bytes = checkedBytes(type);
    const Buffer &base = buffers[p->buffer];
    if (base.kind != dlcx::kArena)
      return ret.emitError("the artifact returns results from the planned "
                           "arena only, and this one lives in a ")
             << base.kind
             << " buffer (the GPU pipeline's outputs-in-arena=false passes "
                "results as out-parameters instead)";
    if (!bytes || *bytes > base.bytes || p->offset > base.bytes - *bytes)
      return ret.emitError("result ")
             << result << " of " << (bytes ? *bytes : -1) << " bytes at byte "
             << p->offset << " of a buffer of " << base.bytes << " bytes";
    Buffer buffer;
    buffer.kind = dlcx::kOutput;
    buffer.index = outputs++;
    buffer.dtype = dtypeName(type.getElementType());
    buffer.shape.assign(type.getShape().begin(), type.getShape().end());
    buffer.bytes = *bytes;
    buffer.base = p->buffer;
    buffer.offset = p->offset;
    buffers.push_back(std::move(buffer));
  }
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
      argumentOf.push_back(-1);
      if (auto to = func.getArgAttrOfType<IntegerAttr>(
              i, dlc::DlcDialect::getUpdatesAttrName()))
        updates.push_back({buffer.index, to.getInt()});
    } else {
      argumentOf.push_back(inputs);
      if (func.getArgAttr(i, dlc::DlcDialect::getStepAttrName()))
        stepArgument = inputs;
      buffer.kind =
          func.getArgAttr(i, dlc::DlcDialect::getParamAttrName()) ||
                  func.getArgAttr(i, dlc::DlcDialect::getFrozenAttrName())
              ? dlcx::kParam
          : func.getArgAttr(i, dlc::DlcDialect::getOptimizerStateAttrName()) ||
                  func.getArgAttr(i, dlc::DlcDialect::getStepStateAttrName())
              ? dlcx::kState
              : dlcx::kInput;
      buffer.index = inputs++;
    }
    if (failed(addBuffer(arg, std::move(buffer), func,
                         "the artifact needs static argument shapes of int "
                         "or float elements")))
      return failure();
  }

  for (Operation &op : func.getBody().front()) {
    LogicalResult result =
        TypeSwitch<Operation *, LogicalResult>(&op)
            .Case([&](memref::AllocOp alloc) -> LogicalResult {
              Buffer buffer;
              buffer.kind = alloc->hasAttr(dlc::DlcDialect::getArenaAttrName())
                                ? dlcx::kArena
                                : dlcx::kScratch;
              return addBuffer(alloc, std::move(buffer), alloc,
                               "the artifact needs static allocations");
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
              // Sized and bounded first, then its contents spelled out.
              FailureOr<unsigned> index =
                  addBuffer(get, std::move(buffer), get,
                            "the artifact needs static globals");
              if (failed(index))
                return failure();
              Buffer &added = buffers[*index];
              auto type = cast<MemRefType>(get.getType());
              int64_t elementBytes =
                  added.bytes / std::max<int64_t>(1, type.getNumElements());
              ArrayRef<char> raw = init.getRawData();
              if (init.isSplat() &&
                  raw.size() == static_cast<size_t>(elementBytes)) {
                for (int64_t i = 0; i < type.getNumElements(); ++i)
                  added.data.append(raw.data(), elementBytes);
              } else if (!init.isSplat()) {
                added.data.assign(raw.data(), raw.size());
              }
              // The reader takes a global's data as its whole contents.
              if (added.data.size() != static_cast<size_t>(added.bytes))
                return get.emitError("the global's contents are ")
                       << added.data.size() << " bytes in memory but its type "
                       << type << " takes " << added.bytes
                       << "; the artifact cannot record it";
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
              // A view may end at its buffer's end, not start past it.
              std::optional<int64_t> offset =
                  llvm::checkedAdd(p->offset, *shift);
              int64_t size = buffers[p->buffer].bytes;
              if (*shift < 0 || !offset || *offset > size)
                return view.emitError("the view starts at byte ")
                       << (offset ? std::to_string(*offset)
                                  : std::to_string(p->offset) + " + " +
                                        std::to_string(*shift))
                       << " of a buffer of " << size << " bytes";
              places[view] = {p->buffer, *offset};
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
            .Case([&](func::ReturnOp ret) { return addResults(ret, outputs); })
            .Case<memref::DeallocOp, bufferization::DeallocOp>(
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
  return addTraining();
}

/// Checks the training loop's updates against the buffers: each names an
/// argument of its result's type, once.
LogicalResult Writer::addTraining() {
  SmallVector<const Buffer *> arguments, results;
  for (const Buffer &b : buffers)
    if (b.kind == dlcx::kOutput)
      results.push_back(&b);
    else if (b.kind == dlcx::kParam || b.kind == dlcx::kInput ||
             b.kind == dlcx::kState)
      arguments.push_back(&b);
  llvm::SmallDenseSet<int> updated;
  for (auto &[result, to] : updates) {
    int argument = to >= 0 && to < static_cast<int64_t>(argumentOf.size())
                       ? argumentOf[to]
                       : -1;
    if (argument < 0 || result >= results.size())
      return func.emitError("result #")
             << result << " updates argument #" << to
             << ", which the compiled step does not have";
    const Buffer &from = *results[result], &into = *arguments[argument];
    if (from.dtype != into.dtype || from.shape != into.shape ||
        (into.kind != dlcx::kParam && into.kind != dlcx::kState))
      return func.emitError("result #")
             << result << " cannot update argument #" << to
             << ": not a parameter or optimizer state of its type";
    if (!updated.insert(argument).second)
      return func.emitError("argument #") << to << " is updated twice";
    to = argument;
  }
  return success();
}

void Writer::print(StringRef target, llvm::raw_ostream &out) {
  // The manifest up to the checksum is made first, so that it can be
  // hashed; the blobs are hashed where they are.
  std::string manifest;
  llvm::raw_string_ostream os(manifest);
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
    os << " " << b.bytes << " " << b.data.size();
    if (b.base >= 0)
      os << " " << dlcx::kAt << " " << dlcx::kPointerPrefix << b.base
         << dlcx::kOffsetSeparator << b.offset;
    os << "\n";
  }
  os << dlcx::kStep << " ";
  if (stepArgument < 0)
    os << dlcx::kNone;
  else
    os << stepArgument;
  os << "\n" << dlcx::kUpdates << " " << updates.size() << "\n";
  for (auto [i, u] : llvm::enumerate(updates))
    os << dlcx::kUpdate << " " << i << " " << u.first << " " << u.second
       << "\n";
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
  std::string end = std::string(dlcx::kEnd) + "\n";
  uint64_t hash = dlcx::fnv1a64(manifest.data(), manifest.size());
  hash = dlcx::fnv1a64(end.data(), end.size(), hash);
  for (const Module &m : modules)
    hash = dlcx::fnv1a64(m.blob.data(), m.blob.size(), hash);
  for (const Buffer &b : buffers)
    hash = dlcx::fnv1a64(b.data.data(), b.data.size(), hash);
  out << manifest << dlcx::kChecksum << " " << dlcx::kChecksumAlgorithm << " "
      << llvm::format_hex_no_prefix(hash, 16) << "\n"
      << end;
  for (const Module &m : modules)
    out << m.blob;
  for (const Buffer &b : buffers)
    out << b.data;
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
