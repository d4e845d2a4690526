// codegen/python_program: the Python program a scenario denotes. Whether the
// programs agree with the engine is tested by running them (tests/lessons);
// here: the shape of the text and the line anchors the app highlights.
#include <catch2/catch.hpp>

#include <sstream>
#include <string>
#include <vector>

#include "codegen/python_program.h"
#include "scenario/loader.h"

namespace {

cs::Scenario load(const std::string& body) {
    auto r = cs::parseScenario(R"({"format": "coroscope-scenario/1", )" + body + "}");
    INFO((r.ok() ? std::string() : r.error->what()));
    REQUIRE(r.ok());
    return *r.scenario;
}

std::vector<std::string> linesOf(const std::string& text) {
    std::vector<std::string> out;
    std::istringstream in(text);
    for (std::string l; std::getline(in, l);) out.push_back(l);
    return out;
}

// The text of 1-based line n.
std::string lineAt(const cs::PythonProgram& p, int n) {
    const auto lines = linesOf(p.text);
    REQUIRE(n >= 1);
    REQUIRE(static_cast<std::size_t>(n) <= lines.size());
    return lines[static_cast<std::size_t>(n) - 1];
}

bool has(const std::string& text, const std::string& s) { return text.find(s) != std::string::npos; }

}  // namespace

TEST_CASE("a semaphore scenario is written with async with sem and gather", "[codegen]") {
    const auto s = load(R"("tasks": [{"steps": [{"io": 1.0}]}, {"steps": [{"io": 0.5}]}],
                           "limit": {"kind": "semaphore", "value": 3})");
    const cs::PythonProgram p = cs::pythonProgramWithLines(s);
    CHECK(has(p.text, "sem = asyncio.Semaphore(3)"));
    CHECK(has(p.text, "DURATIONS = [1.0, 0.5]"));       // one io step per task: the simple form
    CHECK(has(p.text, "await asyncio.gather(*tasks)"));
    CHECK(has(p.text, "asyncio.run(main())"));
    CHECK(has(p.text, "Coroscope harness: not part of the lesson"));
    CHECK_FALSE(has(p.text, "TASKS"));                  // only the parts the scenario uses
    CHECK_FALSE(has(p.text, "ThreadPoolExecutor"));
    CHECK_FALSE(has(p.text, "wait_for"));

    CHECK(has(lineAt(p, p.lines.acquire), "async with sem:"));
    CHECK(has(lineAt(p, p.lines.running), "trace(\"running\", i)"));
    CHECK(has(lineAt(p, p.lines.request), "trace(\"request\", i)"));
    CHECK(has(lineAt(p, p.lines.stepIo), "await asyncio.sleep(DURATIONS[i])"));
    CHECK(has(lineAt(p, p.lines.collect), "asyncio.gather"));
    CHECK(has(lineAt(p, p.lines.created), "trace(\"created\", i)"));
    CHECK(has(lineAt(p, p.lines.asyncioRun), "asyncio.run(main())"));
    CHECK(p.lines.arrive == 0);
    CHECK(p.lines.waitFor == 0);
    CHECK(p.lines.stepCpu == 0);
    // The lesson comes first, the harness after it.
    CHECK(p.lines.main < p.lines.harness);
    CHECK(p.lines.acquire < p.lines.running);
    CHECK(p.line("acquire") == p.lines.acquire);
    CHECK(p.line("no such anchor") == 0);
    CHECK(cs::pythonProgram(s) == p.text);
}

