//===- RematMilp.cpp - The rematerialization MILP, solved with CBC --------===//
//
// The Checkmate formulation (Jain et al., MLSys 2020) specialised to a fixed
// schedule. For node v and position t:
//
//   k_v      binary  the original is kept for later reads
//   R_{t,v}  binary  a copy is made right before position t
//   K_{t,v}  [0,1]   the kept original is live at t (t after its forward use)
//   H_{t,v}  [0,1]   a copy made earlier is live at t
//
//   K_{f+1,v} <= k_v,  K_{t+1,v} <= K_{t,v}          (kept: one interval)
//   H_{t+1,v} <= H_{t,v} + R_{t,v}                   (copies are held)
//   R_{t,v} + k_v <= 1
//   K_{t,v} + H_{t,v} + R_{t,v} >= 1                 for every later read
//   K_{t,w} + H_{t,w} + R_{t,w} >= R_{t,v}           for every operand w
//   fixed_t + sum_v bytes_v (K + H + R)_{t,v} <= budget  for every t
//   (or, for the activation limit, the kept nodes from their definition)
//
// minimizing sum cost_v R_{t,v}. R exists only where v or a node computed
// from it is read later, K and H only up to the last such position. With R
// and k integral, the least K and H meeting the constraints are integral
// and are the live ranges `evaluate` measures, so a solution's plan is
// measured exactly as the MILP priced it. The greedy plan is the MIP start.
//
// Every phase runs under one deadline (Deadline.h): the greedy start may take
// half the time limit, building the model checks the clock per node, CBC is
// given what is left, and when CBC finds nothing better in time the start is
// the answer. Models beyond kMaxColumns or kMaxNonzeros are not built.
//
//===----------------------------------------------------------------------===//

#include "dlc/Planning/Remat/Remat.h"

#include "Deadline.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <functional>
#include <limits>
#include <map>
#include <memory>
#include <sstream>

#ifdef DLC_HAVE_CBC
#include "Cbc_C_Interface.h"
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
#endif

using namespace mlir::dlc::remat;

bool mlir::dlc::remat::haveMilp() {
#ifdef DLC_HAVE_CBC
  return true;
#else
  return false;
#endif
}

#ifndef DLC_HAVE_CBC
SolveResult mlir::dlc::remat::solveMilp(const Problem &, Limit, int64_t,
                                        double) {
  SolveResult result;
  result.log = "this build of dlc has no MILP solver (coinor-libcbc-dev)";
  return result;
}
#else

namespace {

/// Bytes are priced in MiB and seconds in microseconds, to keep the
/// coefficients of the model near 1.
constexpr double kMiB = 1024.0 * 1024.0;
constexpr double kMicro = 1e6;

/// The largest model handed to CBC. The models grow with the schedule times
/// the live ranges (quadratic on a long chain); beyond this CBC needs
/// gigabytes and more than any sensible time limit, and the greedy is the
/// answer.
constexpr size_t kMaxColumns = 1'000'000;
constexpr size_t kMaxNonzeros = 4'000'000;

/// Time kept back from CBC for what follows it (reading and checking its
/// plan), and the least worth giving it.
constexpr double kAfterCbcSeconds = 0.05;
constexpr double kLeastCbcSeconds = 0.05;
/// How long before the deadline CBC's own limit is set: what it takes past
/// that limit to hand back what it found. The deadline itself is enforced.
constexpr double kChildGraceSeconds = 0.25;

using Terms = std::vector<std::pair<int, double>>;

/// A model gathered column by column and row by row, checked, and handed to
/// CBC in one piece: CBC's C interface copies its matrix for every row added
/// to it (on a 500-op chain that was 40 s before CBC saw its time limit).
/// Terms of a row on one column are merged and zero terms dropped, so that
/// CBC never sees an explicit zero; a coefficient, bound or cost that is not
/// a finite number stops the solve with an internal error.
class Milp {
public:
  int column(double lower, double upper, double objective, bool integer) {
    int index = static_cast<int>(colLower.size());
    colLower.push_back(lower);
    colUpper.push_back(upper);
    colCost.push_back(objective);
    colInteger.push_back(integer);
    integers += integer;
    return index;
  }
  /// Adds sum(terms) `sense` rhs; terms on column -1 are dropped. Nothing is
  /// added once the model is too large.
  void row(const Terms &terms, char sense, double rhs) {
    if (tooLarge())
      return;
    scratch.clear();
    for (auto [c, a] : terms)
      if (c >= 0)
        scratch.push_back({c, a});
    std::sort(scratch.begin(), scratch.end(),
              [](const auto &x, const auto &y) { return x.first < y.first; });
    size_t begin = rowCols.size();
    for (size_t i = 0; i < scratch.size();) {
      int c = scratch[i].first;
      double a = 0;
      for (; i < scratch.size() && scratch[i].first == c; ++i)
        a += scratch[i].second;
      if (a != 0) {
        rowCols.push_back(c);
        rowCoefs.push_back(a);
      }
    }
    if (rowCols.size() == begin)
      return; // 0 <= or >= rhs: the callers' rows always hold then
    rowStart.push_back(rowCols.size());
    constexpr double inf = std::numeric_limits<double>::max();
    rowLower.push_back(sense == 'G' ? rhs : -inf);
    rowUpper.push_back(sense == 'G' ? inf : rhs);
  }
  void raiseLower(int column, double lower) {
    colLower[column] = std::max(colLower[column], lower);
  }
  bool tooLarge() const {
    return colLower.size() > kMaxColumns || rowCols.size() > kMaxNonzeros;
  }
  std::string size() const {
    return std::to_string(colLower.size()) + " columns (" +
           std::to_string(integers) + " binary), " +
           std::to_string(rowLower.size()) + " rows, " +
           std::to_string(rowCols.size()) + " nonzeros";
  }

