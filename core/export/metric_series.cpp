#include "export/metric_series.h"

#include <limits>

#include "trace/trace_store.h"

namespace cs {

namespace {
enum class Where : std::uint8_t { None, Waiting, Running, Ended };
}  // namespace

MetricSeries::MetricSeries(const TraceStore& store, const ExportOptions& options) {
    std::vector<Where> where;
    Row cur;
    std::int64_t acquired = 0;  // Running events minus releases
    const auto& samples = options.permits;
    const bool measured = !samples.empty();
    std::size_t s = 0;  // next permit sample
    std::size_t k = 0;  // next event
    constexpr double kInf = std::numeric_limits<double>::infinity();

    auto state = [&](std::int32_t task) -> Where& {
        const auto i = static_cast<std::size_t>(task);
        if (i >= where.size()) where.resize(i + 1, Where::None);
        return where[i];
    };

    while (k < store.size() || s < samples.size()) {
        // The next instant: the earlier of the next event and the next sample.
        const double te = k < store.size() ? store.timeAt(k) : kInf;
        const double ts = s < samples.size() ? samples[s].t : kInf;
        const double t = te < ts ? te : ts;
        const Row before = cur;
        const std::size_t kBefore = k, sBefore = s;
        for (; k < store.size() && store.timeAt(k) == t; ++k) {
            const TraceEvent e = store.at(k);
            if (!isPerTask(e.kind) || e.task < 0) continue;
            switch (e.kind) {
                case EvKind::Request: {
                    Where& w = state(e.task);
                    if (w == Where::Running) --cur.inFlight;
                    if (w != Where::Waiting && w != Where::Ended) {
                        ++cur.waiting;
                        w = Where::Waiting;
                    }
                    break;
                }
                case EvKind::Running: {
                    Where& w = state(e.task);
                    ++acquired;
                    if (w == Where::Waiting) --cur.waiting;
                    if (w != Where::Running && w != Where::Ended) {
                        ++cur.inFlight;
                        w = Where::Running;
                    }
                    break;
                }
                case EvKind::Release: --acquired; break;
                case EvKind::Done:
                case EvKind::Failed:
                case EvKind::Cancelled: {
                    Where& w = state(e.task);
                    if (w == Where::Waiting) --cur.waiting;
                    if (w == Where::Running) --cur.inFlight;
                    if (w != Where::Ended) {
                        ++cur.completed;
                        if (e.kind == EvKind::Done) ++cur.done;
                    }
                    w = Where::Ended;
                    break;
                }
                default: break;
            }
        }
        for (; s < samples.size() && samples[s].t == t; ++s) cur.permitsInUse = samples[s].value;
        if (!measured) cur.permitsInUse = options.semaphorePermits ? acquired : cur.inFlight;
        cur.t = t;
        // Instants where nothing counted changed (a result, a limit) add no row.
        Row probe = before;
        probe.t = t;
        if (rows_.empty() || !(probe == cur)) rows_.push_back(cur);
        // A time that equals nothing (NaN) must not stall the walk.
        if (k == kBefore && s == sBefore) {
            if (k < store.size()) ++k;
            else ++s;
        }
    }
}

}  // namespace cs