TEST_CASE("every step kind, option and pitfall gets its own line", "[codegen]") {
    const auto s = load(R"("tasks": [
        {"steps": [{"io": 1}, {"cpu": 0.5}, {"thread": 1}, {"process": 2}, {"increment": 0.1}, {"raise": "BoomError"}],
         "arrive": 0.25, "timeout": 3, "ignore_cancel": true},
        {"steps": [{"call": 1}], "forget_release": true},
        {"steps": [{"io": 1}], "release_twice": true}],
        "limit": {"kind": "bounded_semaphore", "value": 2},
        "service": {"capacity": 2, "queue_limit": 1},
        "executor": {"max_workers": 3}, "process_pool": {"max_workers": 1},
        "counter": {"lock": true})");
    const cs::PythonProgram p = cs::pythonProgramWithLines(s);
    CHECK(has(p.text, "sem = asyncio.BoundedSemaphore(2)"));
    CHECK(has(p.text, "pool = ThreadPoolExecutor(max_workers=3)"));
    CHECK(has(p.text, "process_pool = ProcessPoolExecutor(max_workers=1)"));
    CHECK(has(p.text, "service = Service(capacity=2, queue_limit=1)"));
    CHECK(has(p.text, "class BoomError(Exception):"));
    CHECK(has(p.text, "(\"raise\", BoomError)"));
    CHECK(has(p.text, "lock = asyncio.Lock()"));
    CHECK(has(lineAt(p, p.lines.arrive), "await asyncio.sleep(task[\"arrive\"])"));
    CHECK(has(lineAt(p, p.lines.waitFor), "asyncio.wait_for(job(i), timeout)"));
    CHECK(has(lineAt(p, p.lines.acquireByHand), "await sem.acquire()"));
    CHECK(has(lineAt(p, p.lines.releaseTwice), "sem.release()"));
    CHECK(has(lineAt(p, p.lines.swallowCancel), "swallowed cancel"));
    CHECK(has(lineAt(p, p.lines.stepCpu), "time.sleep(arg)"));
    CHECK(has(lineAt(p, p.lines.stepThread), "run_in_executor(pool, time.sleep, arg)"));
    CHECK(has(lineAt(p, p.lines.stepProcess), "run_in_executor(process_pool, burn_cpu, arg)"));
    CHECK(has(lineAt(p, p.lines.stepCall), "await service.call(arg)"));
    CHECK(has(lineAt(p, p.lines.stepIncrement), "await increment(arg)"));
    CHECK(has(lineAt(p, p.lines.stepRaise), "raise arg("));
    CHECK(has(lineAt(p, p.lines.counterLock), "async with lock:"));
    CHECK(has(lineAt(p, p.lines.counterAwait), "await asyncio.sleep(d)"));
    CHECK(has(p.text, "trace(\"counter\", value=counter, expected=increments)"));
    // The tasks run through runner(i) (wait_for) everywhere.
    CHECK(has(lineAt(p, p.lines.createTasks), "runner(i)"));
}