  /// Adds the column of the measure that a limit without budget minimizes.
  int addBudgetColumn() {
    budgetColumn = column(0, 1e18, 1e3, false);
    return budgetColumn;
  }

  /// The first fault of the model CBC would be given, if any.
  std::optional<std::string> check() const;

  /// Solves within the deadline; returns the best solution (empty when
  /// none) and sets the status, the lower bound and, when the measure was
  /// minimized, the least measure of `result`.
  std::vector<double> solve(const Deadline &deadline,
                            const std::vector<int> &startIdx,
                            const std::vector<double> &startVal,
                            SolveResult &result);

private:
  std::vector<double> colLower, colUpper, colCost;
  std::vector<char> colInteger;
  std::vector<size_t> rowStart{0};
  std::vector<int> rowCols;
  std::vector<double> rowCoefs, rowLower, rowUpper;
  std::vector<std::pair<int, double>> scratch;
  unsigned integers = 0;
  int budgetColumn = -1;
};

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

/// How many positions before a read a copy for it may be made: a chain
/// rebuilt for one read can be laid out over that many positions before it
/// (the greedy's spread), so that its links need not be live at once.
constexpr unsigned kWindow = 4;

/// Where each node may have to be available: its later reads and the
/// positions where a node computed from it may be recomputed; and where it
/// may be recomputed: at those positions, or up to kWindow before a later
/// read or the position of a copy that reads it (the window does not
/// compound along a chain).
struct Reach {
  std::vector<std::vector<unsigned>> users, avail, stages;
};

/// Why the building of a model stopped before its end, when it did: the
/// deadline, or a model too large to hand CBC.
struct Stop {
  explicit Stop(const Deadline &deadline) : deadline(deadline) {}
  /// True once building must stop: the deadline passed, or `size` (of
  /// `what`) is over `most`.
  bool check(size_t size, size_t most, const char *what) {
    if (!why.empty())
      return true;
    if (deadline.passed()) {
      why = "the time limit passed while the model was built";
      timedOut = true;
    } else if (size > most) {
      why = "the model would have more than " + std::to_string(most) + " " +
            what + ", too many to solve";
    }
    return !why.empty();
  }
  explicit operator bool() const { return !why.empty(); }

