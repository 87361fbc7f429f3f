//===- Placement.cpp - Static placement of buffers in one arena -----------===//
//
// See Placement.h. Times are compressed into "sections": the intervals
// between consecutive distinct endpoints of the buffers' live ranges. Two
// buffers are live at the same time exactly when their section ranges meet.
//
//===----------------------------------------------------------------------===//

#include "dlc/Planning/Placement/Placement.h"

#include <algorithm>
#include <chrono>
#include <functional>
#include <limits>
#include <numeric>
#include <tuple>

using namespace mlir::dlc::planning;

namespace {

using Clock = std::chrono::steady_clock;

int64_t alignUp(int64_t value, int64_t alignment) {
  return (value + alignment - 1) / alignment * alignment;
}

bool overlapInTime(const Buffer &a, const Buffer &b) {
  return a.lower < b.upper && b.lower < a.upper;
}

/// The buffers' live ranges as section indices: buffer i covers sections
/// [first[i], last[i]).
struct Sections {
  std::vector<int64_t> first, last;
  size_t count = 0;

  explicit Sections(const std::vector<Buffer> &buffers) {
    std::vector<int64_t> points;
    for (const Buffer &b : buffers) {
      points.push_back(b.lower);
      points.push_back(b.upper);
    }
    std::sort(points.begin(), points.end());
    points.erase(std::unique(points.begin(), points.end()), points.end());
    count = points.empty() ? 0 : points.size() - 1;
    auto index = [&](int64_t t) {
      return std::lower_bound(points.begin(), points.end(), t) - points.begin();
    };
    for (const Buffer &b : buffers) {
      first.push_back(index(b.lower));
      last.push_back(index(b.upper));
    }
  }
};

//===----------------------------------------------------------------------===//
// Best fit
//===----------------------------------------------------------------------===//

/// Places buffers one at a time in `order`, each in the smallest gap between
/// the already-placed buffers it overlaps in time that holds it (aligned), or
/// on top of them all when none does.
std::vector<int64_t> bestFitInOrder(const std::vector<Buffer> &buffers,
                                    const std::vector<size_t> &order) {
  std::vector<int64_t> offsets(buffers.size(), -1);
  std::vector<size_t> placed;
  std::vector<std::pair<int64_t, int64_t>> busy;
  for (size_t i : order) {
    const Buffer &b = buffers[i];
    busy.clear();
    for (size_t j : placed)
      if (overlapInTime(b, buffers[j]))
        busy.push_back({offsets[j], offsets[j] + buffers[j].size});
    std::sort(busy.begin(), busy.end());
    int64_t best = -1, bestGap = std::numeric_limits<int64_t>::max();
    int64_t cursor = 0;
    for (auto [start, end] : busy) {
      int64_t at = alignUp(cursor, b.alignment);
      if (start > at && start - at >= b.size && start - cursor < bestGap) {
        bestGap = start - cursor;
        best = at;
      }
      cursor = std::max(cursor, end);
    }
    offsets[i] = best >= 0 ? best : alignUp(cursor, b.alignment);
    placed.push_back(i);
  }
  return offsets;
}

SolveResult solveBestFit(const std::vector<Buffer> &buffers,
                         const SolveOptions &options) {
  auto start = Clock::now();
  SolveResult result;
  result.lowerBound = liveBytesLowerBound(buffers);
  auto length = [&](size_t i) { return buffers[i].upper - buffers[i].lower; };
  // Orderings as in XLA's heap simulator: decreasing size, decreasing
  // lifetime, decreasing area; ties by the other keys, then input order.
  using Key = std::tuple<int64_t, int64_t, int64_t>;
  std::vector<std::function<Key(size_t)>> keys = {
      [&](size_t i) {
        return Key{buffers[i].size, length(i), 0};
      },
      [&](size_t i) {
        return Key{length(i), buffers[i].size, 0};
      },
      [&](size_t i) {
        return Key{buffers[i].size * length(i), buffers[i].size, 0};
      },
  };
  for (auto &key : keys) {
    std::vector<size_t> order(buffers.size());
    std::iota(order.begin(), order.end(), 0);
    std::sort(order.begin(), order.end(), [&](size_t a, size_t b) {
      Key ka = key(a), kb = key(b);
      if (ka != kb)
        return ka > kb;
      return a < b;
    });
    std::vector<int64_t> offsets = bestFitInOrder(buffers, order);
    int64_t peak = planPeak(buffers, offsets);
    if (result.offsets.empty() || peak < result.peak) {
      result.offsets = std::move(offsets);
      result.peak = peak;
    }
  }
  if (options.capacity > 0 && result.peak > options.capacity)
    result.status = Status::Unknown;
  else
    result.status =
        result.peak == result.lowerBound ? Status::Optimal : Status::Feasible;
  if (result.status == Status::Unknown)
    result.offsets.clear();
  result.seconds = std::chrono::duration<double>(Clock::now() - start).count();
  return result;
}

//===----------------------------------------------------------------------===//
// Exact
//===----------------------------------------------------------------------===//

/// Depth-first search for a plan within `capacity` over canonical plans:
/// plans where no buffer can move to a lower offset. Any plan can be pushed
/// down into one without growing, so searching them alone is complete. In
/// such a plan, taking the buffers by increasing offset, each sits exactly on
/// the highest buffer placed before it that it overlaps in time (or at 0).
/// The search places buffers in that order, each at that "minimum offset":
///  - offsets never decrease along a branch (the floor): a buffer whose
///    minimum offset is below the floor waits until it rises; buffers at the
///    same offset never overlap in time, so such runs go in preorder;
///  - a buffer is not placed at or above the top of another unplaced buffer
///    placed at its minimum offset: that one would have to move down, so the
///    branch cannot lead to a canonical plan;
///  - in every time section, the unplaced buffers live there stack above the
///    floor, the section's top and the lowest minimum offset among them, so
///    that plus their total size must fit the capacity;
///  - when no unplaced buffer spans a section boundary any more, the two sides
///    are independent and are solved one after the other (no backtracking
///    from one into the other).
/// Branches are tried by minimum offset, then by a static preorder (largest
/// section total, area, lifetime first). The search restarts under three
/// preorders in turn with a doubling node budget, so one unlucky order does
/// not consume the time limit.
class ExactSearch {
public:
  enum class Outcome { Found, NotFound, OutOfNodes, OutOfTime };

