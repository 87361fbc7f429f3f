//===- ByteSize.cpp - Byte sizes as users write and read them -------------===//
//
// See ByteSize.h. The parser is strict about units (a misspelt unit is an
// error naming the accepted ones, never a silent factor of 1000 or 8) and
// about unitless numbers (a fraction only where the option says what of).
//
//===----------------------------------------------------------------------===//

#include "dlc/Support/ByteSize.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringSwitch.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/raw_ostream.h"

#include <cmath>

using namespace mlir::dlc;

std::optional<ByteSize> mlir::dlc::parseByteSize(llvm::StringRef text,
                                                 const ByteSizeSyntax &syntax,
                                                 std::string &error) {
  bool fractions = !syntax.fractionOf.empty();
  llvm::StringRef number = text.take_while(
      [](char c) { return llvm::isDigit(c) || c == '.' || c == 'e'; });
  llvm::StringRef unit = text.drop_front(number.size()).trim();
  double value;
  if (number.empty() || number.getAsDouble(value) || !(value >= 0)) {
    error = fractions ? "expected bytes with a unit (6GiB, 512MiB) or a "
                        "fraction in (0, 1] (0.5), got '"
                      : "expected bytes with a unit (6GiB, 512MiB, 123B), "
                        "got '";
    error += text.str() + "'";
    return std::nullopt;
  }
  ByteSize size;
  if (unit.empty()) {
    if (!fractions) {
      error = "the " + syntax.what.str() +
              " needs a unit (B, KiB, MiB, GiB, KB, MB, GB), got '" +
              text.str() + "'";
      return std::nullopt;
    }
    if (!(value > 0 && value <= 1)) {
      error = "a " + syntax.what.str() + " without a unit is a fraction of " +
              syntax.fractionOf.str() +
              " and must be in (0, 1]; give bytes a unit (B, KiB, MiB, GiB, "
              "KB, MB, GB), got '" +
              text.str() + "'";
      return std::nullopt;
    }
    size.isFraction = true;
    size.fraction = value;
    return size;
  }
  double scale = llvm::StringSwitch<double>(unit)
                     .Case("B", 1)
                     .Case("KiB", 1024.0)
                     .Case("MiB", 1024.0 * 1024)
                     .Case("GiB", 1024.0 * 1024 * 1024)
                     .Case("TiB", 1024.0 * 1024 * 1024 * 1024)
                     .Case("KB", 1e3)
                     .Case("MB", 1e6)
                     .Case("GB", 1e9)
                     .Case("TB", 1e12)
                     .Default(0);
  if (!scale) {
    error = "unknown unit '" + unit.str() + "' in the " + syntax.what.str() +
            "; expected B, KiB, MiB, GiB, TiB, KB, MB, GB or TB";
    return std::nullopt;
  }
  double bytes = std::floor(value * scale);
  if (!(bytes < 0x1p63)) {
    error = "the " + syntax.what.str() + " '" + text.str() +
            "' does not fit in 64 bits";
    return std::nullopt;
  }
  size.bytes = static_cast<int64_t>(bytes);
  return size;
}

std::string mlir::dlc::formatBytes(double bytes) {
  const char *units[] = {"B", "KiB", "MiB", "GiB", "TiB"};
  int unit = 0;
  while (bytes >= 1024 && unit < 4) {
    bytes /= 1024;
    ++unit;
  }
  std::string text;
  llvm::raw_string_ostream os(text);
  if (unit == 0)
    os << static_cast<int64_t>(bytes) << " B";
  else
    os << llvm::format(bytes < 10 ? "%.2f %s" : "%.1f %s", bytes, units[unit]);
  return text;
}

std::string mlir::dlc::formatBytesAndMiB(int64_t bytes) {
  std::string text;
  llvm::raw_string_ostream os(text);
  os << bytes << " bytes (" << llvm::format("%.1f", bytes / 1048576.0)
     << " MiB)";
  return text;
}