  const Deadline &deadline;
  std::string why;
  bool timedOut = false;
};

Reach reach(const Problem &problem, Stop &stop) {
  const unsigned n = problem.nodes.size();
  Reach r;
  r.users.assign(n, {});
  r.avail.assign(n, {});
  r.stages.assign(n, {});
  // The positions a copy of each node is read at, without windows.
  std::vector<std::vector<unsigned>> reads(n);
  for (unsigned u = 0; u < n; ++u)
    for (unsigned w : problem.nodes[u].operands)
      r.users[w].push_back(u);
  auto unique = [](std::vector<unsigned> &a) {
    std::sort(a.begin(), a.end());
    a.erase(std::unique(a.begin(), a.end()), a.end());
  };
  // Positions in all lists so far: each is a column or two of the model.
  size_t total = 0;
  for (unsigned v = n; v-- > 0;) {
    if (stop.check(total, kMaxColumns, "columns"))
      return r;
    const Node &node = problem.nodes[v];
    std::vector<unsigned> a = node.uses, base = node.uses;
    for (unsigned u : r.users[v]) {
      a.insert(a.end(), r.stages[u].begin(), r.stages[u].end());
      base.insert(base.end(), reads[u].begin(), reads[u].end());
    }
    unique(a);
    unique(base);
    r.avail[v] = a;
    total += a.size();
    if (!node.recomputable)
      continue;
    auto allowed = [&](unsigned t) {
      return t >= problem.firstStage && t > node.def;
    };
    for (unsigned t : base)
      if (allowed(t))
        reads[v].push_back(t);
    std::vector<unsigned> &stages = r.stages[v];
    for (unsigned t : base)
      for (unsigned k = 0; k <= kWindow && k <= t; ++k)
        if (allowed(t - k))
          stages.push_back(t - k);
    unique(stages);
    total += stages.size();
  }
  return r;
}

/// What the activation model needs of Reach, without its position lists
/// (quadratic on a chain): the users of each node, and whether a node may
/// have to be available after its forward reads (`avail` not empty). A
/// node's positions (`base` in reach) reach as far as its last later read
/// or the last position a user may be recomputed at; a node may be
/// recomputed exactly when the last of those is allowed for it (the window
/// only adds earlier ones).
struct Needed {
  std::vector<std::vector<unsigned>> users;
  std::vector<char> avail;
};

Needed needed(const Problem &problem) {
  const unsigned n = problem.nodes.size();
  Needed r;
  r.users.assign(n, {});
  r.avail.assign(n, 0);
  for (unsigned u = 0; u < n; ++u)
    for (unsigned w : problem.nodes[u].operands)
      r.users[w].push_back(u);
  // The last position of each node's base, -1 for none, and whether it may
  // be recomputed (its stages are not empty).
  std::vector<int64_t> last(n, -1);
  std::vector<char> redone(n, 0);
  for (unsigned v = n; v-- > 0;) {
    const Node &node = problem.nodes[v];
    if (!node.uses.empty())
      last[v] = node.uses.back();
    for (unsigned u : r.users[v]) {
      r.avail[v] |= redone[u];
      if (redone[u])
        last[v] = std::max(last[v], last[u]);
    }
    r.avail[v] |= !node.uses.empty();
    redone[v] = node.recomputable && last[v] >= 0 &&
                last[v] >= problem.firstStage && last[v] > node.def;
  }
  return r;
}

/// The model of a limit: the terms of each position's measure, and the
/// limit rows against a budget (or, budget < 0, against a new column that
/// is minimized).
bool addLimitRows(Milp &milp, const std::vector<Terms> &rows,
                  const std::vector<int64_t> &fixed, int64_t budget) {
  int budgetColumn = budget < 0 ? milp.addBudgetColumn() : -1;
  for (unsigned t = 0; t < rows.size(); ++t) {
    if (budget >= 0) {
      if (fixed[t] > budget)
        return false;
      // The live bytes of a plan are whole: half a byte over the budget
      // admits every plan that meets it and absorbs CBC's tolerance (1e-7
      // on rows in MiB, a tenth of a byte), and none that does not.
      milp.row(rows[t], 'L', (budget - fixed[t] + 0.5) / kMiB);
    } else {
      Terms terms = rows[t];
      terms.push_back({budgetColumn, -1});
      milp.row(terms, 'L', -fixed[t] / kMiB);
      milp.raiseLower(budgetColumn, fixed[t] / kMiB);
    }
  }
  return true;
}

/// The peak: Checkmate on the fixed schedule (see the file comment).
class PeakModel {
public:
  PeakModel(const Problem &problem, Stop &stop) : problem(problem), stop(stop) {
    build();
  }
  bool addLimit(int64_t budget);
  SolveResult solve(const Deadline &deadline, const Plan *start);
  std::string size() const { return milp.size(); }

private:
  int kept(unsigned v, unsigned t) const {
    if (keptBase[v] < 0 || t < keptFrom[v] || t > horizon[v])
      return -1;
    return keptBase[v] + (t - keptFrom[v]);
  }
  int held(unsigned v, unsigned t) const {
    if (heldBase[v] < 0 || t < heldFrom[v] || t > horizon[v])
      return -1;
    return heldBase[v] + (t - heldFrom[v]);
  }
  int copy(unsigned v, unsigned t) const {
    auto it = recompute[v].find(t);
    return it == recompute[v].end() ? -1 : it->second;
  }
  void build();

