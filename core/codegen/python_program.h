#pragma once
// The Python program a scenario denotes, written out as a person would write
// it (spec section 3): `body`/`job`/`main`, the limiter (`async with sem:`),
// the collector (`await asyncio.gather(*tasks)`, ...), only the parts the
// scenario uses, the task data as a literal list, and comments that teach.
//
// The program is runnable with CPython 3.11 and the standard library:
//   python3 program.py              real time, a short human-readable log
//   python3 program.py --trace OUT  virtual clock, the spec section 4 trace
//                                   (JSON lines; OUT "-" is stdout)
// The virtual clock, trace() and the run modes live in one block at the end
// of the file, labelled "Coroscope harness: not part of the lesson"; the
// lesson above it is plain asyncio. With --trace the program agrees
// (trace_compare.py) with `coroscope-cli run` and tests/reference's oracle.
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "model/scenario.h"

namespace cs {

// 1-based line numbers in PythonProgram::text of the moments a task goes
// through, so that a view can highlight the line a task is at. 0 = the
// program has no such line (e.g. no limiter, no arrive).
struct CodeLines {
    int created = 0;        // trace("created", i): job(i) starts
    int arrive = 0;         // await asyncio.sleep(arrive): not yet arrived
    int request = 0;        // trace("request", i)
    int acquire = 0;        // `async with sem:` / limiter / connector: waiting for a permit
    int acquireByHand = 0;  // `await sem.acquire()` of a forget_release task
    int running = 0;        // trace("running", i)
    int stepIo = 0;         // await asyncio.sleep(d)
    int stepCpu = 0;        // time.sleep(d): the loop is blocked
    int stepThread = 0;     // await loop.run_in_executor(pool, time.sleep, d)
    int stepProcess = 0;    // await loop.run_in_executor(process_pool, burn_cpu, d)
    int stepCall = 0;       // await service.call(d)
    int stepIncrement = 0;  // await increment(d)
    int stepRaise = 0;      // raise ...
    int counterLock = 0;    // `async with lock:` inside increment()
    int counterAwait = 0;   // the await between the counter's read and write
    int releaseTwice = 0;   // the extra release()
    int done = 0;           // trace("done", i)
    int failed = 0;         // trace("failed", i)
    int cancelled = 0;      // trace("cancelled", i)
    int swallowCancel = 0;  // the ignore_cancel branch: trace("done", ..., note=...)
    int waitFor = 0;        // asyncio.wait_for(job(i), timeout)
    int queueGet = 0;       // worker: i = await q.get()
    int queuePut = 0;       // main: await q.put(i)
    int spawn = 0;          // main: await scheduler.spawn(...)
    int createTasks = 0;    // main: where the tasks are created
    int collect = 0;        // main: where it waits for them (gather, wait, as_completed, TaskGroup, ...)
    int result = 0;         // main: the first trace("result", ...)
    int collected = 0;      // main: trace("collected")
    int main = 0;           // async def main():
    int asyncioRun = 0;     // asyncio.run(main())
    int harness = 0;        // first line of the harness block
};

struct PythonProgram {
    std::string text;                               // the whole file, '\n' line ends
    CodeLines lines;
    std::vector<std::pair<std::string, int>> anchors;  // the same lines by name, in file order
    // The line of an anchor ("acquire", "stepIo", ...), 0 when absent.
    int line(std::string_view anchor) const;
};

struct ProgramOptions {
    // The comments that tell what comes of a line ("in completion order",
    // "the limit silently grows by one", "the whole event loop stops": a
    // lesson's answer, at times) left out or said plainly, for the Code
    // dock while a lesson's question waits for its answer.
    bool withoutAnswers = false;
    // The language of the comments and of the docstrings meant for the
    // reader: "en" or "zh_CN" (the app's), the header's too (the scenario's
    // own title and description in that language when it has them). The
    // code, what it prints and traces, the header's commands and the harness
    // block stay as they are: only the teaching changes language.
    std::string language = "en";
};

PythonProgram pythonProgramWithLines(const Scenario& s, const ProgramOptions& options = {});
std::string pythonProgram(const Scenario& s, const ProgramOptions& options = {});

}  // namespace cs
