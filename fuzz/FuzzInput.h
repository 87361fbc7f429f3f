//===- FuzzInput.h - What the fuzz targets share ----------------*- C++ -*-===//
//
// The readers under fuzzing take a path, as the tools that call them do, and
// some of them look at the file itself (a regular file, its size) before
// they read it. So each target writes its input to an anonymous in-memory
// file (memfd) and hands the readers /proc/self/fd/<n>: they run exactly as
// under dlc-malloc, dlc-run or dlc-exec, with no disk I/O and nothing left
// behind. Also here: the hash that picks an input's options, and the way a
// target reports a broken promise so that libFuzzer keeps the input.
//
//===----------------------------------------------------------------------===//

#ifndef DLC_FUZZ_FUZZINPUT_H
#define DLC_FUZZ_FUZZINPUT_H

#include <sys/mman.h>
#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

namespace dlcfuzz {

/// An in-memory file whose contents are replaced by every input.
class InputFile {
public:
  explicit InputFile(const char *name) {
    fd = memfd_create(name, MFD_CLOEXEC);
    if (fd < 0) {
      std::perror("memfd_create");
      std::abort();
    }
    path = "/proc/self/fd/" + std::to_string(fd);
  }
  InputFile(const InputFile &) = delete;
  InputFile &operator=(const InputFile &) = delete;
  ~InputFile() { close(fd); }

  /// Makes `data` the file's whole contents.
  void assign(const void *data, size_t size) {
    if (ftruncate(fd, 0) != 0 ||
        (size && pwrite(fd, data, size, 0) != static_cast<ssize_t>(size))) {
      std::perror("writing the fuzz input");
      std::abort();
    }
  }

  const std::string &getPath() const { return path; }

private:
  int fd;
  std::string path;
};

/// A hash of the input: which options an input is run with is a function of
/// its bytes, so that every crash reproduces from its file alone and a
/// mutation that keeps the structure may still change the options. FNV-1a,
/// then MurmurHash3's finalizer: FNV's low bits depend on the last bytes
/// alone, and its residues modulo small numbers are far from uniform.
inline uint64_t inputHash(const uint8_t *data, size_t size) {
  uint64_t hash = 0xCBF29CE484222325ULL;
  for (size_t i = 0; i < size; ++i)
    hash = (hash ^ data[i]) * 0x100000001B3ULL;
  hash ^= hash >> 33;
  hash *= 0xFF51AFD7ED558CCDULL;
  hash ^= hash >> 33;
  hash *= 0xC4CEB9FE1A85EC53ULL;
  hash ^= hash >> 33;
  return hash;
}

/// Reports that a promise of the code under test is broken for this input
/// (a wrong result, a failure without a diagnostic) and aborts, which
/// libFuzzer records as a crash and keeps the input of.
[[noreturn]] inline void brokenPromise(const std::string &what) {
  std::fprintf(stderr, "==dlc-fuzz== broken promise: %s\n", what.c_str());
  std::abort();
}

} // namespace dlcfuzz

#endif // DLC_FUZZ_FUZZINPUT_H
