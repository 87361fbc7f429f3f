//===- Runtime.cpp - The dlc runtime on the CUDA driver API ---------------===//
//
// See dlc_runtime.h. The driver is opened with dlopen, so this file needs no
// CUDA header or library to build; the few driver types and entry points it
// uses are declared below as the driver API defines them. The artifact is
// read (ArtifactReader.cpp) before the driver is opened.
//
//===----------------------------------------------------------------------===//

#include "dlc_runtime.h"

#include "ArtifactReader.h"
#include "dlcrt/DlcxFormat.h"

#include <fmt/format.h>

#include <dlfcn.h>

#include <algorithm>
#include <cstdlib>
#include <memory>
#include <string>
#include <vector>

using namespace dlcrt;

namespace {

//===----------------------------------------------------------------------===//
// The CUDA driver, loaded at run time
//===----------------------------------------------------------------------===//

using CUresult = int;
using CUdevice = int;
using CUdeviceptr = unsigned long long;
using CUcontext = struct CUctx_st *;
using CUmodule = struct CUmod_st *;
using CUfunction = struct CUfunc_st *;
using CUstream = struct CUstream_st *;
using CUevent = struct CUevent_st *;
constexpr int kComputeCapabilityMajor = 75, kComputeCapabilityMinor = 76;
constexpr int kMaxSharedPerBlockOptin = 97; // a device attribute
constexpr int kStaticShared = 1;            // function attributes
constexpr int kMaxDynamicShared = 8;

/// CUmemAllocationProp, as far as cuMemGetAllocationGranularity reads it:
/// pinned device memory on one device.
struct CUmemAllocationProp {
  int type = 1;                 // CU_MEM_ALLOCATION_TYPE_PINNED
  int requestedHandleTypes = 0; // none
  int locationType = 1;         // CU_MEM_LOCATION_TYPE_DEVICE
  int locationId = 0;
  void *win32HandleMetaData = nullptr;
  unsigned char compressionType = 0, gpuDirectRDMACapable = 0;
  unsigned short usage = 0;
  unsigned char reserved[4] = {};
};

struct Driver {
  void *handle = nullptr;
  CUresult (*cuInit)(unsigned);
  CUresult (*cuDeviceGet)(CUdevice *, int);
  CUresult (*cuDeviceGetAttribute)(int *, int, CUdevice);
  CUresult (*cuDeviceGetName)(char *, int, CUdevice);
  CUresult (*cuDevicePrimaryCtxRetain)(CUcontext *, CUdevice);
  CUresult (*cuCtxSetCurrent)(CUcontext);
  CUresult (*cuModuleLoadData)(CUmodule *, const void *);
  CUresult (*cuModuleGetFunction)(CUfunction *, CUmodule, const char *);
  CUresult (*cuFuncGetAttribute)(int *, int, CUfunction);
  CUresult (*cuFuncSetAttribute)(CUfunction, int, int);
  CUresult (*cuMemAlloc)(CUdeviceptr *, size_t);
  CUresult (*cuMemFree)(CUdeviceptr);
  CUresult (*cuMemcpyHtoD)(CUdeviceptr, const void *, size_t);
  CUresult (*cuMemcpyDtoH)(void *, CUdeviceptr, size_t);
  CUresult (*cuMemcpyDtoD)(CUdeviceptr, CUdeviceptr, size_t);
  CUresult (*cuMemsetD8)(CUdeviceptr, unsigned char, size_t);
  CUresult (*cuMemGetInfo)(size_t *, size_t *);
  CUresult (*cuMemGetAllocationGranularity)(size_t *,
                                            const CUmemAllocationProp *, int);
  CUresult (*cuStreamCreate)(CUstream *, unsigned);
  CUresult (*cuStreamSynchronize)(CUstream);
  CUresult (*cuEventCreate)(CUevent *, unsigned);
  CUresult (*cuEventRecord)(CUevent, CUstream);
  CUresult (*cuEventSynchronize)(CUevent);
  CUresult (*cuEventElapsedTime)(float *, CUevent, CUevent);
  CUresult (*cuEventDestroy)(CUevent);
  CUresult (*cuLaunchKernel)(CUfunction, unsigned, unsigned, unsigned, unsigned,
                             unsigned, unsigned, unsigned, CUstream, void **,
                             void **);
  CUresult (*cuGetErrorName)(CUresult, const char **);
};

thread_local std::string lastError;

int failWith(const std::string &message) {
  lastError = message;
  return 1;
}

template <typename F> bool bind(void *handle, F &slot, const char *name) {
  slot = reinterpret_cast<F>(dlsym(handle, name));
  if (!slot)
    lastError = fmt::format("the CUDA driver has no {}", name);
  return slot != nullptr;
}

/// The driver, opened once; null (with lastError set) when there is none.
const Driver *driver() {
  static Driver d;
  static std::string error;
  static bool tried = false;
  if (tried) {
    if (!d.handle)
      lastError = error;
    return d.handle ? &d : nullptr;
  }
  tried = true;
  void *handle = dlopen("libcuda.so.1", RTLD_NOW | RTLD_LOCAL);
  if (!handle) {
    error = lastError = "no CUDA driver (libcuda.so.1): no GPU here?";
    return nullptr;
  }
  bool ok =
      bind(handle, d.cuInit, "cuInit") &&
      bind(handle, d.cuDeviceGet, "cuDeviceGet") &&
      bind(handle, d.cuDeviceGetAttribute, "cuDeviceGetAttribute") &&
      bind(handle, d.cuDeviceGetName, "cuDeviceGetName") &&
      bind(handle, d.cuDevicePrimaryCtxRetain, "cuDevicePrimaryCtxRetain") &&
      bind(handle, d.cuCtxSetCurrent, "cuCtxSetCurrent") &&
      bind(handle, d.cuModuleLoadData, "cuModuleLoadData") &&
      bind(handle, d.cuModuleGetFunction, "cuModuleGetFunction") &&
      bind(handle, d.cuFuncGetAttribute, "cuFuncGetAttribute") &&
      bind(handle, d.cuFuncSetAttribute, "cuFuncSetAttribute") &&
      bind(handle, d.cuMemAlloc, "cuMemAlloc_v2") &&
      bind(handle, d.cuMemFree, "cuMemFree_v2") &&
      bind(handle, d.cuMemcpyHtoD, "cuMemcpyHtoD_v2") &&
      bind(handle, d.cuMemcpyDtoH, "cuMemcpyDtoH_v2") &&
      bind(handle, d.cuMemcpyDtoD, "cuMemcpyDtoD_v2") &&
      bind(handle, d.cuMemsetD8, "cuMemsetD8_v2") &&
      bind(handle, d.cuMemGetInfo, "cuMemGetInfo_v2") &&
      bind(handle, d.cuMemGetAllocationGranularity,
           "cuMemGetAllocationGranularity") &&
      bind(handle, d.cuStreamCreate, "cuStreamCreate") &&
      bind(handle, d.cuStreamSynchronize, "cuStreamSynchronize") &&
      bind(handle, d.cuEventCreate, "cuEventCreate") &&
      bind(handle, d.cuEventRecord, "cuEventRecord") &&
      bind(handle, d.cuEventSynchronize, "cuEventSynchronize") &&
      bind(handle, d.cuEventElapsedTime, "cuEventElapsedTime") &&
      bind(handle, d.cuEventDestroy, "cuEventDestroy_v2") &&
      bind(handle, d.cuLaunchKernel, "cuLaunchKernel") &&
      bind(handle, d.cuGetErrorName, "cuGetErrorName");
  if (!ok) {
    error = lastError;
    dlclose(handle);
    return nullptr;
  }
  d.handle = handle;
  return &d;
}

/// Checks a driver call; on failure records "<what>: <CUDA error name>".
bool check(CUresult result, const std::string &what) {
  if (result == 0)
    return true;
  const char *name = nullptr;
  if (const Driver *d = driver(); !d || d->cuGetErrorName(result, &name) != 0)
    name = nullptr;
  lastError = name ? fmt::format("{}: {}", what, name)
                   : fmt::format("{}: CUDA error {}", what, result);
  return false;
}

} // namespace

