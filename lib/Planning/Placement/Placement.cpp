//===- Placement.cpp - Static placement of buffers in one arena -----------===//
//
// See Placement.h. Times are compressed into "sections": the intervals
// between consecutive distinct endpoints of the buffers' live ranges. Two
// buffers are live at the same time exactly when their section ranges meet.
// Byte arithmetic is checked (GCC's and Clang's overflow builtins): an end,
// sum or alignment beyond INT64_MAX is never computed by wrapping.
//
//===----------------------------------------------------------------------===//

#include "dlc/Planning/Placement/Placement.h"

#include <algorithm>
#include <chrono>
#include <functional>
#include <limits>
#include <map>
#include <numeric>
#include <optional>
#include <set>
#include <tuple>

using namespace mlir::dlc::planning;

namespace {

using Clock = std::chrono::steady_clock;

constexpr int64_t kMaxBytes = std::numeric_limits<int64_t>::max();

/// a + b, or std::nullopt beyond the range of int64_t.
std::optional<int64_t> checkedAdd(int64_t a, int64_t b) {
  int64_t sum;
  if (__builtin_add_overflow(a, b, &sum))
    return std::nullopt;
  return sum;
}

/// a + b for non-negative a and b, saturated at INT64_MAX.
int64_t saturatingAdd(int64_t a, int64_t b) {
  return checkedAdd(a, b).value_or(kMaxBytes);
}

/// a * b for non-negative a and b, saturated at INT64_MAX.
int64_t saturatingMul(int64_t a, int64_t b) {
  int64_t product;
  return __builtin_mul_overflow(a, b, &product) ? kMaxBytes : product;
}

/// The first multiple of `alignment` (a power of two) at or above `value`
/// (non-negative), or std::nullopt when it exceeds INT64_MAX.
std::optional<int64_t> alignUp(int64_t value, int64_t alignment) {
  std::optional<int64_t> raised = checkedAdd(value, alignment - 1);
  if (!raised)
    return std::nullopt;
  return *raised & ~(alignment - 1);
}

/// Whether `at` + `size` stays within `capacity`, computed without wrapping.
bool fitsBelow(int64_t at, int64_t size, int64_t capacity) {
  std::optional<int64_t> end = checkedAdd(at, size);
  return end && *end <= capacity;
}

/// Calls `visit(i, j)` once for every pair of buffers live at the same time:
/// taken by start, each buffer overlaps exactly the ones starting before its
/// end. O(n log n + pairs).
template <typename Visit>
void forEachOverlappingPair(const std::vector<Buffer> &buffers, Visit visit) {
  std::vector<size_t> byLower(buffers.size());
  std::iota(byLower.begin(), byLower.end(), 0);
  std::sort(byLower.begin(), byLower.end(), [&](size_t a, size_t b) {
    return std::make_pair(buffers[a].lower, a) <
           std::make_pair(buffers[b].lower, b);
  });
  for (size_t x = 0; x < byLower.size(); ++x)
    for (size_t y = x + 1; y < byLower.size() && buffers[byLower[y]].lower <
                                                     buffers[byLower[x]].upper;
         ++y)
      visit(byLower[x], byLower[y]);
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

/// What the exact search holds in memory: the sections of every live range
/// plus the pairs that overlap, counted without materializing them and
/// saturated at `limit`.
int64_t exactSearchFootprint(const std::vector<Buffer> &buffers,
                             int64_t limit) {
  Sections sections(buffers);
  int64_t footprint = 0;
  for (size_t i = 0; i < buffers.size() && footprint <= limit; ++i)
    footprint += sections.last[i] - sections.first[i];
  // Pairs: each buffer overlaps the ones live when it starts, and those
  // starting before it ends; count the former in a sweep.
  std::vector<std::pair<int64_t, int>> events;
  for (const Buffer &b : buffers) {
    events.push_back({b.lower, 1});
    events.push_back({b.upper, -1});
  }
  std::sort(events.begin(), events.end());
  int64_t live = 0;
  for (auto [time, delta] : events) {
    if (delta > 0)
      footprint = saturatingAdd(footprint, live);
    if (footprint > limit)
      return footprint;
    live += delta;
  }
  return footprint;
}

//===----------------------------------------------------------------------===//
// Best fit
//===----------------------------------------------------------------------===//

/// The buffers placed so far, and for a buffer about to be placed the byte
/// ranges of those live at the same time, sorted by offset.
///
/// They are found in a tree over the buffers in order of `lower` whose nodes
/// hold the largest `upper` of the placed buffers below them: the ones live
/// with buffer i are among those starting before it ends (a prefix of that
/// order) and have an `upper` above its `lower`, and the walk prunes every
/// subtree without one, so k of them cost O((k + 1) log n) and a sort. When
/// many are live at once that is slower than one pass over all placed
/// buffers in offset order, which needs no sort: past a share of them, the
/// walk stops and such a pass is made over an offset-ordered set, built the
/// first time and kept from then on.
class PlacedBuffers {
public:
  explicit PlacedBuffers(const std::vector<Buffer> &buffers)
      : buffers(buffers), byLower(buffers.size()), rank(buffers.size()),
        startsBefore(buffers.size()) {
    std::iota(byLower.begin(), byLower.end(), 0);
    std::sort(byLower.begin(), byLower.end(), [&](size_t a, size_t b) {
      return std::make_pair(buffers[a].lower, a) <
             std::make_pair(buffers[b].lower, b);
    });
    for (size_t k = 0; k < byLower.size(); ++k)
      rank[byLower[k]] = k;
    // The prefix of each buffer, merged in order of `upper` rather than
    // searched for each: a binary search per query misses the cache.
    std::vector<size_t> byUpper(buffers.size());
    std::iota(byUpper.begin(), byUpper.end(), 0);
    std::sort(byUpper.begin(), byUpper.end(), [&](size_t a, size_t b) {
      return buffers[a].upper < buffers[b].upper;
    });
    size_t k = 0;
    for (size_t i : byUpper) {
      while (k < byLower.size() && buffers[byLower[k]].lower < buffers[i].upper)
        ++k;
      startsBefore[i] = k;
    }
    while (leaves < byLower.size())
      leaves *= 2;
    clear();
  }

  void clear() {
    maxUpper.assign(2 * leaves, kNone);
    offsets.assign(buffers.size(), -1);
    byOffset.reset();
    placedCount = 0;
  }

  /// Records buffer i at `offset`; offset + size must not exceed INT64_MAX.
  void insert(size_t i, int64_t offset) {
    offsets[i] = offset;
    ++placedCount;
    if (byOffset)
      byOffset->insert({offset, i});
    size_t node = leaves + rank[i];
    maxUpper[node] = buffers[i].upper;
    for (node /= 2; node > 0; node /= 2)
      maxUpper[node] = std::max(maxUpper[2 * node], maxUpper[2 * node + 1]);
  }

  /// Sets `busy` to the [offset, end) ranges of the placed buffers live at
  /// the same time as buffer i, sorted by offset.
  void busyDuring(size_t i, std::vector<std::pair<int64_t, int64_t>> &busy) {
    busy.clear();
    size_t limit = std::max<size_t>(64, placedCount / 8);
    bool complete =
        walk(1, 0, leaves, startsBefore[i], buffers[i].lower, [&](size_t j) {
          if (busy.size() >= limit)
            return false;
          busy.push_back({offsets[j], offsets[j] + buffers[j].size});
          return true;
        });
    if (complete) {
      std::sort(busy.begin(), busy.end());
      return;
    }
    if (!byOffset) {
      byOffset.emplace();
      for (size_t j = 0; j < buffers.size(); ++j)
        if (offsets[j] >= 0)
          byOffset->insert({offsets[j], j});
    }
    busy.clear();
    const Buffer &b = buffers[i];
    for (auto [offset, j] : *byOffset)
      if (buffers[j].lower < b.upper && b.lower < buffers[j].upper)
        busy.push_back({offset, offset + buffers[j].size});
  }

private:
  static constexpr int64_t kNone = std::numeric_limits<int64_t>::min();

  /// Visits the placed buffers among the first `prefix` in order of `lower`
  /// whose `upper` exceeds `lower`, until `visit` returns false; returns
  /// whether it visited them all.
  template <typename Visit>
  bool walk(size_t node, size_t begin, size_t end, size_t prefix, int64_t lower,
            Visit &&visit) const {
    if (begin >= prefix || maxUpper[node] <= lower)
      return true;
    if (node >= leaves)
      return visit(byLower[begin]);
    size_t mid = begin + (end - begin) / 2;
    return walk(2 * node, begin, mid, prefix, lower, visit) &&
           walk(2 * node + 1, mid, end, prefix, lower, visit);
  }

  const std::vector<Buffer> &buffers;
  std::vector<size_t> byLower, rank, startsBefore;
  std::vector<int64_t> maxUpper, offsets;
  std::optional<std::set<std::pair<int64_t, size_t>>> byOffset;
  size_t leaves = 1, placedCount = 0;
};

/// Places buffers one at a time in `order`, each in the smallest gap between
/// the already-placed buffers it overlaps in time that holds it (aligned), or
/// on top of them all when none does. Gaps are compared by their size before
/// alignment; among equal ones the lowest wins. std::nullopt when a buffer
/// would end beyond INT64_MAX.
std::optional<std::vector<int64_t>>
bestFitInOrder(const std::vector<Buffer> &buffers,
               const std::vector<size_t> &order, PlacedBuffers &placed) {
  placed.clear();
  std::vector<int64_t> offsets(buffers.size(), -1);
  std::vector<std::pair<int64_t, int64_t>> busy;
  for (size_t i : order) {
    const Buffer &b = buffers[i];
    placed.busyDuring(i, busy);
    int64_t best = -1, bestGap = kMaxBytes;
    int64_t cursor = 0;
    for (auto [start, end] : busy) {
      std::optional<int64_t> at = alignUp(cursor, b.alignment);
      if (at && start > *at && start - *at >= b.size &&
          start - cursor < bestGap) {
        bestGap = start - cursor;
        best = *at;
      }
      cursor = std::max(cursor, end);
    }
    if (best < 0) {
      std::optional<int64_t> top = alignUp(cursor, b.alignment);
      if (!top || !checkedAdd(*top, b.size))
        return std::nullopt;
      best = *top;
    }
    offsets[i] = best;
    placed.insert(i, best);
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
        return Key{saturatingMul(buffers[i].size, length(i)), buffers[i].size,
                   0};
      },
  };
  PlacedBuffers placed(buffers);
  bool found = false;
  for (auto &key : keys) {
    std::vector<Key> keyOf(buffers.size());
    for (size_t i = 0; i < buffers.size(); ++i)
      keyOf[i] = key(i);
    std::vector<size_t> order(buffers.size());
    std::iota(order.begin(), order.end(), 0);
    std::sort(order.begin(), order.end(), [&](size_t a, size_t b) {
      if (keyOf[a] != keyOf[b])
        return keyOf[a] > keyOf[b];
      return a < b;
    });
    std::optional<std::vector<int64_t>> offsets =
        bestFitInOrder(buffers, order, placed);
    if (!offsets)
      continue;
    int64_t peak = planPeak(buffers, *offsets);
    if (!found || peak < result.peak) {
      result.offsets = std::move(*offsets);
      result.peak = peak;
      found = true;
    }
  }
  if (!found || (options.capacity > 0 && result.peak > options.capacity))
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
    forEachOverlappingPair(buffers, [&](size_t i, size_t j) {
      overlaps[i].push_back(j);
      overlaps[j].push_back(i);
    });
    for (std::vector<size_t> &list : overlaps)
      std::sort(list.begin(), list.end());
  }