  ExactSearch(const std::vector<Buffer> &buffers, int64_t capacity,
              Clock::time_point deadline)
      : solution(buffers.size(), -1), buffers(buffers), sections(buffers),
        capacity(capacity), deadline(deadline), offset(buffers.size(), -1),
        minOffset(buffers.size(), 0), top(sections.count, 0),
        total(sections.count, 0), cuts(sections.count, 0),
        members(sections.count), overlaps(buffers.size()) {
    for (size_t i = 0; i < buffers.size(); ++i) {
      for (int64_t s = sections.first[i]; s < sections.last[i]; ++s) {
        total[s] += buffers[i].size;
        members[s].push_back(i);
        if (s + 1 < sections.last[i])
          ++cuts[s];
      }
    }
    for (size_t i = 0; i < buffers.size(); ++i)
      for (size_t j = i + 1; j < buffers.size(); ++j)
        if (overlapInTime(buffers[i], buffers[j])) {
          overlaps[i].push_back(j);
          overlaps[j].push_back(i);
        }
  }

  /// Found: `solution` holds a plan. NotFound: proven that none exists.
  Outcome run() {
    if (buffers.empty())
      return Outcome::Found;
    for (int64_t budget = 2 * buffers.size();; budget *= 2) {
      for (heuristic = 0; heuristic < 3; ++heuristic) {
        nodesLeft = budget;
        Outcome outcome = solveRange(0, sections.count);
        if (outcome != Outcome::OutOfNodes)
          return outcome;
      }
    }
  }

  std::vector<int64_t> solution;
  int64_t nodes = 0;

private:
  /// Unplaced buffers solved together, in preorder; `rank` maps a buffer to
  /// its position.
  struct Part {
    std::vector<size_t> members;
    std::vector<int64_t> rank;
  };

