//===- ManifestWords.h - The words of a .dlcx manifest ------------*- C++
//-*-===//
//
// How ArtifactReader.cpp parses and quotes the words of a manifest line:
// strictly (decimal digits and nothing else), and safely for messages.
//
//===----------------------------------------------------------------------===//

#ifndef DLCRT_LIB_MANIFESTWORDS_H
#define DLCRT_LIB_MANIFESTWORDS_H

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace dlcrt::manifest {

/// `text` for a message: at most 60 characters, anything unprintable
/// escaped, so that a binary file quoted in an error cannot garble a terminal.
std::string quote(std::string_view text);

/// Parses all of `text` as decimal digits (no sign, no space) into `value`.
bool parseUnsigned(std::string_view text, uint64_t &value);

/// Parses `text` as an optional '-' and decimal digits that fit in
/// [min, max].
bool parseSigned(std::string_view text, int64_t min, int64_t max,
                 int64_t &value);

/// Parses `text` as 1 to `maxDigits` hexadecimal digits.
bool parseHex(std::string_view text, size_t maxDigits, uint64_t &value);

/// Why `text` is not a count or size: negative, too large, or no number.
std::string notANumber(std::string_view field, std::string_view text);

/// Whether `target` is sm_<number>, possibly with a feature suffix of
/// letters (sm_90a).
bool isTarget(std::string_view target);

/// `line` split at single spaces; false if a word is empty (a leading,
/// trailing or doubled space).
bool splitWords(std::string_view line, std::vector<std::string_view> &words);

/// `dims` joined as the manifest writes them, for messages.
std::string shapeText(const std::vector<int64_t> &dims);

} // namespace dlcrt::manifest

#endif // DLCRT_LIB_MANIFESTWORDS_H
