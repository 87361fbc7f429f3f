//===- Milp.h - A MILP model handed to CBC in one piece ---------*- C++ -*-===//
//
// The model the rematerialization formulations (RematMilp.cpp) build, and
// its solve: checked, loaded into CBC in one call, and run in a child
// process that is stopped at the deadline (Milp.cpp). Private to the remat
// solvers; only built with CBC.
//
//===----------------------------------------------------------------------===//

#ifndef DLC_LIB_PLANNING_REMAT_MILP_H
#define DLC_LIB_PLANNING_REMAT_MILP_H

#include "Deadline.h"

#include "dlc/Planning/Remat/Remat.h"

#include <algorithm>
#include <cstddef>
#include <limits>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace mlir::dlc::remat::detail {

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

} // namespace mlir::dlc::remat::detail

#endif // DLC_LIB_PLANNING_REMAT_MILP_H
