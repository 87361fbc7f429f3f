//===- Npy.cpp - Host tensors and the NumPy .npy format -------------------===//
//
// See dlcrt/Npy.h. The header is a Python dict literal; it is parsed as one,
// strictly: the three keys NumPy writes and nothing else, each once, and
// anything else is reported, not guessed at. A .npy file is input like any
// other, so its sizes (the header's length, the shape's element count and
// bytes) are checked against the file before anything is allocated from
// them, with checked arithmetic.
//
//===----------------------------------------------------------------------===//

#include "dlcrt/Npy.h"

#include <fmt/format.h>

#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cassert>
#include <cerrno>
#include <cmath>
#include <cstring>
#include <fstream>
#include <string_view>

using namespace dlcrt;

unsigned dlcrt::elementBytes(ElementKind kind) {
  switch (kind) {
  case ElementKind::F16:
  case ElementKind::BF16:
    return 2;
  case ElementKind::F32:
  case ElementKind::I32:
    return 4;
  case ElementKind::F64:
  case ElementKind::I64:
    return 8;
  }
  return 0;
}

const char *dlcrt::elementName(ElementKind kind) {
  switch (kind) {
  case ElementKind::F16:
    return "f16";
  case ElementKind::BF16:
    return "bf16";
  case ElementKind::F32:
    return "f32";
  case ElementKind::F64:
    return "f64";
  case ElementKind::I32:
    return "i32";
  case ElementKind::I64:
    return "i64";
  }
  return "?";
}

std::optional<int64_t> dlcrt::tensorBytes(ElementKind kind,
                                          const std::vector<int64_t> &shape) {
  int64_t count = 1;
  bool overflow = false;
  for (int64_t d : shape) {
    if (d < 0)
      return std::nullopt;
    overflow |= __builtin_mul_overflow(count, d, &count);
  }
  for (int64_t d : shape)
    if (d == 0)
      return 0;
  int64_t bytes;
  if (overflow || __builtin_mul_overflow(
                      count, static_cast<int64_t>(elementBytes(kind)), &bytes))
    return std::nullopt;
  return bytes;
}

uint64_t dlcrt::physicalMemoryBytes() {
  long pages = sysconf(_SC_PHYS_PAGES), pageSize = sysconf(_SC_PAGESIZE);
  if (pages <= 0 || pageSize <= 0)
    return 0;
  uint64_t bytes;
  if (__builtin_mul_overflow(static_cast<uint64_t>(pages),
                             static_cast<uint64_t>(pageSize), &bytes))
    return UINT64_MAX;
  return bytes;
}

