//===- dlcx-fuzzer.cpp - Fuzz the .dlcx artifact reader -------------------===//
//
// Bytes are read as an artifact with dlcRead, the half of dlcLoad that reads
// and checks the whole file before the CUDA driver is opened; the driver is
// never opened here. A model that reads is then queried through the C API
// as dlc-exec queries it (its arguments, results and launches), and every
// answer must be in range.
//
// Almost every mutation breaks the checksum, and the reader checks it only
// after the manifest, just before it reads the blobs. So that the fuzzer
// also reaches what lies behind it (the blobs' sizes against the file, the
// module checks), each input that has a well-formed checksum line is read a
// second time with that line's digits replaced by the checksum of the rest,
// as dlc-compile would have written it.
//
//===----------------------------------------------------------------------===//

#include "FuzzInput.h"

#include "dlc_runtime.h"
#include "dlcrt/DlcxFormat.h"

#include <cstring>
#include <string>
#include <string_view>

using dlcfuzz::brokenPromise;

namespace {

constexpr size_t kMaxInputBytes = 64 << 10;

/// `file` with its checksum line's digits made right, or empty when it has
/// no line `checksum fnv1a64 <16 characters>`, or that checksum is right.
std::string sealed(std::string_view file) {
  std::string head = std::string("\n") + std::string(dlcx::kChecksum) + " " +
                     std::string(dlcx::kChecksumAlgorithm) + " ";
  size_t at = file.find(head);
  if (at == std::string_view::npos)
    return {};
  size_t begin = at + 1, digits = at + head.size(), end = digits + 16;
  if (end >= file.size() || file[end] != '\n')
    return {};
  // Everything but the checksum line itself, '\n' included.
  uint64_t hash = dlcx::fnv1a64(file.data(), begin);
  hash = dlcx::fnv1a64(file.data() + end + 1, file.size() - end - 1, hash);
  static const char hex[] = "0123456789abcdef";
  std::string out(file);
  for (int i = 0; i < 16; ++i)
    out[digits + i] = hex[(hash >> (60 - 4 * i)) & 15];
  if (out == file)
    return {};
  return out;
}

/// Checks what the reader promises of a tensor it let through: a sane rank
/// and shape, and for a known dtype exactly the bytes its shape takes.
void checkInfo(const dlcTensorInfo &info, int index, bool result) {
  std::string what =
      (result ? "result #" : "argument #") + std::to_string(index);
  if ((info.role == DLC_RESULT) != result || info.index != index ||
      info.rank < 0 || (info.rank > 0 && !info.shape) || !info.dtype)
    brokenPromise("the runtime's information on " + what + " is inconsistent");
  uint64_t elements = 1;
  bool overflow = false, empty = false;
  for (int d = 0; d < info.rank; ++d) {
    if (info.shape[d] < 0)
      brokenPromise(what + " has a negative dimension");
    empty |= info.shape[d] == 0;
    overflow |= __builtin_mul_overflow(
        elements, static_cast<uint64_t>(info.shape[d]), &elements);
  }
  // However large the others, a zero dimension makes no bytes.
  if (unsigned bytes = dlcx::dtypeBytes(info.dtype)) {
    uint64_t expected = 0;
    if (!empty && (overflow || __builtin_mul_overflow(elements, uint64_t(bytes),
                                                      &expected)))
      brokenPromise(what + " has a shape whose bytes overflow");
    if (info.bytes != expected)
      brokenPromise(what + " has " + std::to_string(info.bytes) +
                    " bytes, which its shape and dtype do not take");
  }
}

void readAndQuery(const dlcfuzz::InputFile &input) {
  dlcModel *model = nullptr;
  if (dlcRead(input.getPath().c_str(), &model) != 0) {
    if (model)
      brokenPromise("dlcRead failed but returned a model");
    if (!*dlcLastError())
      brokenPromise("dlcRead failed without saying why");
    return;
  }
  dlcTensorInfo info;
  for (int i = 0, e = dlcNumArguments(model); i < e; ++i) {
    if (dlcArgumentInfo(model, i, &info) != 0)
      brokenPromise("no information on argument #" + std::to_string(i));
    checkInfo(info, i, /*result=*/false);
  }
  for (int i = 0, e = dlcNumResults(model); i < e; ++i) {
    if (dlcResultInfo(model, i, &info) != 0)
      brokenPromise("no information on result #" + std::to_string(i));
    checkInfo(info, i, /*result=*/true);
  }
  for (int i = 0, e = dlcNumLaunches(model); i < e; ++i)
    if (const char *kernel = dlcLaunchKernel(model, i); !kernel || !*kernel)
      brokenPromise("launch #" + std::to_string(i) + " has no kernel");
  // A read model is not on a device: the calls that need one refuse.
  if (dlcRun(model, 0, 1, nullptr) == 0)
    brokenPromise("dlcRun ran a model that is not opened on a device");
  dlcUnload(model);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size > kMaxInputBytes)
    return -1;
  static dlcfuzz::InputFile input("dlcx-fuzz-input");
  input.assign(data, size);
  readAndQuery(input);
  std::string fixed =
      sealed(std::string_view(reinterpret_cast<const char *>(data), size));
  if (!fixed.empty()) {
    input.assign(fixed.data(), fixed.size());
    readAndQuery(input);
  }
  return 0;
}
