#pragma once
// The asyncio program a scenario denotes (spec section 3), in parts:
//
//   Runner       asyncio.run(main()): the phases of Runner.run/close, Ctrl-C
//   Limiter      one per limit kind: what a job takes before its steps, or
//                how main() paces the tasks (limiter.h)
//   Collector    one per collect kind: how main() creates and awaits the
//                tasks (collector.h)
//   Jobs         job(i) and its steps, with their pools, counter, service
//   FrozenLanes  which tasks a blocked loop holds back (`ready`/`resumed`)
//   TraceOut     the events, batched to the trace sink
//
// This file wires them and is main(): limit.schedule's timers, then the
// limiter drives the collector.
#include <cstdint>
#include <memory>
#include <string>

#include "loop/event_loop.h"
#include "model/scenario.h"
#include "program/collector.h"
#include "program/frozen_lanes.h"
#include "program/job.h"
#include "program/limiter.h"
#include "program/parts.h"
#include "program/runner.h"
#include "program/simulation.h"
#include "program/trace_out.h"
#include "trace/trace_sink.h"

namespace cs::detail {

class Program final {
public:
    Program(const Scenario& scenario, TraceSink& sink, EngineOptions options = {});
    ~Program();
    Program(const Program&) = delete;
    Program& operator=(const Program&) = delete;

    bool step();  // one loop iteration; false once the program has ended
    void runToEnd();
    bool finished() const { return runner_.finished(); }
    double now() const { return loop_.time(); }
    double nextTime() const;
    std::uint64_t iterations() const { return loop_.iterations(); }
    const Symbols& symbols() const { return out_.symbols(); }
    LoopSnapshot snapshot() const;

private:
    Co<std::int64_t> mainCo();
    bool stepOnce();
    // This thread's tasks step this program's loop, lean jobs and watcher.
    void enterThread();
    static std::string describe(CallbackFn fn, RefCounted* self);

    EventLoop loop_;
    TraceOut out_;
    Runner runner_;
    FrozenLanes frozen_;
    ProgramParts parts_;
    std::unique_ptr<Limiter> limiter_;
    std::unique_ptr<Jobs> jobs_;
    std::unique_ptr<Collector> collector_;
};

}  // namespace cs::detail
