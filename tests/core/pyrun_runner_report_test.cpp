#include <catch2/catch.hpp>

#include "pyrun/runner_report.h"

using cs::RunnerReport;

TEST_CASE("runner report: meta names the interpreter") {
    RunnerReport r;
    CHECK(r.addLine(R"({"t": 0.0, "ev": "meta", "python": "3.11.7", "executable": "/x/python3", "clock": "virtual"})"));
    CHECK(r.hasMeta());
    CHECK(r.python() == "3.11.7");
    CHECK(r.executable() == "/x/python3");
    CHECK(r.cpus() == 0);  // not said
    RunnerReport v;
    CHECK(v.addLine(R"({"t": 0.0, "ev": "meta", "python": "3.11.7", "clock": "virtual", "cpus": 4})"));
    CHECK(v.cpus() == 4);
}

TEST_CASE("runner report: task events and unknown kinds are left to the trace reader") {
    RunnerReport r;
    CHECK_FALSE(r.addLine(R"({"t": 0.0, "ev": "created", "task": 0, "name": "Task-2"})"));
    CHECK_FALSE(r.addLine(R"({"t": 0.0, "ev": "permits", "value": 1})"));
    CHECK_FALSE(r.addLine("not json"));
    CHECK_FALSE(r.addLine(""));
    CHECK_FALSE(r.hasMeta());
    CHECK(r.problem().empty());
}

TEST_CASE("runner report: an escaped exception is one line naming file and line") {
    RunnerReport r;
    r.addLine(R"({"t": 4.0, "ev": "error", "exc": "ValueError", "message": "boom 3", "file": "p1.py", "line": 8, "traceback": "T"})");
    REQUIRE(r.error());
    CHECK(r.error()->place.line == 8);
    CHECK(r.error()->traceback == "T");
    CHECK(r.problem() == "p1.py:8: ValueError: boom 3");
    CHECK(r.problem("dir/sub") == "dir/sub/p1.py:8: ValueError: boom 3");
}

TEST_CASE("runner report: a syntax error keeps its column") {
    RunnerReport r;
    r.addLine(R"({"t": 0.0, "ev": "error", "exc": "SyntaxError", "message": "invalid syntax", "file": "s.py", "line": 2, "column": 16})");
    REQUIRE(r.error());
    CHECK(r.error()->column == 16);
    CHECK(r.problem() == "s.py:2: SyntaxError: invalid syntax");
}

TEST_CASE("runner report: a stop wins over an error and says stopped") {
    RunnerReport r;
    r.addLine(R"({"t": 1.0, "ev": "stopped", "reason": "real_io", "message": "a DNS lookup is real I/O", "file": "sock.py", "line": 4})");
    REQUIRE(r.stopped());
    CHECK(r.stopped()->reason == "real_io");
    CHECK(r.problem() == "sock.py:4: stopped: a DNS lookup is real I/O");
}

TEST_CASE("runner report: a stop without a place is still one line") {
    RunnerReport r;
    r.addLine(R"({"t": 1.0, "ev": "stopped", "reason": "deadlock", "message": "still stuck"})");
    CHECK(r.problem() == "stopped: still stuck");
}

TEST_CASE("runner report: output and warnings are kept in order with their task and line") {
    RunnerReport r;
    r.addLine(R"({"t": 0.0, "ev": "output", "stream": "stdout", "text": "worker 0\n", "task": 0})");
    r.addLine(R"({"t": 0.5, "ev": "output", "stream": "stderr", "text": "oops\n"})");
    r.addLine(R"({"t": 0.5, "ev": "warning", "kind": "never_awaited", "message": "coroutine 'f' was never awaited", "file": "w.py", "line": 5, "task": 3})");
    REQUIRE(r.outputs().size() == 2);
    CHECK(r.outputs()[0].text == "worker 0\n");
    CHECK(r.outputs()[0].task == 0);
    CHECK_FALSE(r.outputs()[0].stderrStream);
    CHECK(r.outputs()[1].stderrStream);
    CHECK(r.outputs()[1].task == -1);
    REQUIRE(r.warnings().size() == 1);
    CHECK(r.warnings()[0].kind == "never_awaited");
    CHECK(r.warnings()[0].place.text() == "w.py:5");
    CHECK(r.warnings()[0].task == 3);
}