  const Problem &problem;
  Stop &stop;
  Milp milp;
  std::vector<int> keep, keptBase, heldBase;
  std::vector<std::map<unsigned, int>> recompute;
  std::vector<unsigned> keptFrom, heldFrom, horizon;
};

void PeakModel::build() {
  const unsigned n = problem.nodes.size();
  Reach r = reach(problem, stop);
  if (stop)
    return;
  keep.assign(n, -1);
  recompute.assign(n, {});
  keptBase.assign(n, -1);
  heldBase.assign(n, -1);
  keptFrom.assign(n, 0);
  heldFrom.assign(n, 0);
  horizon.assign(n, 0);
  size_t columns = 0;
  for (unsigned v = 0; v < n; ++v) {
    const Node &node = problem.nodes[v];
    if (r.avail[v].empty())
      continue;
    horizon[v] = r.avail[v].back();
    // Counted before they are made: a node's hold columns alone may be many.
    columns += 1 + r.stages[v].size() + 2 * (horizon[v] - node.def);
    if (stop.check(columns, kMaxColumns, "columns"))
      return;
    keep[v] = milp.column(node.recomputable ? 0 : 1, 1, 0, true);
    for (unsigned t : r.stages[v])
      recompute[v][t] = milp.column(0, 1, node.cost * kMicro, true);
    if (horizon[v] > node.lastForwardUse) {
      keptFrom[v] = node.lastForwardUse + 1;
      keptBase[v] = milp.column(0, 1, 0, false);
      for (unsigned t = keptFrom[v] + 1; t <= horizon[v]; ++t)
        milp.column(0, 1, 0, false);
    }
    if (!r.stages[v].empty() && r.stages[v].front() < horizon[v]) {
      heldFrom[v] = r.stages[v].front() + 1;
      heldBase[v] = milp.column(0, 1, 0, false);
      for (unsigned t = heldFrom[v] + 1; t <= horizon[v]; ++t)
        milp.column(0, 1, 0, false);
    }
  }
  for (unsigned v = 0; v < n; ++v) {
    if (stop.check(milp.tooLarge() ? kMaxNonzeros + 1 : 0, kMaxNonzeros,
                   "nonzeros"))
      return;
    const Node &node = problem.nodes[v];
    if (keep[v] < 0)
      continue;
    if (keptBase[v] >= 0) {
      milp.row({{kept(v, keptFrom[v]), 1}, {keep[v], -1}}, 'L', 0);
      for (unsigned t = keptFrom[v]; t < horizon[v]; ++t)
        milp.row({{kept(v, t + 1), 1}, {kept(v, t), -1}}, 'L', 0);
    }
    if (heldBase[v] >= 0)
      for (unsigned t = heldFrom[v] - 1; t < horizon[v]; ++t)
        milp.row({{held(v, t + 1), 1}, {held(v, t), -1}, {copy(v, t), -1}}, 'L',
                 0);
    for (auto [t, c] : recompute[v]) {
      milp.row({{c, 1}, {keep[v], 1}}, 'L', 1);
      for (unsigned w : node.operands)
        milp.row({{kept(w, t), 1}, {held(w, t), 1}, {copy(w, t), 1}, {c, -1}},
                 'G', 0);
    }
    for (unsigned t : node.uses)
      milp.row({{kept(v, t), 1}, {held(v, t), 1}, {copy(v, t), 1}}, 'G', 1);
  }
  stop.check(milp.tooLarge() ? kMaxNonzeros + 1 : 0, kMaxNonzeros, "nonzeros");
}

bool PeakModel::addLimit(int64_t budget) {
  if (stop)
    return true;
  std::vector<Terms> rows(problem.numPositions);
  size_t terms = 0;
  for (unsigned v = 0; v < problem.nodes.size(); ++v) {
    const Node &node = problem.nodes[v];
    if (keep[v] < 0 || !node.bytes)
      continue;
    terms += 3 * (horizon[v] - node.lastForwardUse);
    if (stop.check(terms, kMaxNonzeros, "nonzeros"))
      return true;
    double mib = node.bytes / kMiB;
    for (unsigned t = node.lastForwardUse + 1; t <= horizon[v]; ++t)
      for (int c : {kept(v, t), held(v, t), copy(v, t)})
        rows[t].push_back({c, mib});
  }
  bool met = addLimitRows(milp, rows, problem.fixedBytes, budget);
  stop.check(milp.tooLarge() ? kMaxNonzeros + 1 : 0, kMaxNonzeros, "nonzeros");
  return met;
}

SolveResult PeakModel::solve(const Deadline &deadline, const Plan *start) {
  std::vector<int> idx;
  std::vector<double> val;
  for (unsigned v = 0; start && v < problem.nodes.size(); ++v) {
    if (keep[v] < 0)
      continue;
    idx.push_back(keep[v]);
    val.push_back(start->keep[v] ? 1 : 0);
    for (auto [t, c] : recompute[v]) {
      idx.push_back(c);
      val.push_back(std::binary_search(
          start->recomputes.begin(), start->recomputes.end(), Recompute{t, v}));
    }
  }
  SolveResult result;
  std::vector<double> x = milp.solve(deadline, idx, val, result);
  if (x.empty())
    return result;
  Plan &plan = result.plan;
  plan.keep.assign(problem.nodes.size(), 0);
  for (unsigned v = 0; v < problem.nodes.size(); ++v) {
    if (keep[v] < 0)
      continue;
    plan.keep[v] = x[keep[v]] > 0.5;
    for (auto [t, c] : recompute[v])
      if (x[c] > 0.5)
        plan.recomputes.push_back({t, v});
  }
  std::sort(plan.recomputes.begin(), plan.recomputes.end());
  return result;
}

/// The activations: per node, keep k_v and recompute x_v. A node read later
/// is kept or recomputed (k + x >= 1), and so is every operand of a
/// recomputed node (k_w + x_w >= x_v). A kept node counts from its
/// definition to its last later read; when a copy of a node computed from
/// it may be made after that read, the count extends (k_w + x_v - 1) to the
/// latest position that copy can be made (its first read, or the latest of
/// its users'), which bounds the live range `recomputeOnce` gives.
class ActivationModel {
public:
  ActivationModel(const Problem &problem, Stop &stop)
      : problem(problem), stop(stop) {
    build();
  }
  bool addLimit(int64_t budget) {
    if (stop)
      return true;
    bool met = addLimitRows(milp, rows, problem.fixedActivationBytes, budget);
    stop.check(milp.tooLarge() ? kMaxNonzeros + 1 : 0, kMaxNonzeros,
               "nonzeros");
    return met;
  }
  SolveResult solve(const Deadline &deadline, const Plan *start);
  std::string size() const { return milp.size(); }

private:
  void build();

