#pragma once
// The sink of one sweep run: a Summary (so the row has exactly the metrics
// `coroscope-cli run` reports) plus the time integrals of the in-flight and
// in-system counts that Little's law needs. No trace is kept: a 10,000-task
// run costs a few bytes a task.
#include <cstdint>
#include <vector>

#include "lab/sweep_point.h"
#include "trace/summary.h"
#include "trace/trace_sink.h"

namespace cs::lab {

class PointSink final : public TraceSink {
public:
    void append(const TraceEvent& e, const Symbols& symbols) override;
    void reset() override;

    const Summary& summary() const { return summary_; }
    // The row for `value` (call after the run ended).
    SweepPoint point(const SweepValue& value) const;

private:
    enum class State : std::uint8_t { Unseen, Waiting, Running, Ended };
    void advanceTo(double t);

    Summary summary_;
    std::vector<State> state_;          // by task id
    std::vector<double> requestTime_;   // by task id
    std::int64_t inFlight_ = 0, inSystem_ = 0;
    double lastT_ = 0.0;
    double areaInFlight_ = 0.0, areaInSystem_ = 0.0;
    double latencySum_ = 0.0;
    std::size_t completions_ = 0;
};

}  // namespace cs::lab
