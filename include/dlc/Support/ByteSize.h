//===- ByteSize.h - Byte sizes as users write and read them -----*- C++ -*-===//
//
// One rule for the byte sizes that cross dlc's interface: what a user may
// write (`6GiB`, `512MiB`, `1.5GB`, `123B`, or `0.5` as a fraction of some
// whole where an option allows it) and how a tool prints a size back. Every
// pass and tool parses and formats bytes here, so that `budget=6GiB` means the
// same everywhere and reports print sizes one way. LLVM Support only.
//
//===----------------------------------------------------------------------===//

#ifndef DLC_SUPPORT_BYTESIZE_H
#define DLC_SUPPORT_BYTESIZE_H

#include "llvm/ADT/StringRef.h"

#include <cstdint>
#include <optional>
#include <string>

namespace mlir::dlc {

/// A parsed size: a number of bytes, or (without a unit) a fraction in (0, 1]
/// of a whole that the caller names.
struct ByteSize {
  bool isFraction = false;
  int64_t bytes = 0;   ///< when !isFraction
  double fraction = 0; ///< when isFraction
};

/// How parseByteSize words its errors and whether it takes fractions.
struct ByteSizeSyntax {
  /// What the size is, for messages ("budget": "unknown unit 'Gb' in the
  /// budget").
  llvm::StringRef what = "size";
  /// What a unitless number is a fraction of ("the saved activations"); empty
  /// when the option takes bytes only.
  llvm::StringRef fractionOf;
};

/// Parses "6GiB", "512MiB", "1.5GB", "100000B" (binary units B, KiB, MiB, GiB,
/// TiB; decimal KB, MB, GB, TB; the bytes are rounded down) or, when
/// `syntax.fractionOf` is set, a unitless fraction in (0, 1]. On failure
/// returns std::nullopt and sets `error` to a message saying what was
/// expected.
std::optional<ByteSize> parseByteSize(llvm::StringRef text,
                                      const ByteSizeSyntax &syntax,
                                      std::string &error);

/// "512 B", "1.50 GiB", "12.0 MiB": three significant digits in the largest
/// binary unit that keeps the number at or above 1.
std::string formatBytes(double bytes);

/// "1048576 bytes (1.0 MiB)": the exact count, with MiB for the eye.
std::string formatBytesAndMiB(int64_t bytes);

} // namespace mlir::dlc

#endif // DLC_SUPPORT_BYTESIZE_H
