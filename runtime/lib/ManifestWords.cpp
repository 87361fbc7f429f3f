//===- ManifestWords.cpp - The words of a .dlcx manifest ------------------===//
//
// See ManifestWords.h.
//
//===----------------------------------------------------------------------===//

#include "ManifestWords.h"
#include "dlcrt/DlcxFormat.h"

#include <fmt/format.h>

using namespace dlcrt;

/// `text` for a message: at most 60 characters, anything unprintable
/// escaped, so that a binary file quoted in an error cannot garble a terminal.
std::string manifest::quote(std::string_view text) {
  std::string out;
  for (size_t i = 0; i < text.size() && i < 60; ++i) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    if (c == '\\')
      out += "\\\\";
    else if (c >= 0x20 && c < 0x7F)
      out += static_cast<char>(c);
    else if (c == '\r')
      out += "\\r";
    else if (c == '\t')
      out += "\\t";
    else
      out += fmt::format("\\x{:02x}", c);
  }
  if (text.size() > 60)
    out += "...";
  return "'" + out + "'";
}

/// Parses all of `text` as decimal digits (no sign, no space) into `value`.
bool manifest::parseUnsigned(std::string_view text, uint64_t &value) {
  if (text.empty() || text.size() > 20)
    return false;
  value = 0;
  for (char c : text) {
    if (c < '0' || c > '9')
      return false;
    uint64_t digit = static_cast<uint64_t>(c - '0');
    if (value > (UINT64_MAX - digit) / 10)
      return false;
    value = value * 10 + digit;
  }
  return true;
}

/// Parses `text` as an optional '-' and decimal digits that fit in
/// [min, max].
bool manifest::parseSigned(std::string_view text, int64_t min, int64_t max,
                           int64_t &value) {
  bool negative = !text.empty() && text[0] == '-';
  uint64_t magnitude;
  if (!parseUnsigned(negative ? text.substr(1) : text, magnitude))
    return false;
  if (negative) {
    if (magnitude > static_cast<uint64_t>(INT64_MAX) + 1)
      return false;
    value = magnitude == static_cast<uint64_t>(INT64_MAX) + 1
                ? INT64_MIN
                : -static_cast<int64_t>(magnitude);
  } else {
    if (magnitude > static_cast<uint64_t>(INT64_MAX))
      return false;
    value = static_cast<int64_t>(magnitude);
  }
  return value >= min && value <= max;
}

/// Parses `text` as 1 to `maxDigits` hexadecimal digits.
bool manifest::parseHex(std::string_view text, size_t maxDigits,
                        uint64_t &value) {
  if (text.empty() || text.size() > maxDigits)
    return false;
  value = 0;
  for (char c : text) {
    unsigned digit;
    if (c >= '0' && c <= '9')
      digit = c - '0';
    else if (c >= 'a' && c <= 'f')
      digit = c - 'a' + 10;
    else if (c >= 'A' && c <= 'F')
      digit = c - 'A' + 10;
    else
      return false;
    value = value << 4 | digit;
  }
  return true;
}

/// Why `text` is not a count or size: negative, too large, or no number.
std::string manifest::notANumber(std::string_view field,
                                 std::string_view text) {
  bool digits = !text.empty() &&
                text.find_first_not_of("0123456789", text[0] == '-') ==
                    std::string_view::npos &&
                text != "-";
  if (digits && text[0] == '-')
    return fmt::format("{} is negative ({})", field, text);
  if (digits)
    return fmt::format("{} {} does not fit in 64 bits", field, text);
  return fmt::format("{} {} is not a decimal number", field, quote(text));
}

/// Whether `target` is sm_<number>, possibly with a feature suffix of
/// letters (sm_90a).
bool manifest::isTarget(std::string_view target) {
  if (target.substr(0, 3) != "sm_")
    return false;
  size_t letters = target.find_first_not_of("0123456789", 3);
  if (letters == 3 || target.size() == 3)
    return false;
  return letters == std::string_view::npos ||
         target.find_first_not_of("abcdefghijklmnopqrstuvwxyz", letters) ==
             std::string_view::npos;
}

/// `line` split at single spaces; false if a word is empty (a leading,
/// trailing or doubled space).
bool manifest::splitWords(std::string_view line,
                          std::vector<std::string_view> &words) {
  words.clear();
  size_t start = 0;
  while (true) {
    size_t space = line.find(' ', start);
    std::string_view word = line.substr(start, space - start);
    if (word.empty())
      return false;
    words.push_back(word);
    if (space == std::string_view::npos)
      return true;
    start = space + 1;
  }
}

/// `dims` joined as the manifest writes them, for messages.
std::string manifest::shapeText(const std::vector<int64_t> &dims) {
  if (dims.empty())
    return std::string(dlcx::kScalarShape);
  std::string text;
  for (size_t d = 0; d < dims.size(); ++d)
    text += (d ? std::string(1, dlcx::kShapeSeparator) : "") +
            std::to_string(dims[d]);
  return text;
}
