//===- ByteSizeTest.cpp - Tests of the byte-size parser and formatter -----===//
//
// Binary and decimal units scale as named and round down; a unitless number
// is a fraction only where the caller names what of, and must lie in (0, 1];
// misspelt units, negative or missing numbers and sizes past 64 bits are
// errors that say what was expected; the formatter picks the unit that keeps
// three significant digits.
//
//===----------------------------------------------------------------------===//

#include "dlc/Support/ByteSize.h"

#include "gtest/gtest.h"

using namespace mlir::dlc;

namespace {

const ByteSizeSyntax kBytesOnly{"size", ""};
const ByteSizeSyntax kBudget{"budget", "the saved activations"};

int64_t bytesOf(llvm::StringRef text) {
  std::string error;
  std::optional<ByteSize> size = parseByteSize(text, kBytesOnly, error);
  EXPECT_TRUE(size) << text.str() << ": " << error;
  EXPECT_TRUE(!size || !size->isFraction);
  return size ? size->bytes : -1;
}

std::string errorOf(llvm::StringRef text, const ByteSizeSyntax &syntax) {
  std::string error;
  std::optional<ByteSize> size = parseByteSize(text, syntax, error);
  EXPECT_FALSE(size) << text.str();
  return error;
}

TEST(ByteSize, UnitsScaleAsNamed) {
  EXPECT_EQ(bytesOf("123B"), 123);
  EXPECT_EQ(bytesOf("2KiB"), 2048);
  EXPECT_EQ(bytesOf("512MiB"), 512LL << 20);
  EXPECT_EQ(bytesOf("6GiB"), 6LL << 30);
  EXPECT_EQ(bytesOf("1TiB"), 1LL << 40);
  EXPECT_EQ(bytesOf("3KB"), 3000);
  EXPECT_EQ(bytesOf("1.5GB"), 1500000000);
  EXPECT_EQ(bytesOf("2TB"), 2000000000000LL);
  EXPECT_EQ(bytesOf("1e3B"), 1000);
  EXPECT_EQ(bytesOf("6 GiB"), 6LL << 30); // a space before the unit
}

TEST(ByteSize, FractionalBytesRoundDown) {
  EXPECT_EQ(bytesOf("1.9B"), 1);
  EXPECT_EQ(bytesOf("0.5KiB"), 512);
  EXPECT_EQ(bytesOf("0.0001KiB"), 0);
}

TEST(ByteSize, UnitlessIsAFractionWhereAllowed) {
  std::string error;
  std::optional<ByteSize> half = parseByteSize("0.5", kBudget, error);
  ASSERT_TRUE(half) << error;
  EXPECT_TRUE(half->isFraction);
  EXPECT_DOUBLE_EQ(half->fraction, 0.5);
  std::optional<ByteSize> all = parseByteSize("1", kBudget, error);
  ASSERT_TRUE(all) << error;
  EXPECT_DOUBLE_EQ(all->fraction, 1.0);
  // With a unit it is bytes, fractions allowed or not.
  std::optional<ByteSize> bytes = parseByteSize("6GiB", kBudget, error);
  ASSERT_TRUE(bytes) << error;
  EXPECT_FALSE(bytes->isFraction);
  EXPECT_EQ(bytes->bytes, 6LL << 30);
}

TEST(ByteSize, FractionsOutOfRangeAreErrors) {
  EXPECT_EQ(errorOf("1.5", kBudget),
            "a budget without a unit is a fraction of the saved activations "
            "and must be in (0, 1]; give bytes a unit (B, KiB, MiB, GiB, KB, "
            "MB, GB), got '1.5'");
  EXPECT_NE(errorOf("0", kBudget).find("must be in (0, 1]"), std::string::npos);
}

TEST(ByteSize, UnitlessWithoutFractionsIsAnError) {
  EXPECT_EQ(errorOf("4096", kBytesOnly),
            "the size needs a unit (B, KiB, MiB, GiB, KB, MB, GB), got '4096'");
}

TEST(ByteSize, BadUnitsAndNumbersAreErrors) {
  EXPECT_EQ(errorOf("6Gb", kBudget),
            "unknown unit 'Gb' in the budget; expected B, KiB, MiB, GiB, TiB, "
            "KB, MB, GB or TB");
  EXPECT_EQ(errorOf("lots", kBudget),
            "expected bytes with a unit (6GiB, 512MiB) or a fraction in (0, 1] "
            "(0.5), got 'lots'");
  EXPECT_EQ(errorOf("", kBytesOnly),
            "expected bytes with a unit (6GiB, 512MiB, 123B), got ''");
  EXPECT_FALSE(errorOf("-1GiB", kBytesOnly).empty());
  EXPECT_FALSE(errorOf("1..5GiB", kBytesOnly).empty());
}

TEST(ByteSize, SizesPast64BitsAreErrors) {
  EXPECT_EQ(errorOf("10000000TB", kBytesOnly),
            "the size '10000000TB' does not fit in 64 bits");
  EXPECT_EQ(errorOf("7EiB", kBytesOnly),
            "unknown unit 'EiB' in the size; expected B, KiB, MiB, GiB, TiB, "
            "KB, MB, GB or TB");
}

TEST(ByteSize, FormatPicksTheUnit) {
  EXPECT_EQ(formatBytes(0), "0 B");
  EXPECT_EQ(formatBytes(1023), "1023 B");
  EXPECT_EQ(formatBytes(1024), "1.00 KiB");
  EXPECT_EQ(formatBytes(1.5 * (1 << 30)), "1.50 GiB");
  EXPECT_EQ(formatBytes(12.0 * (1 << 20)), "12.0 MiB");
  EXPECT_EQ(formatBytes(3.0 * (1LL << 50)), "3072.0 TiB");
  EXPECT_EQ(formatBytesAndMiB(1048576), "1048576 bytes (1.0 MiB)");
  EXPECT_EQ(formatBytesAndMiB(0), "0 bytes (0.0 MiB)");
}

} // namespace
