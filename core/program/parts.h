#pragma once
// What the parts of a scenario program share (program.h wires them): the
// scenario, the loop, the trace output, the asyncio.run runner, the frozen
// lanes, the job, the limiter. Each part keeps a reference to this and
// reaches the others through it; the Program owns them all.
#include "model/scenario.h"

namespace cs::detail {

class EventLoop;
class TraceOut;
class Runner;
class FrozenLanes;
class Jobs;
class Limiter;

struct ProgramParts {
    const Scenario& sc;
    EventLoop& loop;
    TraceOut& out;
    Runner& runner;
    FrozenLanes& frozen;
    Jobs* jobs = nullptr;
    Limiter* limiter = nullptr;
};

}  // namespace cs::detail
