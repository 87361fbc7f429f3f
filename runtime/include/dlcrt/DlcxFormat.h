//===- DlcxFormat.h - The words of the .dlcx artifact format ----*- C++ -*-===//
//
// The .dlcx artifact has two sides that never link together: the writer in
// the compiler (lib/Target/Dlcx/Artifact.cpp, on LLVM) and the reader in the
// runtime (no LLVM, often built on another machine). This header is the one
// place where the format's version and words are spelled, so that the two
// cannot drift apart: a change to a word is a change to both, and a change to
// the layout bumps kVersion, which every older runtime then refuses by name
// instead of misreading. Header-only C++17 with no dependency, so both sides
// can include it. docs/gpu.md describes the layout these words make up.
//
//===----------------------------------------------------------------------===//

#ifndef DLCRT_DLCXFORMAT_H
#define DLCRT_DLCXFORMAT_H

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace dlcx {

/// The first line of every artifact is `<kMagic> <kVersion>`. The runtime
/// reads exactly this version. Version 2 added the checksum line, version 3
/// output buffers that view another buffer's bytes (kAt), version 4 the
/// training loop's lines (kStep, kUpdates).
inline constexpr std::string_view kMagic = "DLCX";
inline constexpr int kVersion = 4;

/// The manifest's line heads, in the order the lines come.
inline constexpr std::string_view kFunction = "function";
inline constexpr std::string_view kTarget = "target";
inline constexpr std::string_view kBuffers = "buffers";
inline constexpr std::string_view kBuffer = "buffer";
/// After the buffers, what a training loop feeds back: `<kStep> <argument>`
/// (the argument that takes the step number 1, 2, ..., or kNone), then the
/// table `<kUpdates> <count>` of `<kUpdate> <i> <result> <argument>` rows,
/// each result replacing that argument (a parameter or optimizer state of
/// its type) before the next step.
inline constexpr std::string_view kStep = "step";
inline constexpr std::string_view kNone = "none";
inline constexpr std::string_view kUpdates = "updates";
inline constexpr std::string_view kUpdate = "update";
inline constexpr std::string_view kModules = "modules";
inline constexpr std::string_view kModule = "module";
inline constexpr std::string_view kKernels = "kernels";
inline constexpr std::string_view kKernel = "kernel";
inline constexpr std::string_view kLaunches = "launches";
inline constexpr std::string_view kLaunch = "launch";
/// The line before kEnd: `<kChecksum> <kChecksumAlgorithm> <16 hex digits>`,
/// the checksum of every byte of the file except this line's (the manifest
/// from its header to the launches, the end line and all the blobs), so that
/// a flipped bit anywhere is refused before it reaches the driver.
inline constexpr std::string_view kChecksum = "checksum";
inline constexpr std::string_view kChecksumAlgorithm = "fnv1a64";
/// The manifest's last line; the binary blobs follow it.
inline constexpr std::string_view kEnd = "end";

/// Buffer kinds. The step's arguments, in order, are the param, input and
/// state buffers; its results the output buffers.
inline constexpr std::string_view kParam = "param";
inline constexpr std::string_view kInput = "input";
inline constexpr std::string_view kState = "state";
inline constexpr std::string_view kOutput = "output";
/// The planned intermediates, and an allocation outside the plan.
inline constexpr std::string_view kArena = "arena";
inline constexpr std::string_view kScratch = "scratch";
/// Constant data, carried in the artifact and uploaded at load.
inline constexpr std::string_view kGlobal = "global";
/// An output buffer line may end in `<kAt> <kPointerPrefix><buffer>
/// <kOffsetSeparator><byte offset>`: the result is returned in those bytes of
/// an earlier arena buffer (a step's results planned in its arena), and
/// takes no bytes of its own.
inline constexpr std::string_view kAt = "at";

/// A buffer's shape: sizes joined by kShapeSeparator, or kScalarShape for
/// rank 0. A dtype the writer has no name for is kUnknownDtype.
inline constexpr std::string_view kScalarShape = "scalar";
inline constexpr char kShapeSeparator = 'x';
inline constexpr std::string_view kUnknownDtype = "?";

/// Module formats. PTX is compiled by the driver for the GPU it runs on;
/// the others hold machine code for one architecture.
inline constexpr std::string_view kPtx = "ptx";
inline constexpr std::string_view kCubin = "cubin";
inline constexpr std::string_view kFatbin = "fatbin";

/// Kernel arguments: a device pointer as
/// `<kPointerPrefix><buffer><kOffsetSeparator><byte offset>`, or a scalar as
/// `<type><kScalarSeparator><value>`, integers in decimal and floats as their
/// bits after kHexPrefix.
inline constexpr char kPointerPrefix = 'p';
inline constexpr char kOffsetSeparator = '+';
inline constexpr char kScalarSeparator = ':';
inline constexpr std::string_view kHexPrefix = "0x";

/// Element types, as buffers' dtypes and scalar arguments' types name them.
inline constexpr std::string_view kF16 = "f16";
inline constexpr std::string_view kBF16 = "bf16";
inline constexpr std::string_view kF32 = "f32";
inline constexpr std::string_view kF64 = "f64";
inline constexpr std::string_view kI1 = "i1";
inline constexpr std::string_view kI8 = "i8";
inline constexpr std::string_view kI32 = "i32";
inline constexpr std::string_view kI64 = "i64";

/// Bytes of one element of `dtype` (an i1 takes a byte), 0 for a name that
/// is not a dtype. kUnknownDtype has no size: its buffers' bytes are taken as
/// they are.
constexpr unsigned dtypeBytes(std::string_view dtype) {
  if (dtype == kI1 || dtype == kI8)
    return 1;
  if (dtype == kF16 || dtype == kBF16)
    return 2;
  if (dtype == kF32 || dtype == kI32)
    return 4;
  if (dtype == kF64 || dtype == kI64)
    return 8;
  return 0;
}

/// What the reader accepts and the writer refuses to go beyond, so that a
/// written artifact is always read. Grid and block sizes are CUDA's limits
/// (compute capability 3.0 and later); the shared-memory bound only keeps the
/// number sane, the device's own limit is checked when the kernel is loaded.
/// The buffers' bytes in all (each rounded up to 256) are bounded well below
/// 2^63, so that no sum of them or rounding of the total can wrap.
inline constexpr uint64_t kMaxGridX = 2147483647; // 2^31 - 1
inline constexpr uint64_t kMaxGridYZ = 65535;
inline constexpr uint64_t kMaxBlockXY = 1024, kMaxBlockZ = 64;
inline constexpr uint64_t kMaxBlockThreads = 1024;
inline constexpr uint64_t kMaxSharedBytes = 1 << 20;          // 1 MiB
inline constexpr uint64_t kMaxTotalBytes = uint64_t(1) << 48; // 256 TiB

/// FNV-1a, 64 bits: the artifact's checksum. Feeding the bytes in pieces,
/// each call continuing from the last one's result, gives the hash of their
/// concatenation. Any change to a single byte changes the hash.
inline constexpr uint64_t kFnvOffsetBasis = 0xCBF29CE484222325ULL;
inline constexpr uint64_t kFnvPrime = 0x100000001B3ULL;
inline uint64_t fnv1a64(const void *data, size_t size,
                        uint64_t hash = kFnvOffsetBasis) {
  const unsigned char *bytes = static_cast<const unsigned char *>(data);
  for (size_t i = 0; i < size; ++i)
    hash = (hash ^ bytes[i]) * kFnvPrime;
  return hash;
}

} // namespace dlcx

#endif // DLCRT_DLCXFORMAT_H