/// An artifact read and loaded onto a device.
struct dlcModel : dlcrt::Artifact {
  std::string deviceName;
  bool onDevice = false; ///< dlcOpen succeeded
  CUcontext context = nullptr;
  CUstream stream = nullptr;
  std::vector<CUmodule> loaded;
  std::vector<CUfunction> functions;
  CUdeviceptr memory = 0; ///< one allocation that holds every buffer
  size_t allocated = 0;   ///< its size: the buffers, aligned and rounded
  std::vector<CUdeviceptr> addresses; ///< each buffer's, inside `memory`
  /// With DLC_OPEN_SEPARATE_BUFFERS: each buffer's own allocation (and no
  /// `memory`).
  std::vector<CUdeviceptr> separate;
  size_t freeBefore = 0;
  size_t moduleBytes = 0; ///< what loading the kernels took, measured
};

namespace {

/// Copies buffer `buffers[index]` (argument or result #index, `what`
/// saying which) to host memory; `bytes` must match.
int copyToHost(const dlcModel *m, const std::vector<int> &buffers,
               const char *what, int index, void *data, size_t bytes) {
  if (index < 0 || index >= static_cast<int>(buffers.size()))
    return failWith(fmt::format("no {} #{}", what, index));
  int buffer = buffers[index];
  if (bytes != m->buffers[buffer].bytes)
    return failWith(fmt::format("{} #{} has {} bytes, not {}", what, index,
                                m->buffers[buffer].bytes, bytes));
  if (bytes && !data)
    return failWith(fmt::format("nowhere to put {} #{}", what, index));
  return check(driver()->cuMemcpyDtoH(data, m->addresses[buffer], bytes),
               "cuMemcpyDtoH")
             ? 0
             : 2;
}

int fillInfo(const dlcModel &m, int buffer, dlcTensorInfo *info) {
  const Buffer &b = m.buffers[buffer];
  info->role = b.kind == dlcx::kParam   ? DLC_PARAM
               : b.kind == dlcx::kState ? DLC_STATE
               : b.kind == dlcx::kInput ? DLC_INPUT
                                        : DLC_RESULT;
  info->index = b.index;
  info->dtype = b.dtype.c_str();
  info->rank = static_cast<int>(b.shape.size());
  info->shape = b.shape.data();
  info->bytes = b.bytes;
  return 0;
}

/// Each launch's kernel parameters: the argument values, and pointers to
/// them (what cuLaunchKernel takes).
void kernelParams(const dlcModel *m, std::vector<std::vector<uint64_t>> &values,
                  std::vector<std::vector<void *>> &params) {
  values.assign(m->launches.size(), {});
  params.assign(m->launches.size(), {});
  for (size_t i = 0; i < m->launches.size(); ++i) {
    const Launch &l = m->launches[i];
    values[i].resize(l.args.size());
    for (size_t a = 0; a < l.args.size(); ++a) {
      const Arg &arg = l.args[a];
      values[i][a] = arg.kind == Arg::Pointer
                         ? m->addresses[arg.buffer] + arg.offset
                         : arg.offset;
      params[i].push_back(
          &values[i][a]); // little endian: 2- and 4-byte ones too
    }
  }
}

/// Enqueues launch `i` on the model's stream. The message is formatted only
/// on failure: this runs inside the timed steps.
bool launch(const dlcModel *m, size_t i, std::vector<void *> &params) {
  const Launch &l = m->launches[i];
  CUresult result = driver()->cuLaunchKernel(
      m->functions[l.kernel], l.grid[0], l.grid[1], l.grid[2], l.block[0],
      l.block[1], l.block[2], l.shared, m->stream, params.data(), nullptr);
  return result == 0 ||
         check(result, fmt::format("cuLaunchKernel({}, launch {})",
                                   m->kernelNames[l.kernel].second, i));
}

/// Kernels whose static and dynamic shared memory exceed 48 KiB must opt in,
/// up to what the device allows a block. (MLIR's gpu.dynamic_shared_memory
/// becomes a small static variable of its own in front of the dynamic
/// bytes.) 0, or dlcLoad's status.
int optInSharedMemory(const Driver *d, dlcModel &m, CUdevice dev) {
  constexpr int kDefaultShared = 48 * 1024;
  std::vector<int> dynamicShared(m.functions.size(), 0);
  for (const Launch &l : m.launches)
    dynamicShared[l.kernel] =
        std::max(dynamicShared[l.kernel], static_cast<int>(l.shared));
  int optin = -1;
  for (size_t k = 0; k < dynamicShared.size(); ++k) {
    if (dynamicShared[k] == 0)
      continue;
    const std::string &name = m.kernelNames[k].second;
    int staticShared = 0;
    if (!check(
            d->cuFuncGetAttribute(&staticShared, kStaticShared, m.functions[k]),
            fmt::format("cuFuncGetAttribute({}, SHARED_SIZE_BYTES)", name)))
      return 2;
    int needed = staticShared + dynamicShared[k];
    if (needed <= kDefaultShared)
      continue;
    if (optin < 0 &&
        !check(d->cuDeviceGetAttribute(&optin, kMaxSharedPerBlockOptin, dev),
               "cuDeviceGetAttribute(MAX_SHARED_MEMORY_PER_BLOCK_OPTIN)"))
      return 2;
    if (needed > optin)
      return failWith(fmt::format("kernel {} needs {} bytes of shared memory; "
                                  "this device allows {} a block",
                                  name, needed, optin)),
             3;
    if (!check(d->cuFuncSetAttribute(m.functions[k], kMaxDynamicShared,
                                     dynamicShared[k]),
               fmt::format("cuFuncSetAttribute({}, "
                           "MAX_DYNAMIC_SHARED_SIZE_BYTES)",
                           name)))
      return 2;
  }
  return 0;
}

/// Whether `m` is a model opened on a device; otherwise says so.
bool opened(const dlcModel *m) {
  if (m && m->onDevice)
    return true;
  lastError =
      m ? "the model is read but not opened on a device (dlcOpen)" : "no model";
  return false;
}

} // namespace