  /// Solves the unplaced buffers within sections [begin, end), splitting at
  /// boundaries no unplaced buffer spans.
  Outcome solveRange(int64_t begin, int64_t end) {
    int64_t start = begin;
    for (int64_t s = begin; s < end; ++s) {
      if (s + 1 < end && cuts[s] > 0)
        continue;
      std::vector<size_t> part;
      for (int64_t t = start; t <= s; ++t)
        for (size_t i : members[t])
          if (offset[i] < 0 && sections.first[i] == t)
            part.push_back(i);
      if (!part.empty()) {
        Outcome outcome = solvePart(part, start, s + 1);
        if (outcome != Outcome::Found)
          return outcome;
      }
      start = s + 1;
    }
    return Outcome::Found;
  }

  Outcome solvePart(std::vector<size_t> part, int64_t begin, int64_t end) {
    // Static preorder of this part.
    auto key = [&](size_t i) {
      int64_t most = 0;
      for (int64_t s = sections.first[i]; s < sections.last[i]; ++s)
        most = std::max(most, total[s]);
      int64_t length = buffers[i].upper - buffers[i].lower;
      int64_t area = length * buffers[i].size;
      switch (heuristic) {
      case 0:
        return std::make_tuple(most, area, length);
      case 1:
        return std::make_tuple(most, length, area);
      default:
        return std::make_tuple(area, most, length);
      }
    };
    std::vector<std::tuple<int64_t, int64_t, int64_t>> keys;
    for (size_t i : part)
      keys.push_back(key(i));
    std::vector<size_t> byKey(part.size());
    std::iota(byKey.begin(), byKey.end(), 0);
    std::sort(byKey.begin(), byKey.end(), [&](size_t a, size_t b) {
      if (keys[a] != keys[b])
        return keys[a] > keys[b];
      return part[a] < part[b];
    });
    Part ordered;
    ordered.rank.assign(buffers.size(), 0);
    for (size_t k = 0; k < byKey.size(); ++k) {
      ordered.members.push_back(part[byKey[k]]);
      ordered.rank[part[byKey[k]]] = k;
    }
    return search(ordered, begin, end, 0, -1);
  }

  bool fits(int64_t begin, int64_t end, int64_t floor) const {
    for (int64_t s = begin; s < end; ++s) {
      if (total[s] == 0)
        continue;
      int64_t lowest = std::numeric_limits<int64_t>::max();
      for (size_t i : members[s])
        if (offset[i] < 0)
          lowest = std::min(lowest, minOffset[i]);
      if (std::max({floor, top[s], lowest}) + total[s] > capacity)
        return false;
    }
    return true;
  }

  Outcome search(const Part &part, int64_t begin, int64_t end, int64_t floor,
                 int64_t lastRank) {
    const std::vector<int64_t> &rank = part.rank;
    ++nodes;
    if (--nodesLeft < 0)
      return Outcome::OutOfNodes;
    if ((nodes & 255) == 0 && Clock::now() > deadline)
      return Outcome::OutOfTime;
    std::vector<size_t> open;
    int64_t lowestTop = std::numeric_limits<int64_t>::max();
    for (size_t i : part.members) {
      if (offset[i] >= 0)
        continue;
      open.push_back(i);
      lowestTop = std::min(lowestTop, minOffset[i] + buffers[i].size);
    }
    if (open.empty()) {
      for (size_t i : part.members)
        solution[i] = offset[i];
      return Outcome::Found;
    }
    std::sort(open.begin(), open.end(), [&](size_t a, size_t b) {
      if (minOffset[a] != minOffset[b])
        return minOffset[a] < minOffset[b];
      return rank[a] < rank[b];
    });
    struct Change {
      size_t index;
      int64_t value;
    };
    std::vector<Change> raised, tops;
    for (size_t i : open) {
      int64_t at = minOffset[i];
      if (at >= lowestTop)
        break; // Sorted: every later candidate is dominated too.
      if (at < floor || (at == floor && rank[i] < lastRank))
        continue;
      const Buffer &b = buffers[i];
      if (at + b.size > capacity)
        continue;
      // Place i at `at`.
      offset[i] = at;
      raised.clear();
      tops.clear();
      for (size_t j : overlaps[i]) {
        int64_t above = alignUp(at + b.size, buffers[j].alignment);
        if (offset[j] < 0 && minOffset[j] < above) {
          raised.push_back({j, minOffset[j]});
          minOffset[j] = above;
        }
      }
      bool split = false;
      for (int64_t s = sections.first[i]; s < sections.last[i]; ++s) {
        tops.push_back({static_cast<size_t>(s), top[s]});
        top[s] = at + b.size;
        total[s] -= b.size;
        if (s + 1 < sections.last[i] && --cuts[s] == 0)
          split = true;
      }
      Outcome outcome = Outcome::NotFound;
      if (fits(begin, end, at)) {
        if (split) {
          // What is placed of this part stays; the rest splits in two.
          for (size_t j : part.members)
            if (offset[j] >= 0)
              solution[j] = offset[j];
          outcome = solveRange(begin, end);
        } else {
          outcome = search(part, begin, end, at, rank[i]);
        }
      }
      for (int64_t s = sections.first[i]; s < sections.last[i]; ++s) {
        total[s] += b.size;
        if (s + 1 < sections.last[i])
          ++cuts[s];
      }
      for (const Change &c : tops)
        top[c.index] = c.value;
      for (const Change &c : raised)
        minOffset[c.index] = c.value;
      offset[i] = -1;
      if (outcome != Outcome::NotFound)
        return outcome;
    }
    return Outcome::NotFound;
  }

