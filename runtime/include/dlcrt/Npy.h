//===- Npy.h - Host tensors and the NumPy .npy format -----------*- C++ -*-===//
//
// A host tensor (element kind, shape, bytes) and reading and writing it as a
// NumPy .npy file (format 1.0/2.0, little endian, C order). Plain C++, so the
// GPU runner can share it without linking LLVM. bf16 has no NumPy dtype: it
// is written and read as float32 and rounded to nearest even on the way in.
//
//===----------------------------------------------------------------------===//

#ifndef DLCRT_NPY_H
#define DLCRT_NPY_H

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace dlcrt {

enum class ElementKind { F16, BF16, F32, F64, I32, I64 };

/// Bytes per element, and a name ("f32", ...) for messages.
unsigned elementBytes(ElementKind kind);
const char *elementName(ElementKind kind);

/// The bytes of a tensor of `kind` and `shape`, with checked arithmetic:
/// none when a dimension is negative or the element count or the bytes do
/// not fit in int64. A zero dimension makes 0 bytes, whatever the others.
std::optional<int64_t> tensorBytes(ElementKind kind,
                                   const std::vector<int64_t> &shape);

/// This machine's physical memory in bytes, or 0 where it cannot be told.
uint64_t physicalMemoryBytes();

/// "4398046511104 bytes (4.00 TiB)": the count, and the size for the eye.
std::string describeBytes(uint64_t bytes);

struct HostTensor {
  ElementKind kind = ElementKind::F32;
  std::vector<int64_t> shape;
  std::vector<uint8_t> bytes;

  HostTensor() = default;
  /// A zeroed tensor. The size is computed with tensorBytes; a shape it
  /// refuses gives a tensor that is not valid() and holds no elements (so
  /// nothing can index past it). Callers check the size, and that it is
  /// affordable, first: this allocates it.
  HostTensor(ElementKind kind, std::vector<int64_t> shape);

  /// Whether `bytes` holds exactly the elements of `shape`.
  bool valid() const;
  /// The elements held: the product of the shape for a valid tensor.
  int64_t numElements() const;
  void *data() { return bytes.data(); }
  /// Element `i` as a double (exact for every kind but i64 beyond 2^53).
  double get(int64_t i) const;
  /// Stores `value` into element `i`, rounding to the element kind.
  void set(int64_t i, double value);
};

/// Converts between float and the 16-bit float formats (round to nearest
/// even, NaN kept).
uint16_t floatToHalf(float value);
float halfToFloat(uint16_t bits);
uint16_t floatToBF16(float value);
float bf16ToFloat(uint16_t bits);

/// Writes `tensor` to `path`; returns an empty string or an error message.
std::string writeNpy(const std::string &path, const HostTensor &tensor);

/// Reads `path` into a tensor of element kind `want` (converting between
/// float kinds and between integer kinds; an integer that does not fit
/// `want` is an error); returns an error message on failure, naming the
/// file. The header is checked whole (its keys, dtype, order and shape) and
/// its shape against the bytes the file holds before anything is allocated.
std::string readNpy(const std::string &path, ElementKind want,
                    HostTensor &tensor);

/// How `got` differs from `expected` (same shape; with other sizes only the
/// elements both hold are compared) elementwise, an element
/// differing when |got - expected| > atol + rtol * |expected| (equal values,
/// infinities of one sign included, always match; NaN matches NaN only).
struct Mismatch {
  int64_t count = 0;       ///< elements that differ
  int64_t worst = -1;      ///< the one most over its tolerance, or -1
  std::vector<int64_t> at; ///< its indices
  double got = 0, expected = 0;
};
Mismatch compareTensors(const HostTensor &got, const HostTensor &expected,
                        double rtol, double atol);

} // namespace dlcrt

#endif // DLCRT_NPY_H