extern "C" {

const char *dlcLastError(void) { return lastError.c_str(); }

int dlcRead(const char *path, dlcModel **out) {
  if (!out)
    return failWith("dlcRead needs somewhere to put the model");
  *out = nullptr;
  if (!path)
    return failWith("dlcRead needs a path");
  auto m = std::make_unique<dlcModel>();
  if (std::string error = readArtifact(path, *m); !error.empty())
    return failWith(error);
  *out = m.release();
  return 0;
}

int dlcLoad(const char *path, int device, dlcModel **out) {
  if (int rc = dlcRead(path, out))
    return rc;
  if (int rc = dlcOpen(*out, device)) {
    dlcUnload(*out);
    *out = nullptr;
    return rc;
  }
  return 0;
}

int dlcOpen(dlcModel *m, int device) { return dlcOpenWith(m, device, 0); }

int dlcOpenWith(dlcModel *m, int device, unsigned flags) {
  if (flags & ~static_cast<unsigned>(DLC_OPEN_SEPARATE_BUFFERS))
    return failWith(fmt::format("dlcOpenWith: unknown flags {:#x}", flags));
  const bool separate = flags & DLC_OPEN_SEPARATE_BUFFERS;
  if (!m)
    return failWith("dlcOpen needs a model that dlcRead read");
  if (m->onDevice || m->context)
    return failWith("the model is already opened on a device");
  const Driver *d = driver();
  if (!d)
    return 2;
  CUdevice dev;
  int major = 0, minor = 0;
  char name[256] = {0};
  if (!check(d->cuInit(0), "cuInit") ||
      !check(d->cuDeviceGet(&dev, device),
             fmt::format("cuDeviceGet({})", device)) ||
      !check(d->cuDeviceGetAttribute(&major, kComputeCapabilityMajor, dev),
             "cuDeviceGetAttribute") ||
      !check(d->cuDeviceGetAttribute(&minor, kComputeCapabilityMinor, dev),
             "cuDeviceGetAttribute") ||
      !check(d->cuDeviceGetName(name, sizeof(name) - 1, dev),
             "cuDeviceGetName") ||
      !check(d->cuDevicePrimaryCtxRetain(&m->context, dev),
             "cuDevicePrimaryCtxRetain") ||
      !check(d->cuCtxSetCurrent(m->context), "cuCtxSetCurrent"))
    return 2;
  m->deviceName = name;
  std::string have = fmt::format("sm_{}{}", major, minor);
  bool cubin = false;
  for (auto &module : m->modules)
    cubin |= module.first != dlcx::kPtx;
  // PTX runs on the target and later architectures (the driver compiles
  // it); a cubin only on its own major architecture.
  std::string want =
      m->target.substr(0, m->target.find_first_not_of("sm_0123456789"));
  int wantNumber = want.size() > 3 ? std::atoi(want.c_str() + 3) : 0;
  int haveNumber = major * 10 + minor;
  if (haveNumber < wantNumber || (cubin && haveNumber / 10 != wantNumber / 10))
    return failWith(fmt::format(
               "the artifact is compiled for {} but GPU {} ({}) is {}",
               m->target, device, name, have)),
           3;
  size_t total = 0;
  if (!check(d->cuMemGetInfo(&m->freeBefore, &total), "cuMemGetInfo"))
    return 2;

  for (auto &module : m->modules) {
    CUmodule loaded;
    if (module.first == dlcx::kPtx)
      module.second.push_back('\0');
    if (!check(d->cuModuleLoadData(&loaded, module.second.data()),
               fmt::format("cuModuleLoadData (module {})", m->loaded.size())))
      return 2;
    m->loaded.push_back(loaded);
  }
  size_t freeLoaded = 0;
  if (!check(d->cuMemGetInfo(&freeLoaded, &total), "cuMemGetInfo"))
    return 2;
  m->moduleBytes = m->freeBefore - std::min(m->freeBefore, freeLoaded);
  for (auto &[module, kernel] : m->kernelNames) {
    CUfunction f;
    if (!check(d->cuModuleGetFunction(&f, m->loaded[module], kernel.c_str()),
               fmt::format("cuModuleGetFunction({})", kernel)))
      return 2;
    m->functions.push_back(f);
  }
  if (int rc = optInSharedMemory(d, *m, dev))
    return rc;
  // One allocation for all buffers, each at a 256-byte boundary: the driver
  // rounds every allocation up to its granularity (2 MiB on an H100), which
  // separate allocations would pay once per buffer. The request is rounded
  // here, so that the rounding is part of what the model says it allocates.
  constexpr size_t kAlign = 256;
  size_t bytes = 0;
  std::vector<size_t> offsets;
  // An output that views an earlier buffer (the arena) takes no bytes of its
  // own: its address is that buffer's plus the offset.
  for (const Buffer &b : m->buffers) {
    offsets.push_back(bytes);
    if (b.base < 0)
      bytes += (std::max<size_t>(b.bytes, 1) + kAlign - 1) / kAlign * kAlign;
  }
  CUmemAllocationProp pinned;
  pinned.locationId = dev;
  size_t granularity = 0;
  if (!check(d->cuMemGetAllocationGranularity(&granularity, &pinned,
                                              /*MINIMUM=*/0),
             "cuMemGetAllocationGranularity"))
    return 2;
  granularity = std::max<size_t>(granularity, kAlign);
  m->allocated = (std::max<size_t>(bytes, 1) + granularity - 1) / granularity *
                 granularity;
  if (!separate && !check(d->cuMemAlloc(&m->memory, m->allocated),
                          fmt::format("cuMemAlloc({} bytes)", m->allocated)))
    return 2;
  for (size_t i = 0; i < m->buffers.size(); ++i) {
    const Buffer &b = m->buffers[i];
    if (b.base >= 0) {
      m->addresses.push_back(m->addresses[b.base] + b.offset);
      continue;
    }
    CUdeviceptr address = m->memory + offsets[i];
    if (separate) {
      if (!check(d->cuMemAlloc(&address, std::max<size_t>(b.bytes, 1)),
                 fmt::format("cuMemAlloc({} bytes)", b.bytes)))
        return 2;
      m->separate.push_back(address);
    }
    m->addresses.push_back(address);
    if (!b.data.empty() &&
        !check(d->cuMemcpyHtoD(address, b.data.data(), b.data.size()),
               "cuMemcpyHtoD"))
      return 2;
    // Arguments without data are zeroed in both layouts (a step reads them
    // whether or not the caller set them); the rest only in the planned one.
    bool argument = b.kind == dlcx::kParam || b.kind == dlcx::kInput ||
                    b.kind == dlcx::kState;
    if (b.data.empty() && (!separate || argument) &&
        !check(d->cuMemsetD8(address, 0, b.bytes), "cuMemsetD8"))
      return 2;
  }
  if (!check(d->cuStreamCreate(&m->stream, 0), "cuStreamCreate"))
    return 2;
  m->onDevice = true;
  return 0;
}

int dlcNumArguments(const dlcModel *m) { return m->arguments.size(); }
int dlcNumResults(const dlcModel *m) { return m->results.size(); }

int dlcArgumentInfo(const dlcModel *m, int index, dlcTensorInfo *info) {
  if (index < 0 || index >= static_cast<int>(m->arguments.size()))
    return failWith(fmt::format("no argument #{}", index));
  return fillInfo(*m, m->arguments[index], info);
}

int dlcResultInfo(const dlcModel *m, int index, dlcTensorInfo *info) {
  if (index < 0 || index >= static_cast<int>(m->results.size()))
    return failWith(fmt::format("no result #{}", index));
  return fillInfo(*m, m->results[index], info);
}

int dlcSetArgument(dlcModel *m, int index, const void *data, size_t bytes) {
  if (!opened(m))
    return 1;
  if (index < 0 || index >= static_cast<int>(m->arguments.size()))
    return failWith(fmt::format("no argument #{}", index));
  int buffer = m->arguments[index];
  if (bytes != m->buffers[buffer].bytes)
    return failWith(fmt::format("argument #{} has {} bytes, not {}", index,
                                m->buffers[buffer].bytes, bytes));
  if (bytes && !data)
    return failWith(fmt::format("no data for argument #{}", index));
  return check(driver()->cuMemcpyHtoD(m->addresses[buffer], data, bytes),
               "cuMemcpyHtoD")
             ? 0
             : 2;
}

int dlcGetArgument(const dlcModel *m, int index, void *data, size_t bytes) {
  return opened(m) ? copyToHost(m, m->arguments, "argument", index, data, bytes)
                   : 1;
}

int dlcGetResult(const dlcModel *m, int index, void *data, size_t bytes) {
  return opened(m) ? copyToHost(m, m->results, "result", index, data, bytes)
                   : 1;
}

int dlcStepArgument(const dlcModel *m) { return m ? m->stepArgument : -1; }

int dlcNumUpdates(const dlcModel *m) {
  return m ? static_cast<int>(m->updates.size()) : 0;
}

int dlcUpdate(const dlcModel *m, int index, int *result, int *argument) {
  if (!m)
    return failWith("no model");
  if (index < 0 || index >= static_cast<int>(m->updates.size()))
    return failWith(fmt::format("no update #{}", index));
  if (result)
    *result = m->updates[index].first;
  if (argument)
    *argument = m->updates[index].second;
  return 0;
}

int dlcCopyResultToArgument(dlcModel *m, int result, int argument) {
  if (!opened(m))
    return 1;
  if (result < 0 || result >= static_cast<int>(m->results.size()))
    return failWith(fmt::format("no result #{}", result));
  if (argument < 0 || argument >= static_cast<int>(m->arguments.size()))
    return failWith(fmt::format("no argument #{}", argument));
  int from = m->results[result], to = m->arguments[argument];
  const Buffer &source = m->buffers[from], &target = m->buffers[to];
  if (source.bytes != target.bytes || source.dtype != target.dtype ||
      source.shape != target.shape)
    return failWith(fmt::format(
        "result #{} ({} bytes of {}) cannot replace argument #{} ({} bytes "
        "of {}): they differ in type",
        result, source.bytes, source.dtype, argument, target.bytes,
        target.dtype));
  if (m->addresses[from] == m->addresses[to] || source.bytes == 0)
    return 0;
  return check(driver()->cuMemcpyDtoD(m->addresses[to], m->addresses[from],
                                      source.bytes),
               "cuMemcpyDtoD")
             ? 0
             : 2;
}

int dlcRun(dlcModel *m, int warmup, int runs, dlcStats *stats) {
  if (!opened(m))
    return 1;
  const Driver *d = driver();
  if (runs < 1)
    return failWith("dlcRun needs at least one timed run");
  std::vector<std::vector<uint64_t>> values;
  std::vector<std::vector<void *>> params;
  kernelParams(m, values, params);
  auto step = [&]() {
    for (size_t i = 0; i < m->launches.size(); ++i)
      if (!launch(m, i, params[i]))
        return false;
    return true;
  };
  CUevent start, stop;
  if (!check(d->cuEventCreate(&start, 0), "cuEventCreate") ||
      !check(d->cuEventCreate(&stop, 0), "cuEventCreate"))
    return 2;
  size_t leastFree = m->freeBefore, free = 0, total = 0;
  for (int i = 0; i < warmup; ++i)
    if (!step())
      return 2;
  if (!check(d->cuStreamSynchronize(m->stream), "running the step"))
    return 2;
  std::vector<double> times;
  for (int i = 0; i < runs; ++i) {
    if (!check(d->cuEventRecord(start, m->stream), "cuEventRecord") ||
        !step() || !check(d->cuEventRecord(stop, m->stream), "cuEventRecord") ||
        !check(d->cuEventSynchronize(stop), "running the step"))
      return 2;
    float ms = 0;
    if (!check(d->cuEventElapsedTime(&ms, start, stop), "cuEventElapsedTime") ||
        !check(d->cuMemGetInfo(&free, &total), "cuMemGetInfo"))
      return 2;
    leastFree = std::min(leastFree, free);
    times.push_back(ms);
  }
  std::sort(times.begin(), times.end());
  if (stats) {
    stats->runs = runs;
    stats->medianMs = times[times.size() / 2];
    stats->minMs = times.front();
    stats->arenaBytes = stats->plannedBytes = 0;
    for (const Buffer &b : m->buffers) {
      if (b.base >= 0)
        continue; // in its base's bytes
      stats->plannedBytes += b.bytes;
      if (b.kind == dlcx::kArena)
        stats->arenaBytes += b.bytes;
    }
    stats->allocatedBytes = m->allocated;
    stats->moduleBytes = m->moduleBytes;
    stats->measuredBytes = m->freeBefore - leastFree;
    stats->launchesPerStep = static_cast<int>(m->launches.size());
  }
  return 0;
}

int dlcNumLaunches(const dlcModel *m) {
  return static_cast<int>(m->launches.size());
}

const char *dlcLaunchKernel(const dlcModel *m, int index) {
  if (index < 0 || index >= static_cast<int>(m->launches.size()))
    return "";
  return m->kernelNames[m->launches[index].kernel].second.c_str();
}

int dlcProfile(dlcModel *m, int runs, double *ms) {
  if (!opened(m))
    return 1;
  const Driver *d = driver();
  if (runs < 1)
    return failWith("dlcProfile needs at least one timed run");
  const size_t n = m->launches.size();
  std::vector<std::vector<uint64_t>> values;
  std::vector<std::vector<void *>> params;
  kernelParams(m, values, params);
  std::vector<CUevent> events(n + 1);
  for (CUevent &e : events)
    if (!check(d->cuEventCreate(&e, 0), "cuEventCreate"))
      return 2;
  std::vector<std::vector<float>> times(n);
  for (int r = 0; r <= runs; ++r) {
    if (!check(d->cuEventRecord(events[0], m->stream), "cuEventRecord"))
      return 2;
    for (size_t i = 0; i < n; ++i)
      if (!launch(m, i, params[i]) ||
          !check(d->cuEventRecord(events[i + 1], m->stream), "cuEventRecord"))
        return 2;
    if (!check(d->cuEventSynchronize(events[n]), "running the step"))
      return 2;
    for (size_t i = 0; r > 0 && i < n; ++i) {
      float t = 0;
      if (!check(d->cuEventElapsedTime(&t, events[i], events[i + 1]),
                 "cuEventElapsedTime"))
        return 2;
      times[i].push_back(t);
    }
  }
  for (size_t i = 0; i < n; ++i) {
    std::sort(times[i].begin(), times[i].end());
    ms[i] = times[i][times[i].size() / 2];
  }
  for (CUevent &e : events)
    d->cuEventDestroy(e);
  return 0;
}

const char *dlcDeviceName(const dlcModel *m) { return m->deviceName.c_str(); }

void dlcUnload(dlcModel *m) {
  if (!m)
    return;
  // A model that was only read holds nothing of the driver's: unloading it
  // does not open the driver either (dlcRead's promise, which the fuzzer of
  // the reader relies on).
  if (m->memory || !m->separate.empty())
    if (const Driver *d = driver()) {
      if (m->memory)
        d->cuMemFree(m->memory);
      for (CUdeviceptr p : m->separate)
        d->cuMemFree(p);
    }
  delete m;
}

} // extern "C"