  /// Found: `solution` holds a plan. NotFound: proven that none exists.
  Outcome run() {
    if (buffers.empty())
      return Outcome::Found;
    for (int64_t budget = 2 * buffers.size();;
         budget = saturatingMul(budget, 2)) {
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
      int64_t area = saturatingMul(length, buffers[i].size);
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
      if (!fitsBelow(std::max({floor, top[s], lowest}), total[s], capacity))
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
    // A node costs time linear in its part: large parts check every node.
    if (((nodes & 255) == 0 || part.members.size() > 256) &&
        Clock::now() > deadline)
      return Outcome::OutOfTime;
    std::vector<size_t> open;
    int64_t lowestTop = std::numeric_limits<int64_t>::max();
    for (size_t i : part.members) {
      if (offset[i] >= 0)
        continue;
      open.push_back(i);
      lowestTop =
          std::min(lowestTop, saturatingAdd(minOffset[i], buffers[i].size));
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
      if (!fitsBelow(at, b.size, capacity))
        continue;
      // Place i at `at`; a neighbour whose alignment cannot be met above it
      // gets INT64_MAX, where it fits no capacity.
      offset[i] = at;
      raised.clear();
      tops.clear();
      for (size_t j : overlaps[i]) {
        int64_t above =
            alignUp(at + b.size, buffers[j].alignment).value_or(kMaxBytes);
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

/// Above this footprint (exactSearchFootprint) the exact search would need
/// gigabytes; it then stops at best fit's plan.
constexpr int64_t kExactSearchLimit = 20'000'000;

SolveResult solveExact(const std::vector<Buffer> &buffers,
                       const SolveOptions &options) {
  auto start = Clock::now();
  // NaN and negative limits end the search at once; 10^9 s keeps the
  // deadline within the clock's range.
  double seconds = options.timeLimit > 0 ? options.timeLimit : 0;
  auto deadline =
      start + std::chrono::duration_cast<Clock::duration>(
                  std::chrono::duration<double>(std::min(seconds, 1e9)));
  auto finish = [&](SolveResult result) {
    result.seconds =
        std::chrono::duration<double>(Clock::now() - start).count();
    return result;
  };
  if (exactSearchFootprint(buffers, kExactSearchLimit) > kExactSearchLimit)
    return finish(solveBestFit(buffers, options));
  SolveResult result;
  result.lowerBound = liveBytesLowerBound(buffers);
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
  // Proven that nothing fits `capacity`: the bound is one byte more, where
  // that is representable.
  auto provenAbove = [&](int64_t capacity) {
    result.lowerBound = std::max(result.lowerBound, saturatingAdd(capacity, 1));
  };

  if (options.capacity > 0) {
    if (result.lowerBound > options.capacity) {
      result.status = Status::Infeasible;
      return finish(result);
    }
    int outcome = attempt(options.capacity);
    result.status = outcome == 0                       ? Status::Infeasible
                    : outcome < 0                      ? Status::Unknown
                    : result.peak == result.lowerBound ? Status::Optimal
                                                       : Status::Feasible;
    if (outcome == 0)
      provenAbove(options.capacity);
    return finish(result);
  }

  // Minimize: start from best fit, then bisect between the lower bound and
  // the best plan so far, each probe under the same deadline. When best fit
  // finds no plan below INT64_MAX, the search looks for one first.
  SolveResult start_ = solveBestFit(buffers, SolveOptions{});
  if (start_.status == Status::Unknown) {
    int outcome = attempt(kMaxBytes);
    if (outcome <= 0) {
      result.status = outcome == 0 ? Status::Infeasible : Status::Unknown;
      if (outcome == 0)
        result.lowerBound = kMaxBytes;
      return finish(result);
    }
  } else {
    result.offsets = start_.offsets;
    result.peak = start_.peak;
  }
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
  return finish(result);
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
    std::optional<int64_t> next = checkedAdd(live, delta);
    if (!next)
      return kMaxBytes;
    live = *next;
    most = std::max(most, live);
  }
  return most;
}

int64_t mlir::dlc::planning::planPeak(const std::vector<Buffer> &buffers,
                                      const std::vector<int64_t> &offsets) {
  int64_t peak = 0;
  for (size_t i = 0; i < buffers.size() && i < offsets.size(); ++i)
    peak = std::max(
        peak, checkedAdd(offsets[i], buffers[i].size).value_or(kMaxBytes));
  return peak;
}

/// The checks of one buffer that need no other: an empty string when valid.
static std::string checkBuffer(const Buffer &b) {
  std::string name = "buffer " + b.id;
  if (b.lower < 0)
    return name + " has live range [" + std::to_string(b.lower) + ", " +
           std::to_string(b.upper) + "); times must not be negative";
  if (b.lower == b.upper)
    return name + " has an empty live range [" + std::to_string(b.lower) +
           ", " + std::to_string(b.upper) + ")";
  if (b.lower > b.upper)
    return name + " has live range [" + std::to_string(b.lower) + ", " +
           std::to_string(b.upper) +
           ") that ends before it starts; need lower < upper";
  if (b.size <= 0)
    return name + " has size " + std::to_string(b.size) +
           "; sizes must be positive";
  if (b.alignment <= 0 || (b.alignment & (b.alignment - 1)) != 0)
    return name + " has alignment " + std::to_string(b.alignment) +
           "; alignments must be powers of two";
  return "";
}

std::string
mlir::dlc::planning::validateBuffers(const std::vector<Buffer> &buffers,
                                     size_t *culprit) {
  for (size_t i = 0; i < buffers.size(); ++i) {
    std::string problem = checkBuffer(buffers[i]);
    if (!problem.empty()) {
      if (culprit)
        *culprit = i;
      return problem;
    }
  }
  // The bytes live at once, swept in time order (ends first at equal times)
  // to find the buffer whose start takes them past INT64_MAX.
  std::vector<std::tuple<int64_t, int64_t, size_t>> events;
  for (size_t i = 0; i < buffers.size(); ++i) {
    events.push_back({buffers[i].lower, buffers[i].size, i});
    events.push_back({buffers[i].upper, -buffers[i].size, i});
  }
  std::sort(events.begin(), events.end());
  int64_t live = 0;
  for (auto [time, delta, i] : events) {
    std::optional<int64_t> next = checkedAdd(live, delta);
    if (!next) {
      if (culprit)
        *culprit = i;
      return "the buffers live at time " + std::to_string(time) +
             " need more than " + std::to_string(kMaxBytes) +
             " bytes, the largest arena 64-bit offsets address: buffer " +
             buffers[i].id + " adds " + std::to_string(delta) + " bytes to " +
             std::to_string(live) + " live already";
    }
    live = *next;
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
    std::string problem = checkBuffer(b);
    if (!problem.empty())
      return problem;
    if (offsets[i] < 0)
      return name + " has negative offset " + std::to_string(offsets[i]);
    if (offsets[i] % b.alignment != 0)
      return name + " at offset " + std::to_string(offsets[i]) +
             " is not aligned to " + std::to_string(b.alignment);
    std::optional<int64_t> end = checkedAdd(offsets[i], b.size);
    if (!end)
      return name + " at offset " + std::to_string(offsets[i]) + " with size " +
             std::to_string(b.size) + " ends beyond " +
             std::to_string(kMaxBytes) +
             ", the end of the largest arena 64-bit offsets address";
    if (capacity > 0 && *end > capacity)
      return name + " ends at " + std::to_string(*end) +
             ", beyond the capacity " + std::to_string(capacity);
  }
  // Sweep over time with the byte ranges of the buffers live at each moment,
  // disjoint so far, ordered by offset: a starting buffer can only overlap
  // its neighbours there. Ends go first at equal times (half-open ranges).
  std::vector<size_t> starts(buffers.size()), ends(buffers.size());
  std::iota(starts.begin(), starts.end(), 0);
  std::iota(ends.begin(), ends.end(), 0);
  std::sort(starts.begin(), starts.end(), [&](size_t a, size_t b) {
    return std::make_pair(buffers[a].lower, a) <
           std::make_pair(buffers[b].lower, b);
  });
  std::sort(ends.begin(), ends.end(), [&](size_t a, size_t b) {
    return std::make_pair(buffers[a].upper, a) <
           std::make_pair(buffers[b].upper, b);
  });
  auto endOf = [&](size_t i) { return offsets[i] + buffers[i].size; };
  auto overlap = [&](size_t x, size_t y) {
    const Buffer &a = buffers[x], &b = buffers[y];
    return "buffers " + a.id + " [" + std::to_string(offsets[x]) + ", " +
           std::to_string(endOf(x)) + ") and " + b.id + " [" +
           std::to_string(offsets[y]) + ", " + std::to_string(endOf(y)) +
           ") overlap while both are live at time " +
           std::to_string(std::max(a.lower, b.lower));
  };
  std::map<int64_t, size_t> live;
  size_t nextEnd = 0;
  for (size_t i : starts) {
    for (; nextEnd < ends.size() &&
           buffers[ends[nextEnd]].upper <= buffers[i].lower;
         ++nextEnd)
      live.erase(offsets[ends[nextEnd]]);
    auto above = live.lower_bound(offsets[i]);
    if (above != live.begin() && endOf(std::prev(above)->second) > offsets[i])
      return overlap(std::prev(above)->second, i);
    if (above != live.end() && above->first < endOf(i))
      return overlap(above->second, i);
    live.emplace(offsets[i], i);
  }
  return "";
}

SolveResult mlir::dlc::planning::solve(const std::vector<Buffer> &buffers,
                                       const SolveOptions &options) {
  if (!validateBuffers(buffers).empty()) {
    // No plan: Infeasible when the buffers are well formed but need more
    // bytes at once than int64_t offsets address.
    SolveResult refused;
    refused.lowerBound = liveBytesLowerBound(buffers);
    bool wellFormed =
        std::all_of(buffers.begin(), buffers.end(),
                    [](const Buffer &b) { return checkBuffer(b).empty(); });
    refused.status = wellFormed ? Status::Infeasible : Status::Unknown;
    return refused;
  }
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
