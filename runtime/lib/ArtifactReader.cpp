//===- ArtifactReader.cpp - Read a .dlcx artifact into memory -------------===//
//
// See ArtifactReader.h. The manifest is read line by line and each line is
// checked whole, so a message can quote the line that is wrong; the blobs
// after it are then read by the sizes the manifest gave.
//
//===----------------------------------------------------------------------===//

#include "ArtifactReader.h"
#include "dlcrt/DlcxFormat.h"

#include <fmt/format.h>

#include <cerrno>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string_view>

using namespace dlcrt;

namespace {

/// Parses all of `text` as a number in `base`.
bool parseNumber(const std::string &text, int base, bool isSigned,
                 uint64_t &value) {
  if (text.empty())
    return false;
  char *end = nullptr;
  errno = 0;
  value = isSigned
              ? static_cast<uint64_t>(std::strtoll(text.c_str(), &end, base))
              : std::strtoull(text.c_str(), &end, base);
  return errno == 0 && end == text.c_str() + text.size();
}

bool parseShape(const std::string &text, std::vector<int64_t> &shape) {
  shape.clear();
  if (text == dlcx::kScalarShape)
    return true;
  std::stringstream ss(text);
  std::string part;
  while (std::getline(ss, part, dlcx::kShapeSeparator)) {
    uint64_t size;
    if (!parseNumber(part, 10, false, size))
      return false;
    shape.push_back(static_cast<int64_t>(size));
  }
  return !shape.empty();
}

bool parseArg(const std::string &text, size_t numBuffers, Arg &arg) {
  if (text.size() > 1 && text[0] == dlcx::kPointerPrefix) {
    size_t plus = text.find(dlcx::kOffsetSeparator);
    uint64_t buffer;
    if (plus == std::string::npos ||
        !parseNumber(text.substr(1, plus - 1), 10, false, buffer) ||
        !parseNumber(text.substr(plus + 1), 10, false, arg.offset))
      return false;
    arg.kind = Arg::Pointer;
    arg.buffer = static_cast<unsigned>(buffer);
    return buffer < numBuffers;
  }
  size_t colon = text.find(dlcx::kScalarSeparator);
  if (colon == std::string::npos)
    return false;
  std::string type = text.substr(0, colon), value = text.substr(colon + 1);
  if (type == dlcx::kI32 || type == dlcx::kI64) {
    arg.kind = type == dlcx::kI32 ? Arg::I32 : Arg::I64;
    return parseNumber(value, 10, true, arg.offset);
  }
  if (type == dlcx::kF16 || type == dlcx::kBF16 || type == dlcx::kF32 ||
      type == dlcx::kF64) {
    arg.kind = type == dlcx::kF16    ? Arg::F16
               : type == dlcx::kBF16 ? Arg::BF16
               : type == dlcx::kF32  ? Arg::F32
                                     : Arg::F64;
    return value.rfind(dlcx::kHexPrefix, 0) == 0 &&
           parseNumber(value.substr(dlcx::kHexPrefix.size()), 16, false,
                       arg.offset);
  }
  return false;
}

/// Whether `line` is `head`, a space and a rest (possibly empty), and the
/// rest.
bool splitHead(const std::string &line, std::string_view head,
               std::string &rest) {
  if (line.size() <= head.size() || line.compare(0, head.size(), head) != 0 ||
      line[head.size()] != ' ')
    return false;
  rest = line.substr(head.size() + 1);
  return true;
}

} // namespace