std::string dlcrt::describeBytes(uint64_t bytes) {
  static const char *const units[] = {"KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
  if (bytes < 1024)
    return fmt::format("{} bytes", bytes);
  double size = static_cast<double>(bytes) / 1024;
  int unit = 0;
  while (size >= 1024 && unit < 5) {
    size /= 1024;
    ++unit;
  }
  return fmt::format("{} bytes ({:.2f} {})", bytes, size, units[unit]);
}

HostTensor::HostTensor(ElementKind kind, std::vector<int64_t> shape)
    : kind(kind), shape(std::move(shape)) {
  if (std::optional<int64_t> size = tensorBytes(kind, this->shape))
    bytes.assign(static_cast<size_t>(*size), 0);
}

bool HostTensor::valid() const {
  std::optional<int64_t> size = tensorBytes(kind, shape);
  return size && static_cast<uint64_t>(*size) == bytes.size();
}

int64_t HostTensor::numElements() const {
  // From the storage, not the shape, so that no loop over the elements can
  // run past it.
  return static_cast<int64_t>(bytes.size() / elementBytes(kind));
}

template <typename T> static T load(const uint8_t *p) {
  T v;
  std::memcpy(&v, p, sizeof(T));
  return v;
}

template <typename T> static void store(uint8_t *p, T v) {
  std::memcpy(p, &v, sizeof(T));
}

double HostTensor::get(int64_t i) const {
  assert(i >= 0 && i < numElements() && "element out of range");
  const uint8_t *p = bytes.data() + i * elementBytes(kind);
  switch (kind) {
  case ElementKind::F16:
    return halfToFloat(load<uint16_t>(p));
  case ElementKind::BF16:
    return bf16ToFloat(load<uint16_t>(p));
  case ElementKind::F32:
    return load<float>(p);
  case ElementKind::F64:
    return load<double>(p);
  case ElementKind::I32:
    return load<int32_t>(p);
  case ElementKind::I64:
    return static_cast<double>(load<int64_t>(p));
  }
  return 0;
}

void HostTensor::set(int64_t i, double value) {
  assert(i >= 0 && i < numElements() && "element out of range");
  uint8_t *p = bytes.data() + i * elementBytes(kind);
  switch (kind) {
  case ElementKind::F16:
    return store(p, floatToHalf(static_cast<float>(value)));
  case ElementKind::BF16:
    return store(p, floatToBF16(static_cast<float>(value)));
  case ElementKind::F32:
    return store(p, static_cast<float>(value));
  case ElementKind::F64:
    return store(p, value);
  case ElementKind::I32:
    return store(p, static_cast<int32_t>(value));
  case ElementKind::I64:
    return store(p, static_cast<int64_t>(value));
  }
}

uint16_t dlcrt::floatToBF16(float value) {
  uint32_t bits;
  std::memcpy(&bits, &value, 4);
  if (std::isnan(value))
    return static_cast<uint16_t>((bits >> 16) | 0x40);
  uint32_t rounding = 0x7FFF + ((bits >> 16) & 1);
  return static_cast<uint16_t>((bits + rounding) >> 16);
}

float dlcrt::bf16ToFloat(uint16_t bits) {
  uint32_t wide = static_cast<uint32_t>(bits) << 16;
  float value;
  std::memcpy(&value, &wide, 4);
  return value;
}

uint16_t dlcrt::floatToHalf(float value) {
  uint32_t bits;
  std::memcpy(&bits, &value, 4);
  uint32_t sign = (bits >> 16) & 0x8000;
  uint32_t absBits = bits & 0x7FFFFFFF;
  if (absBits >= 0x7F800000) // Inf or NaN.
    return static_cast<uint16_t>(sign | 0x7C00 |
                                 (absBits > 0x7F800000 ? 0x200 : 0));
  if (absBits >= 0x477FF000) // Rounds to beyond the largest half: Inf.
    return static_cast<uint16_t>(sign | 0x7C00);
  if (absBits < 0x38800000) { // Subnormal half (or zero).
    float magnitude;
    std::memcpy(&magnitude, &absBits, 4);
    // Scale so that one half ulp (2^-24) is 1, then round to nearest even.
    float scaled = magnitude * 16777216.0f;
    return static_cast<uint16_t>(sign |
                                 static_cast<uint32_t>(std::nearbyint(scaled)));
  }
  uint32_t mantissa = absBits & 0x7FFFFF;
  uint32_t exponent = (absBits >> 23) - 127 + 15;
  uint32_t half = (exponent << 10) | (mantissa >> 13);
  uint32_t rest = mantissa & 0x1FFF;
  if (rest > 0x1000 || (rest == 0x1000 && (half & 1)))
    ++half; // May carry into the exponent, which is still correct.
  return static_cast<uint16_t>(sign | half);
}

float dlcrt::halfToFloat(uint16_t h) {
  uint32_t sign = static_cast<uint32_t>(h & 0x8000) << 16;
  uint32_t exponent = (h >> 10) & 0x1F;
  uint32_t mantissa = h & 0x3FF;
  float magnitude;
  if (exponent == 0) {
    magnitude = std::ldexp(static_cast<float>(mantissa), -24);
  } else if (exponent == 31) {
    magnitude = mantissa ? NAN : INFINITY;
  } else {
    magnitude = std::ldexp(static_cast<float>(mantissa | 0x400),
                           static_cast<int>(exponent) - 25);
  }
  uint32_t bits;
  std::memcpy(&bits, &magnitude, 4);
  bits |= sign;
  float value;
  std::memcpy(&value, &bits, 4);
  return value;
}

/// The NumPy dtype string of a kind as written; bf16 is written as f32.
static const char *descrOf(ElementKind kind) {
  switch (kind) {
  case ElementKind::F16:
    return "<f2";
  case ElementKind::BF16:
  case ElementKind::F32:
    return "<f4";
  case ElementKind::F64:
    return "<f8";
  case ElementKind::I32:
    return "<i4";
  case ElementKind::I64:
    return "<i8";
  }
  return "";
}

std::string dlcrt::writeNpy(const std::string &path, const HostTensor &tensor) {
  HostTensor widened;
  const HostTensor *out = &tensor;
  if (tensor.kind == ElementKind::BF16) {
    widened = HostTensor(ElementKind::F32, tensor.shape);
    for (int64_t i = 0, e = tensor.numElements(); i < e; ++i)
      widened.set(i, tensor.get(i));
    out = &widened;
  }
  // A one-element tuple needs its comma: (4,).
  std::string header =
      fmt::format("{{'descr': '{}', 'fortran_order': False, 'shape': (",
                  descrOf(out->kind));
  for (int64_t d : out->shape)
    header += fmt::format("{}{}", d, out->shape.size() == 1 ? "," : ", ");
  header += "), }";
  // Pad with spaces so that the data starts at a multiple of 64 bytes.
  // Format 1.0 has a 16-bit header length; a longer header (a tensor of
  // very high rank) takes format 2.0 and a 32-bit one.
  size_t prefix = header.size() + 1 + 10 > 65535 ? 12 : 10;
  size_t total = prefix + header.size() + 1;
  header.append((64 - total % 64) % 64, ' ');
  header.push_back('\n');
  std::ofstream file(path, std::ios::binary);
  if (!file)
    return fmt::format("cannot write '{}': {}", path, std::strerror(errno));
  if (prefix == 10) {
    uint16_t headerLen = static_cast<uint16_t>(header.size());
    file.write("\x93NUMPY\x01\x00", 8);
    file.write(reinterpret_cast<const char *>(&headerLen), 2);
  } else {
    uint32_t headerLen = static_cast<uint32_t>(header.size());
    file.write("\x93NUMPY\x02\x00", 8);
    file.write(reinterpret_cast<const char *>(&headerLen), 4);
  }
  file << header;
  file.write(reinterpret_cast<const char *>(out->bytes.data()),
             static_cast<std::streamsize>(out->bytes.size()));
  if (!file)
    return fmt::format("cannot write '{}'", path);
  return "";
}

static bool isFloatKind(ElementKind k) {
  return k == ElementKind::F16 || k == ElementKind::BF16 ||
         k == ElementKind::F32 || k == ElementKind::F64;
}

namespace {

/// What a .npy header says.
struct NpyHeader {
  std::string descr;
  bool fortranOrder = false;
  std::vector<int64_t> shape;
};

/// A parser of the header's dict literal,
/// `{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }`, that says
/// what it expected where it fails.
class HeaderParser {
public:
  explicit HeaderParser(std::string_view text) : text(text) {}

  /// Parses the whole header into `header`; an empty string, or why not.
  std::string parse(NpyHeader &header) {
    skipSpace();
    if (!eat('{'))
      return expected("'{' (a .npy header is a Python dict)");
    bool seen[3] = {false, false, false};
    while (true) {
      skipSpace();
      if (eat('}'))
        break;
      std::string key;
      if (!quoted(key))
        return expected("a quoted key or '}'");
      skipSpace();
      if (!eat(':'))
        return expected(fmt::format("':' after '{}'", key));
      skipSpace();
      int which = key == "descr"           ? 0
                  : key == "fortran_order" ? 1
                  : key == "shape"         ? 2
                                           : -1;
      if (which < 0)
        return fmt::format("unknown key '{}' (a .npy header has descr, "
                           "fortran_order and shape)",
                           key);
      if (seen[which])
        return fmt::format("key '{}' given twice", key);
      seen[which] = true;
      if (std::string error = value(which, header); !error.empty())
        return error;
      skipSpace();
      if (eat(','))
        continue;
      skipSpace();
      if (eat('}'))
        break;
      return expected("',' or '}'");
    }
    // NumPy pads the header with spaces and ends it with a newline.
    for (; at < text.size(); ++at)
      if (text[at] != ' ' && text[at] != '\n' && text[at] != '\t' &&
          text[at] != '\r' && text[at] != '\0')
        return expected("only padding after the dict");
    static const char *const names[] = {"descr", "fortran_order", "shape"};
    for (int k = 0; k < 3; ++k)
      if (!seen[k])
        return fmt::format("no '{}' key", names[k]);
    return "";
  }

private:
  std::string value(int which, NpyHeader &header) {
    if (which == 0) {
      if (!quoted(header.descr))
        return expected("a quoted dtype after 'descr'");
      return "";
    }
    if (which == 1) {
      if (word("True"))
        header.fortranOrder = true;
      else if (word("False"))
        header.fortranOrder = false;
      else
        return expected("True or False after 'fortran_order'");
      return "";
    }
    if (!eat('('))
      return expected("a tuple after 'shape'");
    while (true) {
      skipSpace();
      if (eat(')'))
        return "";
      if (at < text.size() && text[at] == '-')
        return fmt::format("the shape has a negative dimension at byte {}", at);
      size_t start = at;
      int64_t dim = 0;
      bool overflow = false;
      while (at < text.size() && text[at] >= '0' && text[at] <= '9') {
        overflow |= __builtin_mul_overflow(dim, int64_t(10), &dim) ||
                    __builtin_add_overflow(dim, int64_t(text[at] - '0'), &dim);
        ++at;
      }
      if (at == start)
        return expected("a dimension or ')' in the shape");
      if (overflow)
        return fmt::format("dimension {} of the shape, {}, does not fit in "
                           "int64",
                           header.shape.size(), text.substr(start, at - start));
      header.shape.push_back(dim);
      skipSpace();
      if (eat(','))
        continue;
      skipSpace();
      if (eat(')'))
        return "";
      return expected("',' or ')' in the shape");
    }
  }

  void skipSpace() {
    while (at < text.size() && text[at] == ' ')
      ++at;
  }
  bool eat(char c) {
    if (at < text.size() && text[at] == c) {
      ++at;
      return true;
    }
    return false;
  }
  bool word(std::string_view w) {
    if (text.substr(at, w.size()) != w)
      return false;
    at += w.size();
    return true;
  }
  /// A string in single or double quotes, without escapes (NumPy's keys
  /// and dtypes have none).
  bool quoted(std::string &out) {
    if (at >= text.size() || (text[at] != '\'' && text[at] != '"'))
      return false;
    size_t close = text.find(text[at], at + 1);
    if (close == std::string_view::npos)
      return false;
    out = std::string(text.substr(at + 1, close - at - 1));
    at = close + 1;
    return true;
  }
  std::string expected(const std::string &what) const {
    std::string found =
        at < text.size()
            ? fmt::format("'{}'", text.substr(at, std::min<size_t>(
                                                      20, text.size() - at)))
            : std::string("the end");
    for (char &c : found)
      if (static_cast<unsigned char>(c) < 0x20 ||
          static_cast<unsigned char>(c) >= 0x7F)
        c = '?';
    return fmt::format("expected {} at byte {}, found {}", what, at, found);
  }

  std::string_view text;
  size_t at = 0;
};

/// The shape as NumPy prints it, for messages.
std::string tupleText(const std::vector<int64_t> &shape) {
  std::string text = "(";
  for (size_t d = 0; d < shape.size(); ++d)
    text += (d ? ", " : "") + std::to_string(shape[d]);
  return text + (shape.size() == 1 ? ",)" : ")");
}

/// The largest header accepted. NumPy itself refuses headers over 10000
/// bytes by default; one of a MiB is no .npy file's.
constexpr uint32_t kMaxHeaderBytes = 1 << 20;

} // namespace

std::string dlcrt::readNpy(const std::string &path, ElementKind want,
                           HostTensor &tensor) {
  struct stat st;
  if (stat(path.c_str(), &st) != 0)
    return fmt::format("cannot open '{}': {}", path, std::strerror(errno));
  if (!S_ISREG(st.st_mode))
    return fmt::format("cannot read '{}': not a regular file", path);
  std::ifstream file(path, std::ios::binary);
  if (!file)
    return fmt::format("cannot open '{}': {}", path, std::strerror(errno));
  uint64_t fileBytes = static_cast<uint64_t>(st.st_size);
  if (fileBytes == 0)
    return fmt::format("'{}' is empty, not a .npy file", path);
  char magic[8];
  if (!file.read(magic, 8) || std::memcmp(magic, "\x93NUMPY", 6) != 0)
    return fmt::format("'{}' is not a .npy file (bad magic)", path);
  uint32_t headerLen = 0;
  uint64_t prefix;
  if (magic[6] == 1) {
    uint16_t len16;
    if (!file.read(reinterpret_cast<char *>(&len16), 2))
      return fmt::format("'{}' is truncated in its header length", path);
    headerLen = len16;
    prefix = 10;
  } else if (magic[6] == 2 || magic[6] == 3) {
    if (!file.read(reinterpret_cast<char *>(&headerLen), 4))
      return fmt::format("'{}' is truncated in its header length", path);
    prefix = 12;
  } else {
    return fmt::format("'{}' has unsupported .npy version {}.{} (1.0, 2.0 "
                       "and 3.0 are read)",
                       path, static_cast<unsigned char>(magic[6]),
                       static_cast<unsigned char>(magic[7]));
  }
  if (headerLen > kMaxHeaderBytes)
    return fmt::format("'{}' claims a header of {} bytes; no .npy header is "
                       "longer than {} bytes",
                       path, headerLen, kMaxHeaderBytes);
  if (headerLen > fileBytes - prefix)
    return fmt::format("'{}' is truncated in its header: it claims {} bytes "
                       "of header, the file has {} after the header length",
                       path, headerLen, fileBytes - prefix);
  std::string dict(headerLen, '\0');
  if (!file.read(dict.data(), headerLen))
    return fmt::format("'{}' is truncated in its header", path);

  NpyHeader header;
  if (std::string error = HeaderParser(dict).parse(header); !error.empty())
    return fmt::format("'{}' has a malformed .npy header: {}", path, error);
  if (header.fortranOrder)
    return fmt::format("'{}' is in Fortran order; write it in C order", path);

  const std::string &dtype = header.descr;
  ElementKind have;
  if (dtype == "<f2")
    have = ElementKind::F16;
  else if (dtype == "<f4")
    have = ElementKind::F32;
  else if (dtype == "<f8")
    have = ElementKind::F64;
  else if (dtype == "<i4")
    have = ElementKind::I32;
  else if (dtype == "<i8")
    have = ElementKind::I64;
  else
    return fmt::format(
        "'{}' has dtype '{}'; supported: <f2, <f4, <f8, <i4, <i8", path, dtype);
  if (isFloatKind(have) != isFloatKind(want))
    return fmt::format("'{}' holds {} values but {} are needed", path,
                       elementName(have), elementName(want));

  // The shape against the file: a header can claim any size, the data is
  // what the file holds.
  const std::vector<int64_t> &shape = header.shape;
  std::optional<int64_t> needed = tensorBytes(have, shape);
  if (!needed)
    return fmt::format("'{}' has shape {} of {}, whose bytes do not fit in "
                       "int64",
                       path, tupleText(shape), dtype);
  uint64_t dataBytes = fileBytes - prefix - headerLen;
  if (static_cast<uint64_t>(*needed) != dataBytes)
    return fmt::format("'{}' is {}: its shape {} of {} takes {} bytes of "
                       "data, the file has {} after its header",
                       path,
                       static_cast<uint64_t>(*needed) > dataBytes
                           ? "truncated"
                           : "longer than its header says",
                       tupleText(shape), dtype, *needed, dataBytes);

  HostTensor raw(have, shape);
  if (!file.read(reinterpret_cast<char *>(raw.bytes.data()),
                 static_cast<std::streamsize>(raw.bytes.size())))
    return fmt::format("'{}' is truncated: expected {} bytes of data", path,
                       raw.bytes.size());
  if (have == want) {
    tensor = std::move(raw);
    return "";
  }
  // i64 to i32 (and NaN-free floats between widths) convert; an integer
  // that does not fit is refused rather than wrapped.
  HostTensor converted(want, shape);
  for (int64_t i = 0, e = raw.numElements(); i < e; ++i) {
    if (have == ElementKind::I64 && want == ElementKind::I32) {
      int64_t value = load<int64_t>(raw.bytes.data() + 8 * i);
      if (value < INT32_MIN || value > INT32_MAX)
        return fmt::format("'{}' holds {} at element {}, which does not fit "
                           "the i32 that is needed",
                           path, value, i);
    }
    converted.set(i, raw.get(i));
  }
  tensor = std::move(converted);
  return "";
}

dlcrt::Mismatch dlcrt::compareTensors(const HostTensor &got,
                                      const HostTensor &expected, double rtol,
                                      double atol) {
  Mismatch m;
  double worstExcess = 0;
  for (int64_t i = 0, e = std::min(got.numElements(), expected.numElements());
       i < e; ++i) {
    double g = got.get(i), x = expected.get(i);
    // Equal values match whatever the tolerances: infinities of one sign
    // too, whose difference is NaN (as in NumPy's isclose).
    if (g == x || (std::isnan(g) && std::isnan(x)))
      continue;
    double excess = std::fabs(g - x) - (atol + rtol * std::fabs(x));
    if (std::isnan(excess))
      excess = INFINITY;
    if (excess > 0) {
      ++m.count;
      if (m.worst < 0 || excess > worstExcess) {
        m.worst = i;
        worstExcess = excess;
      }
    }
  }
  if (m.worst < 0)
    return m;
  m.at.assign(got.shape.size(), 0);
  for (int64_t d = got.shape.size() - 1, rest = m.worst; d >= 0; --d) {
    m.at[d] = rest % got.shape[d];
    rest /= got.shape[d];
  }
  m.got = got.get(m.worst);
  m.expected = expected.get(m.worst);
  return m;
}
