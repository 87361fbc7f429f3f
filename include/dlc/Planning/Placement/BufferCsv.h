//===- BufferCsv.h - Placement problems as MiniMalloc's CSV -----*- C++ -*-===//
//
// Reading the buffers of a placement problem, and optionally a plan, from
// the CSV that MiniMalloc and dlc-malloc use: a header naming the columns
// (`id,lower,upper,size`, optionally `alignment` and `offset`, in any order)
// and one buffer per row. It is here rather than in the tool so that
// everything that reads such a file (dlc-malloc, its fuzzer, a future
// importer) reads it one way, with the same messages. Like the rest of the
// placement library it needs only the C++ standard library.
//
//===----------------------------------------------------------------------===//

#ifndef DLC_PLANNING_PLACEMENT_BUFFERCSV_H
#define DLC_PLANNING_PLACEMENT_BUFFERCSV_H

#include "dlc/Planning/Placement/Placement.h"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace mlir::dlc::planning {

/// The buffers of a CSV file, in row order, with the plan it may carry.
struct BufferTable {
  std::vector<Buffer> buffers;
  /// One offset per buffer; empty when the file has no `offset` column.
  std::vector<int64_t> offsets;
  /// The 1-based line each buffer was read from, for messages.
  std::vector<unsigned> lines;
};

/// What is wrong with a CSV file: a message and the 1-based line it is
/// about. An empty message means the file was read.
struct BufferCsvError {
  unsigned line = 0;
  std::string message;
  explicit operator bool() const { return !message.empty(); }
};

/// Parses `text` as a placement problem into `table`. Fields are decimal
/// integers (no sign but '-', no fraction, within int64), lines may end in
/// CRLF, blank lines are skipped, and every row is checked as it is read:
/// its field count, a unique non-empty id, the buffer itself
/// (validateBuffers) and a non-negative offset; after the last row, that the
/// bytes live at once fit in 2^63 - 1. When `offsetsNeededBy` is not empty,
/// a header without an `offset` column is an error, "<offsetsNeededBy>
/// needs an 'offset' column" (dlc-malloc passes "--validate"). Returns the
/// first problem found, or an empty error; `table` is complete only then.
BufferCsvError readBufferCsv(std::string_view text, BufferTable &table,
                             std::string_view offsetsNeededBy = {});

} // namespace mlir::dlc::planning

#endif // DLC_PLANNING_PLACEMENT_BUFFERCSV_H
