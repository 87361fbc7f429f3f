//===- BufferCsv.cpp - Placement problems as MiniMalloc's CSV -------------===//
//
// See BufferCsv.h. The file is input like any other, so it is read strictly
// and each message says what is wrong, on which line and what would be
// right: a field is an integer only if all of it is decimal digits after an
// optional '-', and one that does not fit in 64 bits is refused as such
// rather than wrapped.
//
//===----------------------------------------------------------------------===//

#include "dlc/Planning/Placement/BufferCsv.h"

#include <algorithm>
#include <limits>
#include <map>
#include <optional>
#include <unordered_map>

using namespace mlir::dlc::planning;

namespace {

/// `text` without the white space at either end (as LLVM's StringRef::trim,
/// so that a CRLF file reads as its LF twin).
std::string_view trim(std::string_view text) {
  constexpr std::string_view space = " \t\n\v\f\r";
  size_t first = text.find_first_not_of(space);
  if (first == std::string_view::npos)
    return {};
  return text.substr(first, text.find_last_not_of(space) - first + 1);
}

bool isDigits(std::string_view text) {
  return !text.empty() && std::all_of(text.begin(), text.end(), [](char c) {
    return c >= '0' && c <= '9';
  });
}

/// Parses a decimal integer field, or explains in `problem` what is wrong
/// with it.
std::optional<int64_t> parseInteger(std::string_view value,
                                    std::string_view column,
                                    std::string &problem) {
  bool negative = !value.empty() && value.front() == '-';
  std::string_view digits = negative ? value.substr(1) : value;
  if (isDigits(digits)) {
    // Accumulated as a negative number, whose range includes INT64_MIN.
    int64_t result = 0;
    bool overflow = false;
    for (char c : digits)
      overflow |= __builtin_mul_overflow(result, int64_t(10), &result) ||
                  __builtin_sub_overflow(result, int64_t(c - '0'), &result);
    if (!negative)
      overflow |= __builtin_mul_overflow(result, int64_t(-1), &result);
    if (!overflow)
      return result;
  }
  std::string name(column);
  if (value.empty())
    problem = "empty field in column '" + name + "'; expected an integer";
  else if (isDigits(digits))
    problem = "'" + std::string(value) + "' in column '" + name +
              "' does not fit in 64 bits; values must lie within +-" +
              std::to_string(std::numeric_limits<int64_t>::max());
  else
    problem = "'" + std::string(value) + "' in column '" + name +
              "' is not an integer";
  return std::nullopt;
}

/// `text` split at every comma, empty fields kept, each field trimmed.
void splitFields(std::string_view text, std::vector<std::string_view> &fields) {
  fields.clear();
  while (true) {
    size_t comma = text.find(',');
    fields.push_back(trim(text.substr(0, comma)));
    if (comma == std::string_view::npos)
      return;
    text.remove_prefix(comma + 1);
  }
}

} // namespace

BufferCsvError
mlir::dlc::planning::readBufferCsv(std::string_view rest, BufferTable &table,
                                   std::string_view offsetsNeededBy) {
  table = BufferTable();
  auto fail = [](unsigned line, std::string message) {
    return BufferCsvError{line, std::move(message)};
  };
  std::map<std::string, unsigned, std::less<>> column;
  unsigned headerLine = 0;
  std::unordered_map<std::string, unsigned> seen;
  std::vector<std::string_view> fields;
  for (unsigned line = 1; !rest.empty(); ++line) {
    size_t newline = rest.find('\n');
    std::string_view text = trim(rest.substr(0, newline));
    rest.remove_prefix(newline == std::string_view::npos ? rest.size()
                                                         : newline + 1);
    if (text.empty())
      continue;
    splitFields(text, fields);
    if (!headerLine) {
      headerLine = line;
      for (size_t i = 0; i < fields.size(); ++i) {
        std::string name(fields[i]);
        if (name != "id" && name != "lower" && name != "upper" &&
            name != "size" && name != "alignment" && name != "offset")
          return fail(line, "unknown column '" + name +
                                "'; expected id, lower, upper, size and "
                                "optionally alignment, offset");
        if (!column.emplace(name, static_cast<unsigned>(i)).second)
          return fail(line, "column '" + name + "' appears twice");
      }
      for (const char *required : {"id", "lower", "upper", "size"})
        if (!column.count(required))
          return fail(line, std::string("the header lacks the column '") +
                                required + "'");
      if (!offsetsNeededBy.empty() && !column.count("offset"))
        return fail(line,
                    std::string(offsetsNeededBy) + " needs an 'offset' column");
      continue;
    }
    if (fields.size() != column.size())
      return fail(line, "expected " + std::to_string(column.size()) +
                            " fields, got " + std::to_string(fields.size()));
    std::string problem;
    auto field = [&](const char *name) -> std::optional<int64_t> {
      if (!problem.empty())
        return std::nullopt;
      return parseInteger(fields[column.find(name)->second], name, problem);
    };
    Buffer b;
    b.id = std::string(fields[column.find("id")->second]);
    if (b.id.empty())
      return fail(line, "empty id");
    std::optional<int64_t> lower = field("lower"), upper = field("upper"),
                           size = field("size");
    if (!lower || !upper || !size)
      return fail(line, problem);
    b.lower = *lower;
    b.upper = *upper;
    b.size = *size;
    if (column.count("alignment")) {
      std::optional<int64_t> alignment = field("alignment");
      if (!alignment)
        return fail(line, problem);
      b.alignment = *alignment;
    }
    auto [previous, inserted] = seen.try_emplace(b.id, line);
    if (!inserted)
      return fail(line, "buffer id '" + b.id + "' already appears on line " +
                            std::to_string(previous->second));
    problem = validateBuffers({b});
    if (!problem.empty())
      return fail(line, problem);
    if (column.count("offset")) {
      std::optional<int64_t> offset = field("offset");
      if (!offset)
        return fail(line, problem);
      if (*offset < 0)
        return fail(line, "buffer " + b.id + " has negative offset " +
                              std::to_string(*offset) + "; offsets start at 0");
      table.offsets.push_back(*offset);
    }
    table.buffers.push_back(std::move(b));
    table.lines.push_back(line);
  }
  if (!headerLine)
    return fail(1, "empty input; expected a header 'id,lower,upper,size'");
  // What no row shows alone: more bytes live at once than 64-bit offsets
  // address.
  size_t culprit = 0;
  std::string problem = validateBuffers(table.buffers, &culprit);
  if (!problem.empty())
    return fail(table.lines[culprit], problem);
  return {};
}
