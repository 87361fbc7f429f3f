//===- Milp.cpp - Solving a MILP model with CBC ---------------------------===//
//
// Milp::check and Milp::solve: the model is checked for what CBC would abort
// on, converted to CBC's column-major form, and solved in a child process
// that is killed at the deadline (CBC's phases do not all check its time
// limit, and an assertion in CLP aborts the process it runs in).
//
//===----------------------------------------------------------------------===//

#include "Milp.h"

#include "Cbc_C_Interface.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <memory>
#include <sstream>

#if defined(__unix__) || defined(__APPLE__)
#define DLC_CBC_IN_CHILD
#include <cerrno>
#include <csignal>
#include <cstring>
#include <fcntl.h>
#include <poll.h>
#include <sys/wait.h>
#include <unistd.h>
#endif

using namespace mlir::dlc::remat;
using namespace mlir::dlc::remat::detail;

namespace {

/// How long before the deadline CBC's own limit is set: what it takes past
/// that limit to hand back what it found. The deadline itself is enforced.
constexpr double kChildGraceSeconds = 0.25;

/// What one run of CBC gave.
struct CbcOutcome {
  /// Whether CBC returned; else it was stopped at the deadline, or died
  /// (`failure` says how).
  bool finished = false;
  bool optimal = false, infeasible = false, secondsLimit = false;
  double bound = 0;
  std::vector<double> x; ///< the best solution; empty when none
  std::string failure;
};

/// The model in the column-major form CBC loads, with the MIP start.
struct CbcInput {
  int columns = 0, rows = 0;
  std::vector<CoinBigIndex> start;
  std::vector<int> index;
  std::vector<double> value;
  const std::vector<double> *colLower, *colUpper, *colCost, *rowLower,
      *rowUpper;
  const std::vector<char> *colInteger;
  const std::vector<int> *startIdx;
  const std::vector<double> *startVal;
  double seconds = 0; ///< CBC's own limit
};

/// Runs CBC in this process.
CbcOutcome runCbc(const CbcInput &in) {
  struct Delete {
    void operator()(Cbc_Model *m) const { Cbc_deleteModel(m); }
  };
  std::unique_ptr<Cbc_Model, Delete> model(Cbc_newModel());
  Cbc_Model *m = model.get();
  Cbc_setLogLevel(m, 0);
  Cbc_loadProblem(m, in.columns, in.rows, in.start.data(), in.index.data(),
                  in.value.data(), in.colLower->data(), in.colUpper->data(),
                  in.colCost->data(), in.rowLower->data(), in.rowUpper->data());
  // CBC takes a MIP start by column names (Cbc_setMIPStartI looks the
  // indices' names up): without distinct names every value lands on one
  // column, and CBC searches for a completion of a start it cannot use
  // (a sub-MIP whose feasibility pump aborted in CLP on the bf16 BERT layer).
  for (int c = 0; c < in.columns; ++c) {
    if ((*in.colInteger)[c])
      Cbc_setInteger(m, c);
    Cbc_setColName(m, c, ("x" + std::to_string(c)).c_str());
  }
  if (!in.startIdx->empty())
    Cbc_setMIPStartI(m, in.startIdx->size(), in.startIdx->data(),
                     in.startVal->data());
  // Wall-clock seconds. CBC checks them between its phases only (its first
  // LP, the MIP start, preprocessing and the root cuts of a large model can
  // each take seconds past them); the caller enforces the deadline.
  Cbc_setMaximumSeconds(m, std::min(in.seconds, 1e7));
  Cbc_setAllowableFractionGap(m, 1e-6);
  Cbc_setAllowableGap(m, 1e-6);
  Cbc_setParameter(m, "threads", "2");
  Cbc_setParameter(m, "timeMode", "elapsed");
  Cbc_solve(m);
  CbcOutcome out;
  out.finished = true;
  out.optimal = Cbc_isProvenOptimal(m);
  out.infeasible = Cbc_isProvenInfeasible(m);
  out.secondsLimit = Cbc_isSecondsLimitReached(m);
  out.bound = Cbc_getBestPossibleObjValue(m);
  if (const double *x = Cbc_bestSolution(m))
    out.x.assign(x, x + in.columns);
  return out;
}

#ifdef DLC_CBC_IN_CHILD
/// Runs CBC in a child process that is killed at `deadline`: CBC's phases do
/// not all check its time limit, and an assertion in CLP aborts the process
/// it runs in. The child writes its outcome to a pipe and leaves with _exit
/// (no atexit handlers, no flushing of the parent's buffers).
CbcOutcome runCbcInChild(const CbcInput &in, const Deadline &deadline) {
  int fds[2];
  if (pipe(fds) != 0)
    return runCbc(in);
  pid_t pid = fork();
  if (pid < 0) {
    close(fds[0]);
    close(fds[1]);
    return runCbc(in);
  }
  if (pid == 0) {
    close(fds[0]);
    // Quiet, and dying quietly: CBC prints nothing at log level 0, but a
    // failed assertion does, and so would the parent's crash handlers.
    int null = open("/dev/null", O_WRONLY);
    if (null >= 0) {
      dup2(null, 1);
      dup2(null, 2);
    }
    for (int sig : {SIGABRT, SIGSEGV, SIGBUS, SIGFPE, SIGILL})
      signal(sig, SIG_DFL);
    CbcOutcome out = runCbc(in);
    double header[6] = {
        out.optimal ? 1.0 : 0.0,           out.infeasible ? 1.0 : 0.0,
        out.secondsLimit ? 1.0 : 0.0,      out.bound,
        static_cast<double>(out.x.size()), 0};
    auto put = [&](const void *data, size_t bytes) {
      const char *p = static_cast<const char *>(data);
      while (bytes) {
        ssize_t n = write(fds[1], p, bytes);
        if (n < 0 && errno == EINTR)
          continue;
        if (n <= 0)
          _exit(2);
        p += n;
        bytes -= n;
      }
    };
    put(header, sizeof header);
    put(out.x.data(), out.x.size() * sizeof(double));
    _exit(0);
  }
  close(fds[1]);
  std::vector<char> bytes;
  bool killed = false;
  char buffer[1 << 16];
  for (;;) {
    // The child has its own limit, a little earlier; at the deadline it is
    // stopped.
    double left = deadline.isBounded() ? deadline.left() : INFINITY;
    int timeout = std::isfinite(left)
                      ? static_cast<int>(std::min(left, 1e6) * 1000) + 1
                      : -1;
    struct pollfd p = {fds[0], POLLIN, 0};
    int ready = poll(&p, 1, timeout);
    if (ready < 0 && errno == EINTR)
      continue;
    if (ready == 0 || (ready < 0)) {
      kill(pid, SIGKILL);
      killed = true;
      break;
    }
    ssize_t n = read(fds[0], buffer, sizeof buffer);
    if (n < 0 && errno == EINTR)
      continue;
    if (n <= 0)
      break;
    bytes.insert(bytes.end(), buffer, buffer + n);
  }
  close(fds[0]);
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  CbcOutcome out;
  double header[6];
  if (killed) {
    out.failure = "CBC was stopped at the time limit";
    out.secondsLimit = true;
    return out;
  }
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0 ||
      bytes.size() < sizeof header) {
    out.failure = WIFSIGNALED(status)
                      ? "CBC died of signal " + std::to_string(WTERMSIG(status))
                      : "CBC failed";
    return out;
  }
  std::memcpy(header, bytes.data(), sizeof header);
  size_t count = static_cast<size_t>(header[4]);
  if (bytes.size() != sizeof header + count * sizeof(double) ||
      (count != 0 && count != static_cast<size_t>(in.columns))) {
    out.failure = "CBC's answer was cut short";
    return out;
  }
  out.finished = true;
  out.optimal = header[0] != 0;
  out.infeasible = header[1] != 0;
  out.secondsLimit = header[2] != 0;
  out.bound = header[3];
  out.x.resize(count);
  // No solution is count 0, and then x.data() may be null, which memcpy
  // may not be given even for no bytes.
  if (count)
    std::memcpy(out.x.data(), bytes.data() + sizeof header,
                count * sizeof(double));
  return out;
}
#endif

} // namespace