TEST_CASE("limiters and collectors are written out", "[codegen]") {
    struct Case {
        std::string body;
        std::vector<std::string> expected;
    };
    const std::string T = R"("tasks": [{"steps": [{"io": 1}]}, {"steps": [{"io": 2}]}])";
    const std::vector<Case> cases = {
        {T + R"(, "limit": {"kind": "semaphore_per_task", "value": 2})", {"sem = asyncio.Semaphore(2)   # BUG"}},
        {T + R"(, "limit": {"kind": "semaphore", "value": 2, "schedule": [{"at": 1.5, "value": 4}]})",
         {"class ResizableSemaphore(asyncio.Semaphore):", "sem = ResizableSemaphore(2)", "SCHEDULE = [(1.5, 4)]",
          "loop.call_at(start + at, sem.resize, value)"}},
        {T + R"(, "limit": {"kind": "adaptive", "initial": 1, "min": 1, "max": 8, "latency_target": 0.75})",
         {"class Aimd:", "aimd = Aimd(sem, minimum=1, maximum=8, latency_target=0.75)", "aimd.ended(i, failed=True)"}},
        {T + R"(, "limit": {"kind": "rate", "max_at_once": 3, "max_per_second": 2})",
         {"limiter = RateLimiter(max_at_once=3, max_per_second=2.0)", "async with limiter:",
          // (its slot wait is a moment of the trace, the engine's slot_wait: python program agrees: rate-*)
          "trace(\"slot_wait\", asyncio.current_task())"}},
        {T + R"(, "limit": {"kind": "rate", "max_per_second": 4})",
         {"RateLimiter(max_at_once=None, max_per_second=4.0)", "trace(\"slot_wait\", asyncio.current_task())"}},
        {T + R"(, "limit": {"kind": "connector", "value": 3})",
         {"class Connector:", "connector = Connector(limit=3)", "async with connector:"}},
        {T + R"(, "limit": {"kind": "scheduler", "limit": 2, "pending_limit": 1})",
         {"class Scheduler:", "scheduler = Scheduler(limit=2, pending_limit=1)", "await scheduler.spawn(job(i))",
          "await scheduler.wait_idle()"}},
        {T + R"(, "limit": {"kind": "queue", "workers": 3, "maxsize": 2})",
         {"async def worker(q):", "q = asyncio.Queue(maxsize=2)", "await q.join()", "q.task_done()"}},
        {T + R"(, "limit": {"kind": "manual", "value": 2})", {"return_when=asyncio.FIRST_COMPLETED", "pending.add(start(next_i))"}},
        {T + R"(, "limit": {"kind": "chunks", "size": 2})", {"await asyncio.gather(*chunk, return_exceptions=True)"}},
        {T + R"(, "collect": {"kind": "gather", "return_exceptions": true})", {"asyncio.gather(*tasks, return_exceptions=True)"}},
        {T + R"(, "collect": {"kind": "wait", "return_when": "FIRST_EXCEPTION", "timeout": 1.5, "on_return": "cancel"})",
         {"asyncio.wait(tasks, timeout=1.5, return_when=asyncio.FIRST_EXCEPTION)", "task.cancel()"}},
        {T + R"(, "collect": {"kind": "as_completed", "timeout": 2})", {"asyncio.as_completed(tasks, timeout=2.0)"}},
        {T + R"(, "collect": {"kind": "taskgroup"})", {"async with asyncio.TaskGroup() as tg:", "tg.create_task(job(i))"}},
        {T + R"(, "collect": {"kind": "sequential"})", {"        await job(i)"}},
    };
    for (const Case& c : cases) {
        INFO(c.body);
        const cs::PythonProgram p = cs::pythonProgramWithLines(load(c.body));
        for (const std::string& e : c.expected) {
            INFO(e);
            CHECK(has(p.text, e));
        }
        CHECK(p.lines.collect > 0);
        CHECK(p.lines.collected > 0);
    }
}

TEST_CASE("exception names never take over the program's own names", "[codegen]") {
    const auto s = load(R"("tasks": [{"steps": [{"raise": "ValueError"}, {"raise": "print"}, {"raise": "sem"},
        {"raise": "class"}, {"raise": "KeyboardInterrupt"}, {"raise": "MyError"}, {"raise": "_private"}]}])");
    const std::string text = cs::pythonProgram(s);
    CHECK_FALSE(has(text, "class ValueError"));              // a builtin is used as is
    CHECK(has(text, "class MyError(Exception):"));
    CHECK(has(text, "= type(\"print\", (Exception,), {})"));  // would shadow print()
    CHECK(has(text, "= type(\"sem\", (Exception,), {})"));
    CHECK(has(text, "= type(\"class\", (Exception,), {})"));  // a keyword
    CHECK(has(text, "= type(\"KeyboardInterrupt\", (Exception,), {})"));
    CHECK(has(text, "= type(\"_private\", (Exception,), {})"));
    CHECK_FALSE(has(text, "class print("));
    CHECK_FALSE(has(text, "class KeyboardInterrupt("));
}

TEST_CASE("titles and descriptions become comments, whatever they contain", "[codegen]") {
    const auto s = load(R"("title": "Three \"quotes\"\u0007 and a\nnewline", "description": "line 1\n\n\"\"\" line 3\r\n",
                           "tasks": [])");
    const cs::PythonProgram p = cs::pythonProgramWithLines(s);
    const auto lines = linesOf(p.text);
    // Before the first import, every line is a comment or blank.
    for (const std::string& l : lines) {
        if (l.rfind("import", 0) == 0) break;
        CHECK((l.empty() || l[0] == '#'));
    }
    CHECK(has(p.text, "# line 1"));
    CHECK(has(p.text, "# \"\"\" line 3"));
    CHECK(has(p.text, "DURATIONS = []"));
}

TEST_CASE("tasks without steps still make a valid loop body", "[codegen]") {
    const std::string text = cs::pythonProgram(load(R"("tasks": [{"steps": [], "timeout": 0.5}])"));
    CHECK(has(text, "    for kind, arg in steps:\n        pass"));
}
