//===- Npy.cpp - Host tensors and the NumPy .npy format -------------------===//
//
// See dlcrt/Npy.h. The header is a Python dict literal; only the three keys
// NumPy writes are read, and anything else is reported, not guessed at.
//
//===----------------------------------------------------------------------===//

#include "dlcrt/Npy.h"

#include <fmt/format.h>

#include <cerrno>
#include <cmath>
#include <cstring>
#include <fstream>
#include <sstream>

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

HostTensor::HostTensor(ElementKind kind, std::vector<int64_t> shape)
    : kind(kind), shape(std::move(shape)) {
  bytes.assign(numElements() * elementBytes(kind), 0);
}

int64_t HostTensor::numElements() const {
  int64_t n = 1;
  for (int64_t d : shape)
    n *= d;
  return n;
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
  size_t total = 10 + header.size() + 1;
  header.append((64 - total % 64) % 64, ' ');
  header.push_back('\n');
  std::ofstream file(path, std::ios::binary);
  if (!file)
    return fmt::format("cannot write '{}': {}", path, std::strerror(errno));
  uint16_t headerLen = static_cast<uint16_t>(header.size());
  file.write("\x93NUMPY\x01\x00", 8);
  file.write(reinterpret_cast<const char *>(&headerLen), 2);
  file << header;
  file.write(reinterpret_cast<const char *>(out->bytes.data()),
             static_cast<std::streamsize>(out->bytes.size()));
  if (!file)
    return fmt::format("cannot write '{}'", path);
  return "";
}

/// Finds `'key': ` in a header dict and returns what follows it.
static std::string valueAfter(const std::string &dict, const std::string &key) {
  size_t at = dict.find("'" + key + "'");
  if (at == std::string::npos)
    return "";
  at = dict.find(':', at);
  if (at == std::string::npos)
    return "";
  size_t start = dict.find_first_not_of(' ', at + 1);
  return start == std::string::npos ? "" : dict.substr(start);
}

static bool isFloatKind(ElementKind k) {
  return k == ElementKind::F16 || k == ElementKind::BF16 ||
         k == ElementKind::F32 || k == ElementKind::F64;
}

std::string dlcrt::readNpy(const std::string &path, ElementKind want,
                           HostTensor &tensor) {
  std::ifstream file(path, std::ios::binary);
  if (!file)
    return fmt::format("cannot open '{}': {}", path, std::strerror(errno));
  char magic[8];
  if (!file.read(magic, 8) || std::memcmp(magic, "\x93NUMPY", 6) != 0)
    return fmt::format("'{}' is not a .npy file (bad magic)", path);
  uint32_t headerLen = 0;
  if (magic[6] == 1) {
    uint16_t len16;
    file.read(reinterpret_cast<char *>(&len16), 2);
    headerLen = len16;
  } else if (magic[6] == 2 || magic[6] == 3) {
    file.read(reinterpret_cast<char *>(&headerLen), 4);
  } else {
    return fmt::format("'{}' has unsupported .npy version {}", path,
                       static_cast<int>(magic[6]));
  }
  std::string dict(headerLen, '\0');
  if (!file.read(dict.data(), headerLen))
    return fmt::format("'{}' is truncated in its header", path);

  std::string descr = valueAfter(dict, "descr");
  std::string fortran = valueAfter(dict, "fortran_order");
  std::string shapeText = valueAfter(dict, "shape");
  if (descr.size() < 5 || fortran.empty() || shapeText.empty() ||
      shapeText[0] != '(')
    return fmt::format("'{}' has a malformed .npy header", path);
  std::string dtype = descr.substr(1, descr.find('\'', 1) - 1);
  if (fortran.rfind("False", 0) != 0)
    return fmt::format("'{}' is in Fortran order; write it in C order", path);

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

  std::vector<int64_t> shape;
  size_t close = shapeText.find(')');
  std::istringstream dims(shapeText.substr(1, close - 1));
  std::string item;
  while (std::getline(dims, item, ',')) {
    size_t first = item.find_first_not_of(' ');
    if (first == std::string::npos)
      continue;
    char *end = nullptr;
    long long d = std::strtoll(item.c_str() + first, &end, 10);
    if (d < 0 || (end && *end && *end != ' '))
      return fmt::format("'{}' has a malformed shape in its header", path);
    shape.push_back(d);
  }

  HostTensor raw(have, shape);
  if (!file.read(reinterpret_cast<char *>(raw.bytes.data()),
                 static_cast<std::streamsize>(raw.bytes.size())))
    return fmt::format("'{}' is truncated: expected {} bytes of data", path,
                       raw.bytes.size());
  if (have == want) {
    tensor = std::move(raw);
    return "";
  }
  tensor = HostTensor(want, shape);
  for (int64_t i = 0, e = raw.numElements(); i < e; ++i)
    tensor.set(i, raw.get(i));
  return "";
}

dlcrt::Mismatch dlcrt::compareTensors(const HostTensor &got,
                                      const HostTensor &expected, double rtol,
                                      double atol) {
  Mismatch m;
  double worstExcess = 0;
  for (int64_t i = 0, e = got.numElements(); i < e; ++i) {
    double g = got.get(i), x = expected.get(i);
    if (std::isnan(g) && std::isnan(x))
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