  const Problem &problem;
  Stop &stop;
  Milp milp;
  std::vector<int> keep, redo;
  std::vector<Terms> rows;
};

void ActivationModel::build() {
  const unsigned n = problem.nodes.size();
  Needed r = needed(problem);
  rows.assign(problem.numPositions, {});
  keep.assign(n, -1);
  redo.assign(n, -1);
  // The latest position at which a copy of each node can be made.
  std::vector<unsigned> latest(n, 0);
  for (unsigned v = n; v-- > 0;) {
    const Node &node = problem.nodes[v];
    if (!node.uses.empty())
      latest[v] = node.uses.front();
    else
      for (unsigned u : r.users[v])
        latest[v] = std::max(latest[v], latest[u]);
  }
  for (unsigned v = 0; v < n; ++v) {
    const Node &node = problem.nodes[v];
    if (!r.avail[v])
      continue;
    keep[v] = milp.column(0, 1, 0, true);
    bool movable =
        node.recomputable &&
        (node.uses.empty() || node.uses.front() >= problem.firstStage);
    redo[v] = milp.column(0, movable ? 1 : 0, node.cost * kMicro, true);
  }
  // Terms of the limit rows and columns so far.
  size_t terms = 0, columns = 2 * n;
  for (unsigned v = 0; v < n; ++v) {
    if (stop.check(terms, kMaxNonzeros, "nonzeros") ||
        stop.check(columns, kMaxColumns, "columns"))
      return;
    const Node &node = problem.nodes[v];
    if (keep[v] < 0)
      continue;
    double mib = node.bytes / kMiB;
    if (!node.uses.empty()) {
      milp.row({{keep[v], 1}, {redo[v], 1}}, 'G', 1);
      if (node.bytes) {
        terms += node.uses.back() - node.def + 1;
        for (unsigned t = node.def; t <= node.uses.back(); ++t)
          rows[t].push_back({keep[v], mib});
      }
    }
    unsigned last = node.uses.empty() ? node.lastForwardUse : node.uses.back();
    // Counted from the definition when only copies read it.
    int fromDef = -1;
    std::map<unsigned, int> beyond;
    for (unsigned u : r.users[v]) {
      if (redo[u] < 0)
        continue;
      milp.row({{keep[v], 1}, {redo[v], 1}, {redo[u], -1}}, 'G', 0);
      if (!node.bytes)
        continue;
      if (node.uses.empty()) {
        if (fromDef < 0) {
          fromDef = milp.column(0, 1, 0, false);
          ++columns;
          terms += node.lastForwardUse - node.def + 1;
          for (unsigned t = node.def; t <= node.lastForwardUse; ++t)
            rows[t].push_back({fromDef, mib});
        }
        milp.row({{fromDef, 1}, {keep[v], -1}, {redo[u], -1}}, 'G', -1);
      }
      if (latest[u] > last &&
          stop.check(terms + (latest[u] - last), kMaxNonzeros, "nonzeros"))
        return;
      for (unsigned t = last + 1; t <= latest[u]; ++t) {
        auto [it, fresh] = beyond.try_emplace(t, -1);
        if (fresh) {
          it->second = milp.column(0, 1, 0, false);
          ++columns;
          ++terms;
          rows[t].push_back({it->second, mib});
        }
        milp.row({{it->second, 1}, {keep[v], -1}, {redo[u], -1}}, 'G', -1);
      }
    }
  }
  stop.check(milp.tooLarge() ? kMaxNonzeros + 1 : 0, kMaxNonzeros, "nonzeros");
}

SolveResult ActivationModel::solve(const Deadline &deadline,
                                   const Plan *start) {
  std::vector<int> idx;
  std::vector<double> val;
  if (start) {
    std::vector<char> copied(problem.nodes.size(), 0);
    for (const Recompute &r : start->recomputes)
      copied[r.node] = 1;
    for (unsigned v = 0; v < problem.nodes.size(); ++v)
      if (keep[v] >= 0) {
        idx.push_back(keep[v]);
        val.push_back(start->keep[v] ? 1 : 0);
        idx.push_back(redo[v]);
        val.push_back(copied[v] ? 1 : 0);
      }
  }
  SolveResult result;
  std::vector<double> x = milp.solve(deadline, idx, val, result);
  if (x.empty())
    return result;
  std::vector<char> kept(problem.nodes.size(), 0);
  for (unsigned v = 0; v < problem.nodes.size(); ++v)
    kept[v] = keep[v] >= 0 && x[keep[v]] > 0.5;
  result.plan = recomputeOnce(problem, kept);
  return result;
}

/// What the solver did, in phrases joined by "; " into SolveResult::log.
using Phrases = std::vector<std::string>;

/// Builds the model of `Model` for `budget` and solves it, asking `start`
/// for the MIP start once the model is built (the start is the greedy,
/// which should not spend time on a model that is never solved). Sets
/// `tooLarge` to the reason when the model was not built for its size.
template <typename Model>
SolveResult solveWith(const Problem &problem, int64_t budget,
                      const Deadline &deadline,
                      const std::function<const Plan *()> &start, Phrases &log,
                      std::string &tooLarge) {
  Stop stop(deadline);
  Model model(problem, stop);
  SolveResult result;
  tooLarge.clear();
  if (!model.addLimit(budget)) {
    log.push_back("the fixed bytes alone exceed the budget");
    result.status = Status::Infeasible;
    return result;
  }
  if (stop) {
    log.push_back(stop.why);
    result.timedOut = stop.timedOut;
    if (!stop.timedOut)
      tooLarge = stop.why;
    return result;
  }
  const Plan *s = start ? start() : nullptr;
  log.push_back(model.size());
  result = model.solve(deadline, s);
  if (!result.log.empty())
    log.push_back(result.log);
  return result;
}

double secondsSince(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start)
      .count();
}

} // namespace

