//===- npy-fuzzer.cpp - Fuzz the runtime's .npy reader --------------------===//
//
// Bytes are read as a .npy file (dlcrt::readNpy, what dlc-run --inputs and
// dlc-exec --inputs call) into every element kind, so that the dtype checks
// and the conversions between float widths and between integer widths all
// see hostile headers and data. A tensor that reads must hold exactly the
// elements of its shape, and must survive a round trip: written with
// writeNpy and read back as the same kind, it is the same tensor (NaNs
// match NaNs: bf16 quiets a signalling NaN on the way through f32).
//
// Inputs are capped at kMaxInputBytes; the reader itself refuses, before it
// allocates, any shape whose bytes the file does not hold.
//
//===----------------------------------------------------------------------===//

#include "FuzzInput.h"

#include "dlcrt/Npy.h"

#include <cmath>
#include <string>

using namespace dlcrt;
using dlcfuzz::brokenPromise;

namespace {

constexpr size_t kMaxInputBytes = 64 << 10;

constexpr ElementKind kKinds[] = {ElementKind::F16, ElementKind::BF16,
                                  ElementKind::F32, ElementKind::F64,
                                  ElementKind::I32, ElementKind::I64};

bool sameTensor(const HostTensor &a, const HostTensor &b) {
  if (a.kind != b.kind || a.shape != b.shape ||
      a.numElements() != b.numElements())
    return false;
  for (int64_t i = 0, e = a.numElements(); i < e; ++i) {
    double x = a.get(i), y = b.get(i);
    if (x != y && !(std::isnan(x) && std::isnan(y)))
      return false;
  }
  return true;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size > kMaxInputBytes)
    return -1;
  static dlcfuzz::InputFile input("npy-fuzz-input");
  static dlcfuzz::InputFile output("npy-fuzz-output");
  input.assign(data, size);
  for (ElementKind kind : kKinds) {
    HostTensor tensor;
    if (!readNpy(input.getPath(), kind, tensor).empty())
      continue;
    if (tensor.kind != kind || !tensor.valid())
      brokenPromise(std::string("readNpy returned a tensor that does not "
                                "hold its shape's elements as ") +
                    elementName(kind));
    // The comparison the tools run on results: a tensor matches itself.
    if (compareTensors(tensor, tensor, 0, 0).count != 0)
      brokenPromise("a tensor differs from itself");
    if (std::string error = writeNpy(output.getPath(), tensor); !error.empty())
      brokenPromise("writeNpy failed on a tensor readNpy read: " + error);
    HostTensor again;
    if (std::string error = readNpy(output.getPath(), kind, again);
        !error.empty())
      brokenPromise("readNpy refuses what writeNpy wrote: " + error);
    if (!sameTensor(tensor, again))
      brokenPromise(std::string("a ") + elementName(kind) +
                    " tensor changed in a round trip through writeNpy");
  }
  return 0;
}