TEST_CASE("runner report: a deadlock among threads keeps each thread's call, line and lock holder") {
    RunnerReport r;
    r.addLine(R"j({"t": 0.2, "ev": "warning", "kind": "thread_deadlock", "message": "threads wait for each other )j"
              R"j(for ever", "file": "p.py", "line": 11, "threads": [{"thread": "asyncio_1", "call": )j"
              R"j("threading.Lock.acquire()", "line": 11, "holder": "asyncio_0"}, {"thread": "asyncio_0", "call": )j"
              R"j("threading.Lock.acquire()", "line": 9, "holder": "asyncio_1"}]})j");
    REQUIRE(r.warnings().size() == 1);
    const cs::RunnerWarning& w = r.warnings()[0];
    CHECK(w.kind == "thread_deadlock");
    REQUIRE(w.threads.size() == 2);
    CHECK(w.threads[0].thread == "asyncio_1");
    CHECK(w.threads[0].call == "threading.Lock.acquire()");
    CHECK(w.threads[0].line == 11);
    CHECK(w.threads[0].holder == "asyncio_0");
    CHECK(w.threads[1].line == 9);
    CHECK(w.threads[1].holder == "asyncio_1");
}

TEST_CASE("runner report: a malformed line of a runner kind is ignored") {
    RunnerReport r;
    CHECK_FALSE(r.addLine(R"({"t": 0.0, "ev": "error", "exc": )"));
    CHECK_FALSE(r.error());
}

TEST_CASE("runner report: a run cut short without a word from the runner says how its process ended") {
    // A meta line, task lines, then nothing: no "end", no "stopped" (a C
    // extension's SIGSEGV, the OOM killer's SIGKILL).
    RunnerReport r;
    r.addLine(R"({"t": 0.0, "ev": "meta", "python": "3.11.7", "executable": "/x/python3", "program": "/tmp/run-1/crash.py"})");
    r.addLine(R"({"t": 1.0, "ev": "done", "task": 0, "name": "Task-2"})");
    CHECK(r.cutShort());
    r.processEnded(-1, 11);
    CHECK(r.problem() == "crash.py: stopped: the Python process was killed by SIGSEGV before the program ended "
                         "(the trace has no \"end\" line: the run up to its last line)");
    CHECK(r.problem("dir") == "dir/crash.py: stopped: the Python process was killed by SIGSEGV before the program "
                              "ended (the trace has no \"end\" line: the run up to its last line)");
    r.processEnded(7, 0);
    CHECK(r.problem() == "crash.py: stopped: the Python process ended with status 7 before the program ended "
                         "(the trace has no \"end\" line: the run up to its last line)");
    // With its end line, or the runner's stop, the run was not cut short.
    RunnerReport ended = r;
    ended.addLine(R"({"t": 1.0, "ev": "end", "outcome": "ok"})");
    CHECK(ended.ended());
    CHECK_FALSE(ended.cutShort());
    CHECK(ended.problem().empty());
    RunnerReport stopped = r;
    stopped.addLine(R"j({"t": 1.5, "ev": "stopped", "reason": "exit", "message": "os._exit(3)"})j");
    CHECK_FALSE(stopped.cutShort());
    CHECK(stopped.problem() == "stopped: os._exit(3)");
    // Before the program began (no meta) it is the runner's own refusal.
    RunnerReport none;
    none.processEnded(-1, 9);
    CHECK_FALSE(none.cutShort());
    CHECK(none.problem().empty());
}