std::optional<std::string> Milp::check() const {
  auto number = [](double x) {
    std::ostringstream os;
    os << x;
    return os.str();
  };
  for (size_t c = 0; c < colLower.size(); ++c)
    if (!std::isfinite(colLower[c]) || !std::isfinite(colUpper[c]) ||
        !std::isfinite(colCost[c]) || colLower[c] > colUpper[c])
      return "column " + std::to_string(c) + " has the bounds [" +
             number(colLower[c]) + ", " + number(colUpper[c]) +
             "] and the cost " + number(colCost[c]);
  for (size_t r = 0; r + 1 < rowStart.size(); ++r) {
    for (size_t k = rowStart[r]; k < rowStart[r + 1]; ++k)
      if (rowCols[k] < 0 ||
          static_cast<size_t>(rowCols[k]) >= colLower.size() ||
          rowCoefs[k] == 0 || !std::isfinite(rowCoefs[k]))
        return "row " + std::to_string(r) + " has the coefficient " +
               number(rowCoefs[k]) + " on column " + std::to_string(rowCols[k]);
    if (std::isnan(rowLower[r]) || std::isnan(rowUpper[r]) ||
        rowLower[r] > rowUpper[r] ||
        (rowLower[r] == -std::numeric_limits<double>::max() &&
         !std::isfinite(rowUpper[r])) ||
        (rowUpper[r] == std::numeric_limits<double>::max() &&
         !std::isfinite(rowLower[r])))
      return "row " + std::to_string(r) + " has the bounds [" +
             number(rowLower[r]) + ", " + number(rowUpper[r]) + "]";
  }
  if (rowCols.size() >
      static_cast<size_t>(std::numeric_limits<CoinBigIndex>::max()))
    return std::string("the model has more nonzeros than CBC can index");
  return std::nullopt;
}