  const std::vector<Buffer> &buffers;
  Sections sections;
  int64_t capacity;
  Clock::time_point deadline;
  int heuristic = 0;
  int64_t nodesLeft = 0;
  std::vector<int64_t> offset, minOffset;
  std::vector<int64_t> top, total, cuts;
  std::vector<std::vector<size_t>> members, overlaps;
};

SolveResult solveExact(const std::vector<Buffer> &buffers,
                       const SolveOptions &options) {
  auto start = Clock::now();
  auto deadline = start + std::chrono::duration_cast<Clock::duration>(
                              std::chrono::duration<double>(options.timeLimit));
  SolveResult result;
  result.lowerBound = liveBytesLowerBound(buffers);
  auto finish = [&]() {
    result.seconds =
        std::chrono::duration<double>(Clock::now() - start).count();
    return result;
  };
  // Tries one capacity: 1 = plan found, 0 = proven infeasible, -1 = unknown.
  auto attempt = [&](int64_t capacity) {
    ExactSearch search(buffers, capacity, deadline);
    ExactSearch::Outcome outcome = search.run();
    result.nodes += search.nodes;
    if (outcome == ExactSearch::Outcome::Found) {
      result.offsets = search.solution;
      result.peak = planPeak(buffers, result.offsets);
      return 1;
    }
    return outcome == ExactSearch::Outcome::NotFound ? 0 : -1;
  };

  if (options.capacity > 0) {
    if (result.lowerBound > options.capacity) {
      result.status = Status::Infeasible;
      return finish();
    }
    int outcome = attempt(options.capacity);
    result.status = outcome == 0                       ? Status::Infeasible
                    : outcome < 0                      ? Status::Unknown
                    : result.peak == result.lowerBound ? Status::Optimal
                                                       : Status::Feasible;
    if (outcome == 0)
      result.lowerBound = options.capacity + 1;
    return finish();
  }

  // Minimize: start from best fit, then bisect between the lower bound and
  // the best plan so far, each probe under the same deadline.
  SolveResult start_ = solveBestFit(buffers, SolveOptions{});
  result.offsets = start_.offsets;
  result.peak = start_.peak;
  int64_t low = result.lowerBound;
  bool complete = true;
  while (low < result.peak) {
    int64_t mid = low + (result.peak - low) / 2;
    int outcome = attempt(mid);
    if (outcome == 0) {
      low = mid + 1;
    } else if (outcome < 0) {
      complete = false;
      break;
    }
    // On success attempt() lowered result.peak to at most mid.
  }
  result.lowerBound = low;
  result.status = complete ? Status::Optimal : Status::Feasible;
  return finish();
}

} // namespace

