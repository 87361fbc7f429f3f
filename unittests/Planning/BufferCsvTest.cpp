//===- BufferCsvTest.cpp - Tests of the placement CSV reader --------------===//
//
// What dlc-malloc's tests cannot see from the outside: the table the reader
// builds (columns in any order, CRLF lines, blank lines, the line of every
// row) and the edges of its integer fields, where a wrap would turn a
// hostile file into a wrong plan. The messages themselves are checked by
// test/tools/dlc-malloc.
//
//===----------------------------------------------------------------------===//

#include "dlc/Planning/Placement/BufferCsv.h"

#include <gtest/gtest.h>

#include <limits>

using namespace mlir::dlc::planning;

namespace {

TEST(BufferCsv, ReadsColumnsInAnyOrderWithTheirLines) {
  BufferTable table;
  BufferCsvError error =
      readBufferCsv("offset, size ,id,upper,lower,alignment\r\n\r\n"
                    "0,8,a,2,0,4\r\n"
                    "8,16,b,3,1,8\r\n",
                    table);
  ASSERT_FALSE(error) << error.message;
  ASSERT_EQ(table.buffers.size(), 2u);
  EXPECT_EQ(table.buffers[1].id, "b");
  EXPECT_EQ(table.buffers[1].lower, 1);
  EXPECT_EQ(table.buffers[1].upper, 3);
  EXPECT_EQ(table.buffers[1].size, 16);
  EXPECT_EQ(table.buffers[1].alignment, 8);
  EXPECT_EQ(table.offsets, (std::vector<int64_t>{0, 8}));
  EXPECT_EQ(table.lines, (std::vector<unsigned>{3, 4}));
}

TEST(BufferCsv, OffsetsAreOptionalUnlessNeeded) {
  BufferTable table;
  EXPECT_FALSE(readBufferCsv("id,lower,upper,size\nx,0,1,1\n", table));
  EXPECT_TRUE(table.offsets.empty());
  BufferCsvError error =
      readBufferCsv("id,lower,upper,size\nx,0,1,1\n", table, "--validate");
  EXPECT_EQ(error.line, 1u);
  EXPECT_EQ(error.message, "--validate needs an 'offset' column");
}

TEST(BufferCsv, IntegersAtTheEdgesOf64Bits) {
  BufferTable table;
  // The largest offset is read exactly; one more is refused, not wrapped.
  std::string max = std::to_string(std::numeric_limits<int64_t>::max());
  EXPECT_FALSE(readBufferCsv(
      "id,lower,upper,size,offset\nx,0,1,1," + max + "\n", table));
  ASSERT_EQ(table.offsets.size(), 1u);
  EXPECT_EQ(table.offsets[0], std::numeric_limits<int64_t>::max());
  BufferCsvError error =
      readBufferCsv("id,lower,upper,size\nx,0,1,9223372036854775808\n", table);
  EXPECT_EQ(error.line, 2u);
  EXPECT_NE(error.message.find("does not fit in 64 bits"), std::string::npos)
      << error.message;
  // INT64_MIN parses (and is then refused as a negative time by the buffer
  // check, not by the parser).
  error =
      readBufferCsv("id,lower,upper,size\nx,-9223372036854775808,1,1\n", table);
  EXPECT_EQ(error.line, 2u);
  EXPECT_EQ(error.message.find("does not fit"), std::string::npos)
      << error.message;
  error = readBufferCsv("id,lower,upper,size\nx,+1,2,1\n", table);
  EXPECT_EQ(error.message, "'+1' in column 'lower' is not an integer");
  error = readBufferCsv("id,lower,upper,size\nx,-,2,1\n", table);
  EXPECT_EQ(error.message, "'-' in column 'lower' is not an integer");
}

TEST(BufferCsv, EmptyInputIsNamedAtLineOne) {
  BufferTable table;
  BufferCsvError error = readBufferCsv("\n \r\n", table);
  EXPECT_EQ(error.line, 1u);
  EXPECT_EQ(error.message,
            "empty input; expected a header 'id,lower,upper,size'");
}

} // namespace