std::vector<double> Milp::solve(const Deadline &deadline,
                                const std::vector<int> &startIdx,
                                const std::vector<double> &startVal,
                                SolveResult &result) {
  result.status = Status::Unknown;
  if (std::optional<std::string> fault = check()) {
    result.internalError = "the MILP model is malformed: " + *fault;
    return {};
  }
  CbcInput in;
  in.columns = static_cast<int>(colLower.size());
  in.rows = static_cast<int>(rowLower.size());
  // Column-major, as CBC takes it.
  in.start.assign(in.columns + 1, 0);
  for (int c : rowCols)
    ++in.start[c + 1];
  for (int c = 0; c < in.columns; ++c)
    in.start[c + 1] += in.start[c];
  in.index.resize(rowCols.size());
  in.value.resize(rowCols.size());
  std::vector<CoinBigIndex> fill(in.start.begin(), in.start.end() - 1);
  for (int r = 0; r < in.rows; ++r)
    for (size_t k = rowStart[r]; k < rowStart[r + 1]; ++k) {
      CoinBigIndex at = fill[rowCols[k]]++;
      in.index[at] = r;
      in.value[at] = rowCoefs[k];
    }
  in.colLower = &colLower;
  in.colUpper = &colUpper;
  in.colCost = &colCost;
  in.colInteger = &colInteger;
  in.rowLower = &rowLower;
  in.rowUpper = &rowUpper;
  in.startIdx = &startIdx;
  in.startVal = &startVal;
  double left = deadline.left() - kAfterCbcSeconds;
  if (!(left >= kLeastCbcSeconds)) {
    result.timedOut = true;
    return {};
  }
#ifdef DLC_CBC_IN_CHILD
  in.seconds = std::max(kLeastCbcSeconds, left - kChildGraceSeconds);
#else
  in.seconds = left;
#endif
#ifdef DLC_CBC_IN_CHILD
  CbcOutcome out = runCbcInChild(in, deadline);
#else
  CbcOutcome out = runCbc(in);
#endif
  result.timedOut = out.secondsLimit;
  if (!out.finished) {
    result.log = out.failure;
    return {};
  }
  double bound = out.bound / kMicro;
  result.lowerBound = std::isfinite(bound) ? bound : 0;
  if (out.x.empty()) {
    result.status = out.infeasible ? Status::Infeasible : Status::Unknown;
    return {};
  }
  result.status = out.optimal ? Status::Optimal : Status::Feasible;
  if (budgetColumn >= 0)
    result.smallestBudget =
        static_cast<int64_t>(std::ceil(out.x[budgetColumn] * kMiB - 0.5));
  return std::move(out.x);
}