SolveResult mlir::dlc::remat::solveMilp(const Problem &problem, Limit limit,
                                        int64_t budget, double timeLimit) {
  auto started = std::chrono::steady_clock::now();
  Deadline deadline = Deadline::in(timeLimit);
  Phrases log;
  // The greedy plan, the MIP start: run once, when first needed, within
  // `d`.
  std::optional<SolveResult> greedy;
  auto runGreedy = [&](const Deadline &d) -> const SolveResult & {
    if (!greedy) {
      greedy = solveGreedy(problem, limit, budget, d);
      if (greedy->timedOut)
        log.push_back(
            std::string("the greedy start ran out of its time") +
            (greedy->status == Status::Feasible ? "" : " without a plan"));
    }
    return *greedy;
  };
  auto startPlan = [&]() -> const Plan * {
    // Half of what is left; CBC gets the rest.
    const SolveResult &g = runGreedy(deadline.within(deadline.left() / 2));
    return g.status == Status::Feasible ? &g.plan : nullptr;
  };
  std::string tooLarge;
  auto run = [&](int64_t b, const std::function<const Plan *()> &s) {
    return limit == Limit::Peak
               ? solveWith<PeakModel>(problem, b, deadline, s, log, tooLarge)
               : solveWith<ActivationModel>(problem, b, deadline, s, log,
                                            tooLarge);
  };
  SolveResult result = run(budget, startPlan);
  auto finish = [&] {
    result.seconds = secondsSince(started);
    const char *names[] = {"optimal", "feasible", "infeasible", "no plan"};
    log.push_back(std::string(names[static_cast<int>(result.status)]) +
                  (result.timedOut ? " at the time limit" : ""));
    std::string joined = "milp: ";
    for (size_t i = 0; i < log.size(); ++i)
      joined += (i ? "; " : "") + log[i];
    result.log = joined;
    return result;
  };
  if (!result.internalError.empty())
    return finish();
  if (!tooLarge.empty()) {
    // Nothing for CBC to do: the greedy's plan, with all the time.
    std::string why = tooLarge;
    result = runGreedy(deadline);
    result.lowerBound = -1;
    result.note = "the MILP was not run (" + why + ")";
    if (result.status == Status::Feasible)
      result.note += ": the plan is the greedy's";
    return finish();
  }
  if (result.status == Status::Optimal || result.status == Status::Feasible) {
    Profile profile;
    if (auto fault = evaluate(problem, result.plan, profile)) {
      result.status = Status::Unknown;
      log.push_back("its plan is invalid: " + *fault);
    } else {
      result.cost = profile.cost;
      if (profile.measure(limit) > budget) {
        result.status = Status::Unknown;
        log.push_back("its plan exceeds the budget");
      }
    }
  }
  if (result.status == Status::Unknown && greedy &&
      greedy->status == Status::Feasible) {
    // No plan from CBC in time (or none that holds): the start is one, and
    // what CBC proved of the least cost still bounds it.
    result.status = Status::Feasible;
    result.plan = greedy->plan;
    result.cost = greedy->cost;
    result.lowerBound = std::min(result.lowerBound, greedy->cost);
    result.note = "CBC found no plan better than its start, the greedy's";
    log.push_back("no plan better than the greedy start");
  }
  if (result.status == Status::Infeasible) {
    // Find the least measure any plan reaches, for the diagnostic: the
    // greedy's (in half the time left), or the MILP's when it finds less.
    const SolveResult &g = runGreedy(deadline.within(deadline.left() / 2));
    result.smallestBudget =
        g.status == Status::Infeasible ? g.smallestBudget : -1;
    bool proven = false;
    if (deadline.left() >= kLeastCbcSeconds + kAfterCbcSeconds) {
      SolveResult floor = run(-1, nullptr);
      Profile profile;
      if (!floor.plan.keep.empty() && !evaluate(problem, floor.plan, profile) &&
          (result.smallestBudget <= budget ||
           profile.measure(limit) <= result.smallestBudget)) {
        result.smallestBudget = profile.measure(limit);
        proven = floor.status == Status::Optimal;
      }
      result.timedOut = floor.timedOut;
    } else {
      log.push_back("no time left to search for the least measure");
      result.timedOut = true;
    }
    if (result.smallestBudget > budget)
      log.push_back("least reachable " + std::to_string(result.smallestBudget) +
                    " bytes" + (proven ? " (proven)" : ""));
    else
      result.smallestBudget = -1; // not known
  }
  return finish();
}
#endif