int64_t
mlir::dlc::planning::liveBytesLowerBound(const std::vector<Buffer> &buffers) {
  std::vector<std::pair<int64_t, int64_t>> events;
  for (const Buffer &b : buffers) {
    events.push_back({b.lower, b.size});
    events.push_back({b.upper, -b.size});
  }
  // At equal times, ends come first: the intervals are half-open.
  std::sort(events.begin(), events.end());
  int64_t live = 0, most = 0;
  for (auto [time, delta] : events) {
    live += delta;
    most = std::max(most, live);
  }
  return most;
}

int64_t mlir::dlc::planning::planPeak(const std::vector<Buffer> &buffers,
                                      const std::vector<int64_t> &offsets) {
  int64_t peak = 0;
  for (size_t i = 0; i < buffers.size(); ++i)
    peak = std::max(peak, offsets[i] + buffers[i].size);
  return peak;
}

std::string
mlir::dlc::planning::validateBuffers(const std::vector<Buffer> &buffers) {
  for (const Buffer &b : buffers) {
    std::string name = "buffer " + b.id;
    if (b.lower >= b.upper)
      return name + " has an empty live range [" + std::to_string(b.lower) +
             ", " + std::to_string(b.upper) + ")";
    if (b.size <= 0)
      return name + " has size " + std::to_string(b.size) +
             "; sizes must be positive";
    if (b.alignment <= 0 || (b.alignment & (b.alignment - 1)) != 0)
      return name + " has alignment " + std::to_string(b.alignment) +
             "; alignments must be powers of two";
  }
  return "";
}

std::string
mlir::dlc::planning::validatePlan(const std::vector<Buffer> &buffers,
                                  const std::vector<int64_t> &offsets,
                                  int64_t capacity) {
  if (offsets.size() != buffers.size())
    return "the plan has " + std::to_string(offsets.size()) + " offsets for " +
           std::to_string(buffers.size()) + " buffers";
  for (size_t i = 0; i < buffers.size(); ++i) {
    const Buffer &b = buffers[i];
    std::string name = "buffer " + b.id;
    if (offsets[i] < 0)
      return name + " has negative offset " + std::to_string(offsets[i]);
    if (offsets[i] % b.alignment != 0)
      return name + " at offset " + std::to_string(offsets[i]) +
             " is not aligned to " + std::to_string(b.alignment);
    if (capacity > 0 && offsets[i] + b.size > capacity)
      return name + " ends at " + std::to_string(offsets[i] + b.size) +
             ", beyond the capacity " + std::to_string(capacity);
  }
  // Pairs that overlap in time, found in order of start time.
  std::vector<size_t> order(buffers.size());
  std::iota(order.begin(), order.end(), 0);
  std::sort(order.begin(), order.end(), [&](size_t a, size_t b) {
    return buffers[a].lower < buffers[b].lower;
  });
  for (size_t x = 0; x < order.size(); ++x) {
    for (size_t y = x + 1; y < order.size(); ++y) {
      const Buffer &a = buffers[order[x]], &b = buffers[order[y]];
      if (b.lower >= a.upper)
        break;
      int64_t oa = offsets[order[x]], ob = offsets[order[y]];
      if (oa < ob + b.size && ob < oa + a.size)
        return "buffers " + a.id + " [" + std::to_string(oa) + ", " +
               std::to_string(oa + a.size) + ") and " + b.id + " [" +
               std::to_string(ob) + ", " + std::to_string(ob + b.size) +
               ") overlap while both are live at time " +
               std::to_string(std::max(a.lower, b.lower));
    }
  }
  return "";
}

SolveResult mlir::dlc::planning::solve(const std::vector<Buffer> &buffers,
                                       const SolveOptions &options) {
  return options.solver == Solver::Exact ? solveExact(buffers, options)
                                         : solveBestFit(buffers, options);
}

const char *mlir::dlc::planning::stringifyStatus(Status status) {
  switch (status) {
  case Status::Optimal:
    return "optimal";
  case Status::Feasible:
    return "feasible";
  case Status::Infeasible:
    return "infeasible";
  case Status::Unknown:
    return "unknown";
  }
  return "";
}
