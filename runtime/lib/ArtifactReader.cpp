//===- ArtifactReader.cpp - Read a .dlcx artifact into memory -------------===//
//
// See ArtifactReader.h. An artifact is input like any other: it may be cut
// short, edited by hand, bit-flipped or made up to hurt. So the manifest is
// read line by line with a bound on each line, every word is parsed strictly
// (decimal digits and nothing else; no sign where none belongs), every number
// is checked against what it counts or sizes before anything is allocated
// from it, and a message names the line and the field at fault. The blobs
// are then read by the sizes the manifest gave, each checked against the
// bytes the file still has, and last the checksum of everything is compared
// with the manifest's, so that nothing damaged reaches the driver.
//
//===----------------------------------------------------------------------===//

#include "ArtifactReader.h"
#include "ManifestWords.h"
#include "dlcrt/DlcxFormat.h"

#include <fmt/format.h>

#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <string_view>
#include <vector>

using namespace dlcrt;
using namespace dlcrt::manifest;

namespace {

/// No manifest line of a real artifact comes near this (a launch of
/// thousands of arguments is tens of KiB); a file without line ends is not
/// read whole into one line.
constexpr size_t kMaxLineBytes = 1 << 20;
/// Device buffers start at this alignment (Runtime.cpp); the total is
/// bounded with it.
constexpr uint64_t kBufferAlign = 256;

/// The artifact file, read from the front: manifest lines (counted, for
/// messages), then blobs. Every byte read goes into the running checksum
/// except the checksum line's.
class Source {
public:
  Source(std::ifstream &in, uint64_t size) : in(in), size(size) {}

  enum class Got { Line, EndOfFile, TooLong, Unterminated };
  /// Reads the next line, without its '\n', into `line`.
  Got next(std::string &line, bool hashed = true) {
    line.clear();
    ++number;
    std::streambuf *buffer = in.rdbuf();
    while (true) {
      int c = buffer->sbumpc();
      if (c == std::char_traits<char>::eof())
        return line.empty() ? Got::EndOfFile : Got::Unterminated;
      ++consumed;
      if (c == '\n')
        break;
      if (line.size() == kMaxLineBytes)
        return Got::TooLong;
      line.push_back(static_cast<char>(c));
    }
    if (hashed) {
      hash = dlcx::fnv1a64(line.data(), line.size(), hash);
      hash = dlcx::fnv1a64("\n", 1, hash);
    }
    return Got::Line;
  }

  /// Reads `bytes` (no more than remaining()) into `blob`.
  bool read(uint64_t bytes, std::string &blob) {
    blob.resize(bytes);
    if (bytes && !in.read(&blob[0], static_cast<std::streamsize>(bytes)))
      return false;
    consumed += bytes;
    hash = dlcx::fnv1a64(blob.data(), blob.size(), hash);
    return true;
  }

  unsigned line() const { return number; }
  uint64_t remaining() const { return size - std::min(size, consumed); }
  uint64_t checksum() const { return hash; }

private:
  std::ifstream &in;
  uint64_t size, consumed = 0;
  uint64_t hash = dlcx::kFnvOffsetBasis;
  unsigned number = 0;
};

/// Reads and checks one artifact; `error` says what is wrong, naming the
/// file and the manifest's line.
class Reader {
public:
  Reader(const std::string &path, Artifact &m) : path(path), m(m) {}
  std::string read();

private:
  std::string bad(const std::string &what) const {
    return fmt::format("'{}' is not a valid dlc artifact: {}", path, what);
  }
  std::string badLine(const std::string &what) const {
    return bad(fmt::format("line {}: {}", source->line(), what));
  }

  /// Reads the next manifest line into `line` and its words into `words`;
  /// `what` names the line expected, for the message when there is none.
  std::string nextLine(std::string_view what, bool hashed = true);
  /// Reads `<head> <count>`.
  std::string readCount(std::string_view head, uint64_t &count);
  /// The line must be `head` and `arity` more words (or at least that many
  /// when `atLeast`), the second of which is the table's entry `index`.
  std::string checkEntry(std::string_view head, uint64_t index, size_t arity,
                         size_t orArity = 0);
  std::string readBuffer(uint64_t i);
  std::string readStep();
  std::string readUpdate(uint64_t i);
  std::string readModule(uint64_t i);
  std::string readKernel(uint64_t i);
  std::string readLaunch(uint64_t i);
  std::string readArg(std::string_view text, const std::string &where,
                      Arg &arg);
  std::string readBlobs();
  std::string checkModules();

