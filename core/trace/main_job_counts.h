// How many of main()'s pool jobs run and how many wait in the pool's queue,
// line by line (main_thread_queued / _begin / _end): the one count both the
// trace reader (whether the timeline's key names "waiting for a free worker")
// and the run model (main()'s band) keep.
#pragma once

#include <cstdint>

#include "trace/trace_event.h"

namespace cs {

class MainJobCounts {
public:
    // Where one job stands: not handed over yet, in the pool's queue, in a
    // worker, ended (ran to its end, or dropped from the queue).
    enum class Stage : std::uint8_t { Unseen, Queued, Running, Ended };

    // The stage line `k` moves a job at `was` to; `was` itself when the line
    // does not apply there (handed over twice, begun twice or after its end,
    // ended twice): such a line changes no count.
    static constexpr Stage after(Stage was, EvKind k) {
        switch (k) {
            case EvKind::MainThreadQueued: return was == Stage::Unseen ? Stage::Queued : was;
            case EvKind::MainThreadBegin:
                return was == Stage::Unseen || was == Stage::Queued ? Stage::Running : was;
            case EvKind::MainThreadEnd: return Stage::Ended;
            default: return was;
        }
    }

    // Moves one job from `was` at time t (lines in time order); returns its
    // new stage (`was`: nothing changed).
    Stage move(double t, Stage was, EvKind k) {
        const Stage to = after(was, k);
        if (to == was) return was;
        waited_ |= onlyWaiting(t);
        since_ = t;
        running_ += (to == Stage::Running) - (was == Stage::Running);
        queued_ += (to == Stage::Queued) - (was == Stage::Queued);
        return to;
    }

    // Jobs waited in the queue while none ran for a while: before the last
    // change, or from it until `now` (the trace's last line).
    bool sawWait(double now) const { return waited_ || onlyWaiting(now); }

    std::int64_t running() const { return running_; }
    std::int64_t queued() const { return queued_; }

private:
    bool onlyWaiting(double t) const { return t > since_ && running_ == 0 && queued_ > 0; }

    std::int64_t running_ = 0, queued_ = 0;
    double since_ = 0.0;
    bool waited_ = false;
};

}  // namespace cs