std::string dlcrt::readArtifact(const std::string &path, Artifact &m) {
  std::ifstream in(path, std::ios::binary);
  if (!in)
    return fmt::format("cannot open '{}'", path);
  auto bad = [&](const std::string &what) {
    return fmt::format("'{}' is not a valid dlc artifact: {}", path, what);
  };
  std::string line, word, version;
  if (!std::getline(in, line) || !splitHead(line, dlcx::kMagic, version))
    return bad(fmt::format("no {} header", dlcx::kMagic));
  if (version.empty() ||
      version.find_first_not_of("0123456789") != std::string::npos)
    return bad(fmt::format("no format version in its header '{}'", line));
  // Another compiler's artifact may mean something else by the same words:
  // refuse it by name rather than misread it.
  if (version != std::to_string(dlcx::kVersion))
    return fmt::format("'{}' is artifact format version {}, this runtime "
                       "reads version {}",
                       path, version, dlcx::kVersion);
  size_t count = 0;
  auto expect = [&](std::string_view key, size_t &n) {
    if (!std::getline(in, line))
      return false;
    std::istringstream ss(line);
    return static_cast<bool>(ss >> word >> n) && word == key;
  };
  if (!std::getline(in, line) || !splitHead(line, dlcx::kFunction, m.function))
    return bad("no function line");
  if (!std::getline(in, line) || !splitHead(line, dlcx::kTarget, m.target))
    return bad("no target line");
  if (!expect(dlcx::kBuffers, count))
    return bad("no buffer table");
  for (size_t i = 0; i < count; ++i) {
    Buffer b;
    size_t id, dataBytes;
    std::string shape;
    if (!std::getline(in, line))
      return bad("the buffer table ends early");
    std::istringstream ss(line);
    if (!(ss >> word >> id >> b.kind >> b.index >> b.dtype >> shape >>
          b.bytes >> dataBytes) ||
        word != dlcx::kBuffer || id != i || !parseShape(shape, b.shape))
      return bad(fmt::format("bad buffer line '{}'", line));
    b.data.resize(dataBytes);
    m.buffers.push_back(std::move(b));
  }
  std::vector<size_t> moduleBytes;
  if (!expect(dlcx::kModules, count))
    return bad("no module table");
  for (size_t i = 0; i < count; ++i) {
    size_t id, bytes;
    std::string format;
    if (!std::getline(in, line))
      return bad("the module table ends early");
    std::istringstream ss(line);
    if (!(ss >> word >> id >> format >> bytes) || word != dlcx::kModule ||
        id != i)
      return bad(fmt::format("bad module line '{}'", line));
    m.modules.push_back({format, std::string()});
    moduleBytes.push_back(bytes);
  }
  if (!expect(dlcx::kKernels, count))
    return bad("no kernel table");
  for (size_t i = 0; i < count; ++i) {
    size_t id, module;
    std::string name;
    if (!std::getline(in, line))
      return bad("the kernel table ends early");
    std::istringstream ss(line);
    if (!(ss >> word >> id >> module >> name) || word != dlcx::kKernel ||
        id != i || module >= m.modules.size())
      return bad(fmt::format("bad kernel line '{}'", line));
    m.kernelNames.push_back({static_cast<unsigned>(module), name});
  }
  if (!expect(dlcx::kLaunches, count))
    return bad("no launch list");
  for (size_t i = 0; i < count; ++i) {
    Launch l;
    size_t numArgs;
    if (!std::getline(in, line))
      return bad("the launch list ends early");
    std::istringstream ss(line);
    if (!(ss >> word >> l.kernel >> l.grid[0] >> l.grid[1] >> l.grid[2] >>
          l.block[0] >> l.block[1] >> l.block[2] >> l.shared >> numArgs) ||
        word != dlcx::kLaunch || l.kernel >= m.kernelNames.size())
      return bad(fmt::format("bad launch line '{}'", line));
    for (size_t a = 0; a < numArgs; ++a) {
      Arg arg;
      if (!(ss >> word) || !parseArg(word, m.buffers.size(), arg))
        return bad(fmt::format("bad kernel argument in '{}'", line));
      if (arg.kind == Arg::Pointer && arg.offset > m.buffers[arg.buffer].bytes)
        return bad(fmt::format("an argument past its buffer in '{}'", line));
      l.args.push_back(arg);
    }
    m.launches.push_back(std::move(l));
  }
  if (!std::getline(in, line) || line != dlcx::kEnd)
    return bad("no end of the manifest");
  for (size_t i = 0; i < m.modules.size(); ++i) {
    m.modules[i].second.resize(moduleBytes[i]);
    if (!in.read(&m.modules[i].second[0], moduleBytes[i]))
      return bad(fmt::format("module {} is cut short", i));
  }
  for (Buffer &b : m.buffers)
    if (!b.data.empty() && !in.read(&b.data[0], b.data.size()))
      return bad("constant data is cut short");
  for (size_t i = 0; i < m.buffers.size(); ++i) {
    const std::string &kind = m.buffers[i].kind;
    if (kind == dlcx::kParam || kind == dlcx::kInput || kind == dlcx::kState)
      m.arguments.push_back(i);
    else if (kind == dlcx::kOutput)
      m.results.push_back(i);
  }
  return "";
}