  const std::string &path;
  Artifact &m;
  Source *source = nullptr;
  std::string line;
  std::vector<std::string_view> words;
  uint64_t tableSize = 0; ///< entries of the table being read
  uint64_t manifestChecksum = 0;
  uint64_t totalBytes = 0; ///< the buffers', each rounded up as loaded
  std::vector<uint64_t> moduleBytes;
  std::vector<unsigned> moduleLines, bufferLines;
};

std::string Reader::nextLine(std::string_view what, bool hashed) {
  switch (source->next(line, hashed)) {
  case Source::Got::EndOfFile:
    return bad(fmt::format("the file ends after line {}, before {}",
                           source->line() - 1, what));
  case Source::Got::Unterminated:
    return badLine(fmt::format("the file ends inside the line, before {} "
                               "ends (a manifest line ends in a newline)",
                               what));
  case Source::Got::TooLong:
    return badLine(fmt::format("longer than {} bytes; no manifest line is "
                               "(a binary file, or a manifest without line "
                               "ends?)",
                               kMaxLineBytes));
  case Source::Got::Line:
    break;
  }
  if (!line.empty() && line.back() == '\r')
    return badLine("ends in a carriage return; the manifest's lines end in "
                   "a newline alone (was the file converted to CRLF?)");
  // The manifest is text: a NUL or another control byte in a name would
  // make it a different (or empty) C string than the one the manifest holds.
  for (size_t i = 0; i < line.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(line[i]);
    if (c < 0x20 || c == 0x7F)
      return badLine(fmt::format("byte {} is the control character 0x{:02x}; "
                                 "the manifest is text",
                                 i + 1, c));
  }
  if (!splitWords(line, words))
    return badLine(fmt::format("{}: words must be separated by single "
                               "spaces, with none at either end",
                               quote(line)));
  return "";
}

std::string Reader::readCount(std::string_view head, uint64_t &count) {
  if (std::string error = nextLine(fmt::format("the '{} <count>' line", head));
      !error.empty())
    return error;
  if (words.size() != 2 || words[0] != head)
    return badLine(
        fmt::format("expected '{} <count>', found {}", head, quote(line)));
  if (!parseUnsigned(words[1], count))
    return badLine(notANumber(fmt::format("the {} count", head), words[1]));
  return "";
}

std::string Reader::checkEntry(std::string_view head, uint64_t index,
                               size_t arity, size_t orArity) {
  std::string what = fmt::format("{} {} (of {})", head, index, tableSize);
  if (std::string error = nextLine(what); !error.empty())
    return error;
  if (words[0] != head)
    return badLine(fmt::format("expected {}, found {}", what, quote(line)));
  if (words.size() != arity + 1 && (!orArity || words.size() != orArity + 1))
    return badLine(fmt::format(
        "a {} line has {} words after '{}'{}, this one {}", head, arity, head,
        orArity ? fmt::format(" (or {})", orArity) : std::string(),
        words.size() - 1));
  uint64_t id;
  if (!parseUnsigned(words[1], id) || id != index)
    return badLine(fmt::format("{} {} where {} {} is due (the entries are "
                               "numbered in order from 0)",
                               head, quote(words[1]), head, index));
  return "";
}

std::string Reader::readStep() {
  // step <argument>|none
  if (std::string error =
          nextLine(fmt::format("the '{} <argument>' line", dlcx::kStep));
      !error.empty())
    return error;
  if (words.size() != 2 || words[0] != dlcx::kStep)
    return badLine(fmt::format("expected '{} <argument>' or '{} {}', found {}",
                               dlcx::kStep, dlcx::kStep, dlcx::kNone,
                               quote(line)));
  if (words[1] == dlcx::kNone)
    return "";
  uint64_t argument;
  if (!parseUnsigned(words[1], argument) || argument >= m.arguments.size())
    return badLine(fmt::format("the step argument {} is not '{}' or one of "
                               "the {} arguments",
                               quote(words[1]), dlcx::kNone,
                               m.arguments.size()));
  const Buffer &b = m.buffers[m.arguments[argument]];
  if (b.kind != dlcx::kInput || !b.shape.empty() ||
      !dlcx::dtypeBytes(b.dtype) || b.dtype == dlcx::kI1)
    return badLine(fmt::format("the step argument #{} must be a scalar input "
                               "of a number type, not a {} {} of shape {}",
                               argument, b.kind, b.dtype, shapeText(b.shape)));
  m.stepArgument = static_cast<int>(argument);
  return "";
}

std::string Reader::readUpdate(uint64_t i) {
  // update <i> <result> <argument>
  if (std::string error = checkEntry(dlcx::kUpdate, i, 3); !error.empty())
    return error;
  std::string where = fmt::format("update {}: ", i);
  uint64_t result, argument;
  if (!parseUnsigned(words[2], result) || result >= m.results.size())
    return badLine(fmt::format("{}result {} is not one of the {} results",
                               where, quote(words[2]), m.results.size()));
  if (!parseUnsigned(words[3], argument) || argument >= m.arguments.size())
    return badLine(fmt::format("{}argument {} is not one of the {} arguments",
                               where, quote(words[3]), m.arguments.size()));
  const Buffer &from = m.buffers[m.results[result]];
  const Buffer &to = m.buffers[m.arguments[argument]];
  if (to.kind != dlcx::kParam && to.kind != dlcx::kState)
    return badLine(fmt::format("{}argument #{} is an {} buffer; only "
                               "parameters and optimizer state are updated",
                               where, argument, to.kind));
  if (from.dtype != to.dtype || from.shape != to.shape)
    return badLine(fmt::format("{}result #{} ({} of shape {}) cannot replace "
                               "argument #{} ({} of shape {})",
                               where, result, from.dtype, shapeText(from.shape),
                               argument, to.dtype, shapeText(to.shape)));
  for (auto [r, a] : m.updates)
    if (r == static_cast<int>(result) || a == static_cast<int>(argument))
      return badLine(
          fmt::format("{}{} #{} is updated twice", where,
                      r == static_cast<int>(result) ? "result" : "argument",
                      r == static_cast<int>(result) ? result : argument));
  m.updates.push_back({static_cast<int>(result), static_cast<int>(argument)});
  return "";
}

std::string Reader::readBuffer(uint64_t i) {
  // buffer <id> <kind> <index> <dtype> <shape> <bytes> <data-bytes>
  //   [at p<base>+<offset>]
  if (std::string error = checkEntry(dlcx::kBuffer, i, 7, 9); !error.empty())
    return error;
  std::string where = fmt::format("buffer {}: ", i);
  Buffer b;
  b.kind = std::string(words[2]);
  bool argument = b.kind == dlcx::kParam || b.kind == dlcx::kInput ||
                  b.kind == dlcx::kState;
  bool result = b.kind == dlcx::kOutput;
  if (!argument && !result && b.kind != dlcx::kArena &&
      b.kind != dlcx::kScratch && b.kind != dlcx::kGlobal)
    return badLine(fmt::format(
        "{}unknown kind {} (param, input, state, output, arena, scratch or "
        "global)",
        where, quote(words[2])));

  // Arguments and results are numbered in the order of their buffers, as
  // the runtime's API hands them out; other buffers have no number.
  int64_t index;
  if (!parseSigned(words[3], -1, INT32_MAX, index))
    return badLine(fmt::format("{}index {} is not -1 or a number below 2^31",
                               where, quote(words[3])));
  if (argument || result) {
    size_t expected = argument ? m.arguments.size() : m.results.size();
    if (index != static_cast<int64_t>(expected))
      return badLine(fmt::format(
          "{}a {} buffer numbered {} #{}, but it is the artifact's {} #{} "
          "({}s are numbered in the order of their buffers)",
          where, b.kind, argument ? "argument" : "result", index,
          argument ? "argument" : "result", expected,
          argument ? "argument" : "result"));
    (argument ? m.arguments : m.results).push_back(static_cast<int>(i));
  } else if (index != -1) {
    return badLine(fmt::format("{}{} buffers have index -1, not {}", where,
                               b.kind, index));
  }
  b.index = static_cast<int>(index);

  b.dtype = std::string(words[4]);
  unsigned elementBytes = dlcx::dtypeBytes(b.dtype);
  if (!elementBytes && b.dtype != dlcx::kUnknownDtype)
    return badLine(fmt::format("{}unknown dtype {} (f16, bf16, f32, f64, "
                               "i1, i8, i32, i64, or ? for none)",
                               where, quote(words[4])));

  // The shape: `scalar`, or sizes joined by 'x'.
  std::string_view shape = words[5];
  uint64_t elements = 1;
  bool overflow = false;
  if (shape != dlcx::kScalarShape) {
    size_t start = 0;
    while (true) {
      size_t x = shape.find(dlcx::kShapeSeparator, start);
      std::string_view dim = shape.substr(start, x - start);
      uint64_t size;
      if (!dim.empty() && dim[0] == '-')
        return badLine(fmt::format("{}shape {} has a negative dimension ({})",
                                   where, quote(shape), dim));
      if (!parseUnsigned(dim, size) || size > INT64_MAX)
        return badLine(fmt::format(
            "{}shape {} is not '{}' or sizes below 2^63 joined by '{}' "
            "(dimension {} is {})",
            where, quote(shape), dlcx::kScalarShape, dlcx::kShapeSeparator,
            b.shape.size(), dim.empty() ? "empty" : quote(dim)));
      b.shape.push_back(static_cast<int64_t>(size));
      overflow |= __builtin_mul_overflow(elements, size, &elements);
      if (x == std::string_view::npos)
        break;
      start = x + 1;
    }
    // However large the others, a zero dimension makes no elements.
    for (int64_t d : b.shape)
      if (d == 0)
        elements = 0, overflow = false;
  }

  uint64_t bytes, dataBytes;
  if (!parseUnsigned(words[6], bytes))
    return badLine(where + notANumber("bytes", words[6]));
  if (!parseUnsigned(words[7], dataBytes))
    return badLine(where + notANumber("data-bytes", words[7]));
  if (elementBytes) {
    uint64_t expected;
    if (overflow || __builtin_mul_overflow(elements, elementBytes, &expected))
      return badLine(fmt::format("{}{} of shape {} does not fit in 2^64 bytes",
                                 where, b.dtype, shapeText(b.shape)));
    if (bytes != expected)
      return badLine(fmt::format("{}{} bytes, but {} of shape {} takes {}",
                                 where, bytes, b.dtype, shapeText(b.shape),
                                 expected));
  }
  // Constant data is a global's whole contents; other buffers carry none.
  if (b.kind == dlcx::kGlobal && dataBytes != bytes)
    return badLine(fmt::format("{}data-bytes {}, but a global buffer "
                               "carries its whole contents, {} bytes",
                               where, dataBytes, bytes));
  if (b.kind != dlcx::kGlobal && dataBytes != 0)
    return badLine(fmt::format("{}data-bytes {}, but only global buffers "
                               "carry data (this one is {})",
                               where, dataBytes, b.kind));
  // An output may live in an earlier arena buffer's bytes, and then takes
  // none of its own.
  if (words.size() == 10) {
    std::string_view at = words[9];
    size_t plus = at.find(dlcx::kOffsetSeparator);
    uint64_t base, offset;
    if (words[8] != dlcx::kAt || at.size() < 2 ||
        at[0] != dlcx::kPointerPrefix || plus == std::string_view::npos ||
        !parseUnsigned(at.substr(1, plus - 1), base) ||
        !parseUnsigned(at.substr(plus + 1), offset))
      return badLine(
          fmt::format("{}ends in {}, not '{} {}<buffer>{}<byte offset>'", where,
                      quote(fmt::format("{} {}", words[8], at)), dlcx::kAt,
                      dlcx::kPointerPrefix, dlcx::kOffsetSeparator));
    if (!result)
      return badLine(fmt::format("{}{} buffers cannot live in another's "
                                 "bytes; only outputs can",
                                 where, b.kind));
    if (base >= i)
      return badLine(fmt::format("{}lives in buffer {}, which does not come "
                                 "before it",
                                 where, base));
    const Buffer &home = m.buffers[base];
    if (home.kind != dlcx::kArena)
      return badLine(fmt::format("{}lives in buffer {}, a {} buffer; outputs "
                                 "live only in the arena",
                                 where, base, home.kind));
    if (offset > home.bytes || bytes > home.bytes - offset)
      return badLine(fmt::format("{}{} bytes at byte {} of buffer {}, which "
                                 "has {}",
                                 where, bytes, offset, base, home.bytes));
    b.base = static_cast<int>(base);
    b.offset = offset;
  } else {
    // Bounded one by one and in all, so that the runtime's sum of the
    // rounded sizes cannot wrap.
    uint64_t rounded = (std::max<uint64_t>(bytes, 1) + kBufferAlign - 1) /
                       kBufferAlign * kBufferAlign;
    if (bytes > dlcx::kMaxTotalBytes ||
        totalBytes + rounded > dlcx::kMaxTotalBytes)
      return badLine(fmt::format(
          "{}{} bytes{}, over the runtime's limit of {} bytes (256 TiB) of "
          "buffers in all",
          where, bytes, bytes > dlcx::kMaxTotalBytes ? "" : " more",
          dlcx::kMaxTotalBytes));
    totalBytes += rounded;
  }
  b.bytes = static_cast<size_t>(bytes);
  m.buffers.push_back(std::move(b));
  bufferLines.push_back(source->line());
  return "";
}

std::string Reader::readModule(uint64_t i) {
  // module <id> <ptx|cubin|fatbin> <bytes>
  if (std::string error = checkEntry(dlcx::kModule, i, 3); !error.empty())
    return error;
  std::string_view format = words[2];
  if (format != dlcx::kPtx && format != dlcx::kCubin && format != dlcx::kFatbin)
    return badLine(fmt::format("module {}: unknown format {} (ptx, cubin or "
                               "fatbin)",
                               i, quote(format)));
  uint64_t bytes;
  if (!parseUnsigned(words[3], bytes))
    return badLine(
        fmt::format("module {}: {}", i, notANumber("bytes", words[3])));
  if (bytes == 0)
    return badLine(fmt::format("module {}: 0 bytes; a module holds at least "
                               "one kernel",
                               i));
  // Checked against the file's size when the blobs are read, before any is
  // allocated.
  m.modules.push_back({std::string(format), std::string()});
  moduleBytes.push_back(bytes);
  moduleLines.push_back(source->line());
  return "";
}

std::string Reader::readKernel(uint64_t i) {
  // kernel <id> <module> <symbol>
  if (std::string error = checkEntry(dlcx::kKernel, i, 3); !error.empty())
    return error;
  uint64_t module;
  if (!parseUnsigned(words[2], module) || module >= m.modules.size())
    return badLine(fmt::format("kernel {}: module {} is not one of the {} "
                               "modules",
                               i, quote(words[2]), m.modules.size()));
  // A symbol of the module, as LLVM's NVPTX back end names kernels.
  std::string_view name = words[3];
  if (name.find_first_not_of(
          "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
          "0123456789_$.") != std::string_view::npos ||
      (name[0] >= '0' && name[0] <= '9'))
    return badLine(fmt::format("kernel {}: {} is not a kernel symbol (letters, "
                               "digits, '_', '$' and '.', not starting with a "
                               "digit)",
                               i, quote(name)));
  m.kernelNames.push_back({static_cast<unsigned>(module), std::string(name)});
  return "";
}

std::string Reader::readArg(std::string_view text, const std::string &where,
                            Arg &arg) {
  std::string what = where + quote(text);
  if (text.size() > 1 && text[0] == dlcx::kPointerPrefix) {
    size_t plus = text.find(dlcx::kOffsetSeparator);
    uint64_t buffer, offset;
    if (plus == std::string_view::npos ||
        !parseUnsigned(text.substr(1, plus - 1), buffer) ||
        !parseUnsigned(text.substr(plus + 1), offset))
      return badLine(fmt::format("{} is not {}<buffer>{}<byte offset>", what,
                                 dlcx::kPointerPrefix, dlcx::kOffsetSeparator));
    if (buffer >= m.buffers.size())
      return badLine(fmt::format("{} names buffer {}, but there are {}", what,
                                 buffer, m.buffers.size()));
    // At the end is allowed (an empty view); past it is not.
    if (offset > m.buffers[buffer].bytes)
      return badLine(fmt::format("{} is {} bytes into buffer {}, which has "
                                 "{}",
                                 what, offset, buffer,
                                 m.buffers[buffer].bytes));
    arg.kind = Arg::Pointer;
    arg.buffer = static_cast<unsigned>(buffer);
    arg.offset = offset;
    return "";
  }
  size_t colon = text.find(dlcx::kScalarSeparator);
  std::string_view type = text.substr(0, colon);
  std::string_view value =
      colon == std::string_view::npos ? "" : text.substr(colon + 1);
  if (colon != std::string_view::npos &&
      (type == dlcx::kI32 || type == dlcx::kI64)) {
    bool i32 = type == dlcx::kI32;
    int64_t number;
    if (!parseSigned(value, i32 ? INT32_MIN : INT64_MIN,
                     i32 ? INT32_MAX : INT64_MAX, number))
      return badLine(fmt::format("{} is not a decimal {} (in [{}, {}])", what,
                                 type, i32 ? INT32_MIN : INT64_MIN,
                                 i32 ? INT32_MAX : INT64_MAX));
    arg.kind = i32 ? Arg::I32 : Arg::I64;
    // The kernel reads the low bytes (little endian): a negative i32 is its
    // two's complement bits.
    arg.offset =
        i32 ? static_cast<uint32_t>(number) : static_cast<uint64_t>(number);
    return "";
  }
  struct FloatType {
    std::string_view name;
    Arg::Kind kind;
    size_t digits;
  };
  for (FloatType f : {FloatType{dlcx::kF16, Arg::F16, 4},
                      FloatType{dlcx::kBF16, Arg::BF16, 4},
                      FloatType{dlcx::kF32, Arg::F32, 8},
                      FloatType{dlcx::kF64, Arg::F64, 16}}) {
    if (colon == std::string_view::npos || type != f.name)
      continue;
    if (value.substr(0, dlcx::kHexPrefix.size()) != dlcx::kHexPrefix ||
        !parseHex(value.substr(dlcx::kHexPrefix.size()), f.digits, arg.offset))
      return badLine(fmt::format("{} is not {} and the {} bits in 1 to {} hex "
                                 "digits",
                                 what, dlcx::kHexPrefix, f.name, f.digits));
    arg.kind = f.kind;
    return "";
  }
  return badLine(fmt::format(
      "{} is not {}<buffer>{}<offset> or a scalar i32:, i64:, f16:, bf16:, "
      "f32: or f64:<value>",
      what, dlcx::kPointerPrefix, dlcx::kOffsetSeparator));
}

std::string Reader::readLaunch(uint64_t i) {
  // launch <kernel> <gx> <gy> <gz> <bx> <by> <bz> <shared-bytes> <nargs>
  //        <arg>...
  std::string what = fmt::format("the launch line {}", i);
  if (std::string error = nextLine(what); !error.empty())
    return error;
  if (words[0] != dlcx::kLaunch)
    return badLine(fmt::format("expected launch {}, found {}", i, quote(line)));
  if (words.size() < 10)
    return badLine(fmt::format("a launch line has at least 9 words after "
                               "'launch', this one {}",
                               words.size() - 1));
  std::string where = fmt::format("launch {}: ", i);
  Launch l;
  uint64_t kernel;
  if (!parseUnsigned(words[1], kernel) || kernel >= m.kernelNames.size())
    return badLine(fmt::format("{}kernel {} is not one of the {} kernels",
                               where, quote(words[1]), m.kernelNames.size()));
  l.kernel = static_cast<unsigned>(kernel);
  static const char *const names[] = {"grid x",  "grid y",  "grid z",
                                      "block x", "block y", "block z"};
  const uint64_t limits[] = {dlcx::kMaxGridX,   dlcx::kMaxGridYZ,
                             dlcx::kMaxGridYZ,  dlcx::kMaxBlockXY,
                             dlcx::kMaxBlockXY, dlcx::kMaxBlockZ};
  uint64_t sizes[6];
  for (int d = 0; d < 6; ++d) {
    if (!parseUnsigned(words[2 + d], sizes[d]))
      return badLine(where + notANumber(names[d], words[2 + d]));
    if (sizes[d] == 0)
      return badLine(fmt::format("{}{} is 0; every launch size is at least 1",
                                 where, names[d]));
    if (sizes[d] > limits[d])
      return badLine(fmt::format("{}{} is {}, over CUDA's limit of {}", where,
                                 names[d], sizes[d], limits[d]));
  }
  uint64_t threads = sizes[3] * sizes[4] * sizes[5];
  if (threads > dlcx::kMaxBlockThreads)
    return badLine(fmt::format("{}a block of {}x{}x{} is {} threads, over "
                               "CUDA's limit of {}",
                               where, sizes[3], sizes[4], sizes[5], threads,
                               dlcx::kMaxBlockThreads));
  for (int d = 0; d < 3; ++d) {
    l.grid[d] = static_cast<unsigned>(sizes[d]);
    l.block[d] = static_cast<unsigned>(sizes[3 + d]);
  }
  uint64_t shared, numArgs;
  if (!parseUnsigned(words[8], shared))
    return badLine(where + notANumber("shared-bytes", words[8]));
  if (shared > dlcx::kMaxSharedBytes)
    return badLine(fmt::format("{}shared-bytes {} is over {} (no GPU has "
                               "that much shared memory a block)",
                               where, shared, dlcx::kMaxSharedBytes));
  l.shared = static_cast<unsigned>(shared);
  if (!parseUnsigned(words[9], numArgs))
    return badLine(where + notANumber("the argument count", words[9]));
  if (numArgs != words.size() - 10)
    return badLine(fmt::format("{}says {} arguments but lists {}", where,
                               numArgs, words.size() - 10));
  for (size_t a = 0; a < numArgs; ++a) {
    Arg arg;
    if (std::string error = readArg(
            words[10 + a], fmt::format("{}argument {} ", where, a), arg);
        !error.empty())
      return error;
    l.args.push_back(arg);
  }
  m.launches.push_back(std::move(l));
  return "";
}

std::string Reader::readBlobs() {
  // Each blob is checked against what the file still has before it is
  // allocated, so a size made up to exhaust memory is refused as such.
  auto readBlob = [&](uint64_t bytes, std::string &blob,
                      const std::string &what) -> std::string {
    if (bytes > source->remaining())
      return bad(fmt::format("{} is {} bytes, past the end of the file: {} "
                             "bytes are left after the manifest and the "
                             "blobs before it",
                             what, bytes, source->remaining()));
    if (!source->read(bytes, blob))
      return bad(fmt::format("{} is cut short (the file shrank while it was "
                             "read?)",
                             what));
    return "";
  };
  for (size_t i = 0; i < m.modules.size(); ++i)
    if (std::string error =
            readBlob(moduleBytes[i], m.modules[i].second,
                     fmt::format("module {} (line {})", i, moduleLines[i]));
        !error.empty())
      return error;
  for (size_t i = 0; i < m.buffers.size(); ++i)
    if (m.buffers[i].kind == dlcx::kGlobal)
      if (std::string error =
              readBlob(m.buffers[i].bytes, m.buffers[i].data,
                       fmt::format("the data of buffer {} (line {})", i,
                                   bufferLines[i]));
          !error.empty())
        return error;
  if (source->remaining())
    return bad(fmt::format("{} bytes follow the last blob; the manifest "
                           "accounts for none of them",
                           source->remaining()));
  return "";
}

std::string Reader::checkModules() {
  // After the checksum, so that these name a mistake of the writer, not
  // damage.
  for (size_t i = 0; i < m.modules.size(); ++i) {
    const auto &[format, blob] = m.modules[i];
    if (format == dlcx::kCubin && blob.compare(0, 4,
                                               "\x7f"
                                               "ELF") != 0)
      return bad(fmt::format("module {} (line {}) is a cubin but not an ELF "
                             "file",
                             i, moduleLines[i]));
    if (format == dlcx::kPtx)
      if (size_t nul = blob.find('\0'); nul != std::string::npos)
        return bad(fmt::format("module {} (line {}) is PTX text but holds a "
                               "NUL byte at offset {}",
                               i, moduleLines[i], nul));
  }
  return "";
}

std::string Reader::read() {
  struct stat st;
  if (stat(path.c_str(), &st) != 0)
    return fmt::format("cannot open '{}': {}", path, std::strerror(errno));
  if (!S_ISREG(st.st_mode))
    return fmt::format("cannot read '{}': not a regular file", path);
  std::ifstream in(path, std::ios::binary);
  if (!in)
    return fmt::format("cannot open '{}': {}", path, std::strerror(errno));
  Source file(in, static_cast<uint64_t>(st.st_size));
  source = &file;

  // The header, then the version: another compiler's artifact may mean
  // something else by the same words, so it is refused by name rather than
  // misread.
  std::string header;
  Source::Got got = file.next(header);
  std::string_view magic = dlcx::kMagic;
  if (got == Source::Got::EndOfFile)
    return bad(fmt::format("the file is empty; no {} header", magic));
  if (got != Source::Got::Line ||
      header.compare(0, magic.size() + 1, std::string(magic) + " ") != 0)
    return bad(fmt::format("no {} header", magic));
  if (header.back() == '\r')
    return bad("line 1 ends in a carriage return; the manifest's lines end "
               "in a newline alone (was the file converted to CRLF?)");
  std::string version = header.substr(magic.size() + 1);
  if (version.empty() ||
      version.find_first_not_of("0123456789") != std::string::npos)
    return bad(
        fmt::format("no format version in its header {}", quote(header)));
  if (version != std::to_string(dlcx::kVersion))
    return fmt::format("'{}' is artifact format version {}, this runtime "
                       "reads version {}",
                       path, version, dlcx::kVersion);

  if (std::string error = nextLine("the function line"); !error.empty())
    return error;
  if (words.size() != 2 || words[0] != dlcx::kFunction)
    return badLine(fmt::format("expected '{} <name>', found {}",
                               dlcx::kFunction, quote(line)));
  m.function = std::string(words[1]);
  if (std::string error = nextLine("the target line"); !error.empty())
    return error;
  if (words.size() != 2 || words[0] != dlcx::kTarget || !isTarget(words[1]))
    return badLine(fmt::format("expected '{} sm_<number>', found {}",
                               dlcx::kTarget, quote(line)));
  m.target = std::string(words[1]);

  // The tables. Nothing is reserved from a count: a count larger than the
  // file can hold runs into the next table or the file's end.
  using Row = std::string (Reader::*)(uint64_t);
  auto table = [&](std::string_view head, Row row) -> std::string {
    uint64_t count;
    if (std::string error = readCount(head, count); !error.empty())
      return error;
    tableSize = count;
    for (uint64_t i = 0; i < count; ++i)
      if (std::string error = (this->*row)(i); !error.empty())
        return error;
    return "";
  };
  if (std::string error = table(dlcx::kBuffers, &Reader::readBuffer);
      !error.empty())
    return error;
  if (std::string error = readStep(); !error.empty())
    return error;
  for (auto [head, row] :
       {std::pair<std::string_view, Row>{dlcx::kUpdates, &Reader::readUpdate},
        {dlcx::kModules, &Reader::readModule},
        {dlcx::kKernels, &Reader::readKernel},
        {dlcx::kLaunches, &Reader::readLaunch}})
    if (std::string error = table(head, row); !error.empty())
      return error;

  // The checksum line is the one line the checksum leaves out.
  std::string checksumLine = fmt::format(
      "'{} {} <16 hex digits>'", dlcx::kChecksum, dlcx::kChecksumAlgorithm);
  if (std::string error =
          nextLine("the checksum line " + checksumLine, /*hashed=*/false);
      !error.empty())
    return error;
  if (words.size() != 3 || words[0] != dlcx::kChecksum)
    return badLine(fmt::format("expected {} after the launches, found {}",
                               checksumLine, quote(line)));
  if (words[1] != dlcx::kChecksumAlgorithm)
    return badLine(fmt::format("checksum algorithm {}; this runtime knows {}",
                               quote(words[1]), dlcx::kChecksumAlgorithm));
  if (words[2].size() != 16 || !parseHex(words[2], 16, manifestChecksum))
    return badLine(
        fmt::format("checksum {} is not 16 hex digits", quote(words[2])));
  if (std::string error = nextLine("the end line"); !error.empty())
    return error;
  if (line != dlcx::kEnd)
    return badLine(fmt::format("expected '{}' after the checksum, found {}",
                               dlcx::kEnd, quote(line)));

  if (std::string error = readBlobs(); !error.empty())
    return error;
  if (file.checksum() != manifestChecksum)
    return bad(fmt::format("checksum mismatch: the manifest says {:016x}, the "
                           "contents hash to {:016x}; the file is damaged or "
                           "was edited",
                           manifestChecksum, file.checksum()));
  return checkModules();
}

} // namespace

std::string dlcrt::readArtifact(const std::string &path, Artifact &artifact) {
  artifact = Artifact();
  return Reader(path, artifact).read();
}
