#pragma once
// One run of a scenario: the asyncio program of spec section 3 on a virtual
// clock. Deterministic: the same scenario gives the same events, byte for byte.
//
//   Simulation sim(scenario, sink);
//   sim.run();                       // batch (CLI)
//   while (sim.step()) ...           // one loop iteration at a time (app)
//   sim.runUntil(t);                 // live: everything due at or before t
//   sim.setLimit(n);                 // live resize, recorded in scenario().limit.schedule
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "model/scenario.h"
#include "trace/symbols.h"
#include "trace/trace_event.h"
#include "trace/trace_sink.h"

namespace cs {

// What the loop looks like between two iterations (the app's "loop anatomy").
struct LoopSnapshot {
    double now = 0.0;
    std::uint64_t iterations = 0;
    std::vector<std::string> ready;          // descriptions of ready callbacks, FIFO order
    struct Timer { double when; std::string what; };
    std::vector<Timer> timers;               // next timers, earliest first (at most 16)
    struct Sem {
        std::string name;                    // "sem", "service.slots", "max_at_once", ...
        std::int64_t limit = 0;              // current limit (value + holders for a plain one)
        std::int64_t value = 0;              // Semaphore._value
        std::vector<std::int32_t> holders;   // task ids holding a permit
        std::vector<std::int32_t> waiters;   // task ids in FIFO order (not yet woken)
    };
    std::vector<Sem> semaphores;
    std::int64_t threadsBusy = 0, threadsQueued = 0;
    bool finished = false;
};

// How the engine runs a scenario; every option gives the same events.
struct EngineOptions {
    // Run a job's common case (no arrive, timeout or release pitfall, a
    // shared semaphore or none, io/cpu/raise steps) as a frame-less state
    // machine in its task ("lean") instead of a coroutine: less memory and
    // time per task. Off: every job is a coroutine (the differential suite
    // runs both ways).
    bool leanTasks = true;
};

namespace detail { class Program; }

class Simulation {
public:
    Simulation(Scenario scenario, TraceSink& sink, EngineOptions options = {});
    ~Simulation();
    Simulation(const Simulation&) = delete;
    Simulation& operator=(const Simulation&) = delete;

    // One iteration of BaseEventLoop._run_once (advancing the clock to the next
    // timer if nothing is ready). Returns false once the program has ended.
    bool step();
    // Run iterations while the next one happens at a virtual time <= t.
    void runUntil(double t);
    // Run to the end.
    void run();

    double now() const;
    bool finished() const;
    // Virtual time of the next iteration (now if callbacks are ready, the next
    // timer otherwise; +inf when finished).
    double nextTime() const;
    std::uint64_t iterations() const;

    // Live resize of the semaphore limit (kinds semaphore/adaptive) at now().
    // Recorded as scenario().limit.schedule entry {now(), n}; the run is then
    // replayed from the start with that schedule so it stays exactly
    // reproducible: events already emitted are emitted again (the sink is told
    // via reset()). Returns false when the limit kind cannot be resized.
    bool setLimit(std::int64_t n);

    const Scenario& scenario() const;
    const Symbols& symbols() const;
    LoopSnapshot snapshot() const;

private:
    Scenario scenario_;
    TraceSink* sink_;
    EngineOptions options_;
    std::unique_ptr<detail::Program> program_;
};

}  // namespace cs
