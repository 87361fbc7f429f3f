//===- ArtifactReader.h - Read a .dlcx artifact into memory -----*- C++ -*-===//
//
// The runtime's half of the .dlcx format (the compiler's half is
// lib/Target/Dlcx/Artifact.cpp; dlcrt/DlcxFormat.h holds the words both
// use). Reading is kept apart from loading so that everything an artifact
// can get wrong is found and reported before the CUDA driver is opened:
// a bad artifact fails the same way on a machine with or without a GPU.
// Private to the runtime; its users see dlc_runtime.h.
//
//===----------------------------------------------------------------------===//

#ifndef DLCRT_LIB_ARTIFACTREADER_H
#define DLCRT_LIB_ARTIFACTREADER_H

#include <cstddef>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace dlcrt {

struct Buffer {
  std::string kind; ///< one of DlcxFormat.h's buffer kinds
  int index = -1;   ///< argument or result number, else -1
  std::string dtype;
  std::vector<int64_t> shape;
  size_t bytes = 0;
  std::string data; ///< constant contents, uploaded at load; often empty
  /// An output that lives in an earlier arena buffer's bytes: that buffer
  /// and the byte offset; -1 for a buffer of its own.
  int base = -1;
  uint64_t offset = 0;
};

struct Arg {
  enum Kind { Pointer, I32, I64, F16, BF16, F32, F64 } kind;
  unsigned buffer = 0;
  uint64_t offset = 0; ///< or the scalar's bits
};

struct Launch {
  unsigned kernel;
  unsigned grid[3], block[3], shared;
  std::vector<Arg> args;
};

/// What an artifact says, checked for consistency: every number in range
/// (docs/gpu.md lists the checks), every blob complete, the checksum right.
struct Artifact {
  std::string target, function;
  std::vector<Buffer> buffers;
  std::vector<std::pair<std::string, std::string>> modules;  ///< format, blob
  std::vector<std::pair<unsigned, std::string>> kernelNames; ///< module, name
  std::vector<Launch> launches;
  std::vector<int> arguments, results; ///< buffer numbers
  /// The training loop: the argument that takes the step number (-1: none)
  /// and the (result, argument) pairs fed back after each step.
  int stepArgument = -1;
  std::vector<std::pair<int, int>> updates;
};

/// Reads the artifact at `path` into `artifact`; returns an empty string, or
/// what is wrong with the file, naming it and the manifest's line. Nothing
/// is allocated from a count or size before it is checked against the file.
std::string readArtifact(const std::string &path, Artifact &artifact);

} // namespace dlcrt

#endif // DLCRT_LIB_ARTIFACTREADER_H
