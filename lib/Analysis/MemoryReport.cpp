//===- MemoryReport.cpp - Render the memory analysis of a step ------------===//
//
// Renders MemoryAnalysis as text, JSON and an SVG plot of live bytes per
// category over the schedule, with what --dlc-remat recomputed, what the
// backward of reversible couplings rebuilt, and the arena
// --dlc-plan-memory chose. The plot is the first thing a user looks at, so
// it carries axes with units, ticks, a legend and the peak marked. The
// dlc-memory-report pass (Transforms) writes these; other tools may too.
//
//===----------------------------------------------------------------------===//

#include "dlc/Analysis/MemoryReport.h"
#include "dlc/Analysis/CostModel.h"
#include "dlc/Analysis/MemoryAnalysis.h"
#include "dlc/Analysis/StepPlan.h"
#include "dlc/Dialect/Dlc/IR/DlcDialect.h"
#include "dlc/Dialect/Dlc/IR/DlcMemoryPlan.h"
#include "dlc/Dialect/Dlc/IR/DlcOps.h"
#include "dlc/Support/ByteSize.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/raw_ostream.h"

#include <cmath>
#include <map>

using namespace mlir;
using namespace mlir::dlc;

namespace {

std::string describe(Value v) {
  std::string text;
  llvm::raw_string_ostream os(text);
  os << v.getType() << "  ";
  if (Operation *def = v.getDefiningOp())
    os << def->getName();
  else
    os << "argument #" << cast<BlockArgument>(v).getArgNumber();
  os << "  " << v.getLoc();
  return text;
}

const char *kColors[kNumMemoryCategories] = {"#4e79a7", "#76b7b2", "#a0cbe8",
                                             "#b07aa1", "#59a14f", "#e15759",
                                             "#f28e2b"};

/// A stacked area plot of the timeline.
void writeSvg(llvm::raw_ostream &os, const MemoryAnalysis &analysis,
              StringRef name) {
  auto timeline = analysis.timeline();
  const double width = 980, height = 480, left = 110, right = 200, top = 50,
               bottom = 60;
  double plotW = width - left - right, plotH = height - top - bottom;
  unsigned n = timeline.size();
  double peak = std::max<double>(analysis.peakBytes(), 1);
  // A round tick step in the unit that suits the peak.
  const char *units[] = {"B", "KiB", "MiB", "GiB"};
  int unit = 0;
  double scale = 1;
  while (peak / scale >= 1024 && unit < 3) {
    scale *= 1024;
    ++unit;
  }
  double raw = peak / scale / 5,
         mag = std::pow(10, std::floor(std::log10(raw)));
  double step = mag * (raw / mag < 2 ? 2 : raw / mag < 5 ? 5 : 10);
  double yMax = std::ceil(peak / scale / step) * step * scale;
  auto x = [&](double i) { return left + plotW * i / std::max(1u, n); };
  auto y = [&](double bytes) { return top + plotH * (1 - bytes / yMax); };

  os << "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" << width
     << "\" height=\"" << height << "\" font-family=\"sans-serif\" "
     << "font-size=\"12\">\n"
     << "<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n"
     << "<text x=\"" << left << "\" y=\"28\" font-size=\"16\">Live memory of @"
     << name << " over its schedule (peak " << formatBytes(analysis.peakBytes())
     << ")</text>\n";
  // Stacked areas, bottom category first; each op occupies one unit of x.
  std::vector<double> base(n, 0);
  for (unsigned c = 0; c < kNumMemoryCategories; ++c) {
    std::vector<double> top(n);
    std::string points;
    llvm::raw_string_ostream pts(points);
    for (unsigned i = 0; i < n; ++i) {
      top[i] = base[i] + timeline[i][c];
      pts << x(i) << "," << y(top[i]) << " " << x(i + 1) << "," << y(top[i])
          << " ";
    }
    for (unsigned i = n; i-- > 0;)
      pts << x(i + 1) << "," << y(base[i]) << " " << x(i) << "," << y(base[i])
          << " ";
    os << "<polygon fill=\"" << kColors[c] << "\" points=\"" << points
       << "\"/>\n";
    base = std::move(top);
  }
  // Axes, ticks and labels.
  os << "<line x1=\"" << left << "\" y1=\"" << top + plotH << "\" x2=\""
     << left + plotW << "\" y2=\"" << top + plotH << "\" stroke=\"black\"/>\n"
     << "<line x1=\"" << left << "\" y1=\"" << top << "\" x2=\"" << left
     << "\" y2=\"" << top + plotH << "\" stroke=\"black\"/>\n";
  for (double v = 0; v <= yMax * 1.0001; v += step * scale) {
    os << "<line x1=\"" << left - 5 << "\" y1=\"" << y(v) << "\" x2=\""
       << left + plotW << "\" y2=\"" << y(v)
       << "\" stroke=\"#dddddd\"/>\n<text x=\"" << left - 8 << "\" y=\""
       << y(v) + 4 << "\" text-anchor=\"end\">" << llvm::format("%g", v / scale)
       << " " << units[unit] << "</text>\n";
  }
  unsigned xStep = std::max(1u, n / 10);
  for (unsigned i = 0; i <= n; i += xStep)
    os << "<text x=\"" << x(i) << "\" y=\"" << top + plotH + 18
       << "\" text-anchor=\"middle\">" << i << "</text>\n";
  os << "<text x=\"" << left + plotW / 2 << "\" y=\"" << height - 15
     << "\" text-anchor=\"middle\">op (position in the schedule)</text>\n"
     << "<text transform=\"translate(20," << top + plotH / 2
     << ") rotate(-90)\" text-anchor=\"middle\">live memory</text>\n";
  // The peak.
  double px = x(analysis.peakPosition() + 0.5);
  os << "<line x1=\"" << px << "\" y1=\"" << top << "\" x2=\"" << px
     << "\" y2=\"" << top + plotH
     << "\" stroke=\"black\" stroke-dasharray=\"4,3\"/>\n<text x=\"" << px + 4
     << "\" y=\"" << top + 12 << "\">peak at op " << analysis.peakPosition()
     << "</text>\n";
  // Legend, top category first as stacked.
  for (unsigned c = 0; c < kNumMemoryCategories; ++c) {
    unsigned row = kNumMemoryCategories - 1 - c;
    double ly = top + 10 + 22 * row;
    os << "<rect x=\"" << left + plotW + 20 << "\" y=\"" << ly
       << "\" width=\"14\" height=\"14\" fill=\"" << kColors[c] << "\"/>\n"
       << "<text x=\"" << left + plotW + 40 << "\" y=\"" << ly + 12 << "\">"
       << stringifyMemoryCategory(static_cast<MemoryCategory>(c))
       << "</text>\n";
  }
  os << "</svg>\n";
}

/// What --dlc-remat added to the step: its copies (`dlc.recomputed`), their
/// cost and the cost of the whole step, in the cost model's terms.
struct Recomputation {
  SmallVector<std::pair<Operation *, OpCost>> ops;
  OpCost extra, step;
};

Recomputation recomputation(const MemoryAnalysis &analysis) {
  Recomputation r;
  DeviceParams device;
  for (Operation *op : analysis.schedule()) {
    OpCost cost = estimateCost(op, device);
    r.step += cost;
    if (op->hasAttr(DlcDialect::getRecomputedAttrName())) {
      r.extra += cost;
      r.ops.push_back({op, cost});
    }
  }
  llvm::stable_sort(r.ops, [](const auto &a, const auto &b) {
    return a.second.seconds > b.second.seconds;
  });
  return r;
}

/// What --dlc-autodiff rebuilt for reversible couplings (`dlc.rebuilt`):
/// per layer, the rebuilt or recomputed values that the gradient ops read,
/// which an ordinary backward would have saved from the forward, and the
/// cost of the ops that rebuild them.
struct Rebuild {
  struct Layer {
    int64_t layer = 0, values = 0, bytes = 0;
  };
  SmallVector<Layer> layers;
  int64_t values = 0, bytes = 0;
  OpCost cost;
};

Rebuild rebuild(const MemoryAnalysis &analysis) {
  Rebuild r;
  DeviceParams device;
  std::map<int64_t, Rebuild::Layer> byLayer;
  auto layerOf = [](Operation *op) -> std::optional<int64_t> {
    if (auto mark =
            op->getAttrOfType<IntegerAttr>(DlcDialect::getRebuiltAttrName()))
      return mark.getInt();
    return std::nullopt;
  };
  for (Operation *op : analysis.schedule()) {
    std::optional<int64_t> layer = layerOf(op);
    if (!layer)
      continue;
    r.cost += estimateCost(op, device);
    for (Value v : op->getResults()) {
      bool read = llvm::any_of(v.getUsers(),
                               [&](Operation *user) { return !layerOf(user); });
      auto type = dyn_cast<ShapedType>(v.getType());
      if (!read || !type)
        continue;
      int64_t bytes = shapedBytes(type).value_or(0);
      Rebuild::Layer &entry = byLayer[*layer];
      entry.layer = *layer;
      ++entry.values;
      entry.bytes += bytes;
      ++r.values;
      r.bytes += bytes;
    }
  }
  for (auto &[layer, entry] : byLayer)
    r.layers.push_back(entry);
  return r;
}

/// The rebuild's line and one line per layer (the first and last few).
void printRebuild(llvm::raw_ostream &os, const Rebuild &r,
                  const Recomputation &recomputed) {
  if (r.layers.empty())
    return;
  double base = recomputed.step.seconds - r.cost.seconds;
  os << "  rebuilt (reversible couplings): " << r.layers.size()
     << " layers; the backward rebuilds " << r.values << " values, "
     << formatBytes(r.bytes) << " (" << r.bytes
     << " bytes) in all, that an ordinary backward saves; "
     << llvm::format("%.3f GFLOP", r.cost.flops / 1e9) << ", estimated "
     << llvm::format("%.3f ms", r.cost.seconds * 1e3) << " = "
     << llvm::format("%.1f%%", base > 0 ? 100 * r.cost.seconds / base : 0.0)
     << " over the step without them (H100 roofline)\n";
  for (auto [i, layer] : llvm::enumerate(r.layers)) {
    if (r.layers.size() > 6 && i == 3)
      os << "    ... " << r.layers.size() - 6 << " more layers\n";
    if (r.layers.size() > 6 && i >= 3 && i + 3 < r.layers.size())
      continue;
    os << llvm::format("    layer %3lld: %4lld values, ",
                       static_cast<long long>(layer.layer),
                       static_cast<long long>(layer.values))
       << formatBytes(layer.bytes) << " rebuilt instead of saved\n";
  }
}

/// What --dlc-wta-crs sampled: per sample (the kept rows that
/// dlc.sampled_linear layers read), the rows kept of the input's, the bytes
/// kept for the weight gradients (rows, indices and scales), the input's
/// bytes, and whether the input is a saved activation all the same (another
/// op's backward reads it, so sampling saves nothing of it).
struct Sampling {
  struct Sample {
    int64_t rows = 0, kept = 0, layers = 0, keptBytes = 0, inputBytes = 0;
    bool inputSaved = false;
  };
  SmallVector<Sample> samples;
};

Sampling sampling(const MemoryAnalysis &analysis) {
  Sampling s;
  DenseMap<Value, unsigned> byKept;
  DenseSet<Value> saved;
  for (const LiveValue &v : analysis.values())
    if (v.category == MemoryCategory::SavedActivation)
      saved.insert(v.value);
  for (Operation *op : analysis.schedule()) {
    auto sampled = dyn_cast<SampledLinearOp>(op);
    if (!sampled)
      continue;
    auto [it, inserted] =
        byKept.try_emplace(sampled.getKept(), s.samples.size());
    if (inserted) {
      Sampling::Sample sample;
      sample.rows = sampled.getNorms().getType().getDimSize(0);
      sample.kept = sampled.getKept().getType().getDimSize(0);
      sample.keptBytes =
          MemoryAnalysis::bytesOf(sampled.getKept().getType()) +
          MemoryAnalysis::bytesOf(sampled.getIndices().getType()) +
          MemoryAnalysis::bytesOf(sampled.getScales().getType());
      sample.inputBytes = MemoryAnalysis::bytesOf(sampled.getInput().getType());
      sample.inputSaved = saved.contains(sampled.getInput());
      s.samples.push_back(sample);
    }
    ++s.samples[it->second].layers;
  }
  return s;
}

/// The sampling's line and one line per sample (the first and last few).
void printSampling(llvm::raw_ostream &os, const Sampling &s) {
  if (s.samples.empty())
    return;
  int64_t layers = 0, kept = 0, inputs = 0, stillSaved = 0;
  for (const Sampling::Sample &sample : s.samples) {
    layers += sample.layers;
    kept += sample.keptBytes;
    inputs += sample.inputBytes;
    stillSaved += sample.inputSaved;
  }
  os << "  sampled (WTA-CRS): " << layers << " linear layers over "
     << s.samples.size() << " inputs keep " << formatBytes(kept) << " (" << kept
     << " bytes) of their inputs' " << formatBytes(inputs)
     << " for the weight gradients; " << stillSaved
     << " of the inputs are saved all the same (another op's backward reads "
        "them)\n";
  for (auto [i, sample] : llvm::enumerate(s.samples)) {
    if (s.samples.size() > 6 && i == 3)
      os << "    ... " << s.samples.size() - 6 << " more inputs\n";
    if (s.samples.size() > 6 && i >= 3 && i + 3 < s.samples.size())
      continue;
    os << llvm::format("    input %3zu: %lld of %lld rows for %lld layers, ", i,
                       static_cast<long long>(sample.kept),
                       static_cast<long long>(sample.rows),
                       static_cast<long long>(sample.layers))
       << formatBytes(sample.keptBytes) << " kept instead of "
       << formatBytes(sample.inputBytes)
       << (sample.inputSaved ? " (the input is saved all the same)" : "")
       << "\n";
  }
}

llvm::json::Object toJson(const MemoryAnalysis &analysis, StringRef name,
                          const Recomputation &r, const StepPlan *plan) {
  auto bytesByCategory =
      [](const std::array<int64_t, kNumMemoryCategories> &b) {
        llvm::json::Object o;
        for (unsigned c = 0; c < kNumMemoryCategories; ++c)
          o[stringifyMemoryCategory(static_cast<MemoryCategory>(c))] = b[c];
        return o;
      };
  llvm::json::Array timeline;
  for (auto [i, bytes] : llvm::enumerate(analysis.timeline()))
    timeline.push_back(llvm::json::Object{
        {"op", static_cast<int64_t>(i)},
        {"name", analysis.schedule()[i]->getName().getStringRef()},
        {"total", analysis.liveBytesAt(i)},
        {"bytes", bytesByCategory(bytes)}});
  llvm::json::Array top;
  SmallVector<const LiveValue *> live = analysis.liveAtPeak();
  for (const LiveValue *v : ArrayRef(live).take_front(10))
    top.push_back(
        llvm::json::Object{{"bytes", v->bytes},
                           {"value", describe(v->value)},
                           {"category", stringifyMemoryCategory(v->category)},
                           {"live", llvm::json::Array{v->first, v->last}}});
  llvm::json::Array recomputed;
  for (auto [op, cost] : r.ops) {
    recomputed.push_back(
        llvm::json::Object{{"op", op->getName().getStringRef()},
                           {"value", describe(op->getResult(0))},
                           {"flops", cost.flops},
                           {"seconds", cost.seconds}});
  }
  llvm::json::Value planned = nullptr;
  if (plan)
    planned = llvm::json::Object{{"total", plan->total()},
                                 {"parameters", plan->parameters},
                                 {"optimizer_state", plan->optimizerState},
                                 {"inputs", plan->inputs},
                                 {"outputs", plan->outputs},
                                 {"arena", plan->arena},
                                 {"outputs_in_arena", plan->returned},
                                 {"constants", plan->constants},
                                 {"unplanned", plan->unplanned},
                                 {"by", plan->description}};
  llvm::json::Array samples;
  for (const Sampling::Sample &sample : sampling(analysis).samples)
    samples.push_back(llvm::json::Object{{"rows", sample.rows},
                                         {"kept", sample.kept},
                                         {"layers", sample.layers},
                                         {"kept_bytes", sample.keptBytes},
                                         {"input_bytes", sample.inputBytes},
                                         {"input_saved", sample.inputSaved}});
  Rebuild rebuilt = rebuild(analysis);
  llvm::json::Array rebuiltLayers;
  for (const Rebuild::Layer &layer : rebuilt.layers)
    rebuiltLayers.push_back(llvm::json::Object{{"layer", layer.layer},
                                               {"values", layer.values},
                                               {"bytes", layer.bytes}});
  return llvm::json::Object{
      {"function", name},
      {"rebuilt", llvm::json::Object{{"layers", std::move(rebuiltLayers)},
                                     {"values", rebuilt.values},
                                     {"bytes", rebuilt.bytes},
                                     {"flops", rebuilt.cost.flops},
                                     {"seconds", rebuilt.cost.seconds}}},
      {"sampled", std::move(samples)},
      {"step_bytes", plan ? llvm::json::Value(plan->total()) : nullptr},
      {"compiled", std::move(planned)},
      {"recompute", llvm::json::Object{{"ops", std::move(recomputed)},
                                       {"flops", r.extra.flops},
                                       {"seconds", r.extra.seconds},
                                       {"step_flops", r.step.flops},
                                       {"step_seconds", r.step.seconds}}},
      {"peak_bytes", analysis.peakBytes()},
      {"peak_op", static_cast<int64_t>(analysis.peakPosition())},
      {"activation_bytes", analysis.activationBytes()},
      {"breakdown", bytesByCategory(analysis.breakdownAtPeak())},
      {"timeline", std::move(timeline)},
      {"top", std::move(top)}};
}

/// The compiled step's bytes, by kind.
void printPlan(llvm::raw_ostream &os, const StepPlan &plan) {
  os << "  compiled step: " << formatBytes(plan.total()) << " (" << plan.total()
     << " bytes) = parameters " << formatBytes(plan.parameters)
     << " + optimizer state " << formatBytes(plan.optimizerState)
     << " + inputs " << formatBytes(plan.inputs) << " + outputs "
     << formatBytes(plan.outputs) << " + arena " << formatBytes(plan.arena);
  if (plan.returned)
    os << " (outputs " << formatBytes(plan.returned) << " in it)";
  if (plan.constants)
    os << " + constants " << formatBytes(plan.constants);
  if (plan.unplanned)
    os << " + unplanned " << formatBytes(plan.unplanned);
  os << "\n    (" << plan.description << ")\n";
}

/// The arena --dlc-plan-memory chose, against its lower bound.
void printArena(llvm::raw_ostream &os, func::FuncOp func) {
  auto size =
      func->getAttrOfType<IntegerAttr>(DlcDialect::getArenaSizeAttrName());
  auto bound = func->getAttrOfType<IntegerAttr>(
      DlcDialect::getArenaLowerBoundAttrName());
  if (!size || !bound)
    return;
  int64_t arena = size.getInt(), low = bound.getInt();
  os << "  arena (--dlc-plan-memory): " << formatBytes(arena) << " (" << arena
     << " bytes), lower bound " << low << " bytes, fragmentation "
     << llvm::format("%.2f%%", low ? 100.0 * (arena - low) / low : 0.0) << "\n";
}

/// The copies --dlc-remat made and their estimated overhead.
void printRecomputation(llvm::raw_ostream &os, const Recomputation &r) {
  if (r.ops.empty())
    return;
  double base = r.step.seconds - r.extra.seconds;
  os << "  recomputed (--dlc-remat): " << r.ops.size() << " ops, "
     << llvm::format("%.3f GFLOP", r.extra.flops / 1e9) << ", estimated "
     << llvm::format("%.3f ms", r.extra.seconds * 1e3) << " = "
     << llvm::format("%.1f%%", base > 0 ? 100 * r.extra.seconds / base : 0.0)
     << " over the step without them (" << llvm::format("%.3f ms", base * 1e3)
     << ", H100 roofline)\n";
  for (auto [op, cost] : ArrayRef(r.ops).take_front(10))
    os << llvm::format("    %10.3f ms  ", cost.seconds * 1e3)
       << describe(op->getResult(0)) << "\n";
  if (r.ops.size() > 10)
    os << "    ... and " << r.ops.size() - 10 << " more\n";
}

void printText(llvm::raw_ostream &os, const MemoryAnalysis &analysis,
               const Recomputation &recomputed, func::FuncOp func,
               const StepPlan *plan) {
  StringRef name = func.getName();
  Operation *peakOp = analysis.schedule()[analysis.peakPosition()];
  os << "memory report for @" << name << " (" << analysis.schedule().size()
     << " ops)\n";
  // The headline is the compiled step's bytes, what the device holds; the
  // graph-level numbers after it say where the values are.
  if (plan)
    printPlan(os, *plan);
  os << "  graph-level peak: " << formatBytes(analysis.peakBytes()) << " ("
     << analysis.peakBytes() << " bytes) at op #" << analysis.peakPosition()
     << " " << peakOp->getName() << " " << peakOp->getLoc() << "\n"
     << "  saved activations: " << formatBytes(analysis.activationBytes())
     << " (" << analysis.activationBytes() << " bytes) alive at most at once\n";
  printArena(os, func);
  printRecomputation(os, recomputed);
  printRebuild(os, rebuild(analysis), recomputed);
  printSampling(os, sampling(analysis));
  os << "  at the graph-level peak:\n";
  auto breakdown = analysis.breakdownAtPeak();
  for (unsigned c = 0; c < kNumMemoryCategories; ++c) {
    // Frozen weights exist only under adapter fine-tuning: no line without.
    if (static_cast<MemoryCategory>(c) == MemoryCategory::FrozenParameter &&
        breakdown[c] == 0)
      continue;
    os << llvm::format(
        "    %-18s %12s  (%lld bytes)\n",
        stringifyMemoryCategory(static_cast<MemoryCategory>(c)).str().c_str(),
        formatBytes(breakdown[c]).c_str(),
        static_cast<long long>(breakdown[c]));
  }
  os << "  largest values alive at the peak:\n";
  SmallVector<const LiveValue *> live = analysis.liveAtPeak();
  for (auto [i, v] : llvm::enumerate(ArrayRef(live).take_front(10)))
    os << llvm::format("    %2u. %10s  ", static_cast<unsigned>(i + 1),
                       formatBytes(v->bytes).c_str())
       << stringifyMemoryCategory(v->category) << "  " << describe(v->value)
       << "\n";
}

} // namespace

void dlc::printMemoryReport(llvm::raw_ostream &os,
                            const MemoryAnalysis &analysis, func::FuncOp func,
                            const StepPlan *plan) {
  printText(os, analysis, recomputation(analysis), func, plan);
}

llvm::json::Value dlc::memoryReportToJson(const MemoryAnalysis &analysis,
                                          func::FuncOp func,
                                          const StepPlan *plan) {
  return toJson(analysis, func.getName(), recomputation(analysis), plan);
}

void dlc::writeMemoryTimelineSvg(llvm::raw_ostream &os,
                                 const MemoryAnalysis &analysis,
                                 StringRef name) {
  writeSvg(os, analysis, name);
}
