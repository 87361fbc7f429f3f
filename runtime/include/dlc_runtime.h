/*===- dlc_runtime.h - Run a dlc artifact (.dlcx) on a CUDA GPU ----*- C -*-===*
 *
 * The dlc runtime loads an artifact written by dlc-compile (kernels, launch
 * schedule, arena size, argument and result layout), allocates every device
 * buffer once (the planned arena, the arguments, the results and constant
 * data), and runs the schedule on a stream. It depends on the CUDA driver
 * API alone, loaded at run time (libcuda.so.1), and on nothing of LLVM or
 * MLIR, so it builds and runs on a machine without them.
 *
 * Every function returns 0 on success and a non-zero code on failure;
 * dlcLastError() then says what failed, with the CUDA error name when the
 * driver failed.
 *
 *===----------------------------------------------------------------------===*/

#ifndef DLC_RUNTIME_H
#define DLC_RUNTIME_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct dlcModel dlcModel;

/* What a tensor of the step is. */
typedef enum {
  DLC_PARAM = 0,  /* a trainable parameter (an argument) */
  DLC_INPUT = 1,  /* data or labels (an argument) */
  DLC_STATE = 2,  /* optimizer state (an argument) */
  DLC_RESULT = 3, /* a result of the step */
} dlcRole;

typedef struct {
  dlcRole role;
  int index;         /* argument number, or result number for results */
  const char *dtype; /* "f32", "bf16", "f16", "f64", "i32", "i64", ... */
  int rank;
  const int64_t *shape;
  size_t bytes;
} dlcTensorInfo;

typedef struct {
  double medianMs; /* step time, CUDA events, median over the runs */
  double minMs;    /* fastest run */
  int runs;
  size_t arenaBytes;     /* planned arena of intermediates */
  size_t plannedBytes;   /* arena + arguments + results + constants */
  size_t allocatedBytes; /* the one device allocation that holds them: each
                            buffer at a 256-byte boundary, the total rounded
                            up to the driver's allocation granularity */
  size_t moduleBytes;    /* device memory that loading the kernels took
                            (code and constant data), measured at load */
  size_t measuredBytes;  /* device memory the process took: the driver's
                            free memory before loading minus its least
                            during the runs */
  int launchesPerStep;
} dlcStats;

/* Loads `path` onto GPU `device`: dlcRead, then dlcOpen. */
int dlcLoad(const char *path, int device, dlcModel **model);

/* Reads and checks the whole artifact at `path` without opening the CUDA
 * driver: every count, size, shape, launch size and kernel argument is in
 * range, every blob is complete and the checksum matches, so a bad artifact
 * fails the same way on a machine with or without a GPU. The argument and
 * result queries below work on a model that is only read. */
int dlcRead(const char *path, dlcModel **model);

/* Opens a model that dlcRead read on GPU `device`: checks the device's
 * architecture against the artifact's target, loads the kernels and
 * allocates the buffers (zeroed, constant data uploaded). The calls that
 * move data or run need it. */
int dlcOpen(dlcModel *model, int device);

/* Flags of dlcOpenWith. */
enum {
  /* Every buffer in an allocation of its own, of its exact size, and the
   * buffers without data that are not arguments (results, the arena,
   * scratch) left unwritten: compute-sanitizer's memcheck then sees each
   * buffer's bounds and initcheck every read of a byte no kernel wrote,
   * which one zeroed allocation for all buffers hides. For checking, not
   * for speed: the planned layout is not the one run. */
  DLC_OPEN_SEPARATE_BUFFERS = 1u
};

/* dlcOpen with `flags` (a bitwise or of the DLC_OPEN_ constants). */
int dlcOpenWith(dlcModel *model, int device, unsigned flags);

/* The step's arguments (in order) and results. */
int dlcNumArguments(const dlcModel *model);
int dlcNumResults(const dlcModel *model);
int dlcArgumentInfo(const dlcModel *model, int index, dlcTensorInfo *info);
int dlcResultInfo(const dlcModel *model, int index, dlcTensorInfo *info);

/* Copies argument `index` from host memory (`bytes` must match). */
int dlcSetArgument(dlcModel *model, int index, const void *data, size_t bytes);

/* The training loop the artifact carries (a step built with an optimizer):
 * the argument that takes the step number 1, 2, ... (-1: none), and the
 * updates, each a result that replaces an argument (a parameter or
 * optimizer state) before the next step. */
int dlcStepArgument(const dlcModel *model);
int dlcNumUpdates(const dlcModel *model);
int dlcUpdate(const dlcModel *model, int index, int *result, int *argument);

/* Copies result `result` of the last run over argument `argument` on the
 * device (same dtype and shape), so that the next run takes it: a training
 * loop's feedback of updated parameters and optimizer state. */
int dlcCopyResultToArgument(dlcModel *model, int result, int argument);

/* Runs the step `warmup` times untimed, then `runs` times timed. */
int dlcRun(dlcModel *model, int warmup, int runs, dlcStats *stats);

/* The step's launches, and launch `index`'s kernel name. */
int dlcNumLaunches(const dlcModel *model);
const char *dlcLaunchKernel(const dlcModel *model, int index);

/* Times every launch of the step on its own (an event pair around each),
 * `runs` times after one untimed step, and writes each launch's median in
 * milliseconds to `ms` (dlcNumLaunches entries). Events between launches
 * add a little to each; the sum is near, not equal to, dlcRun's step time. */
int dlcProfile(dlcModel *model, int runs, double *ms);

/* Copies argument `index`, as the device holds it now, to host memory
 * (`bytes` must match): after dlcCopyResultToArgument, the updated one. */
int dlcGetArgument(const dlcModel *model, int index, void *data, size_t bytes);

/* Copies result `index` to host memory (`bytes` must match). */
int dlcGetResult(const dlcModel *model, int index, void *data, size_t bytes);

/* The device's name, e.g. "NVIDIA H100 80GB HBM3". */
const char *dlcDeviceName(const dlcModel *model);

void dlcUnload(dlcModel *model);

/* What the last failing call of this thread said. */
const char *dlcLastError(void);

#ifdef __cplusplus
}
#endif

#endif /* DLC_RUNTIME_H */
