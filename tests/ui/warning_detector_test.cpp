#include <catch2/catch.hpp>

#include "i18n/language.h"
#include "live/session.h"
#include "panels/warning_detector.h"
#include "fixtures.h"

using namespace cs;
using namespace cs::ui;

namespace {
std::vector<Warning> warningsOf(const Scenario& sc) {
    Session s;
    s.load(sc);
    s.advanceTo(1e9);
    return detectWarnings(s.run(), s.scenario());
}

// The warnings a shown trace's program line has (in the language installed now).
std::vector<Warning> warningsOnLine(const Session& s, int line) {
    std::vector<Warning> out;
    for (const Warning& w : detectWarnings(s.run(), s.scenario()))
        if (w.line == line) out.push_back(w);
    return out;
}

bool has(const std::vector<Warning>& ws, const char* needle, Warning::Severity sev) {
    for (const Warning& w : ws)
        if (w.title.contains(QLatin1String(needle)) && w.severity == sev) return true;
    return false;
}
}  // namespace

TEST_CASE("a blocking call over 100 ms is reported with its task and instant") {
    const auto ws = warningsOf(test::bundled("11-blocking-call-freezes-loop"));
    REQUIRE(has(ws, "blocked the event loop", Warning::Severity::Warning));
    for (const Warning& w : ws)
        if (w.title.contains(QLatin1String("blocked"))) {
            CHECK(w.task == 1);
            CHECK(w.t == 0.0);
        }
}

TEST_CASE("a forgotten release is reported as a deadlock") {
    const auto ws = warningsOf(test::bundled("17-forgotten-release-deadlock"));
    CHECK(has(ws, "deadlocked", Warning::Severity::Error));
    CHECK(has(ws, "ended without releasing its permit", Warning::Severity::Error));
}

TEST_CASE("a swallowed CancelledError and a per-task semaphore are reported") {
    CHECK(has(warningsOf(test::bundled("18-swallowed-cancel")), "swallowed CancelledError", Warning::Severity::Warning));
    CHECK(has(warningsOf(test::bundled("16-semaphore-made-per-task")), "limits nothing", Warning::Severity::Warning));
}

TEST_CASE("service rejections are counted by status") {
    const auto ws = warningsOf(test::bundled("21-service-overloaded"));
    CHECK(has(ws, "rejected", Warning::Severity::Warning));
}

TEST_CASE("a clean run has no warnings") {
    CHECK(warningsOf(test::semaphoreScenario(6, 2)).empty());
}

TEST_CASE("a pool job ended during a blocking call is worded with how late the loop took it, and when") {
    const LoadResult r = parseScenario(R"({"format": "coroscope-scenario/1", "executor": {"max_workers": 1},
        "tasks": [{"steps": [{"io": 0.0}, {"cpu": 0.6}]}, {"steps": [{"thread": 0.4}]}, {"steps": [{"thread": 0.4}]}]})");
    REQUIRE(r.ok());
    const auto ws = warningsOf(*r.scenario);
    REQUIRE(has(ws, "Task 1's thread job ended during a blocking call", Warning::Severity::Info));
    for (const Warning& w : ws)
        if (w.title.contains(QLatin1String("thread job"))) {
            CHECK(w.task == 1);
            CHECK(w.t == Approx(0.6));
            CHECK(w.detail.contains(QLatin1String("finished 200 ms before")));
            CHECK(w.detail.contains(QLatin1String("(at 0.600 s)")));
        }
}

TEST_CASE("a recorded program's semaphores that one task alone used are worded as the pitfall") {
    const auto word = [](std::int64_t priv, std::int64_t made) {
        RunWarning w;
        w.kind = RunWarning::Kind::PrivateSemaphores;
        w.count = priv;
        w.value = made;
        return wordWarning(w);
    };
    CHECK(word(8, 8).title == QStringLiteral("Each of the 8 semaphores and locks was used by one task only"));
    CHECK(word(4, 5).title == QStringLiteral("4 of the 5 semaphores and locks were each used by one task only"));
    CHECK(word(4, 5).detail.contains(QStringLiteral("limits nothing")));
}

TEST_CASE("a recorded program's semaphore held past its size is named as the timeline names it") {
    RunWarning w;
    w.kind = RunWarning::Kind::PermitsAboveLimit;
    w.count = 3;
    w.value = 2;
    CHECK(wordWarning(w).title == QStringLiteral("Up to 3 tasks held the semaphore at once: it has 2 permits"));
    // One of several told apart: its number, class, size and line, as the Permits track's band says.
    w.primitive = 1;
    w.name = "Semaphore";
    w.line = 12;
    CHECK(wordWarning(w).title == QStringLiteral("Up to 3 tasks held #2 Semaphore(2), line 12 at once: it has 2 permits"));
    w.line = 0;  // made outside the program's own file
    CHECK(wordWarning(w).title == QStringLiteral("Up to 3 tasks held #2 Semaphore(2) at once: it has 2 permits"));
    // A gate of one widened by hand: "1 permit", not "1 permits".
    w.value = 1;
    w.count = 2;
    CHECK(wordWarning(w).title == QStringLiteral("Up to 2 tasks held #2 Semaphore(1) at once: it has 1 permit"));
    w.primitive = -1;
    CHECK(wordWarning(w).title == QStringLiteral("Up to 2 tasks held the semaphore at once: it has 1 permit"));
}

TEST_CASE("a permit held while waiting for another is worded with both semaphores as the timeline names them") {
    RunWarning w;
    w.kind = RunWarning::Kind::HeldWhileWaiting;
    w.severity = RunWarning::Severity::Info;
    w.count = 2;
    w.value = 0;      // held #1
    w.primitive = 1;  // waited for #2
    w.seconds = 2.0;
    // Without the run: their numbers.
    CHECK(wordWarning(w).title ==
          QStringLiteral("2 tasks held a permit of #1 while they waited for #2, up to 2.00 s each"));
    // With it: their class, size and line.
    cs::RunConfig config;
    config.primitives = {cs::PrimitiveInfo{"Semaphore", 4, 27, {}}, cs::PrimitiveInfo{"Semaphore", 2, 28, {}}};
    const cs::RunModel run(config);
    const Warning worded = wordWarning(w, &run);
    CHECK(worded.title == QStringLiteral("2 tasks held a permit of #1 Semaphore(4), line 27 while they waited for "
                                         "#2 Semaphore(2), line 28, up to 2.00 s each"));
    CHECK(worded.detail.contains(QStringLiteral("tasks that need only #1 Semaphore(4), line 27 queue behind it")));
    CHECK(worded.severity == Warning::Severity::Info);
    w.count = 1;
    CHECK(wordWarning(w).title == QStringLiteral("A task held a permit of #1 while it waited 2.00 s for #2"));
}

TEST_CASE("a tie of timers the virtual clock made is a note on its line and instant, saying what a real clock does") {
    RunWarning w;
    w.kind = RunWarning::Kind::ProgramWarning;
    w.severity = RunWarning::Severity::Info;  // as RunWarnings gives it (run_warnings_test)
    w.name = "timer_tie";
    w.message = "timers due at the same virtual instant ran out of the order they were set in";
    w.line = 4;
    w.t = 1.0;
    w.task = 1;
    const Warning shown = wordWarning(w);
    CHECK(shown.severity == Warning::Severity::Info);
    CHECK(shown.title == QStringLiteral("Line 4: timers due at the same virtual instant ran out of the order they "
                                        "were set in (1.000 s)"));
    CHECK(shown.line == 4);
    CHECK(shown.task == 1);
    CHECK(shown.detail.contains(QLatin1String("On a real clock the one set first is due a few microseconds earlier")));
}

TEST_CASE("a recorded program's task is named in a warning as its lane reads: its id and its name") {
    Session s;
    test::showTrace(s, R"({"t": 0.0, "ev": "meta", "clock": "virtual", "acquires": true}
{"t": 0.0, "ev": "limit", "value": 2}
{"t": 0.0, "ev": "created", "task": 0, "name": "Task-2"}
{"t": 0.0, "ev": "created", "task": 1, "name": "stubborn"}
{"t": 0.0, "ev": "request", "task": 0, "name": "Task-2"}
{"t": 0.0, "ev": "running", "task": 0, "name": "Task-2"}
{"t": 0.0, "ev": "release", "task": 0, "woke": -1, "name": "Task-2"}
{"t": 0.3, "ev": "release", "task": 0, "woke": -1, "name": "Task-2"}
{"t": 0.3, "ev": "done", "task": 0, "name": "Task-2"}
{"t": 0.5, "ev": "done", "task": 1, "note": "swallowed cancel", "name": "stubborn"}
{"t": 0.5, "ev": "end", "outcome": "ok"}
)");
    const std::vector<Warning> ws = detectWarnings(s.run(), s.scenario());
    QStringList titles;
    for (const Warning& w : ws) titles << w.title;
    INFO(titles.join(QLatin1Char('\n')).toStdString());
    CHECK(titles.contains(QStringLiteral("Task 1 (stubborn) swallowed CancelledError")));
    CHECK(titles.contains(QStringLiteral("Task 0 (Task-2) released the semaphore once more than it acquired it: at "
                                         "0.300 s it held no permit to give back")));
    // A scenario's tasks have no names: the id alone.
    CHECK(has(warningsOf(test::bundled("17-forgotten-release-deadlock")), "Task 0 ended without releasing",
              Warning::Severity::Error));
}

TEST_CASE("a timer tie of two threads' time.sleep() names the threads and whose pool jobs they run") {
    // What the virtual runner writes when pool jobs sleeping alike end out
    // of the order they began (run_in_executor from main(); a thread of the
    // program's own, which runs no job): it said "main()'s timer ran before
    // main()'s timer".
    const std::string trace =
        R"({"t": 0.0, "ev": "meta", "clock": "virtual"}
{"t": 0.2, "ev": "warning", "kind": "timer_tie", "message": "timers due at the same virtual instant ran out of )"
        R"(the order they were set in: the time.sleep() of main()'s job in thread asyncio_2 ran before the )"
        R"(time.sleep() of thread sensor, set earlier; on a real clock the one set first is due a little earlier and )"
        R"(runs first, so from here on this run's order can differ from real CPython's", "ran": {"main": true, )"
        R"("thread": "asyncio_2"}, "before": {"thread": "sensor"}}
{"t": 0.4, "ev": "end", "outcome": "ok"}
)";
    Session s;
    test::showTrace(s, trace);
    const auto said = [&] {
        QString out;
        for (const Warning& w : detectWarnings(s.run(), s.scenario())) out += w.title;
        return out;
    };
    CHECK(said().contains(QStringLiteral("the time.sleep() of main()'s job in thread asyncio_2 ran before the "
                                         "time.sleep() of thread sensor, set earlier")));
    REQUIRE(Language::install(QStringLiteral("zh_CN")) == QStringLiteral("zh_CN"));
    const QString zh = said();
    Language::install(QStringLiteral("en"));
    CHECK_FALSE(zh.contains(QLatin1String("ran before")));
    CHECK(zh.contains(QStringLiteral("线程 asyncio_2 中 main() 的作业的 time.sleep()")));
    CHECK(zh.contains(QStringLiteral("线程 sensor 的 time.sleep()")));
}

TEST_CASE("a timer tie of two tasks with no lane (a Queue's idle workers) names them, not main()") {
    const test::EnglishAfter english;
    // What the virtual runner writes when two workers' wait_for(q.get(), 0.35)
    // time out out of the order they were set in (workers between items have
    // no lane): it said "main()'s timer ran before main()'s timer".
    const std::string trace =
        R"({"t": 0.0, "ev": "meta", "clock": "virtual"}
{"t": 0.35, "ev": "warning", "kind": "timer_tie", "message": "timers due at the same virtual instant ran out of )"
        R"(the order they were set in: Task-7's timer (a task with no lane) ran before Task-6's timer (a task with )"
        R"(no lane), set earlier", "file": "p.py", "line": 6, "ran": {"name": "Task-7"}, "before": {"name": "Task-6"}}
{"t": 0.4, "ev": "end", "outcome": "ok"}
)";
    Session s;
    test::showTrace(s, trace);
    const auto said = [&] {
        QString out;
        for (const Warning& w : detectWarnings(s.run(), s.scenario())) out += w.title;
        return out;
    };
    const QString en = said();
    CHECK(en.contains(QStringLiteral("Task-7's timer (a task with no lane) ran before Task-6's timer (a task with no "
                                     "lane), set earlier")));
    CHECK_FALSE(en.contains(QLatin1String("main()")));
    CHECK_FALSE(en.contains(QLatin1String("callback")));
    REQUIRE(Language::install(QStringLiteral("zh_CN")) == QStringLiteral("zh_CN"));
    const QString zh = said();
    CHECK_FALSE(zh.contains(QLatin1String("ran before")));
    CHECK_FALSE(zh.contains(QLatin1String("no lane")));
    CHECK(zh.contains(QStringLiteral("Task-7")));
    CHECK(zh.contains(QStringLiteral("Task-6")));
    CHECK_FALSE(zh.contains(QLatin1String("main()")));
}

TEST_CASE("the runner's deadlock and timer-tie notes are worded from their data, in the app's language") {
    const test::EnglishAfter english;
    // What the virtual runner writes (a forgotten release: two tasks wait;
    // timers tied at 0.5): the English message and the same facts as data.
    const std::string deadlock =
        R"({"t": 0.2, "ev": "warning", "kind": "deadlock", "message": "nothing can happen any more: every task )"
        R"(waits (task 1 (Task-3) at line 4, task 2 (Task-4) at line 4); interrupted as Ctrl-C would", )"
        R"("file": "p.py", "line": 4, "waiting": [{"task": 1, "name": "Task-3", "line": 4}, )"
        R"({"task": 2, "name": "Task-4", "line": 4}], "more": 0})";
    const std::string tie =
        R"({"t": 0.5, "ev": "warning", "kind": "timer_tie", "message": "timers due at the same virtual instant )"
        R"(ran out of the order they were set in: task 3's timer (Task-5) ran before task 2's timer (Task-4), set )"
        R"(earlier; on a real clock the one set first is due a little earlier and runs first, so from here on this )"
        R"(run's order can differ from real CPython's", "file": "p.py", "line": 8, "ran": {"task": 3, "name": )"
        R"("Task-5"}, "before": {"task": 2, "name": "Task-4"}, "task": 2})";
    const std::string trace = R"({"t": 0.0, "ev": "meta", "clock": "virtual"}
{"t": 0.0, "ev": "created", "task": 0, "name": "Task-2"}
{"t": 0.0, "ev": "created", "task": 1, "name": "Task-3"}
{"t": 0.0, "ev": "created", "task": 2, "name": "Task-4"}
{"t": 0.0, "ev": "created", "task": 3, "name": "Task-5"}
)" + deadlock + "\n" + tie + "\n" + R"({"t": 0.6, "ev": "end", "outcome": "deadlock"}
)";
    Session s;
    test::showTrace(s, trace);
    const auto titles = [&] {
        QStringList out;
        for (const Warning& w : detectWarnings(s.run(), s.scenario()))
            if (w.line > 0) out << w.title;
        return out;
    };
    // In English, as the runner said it.
    const QStringList en = titles();
    REQUIRE(en.size() == 2);
    CHECK(en.contains(QStringLiteral("Line 4: nothing can happen any more: every task waits (task 1 (Task-3) at "
                                     "line 4, task 2 (Task-4) at line 4); interrupted as Ctrl-C would (0.200 s)")));
    CHECK(en.contains(QStringLiteral("Line 8: timers due at the same virtual instant ran out of the order they were "
                                     "set in: task 3's timer (Task-5) ran before task 2's timer (Task-4), set "
                                     "earlier; on a real clock the one set first is due a little earlier and runs "
                                     "first, so from here on this run's order can differ from real CPython's "
                                     "(0.500 s)")));
    // In Chinese, no English sentence left: the names and lines kept.
    REQUIRE(Language::install(QStringLiteral("zh_CN")) == QStringLiteral("zh_CN"));
    const QStringList zh = titles();
    REQUIRE(zh.size() == 2);
    for (const QString& t : zh) {
        INFO(t.toStdString());
        CHECK_FALSE(t.contains(QLatin1String("nothing can happen")));
        CHECK_FALSE(t.contains(QLatin1String("timers due")));
        CHECK_FALSE(t.contains(QLatin1String("'s timer")));
    }
    CHECK(zh.join(QString()).contains(QStringLiteral("任务 1（Task-3）在第 4 行")));
    CHECK(zh.join(QString()).contains(QStringLiteral("任务 3 的计时器（Task-5）")));
}

TEST_CASE("a deadlock among threads is a warning worded from its data, in both languages") {
    const test::EnglishAfter english;
    // What the virtual runner writes when two pool threads take two locks in
    // opposite orders (the loop runs on), and when one takes its own Lock again.
    const std::string trace =
        R"j({"t": 0.0, "ev": "meta", "clock": "virtual"}
{"t": 0.0, "ev": "created", "task": 0, "name": "Task-2"}
{"t": 0.2, "ev": "warning", "kind": "thread_deadlock", "message": "threads wait for each other for ever: )j"
        R"j(asyncio_1 waits in threading.Lock.acquire() at line 11 (held by asyncio_0); asyncio_0 waits in )j"
        R"j(threading.Lock.acquire() at line 9 (held by asyncio_1); none of them can ever go on", "file": "p.py", )j"
        R"j("line": 11, "threads": [{"thread": "asyncio_1", "call": "threading.Lock.acquire()", "line": 11, )j"
        R"j("holder": "asyncio_0"}, {"thread": "asyncio_0", "call": "threading.Lock.acquire()", "line": 9, )j"
        R"j("holder": "asyncio_1"}]}
{"t": 0.3, "ev": "warning", "kind": "thread_deadlock", "message": "a thread waits for ever: asyncio_2 waits in )j"
        R"j(threading.Lock.acquire() at line 20 (held by asyncio_2 itself); it can never go on", "file": "p.py", )j"
        R"j("line": 20, "threads": [{"thread": "asyncio_2", "call": "threading.Lock.acquire()", "line": 20, )j"
        R"j("holder": "asyncio_2"}]}
{"t": 1.0, "ev": "end", "outcome": "ok"}
)j";
    Session s;
    test::showTrace(s, trace);
    const std::vector<Warning> en = warningsOnLine(s, 11);
    REQUIRE(en.size() == 1);
    CHECK(en[0].severity == Warning::Severity::Warning);
    CHECK(en[0].title == QStringLiteral("Line 11: threads wait for each other for ever: asyncio_1 waits in "
                                       "threading.Lock.acquire() at line 11 (held by asyncio_0); asyncio_0 waits in "
                                       "threading.Lock.acquire() at line 9 (held by asyncio_1); none of them can "
                                       "ever go on (0.200 s)"));
    CHECK(en[0].detail.contains(QLatin1String("Take the locks in one order everywhere")));
    const std::vector<Warning> own = warningsOnLine(s, 20);
    REQUIRE(own.size() == 1);
    CHECK(own[0].title == QStringLiteral("Line 20: a thread waits for ever: asyncio_2 waits in "
                                         "threading.Lock.acquire() at line 20 (held by asyncio_2 itself); it can "
                                         "never go on (0.300 s)"));
    REQUIRE(Language::install(QStringLiteral("zh_CN")) == QStringLiteral("zh_CN"));
    const std::vector<Warning> zh = warningsOnLine(s, 11);
    REQUIRE(zh.size() == 1);
    INFO(zh[0].title.toStdString());
    CHECK_FALSE(zh[0].title.contains(QLatin1String("waits")));
    CHECK_FALSE(zh[0].detail.contains(QLatin1String("lock")));
    CHECK(zh[0].title.contains(QStringLiteral("asyncio_1")));
    CHECK(zh[0].title.contains(QStringLiteral("threading.Lock.acquire()")));
    CHECK_FALSE(warningsOnLine(s, 20)[0].title.contains(QLatin1String("itself")));
}

TEST_CASE("a clock tie (a deadline computed from the clock) is told from its data, as information, in both languages") {
    const test::EnglishAfter english;
    // What the virtual runner writes for a hand-made rate limiter: task 3
    // sleeps until its slot (set from loop.time()), due with task 0's
    // sleep(0.75), set earlier; real CPython ran task 3 first.
    const std::string trace =
        R"({"t": 0.0, "ev": "meta", "clock": "virtual"}
{"t": 0.0, "ev": "created", "task": 0, "name": "Task-2"}
{"t": 0.0, "ev": "created", "task": 3, "name": "Task-5"}
{"t": 0.75, "ev": "warning", "kind": "clock_tie", "message": "timers set at different instants fall due at the )"
        R"(same virtual instant, and task 3's timer (Task-5) was set from a reading of the clock", "file": "p.py", )"
        R"("line": 14, "first": {"task": 0, "name": "Task-2"}, "second": {"task": 3, "name": "Task-5", )"
        R"("computed": true}, "task": 3}
{"t": 1.0, "ev": "end", "outcome": "ok"}
)";
    Session s;
    test::showTrace(s, trace);
    const auto ties = [&] { return warningsOnLine(s, 14); };
    const std::vector<Warning> en = ties();
    REQUIRE(en.size() == 1);
    CHECK(en[0].severity == Warning::Severity::Info);
    CHECK(en[0].title.startsWith(QStringLiteral("Line 14: timers set at different instants fall due at the same "
                                                "virtual instant, and task 3's timer (Task-5) was set from a reading "
                                                "of the clock (a delay such as `deadline - loop.time()`): task 0's "
                                                "timer (Task-2) ran first, then task 3's timer (Task-5);")));
    CHECK(en[0].detail.contains(QStringLiteral("rate limiter")));
    REQUIRE(Language::install(QStringLiteral("zh_CN")) == QStringLiteral("zh_CN"));
    const std::vector<Warning> zh = ties();
    REQUIRE(zh.size() == 1);
    CHECK_FALSE(zh[0].title.contains(QLatin1String("ran first")));
    CHECK_FALSE(zh[0].detail.contains(QLatin1String("rate limiter")));
}

TEST_CASE("timers set at different instants that fall due at one are told as a tie, in both languages") {
    const test::EnglishAfter english;
    // What the virtual runner writes for `sleep(1.5)` at 0 and `sleep(0.5)`
    // at 1.0: one loop iteration here, usually two on a real clock.
    const std::string trace =
        R"({"t": 0.0, "ev": "meta", "clock": "virtual"}
{"t": 0.0, "ev": "created", "task": 0, "name": "Task-2"}
{"t": 0.0, "ev": "created", "task": 1, "name": "Task-3"}
{"t": 1.5, "ev": "warning", "kind": "instant_tie", "message": "timers set at different instants fall due at the )"
        R"(same virtual instant and ran in one loop iteration", "file": "p.py", "line": 13, )"
        R"("first": {"task": 0, "name": "Task-2"}, "second": {"task": 1, "name": "Task-3"}, "task": 1}
{"t": 1.5, "ev": "end", "outcome": "ok"}
)";
    Session s;
    test::showTrace(s, trace);
    const auto ties = [&] { return warningsOnLine(s, 13); };
    const std::vector<Warning> en = ties();
    REQUIRE(en.size() == 1);
    CHECK(en[0].severity == Warning::Severity::Info);  // the clock's, not the program's fault
    CHECK(en[0].title.startsWith(QStringLiteral("Line 13: timers set at different instants fall due at the same "
                                                "virtual instant and ran in one loop iteration: task 0's timer "
                                                "(Task-2), set first, and task 1's timer (Task-3), set later;")));
    CHECK(en[0].detail.contains(QStringLiteral("iteration of the loop")));
    // Not "the one set later is due later": on a real clock the time the steps and wake-ups before each took
    // decides (CPython 3.11.7 had a timer set at 0.5 after one wake-up due before one set at 0.4 after two).
    CHECK(en[0].title.contains(QStringLiteral("in an order those times decide (the one set later can be due first)")));
    CHECK_FALSE(en[0].title.contains(QLatin1String("the one set later is due a little later")));
    CHECK(en[0].detail.contains(QStringLiteral("a timer set after fewer wake-ups than the other can be due first")));
    REQUIRE(Language::install(QStringLiteral("zh_CN")) == QStringLiteral("zh_CN"));
    const std::vector<Warning> zh = ties();
    REQUIRE(zh.size() == 1);
    CHECK_FALSE(zh[0].title.contains(QLatin1String("set first")));
    CHECK(zh[0].title.contains(QStringLiteral("任务 0 的计时器（Task-2）")));
    CHECK_FALSE(zh[0].detail.contains(QLatin1String("iteration")));
}

TEST_CASE("an exception out of a recorded program's main() escaped main(), not a collector of the app's") {
    const test::EnglishAfter english;
    // What the tracer writes for main() raising ValueError at 0.1 s with a
    // task pending: asyncio.run() cancels it. Was: "ValueError escaped the
    // collector" and a detail on gather(), which this main() never called.
    const std::string trace = R"({"t": 0.0, "ev": "meta", "clock": "virtual"}
{"t": 0.0, "ev": "created", "task": 0, "name": "Task-2"}
{"t": 0.1, "ev": "raise", "exc": "ValueError"}
{"t": 0.1, "ev": "cancelled", "task": 0, "name": "Task-2"}
{"t": 0.1, "ev": "end", "outcome": "raised:ValueError"}
)";
    Session s;
    test::showTrace(s, trace);
    const std::vector<Warning> all = detectWarnings(s.run(), s.scenario());
    const auto escaped = std::find_if(all.begin(), all.end(), [](const Warning& w) {
        return w.title.startsWith(QLatin1String("ValueError escaped"));
    });
    REQUIRE(escaped != all.end());
    CHECK(escaped->title == QStringLiteral("ValueError escaped main() at 0.100 s"));
    CHECK(escaped->detail.contains(QLatin1String("asyncio.run() cancelled the tasks still pending")));
    CHECK_FALSE(escaped->detail.contains(QLatin1String("gather()")));
    // An engine run's trace (no task names: main() is a scenario's collector) keeps the collector's words.
    Session engine;
    test::showTrace(engine, R"({"t": 0.0, "ev": "created", "task": 0}
{"t": 0.0, "ev": "request", "task": 0}
{"t": 0.0, "ev": "running", "task": 0}
{"t": 0.1, "ev": "failed", "task": 0}
{"t": 0.1, "ev": "raise", "exc": "ValueError"}
{"t": 0.1, "ev": "end", "outcome": "raised:ValueError"}
)");
    bool collector = false;
    for (const Warning& w : detectWarnings(engine.run(), engine.scenario()))
        collector |= w.title == QStringLiteral("ValueError escaped the collector at 0.100 s");
    CHECK(collector);
}

TEST_CASE("the tracer's task_done_extra says join() can return early, as a warning, in the app's language") {
    const test::EnglishAfter english;
    const std::string trace = R"({"t": 0.0, "ev": "meta", "clock": "virtual"}
{"t": 0.0, "ev": "enqueue", "task": 0}
{"t": 0.0, "ev": "worker", "task": 0, "worker": 0}
{"t": 0.0, "ev": "created", "task": 0, "name": "item 0: 1"}
{"t": 0.1, "ev": "done", "task": 0, "name": "item 0: 1"}
{"t": 0.1, "ev": "warning", "kind": "task_done_extra", "message": "task_done() was called with no item", )"
                              R"("file": "p.py", "line": 10}
{"t": 0.2, "ev": "end", "outcome": "ok"}
)";
    Session s;
    test::showTrace(s, trace);
    const auto extra = [&] {
        const std::vector<Warning> on10 = warningsOnLine(s, 10);
        return on10.empty() ? Warning{} : on10.front();
    };
    const Warning en = extra();
    CHECK(en.severity == Warning::Severity::Warning);
    CHECK(en.title == QStringLiteral("Line 10: task_done() was called with no item of this Queue taken and not yet "
                                     "done: the Queue counts one more item finished than were, so its join() can "
                                     "return while items are still being worked on (0.100 s)"));
    CHECK(en.detail.contains(QLatin1String("Call task_done() exactly once per get()")));
    REQUIRE(Language::install(QStringLiteral("zh_CN")) == QStringLiteral("zh_CN"));
    const Warning zh = extra();
    CHECK(zh.title.contains(QStringLiteral("join()")));
    CHECK_FALSE(zh.title.contains(QLatin1String("worked on")));
    CHECK_FALSE(zh.detail.contains(QLatin1String("exactly once")));
}

TEST_CASE("main()'s swallow of an expired asyncio.timeout()'s cancel is a warning on its line, in the app's language") {
    // The tracer's main_swallowed_cancel (real clock or virtual): main() has no lane for the task's
    // 'swallowed cancel' note; real CPython 3.11.7 raised no TimeoutError and main() ran on past the deadline.
    const test::EnglishAfter english;
    const std::string trace = R"({"t": 0.0, "ev": "meta", "clock": "real"}
{"t": 0.5, "ev": "warning", "kind": "main_swallowed_cancel", "message": "main() caught the CancelledError", )"
                              R"("file": "p.py", "line": 6}
{"t": 0.5, "ev": "main_returned"}
{"t": 0.5, "ev": "end", "outcome": "ok"}
)";
    Session s;
    test::showTrace(s, trace);
    const auto told = [&] {
        const std::vector<Warning> on6 = warningsOnLine(s, 6);
        return on6.empty() ? Warning{} : on6.front();
    };
    const Warning en = told();
    CHECK(en.severity == Warning::Severity::Warning);
    CHECK(en.title == QStringLiteral("Line 6: main() caught the CancelledError of an asyncio.timeout() that expired "
                                     "and went on: no TimeoutError was raised, so main() ran on past the timeout's "
                                     "deadline (0.500 s)"));
    CHECK(en.detail.contains(QLatin1String("re-raise the CancelledError")));
    REQUIRE(Language::install(QStringLiteral("zh_CN")) == QStringLiteral("zh_CN"));
    const Warning zh = told();
    CHECK(zh.title.contains(QStringLiteral("TimeoutError")));
    CHECK_FALSE(zh.title.contains(QLatin1String("went on")));
    CHECK_FALSE(zh.detail.contains(QLatin1String("re-raise")));
}

TEST_CASE("main()'s swallow of a cancel() of it is a warning on its line, the cancel()'s line said, in the app's "
          "language") {
    // The tracer's main_swallowed_cancel of "what" cancel (at main()'s end: it caught a cancel()'s CancelledError
    // and went on; real CPython 3.11.7: asyncio.run() returned its result) and cancel_timeout (that request still
    // counted when an asyncio.timeout() expired: no TimeoutError, CancelledError out of the block). Both were
    // worded as the expired timeout's own swallow before (the warning had no "what").
    const test::EnglishAfter english;
    const std::string trace = R"({"t": 0.0, "ev": "meta", "clock": "virtual"}
{"t": 0.5, "ev": "warning", "kind": "main_swallowed_cancel", "message": "main() caught", "what": "cancel_timeout", )"
                              R"("file": "p.py", "line": 10, "cancel_line": 5}
{"t": 0.8, "ev": "warning", "kind": "main_swallowed_cancel", "message": "main() caught", "what": "cancel", )"
                              R"("file": "p.py", "line": 12, "cancel_line": 5}
{"t": 0.8, "ev": "main_returned"}
{"t": 0.8, "ev": "end", "outcome": "ok"}
)";
    Session s;
    test::showTrace(s, trace);
    const auto on = [&](int line) {
        const std::vector<Warning> found = warningsOnLine(s, line);
        return found.empty() ? Warning{} : found.front();
    };
    const Warning timeout = on(10), cancel = on(12);
    CHECK(timeout.severity == Warning::Severity::Warning);
    CHECK(timeout.title == QStringLiteral("Line 10: main() had caught the CancelledError of a cancel() of it (line 5) "
                                          "and gone on, so a cancel request was still pending when this "
                                          "asyncio.timeout() expired: it raised no TimeoutError (its except "
                                          "TimeoutError did not run) and let the CancelledError out of the block "
                                          "(0.500 s)"));
    // (Told where main() went on, no longer at its end: what asyncio.run() did then is not known yet.)
    CHECK(cancel.title == QStringLiteral("Line 12: main() caught the CancelledError of a cancel() of it (line 5) and "
                                         "went on: the cancel did not stop it (0.800 s)"));
    CHECK(cancel.detail.contains(QLatin1String("a cancel() of main()")));
    REQUIRE(Language::install(QStringLiteral("zh_CN")) == QStringLiteral("zh_CN"));
    for (const Warning& zh : {on(10), on(12)}) {
        CHECK(zh.title.contains(QStringLiteral("cancel()")));
        CHECK(zh.title.contains(QStringLiteral("5")));
        CHECK_FALSE(zh.title.contains(QLatin1String("went on")));
        CHECK_FALSE(zh.title.contains(QLatin1String("gone on")));
    }
    CHECK(on(10).title.contains(QStringLiteral("TimeoutError")));
    CHECK_FALSE(on(12).title.contains(QStringLiteral("asyncio.timeout()")));
}

TEST_CASE("a task's exception never retrieved is worded in the app's language, the exception as Python said it") {
    const test::EnglishAfter english;
    const std::string trace = R"({"t": 0.0, "ev": "meta", "clock": "real"}
{"t": 0.0, "ev": "created", "task": 0, "name": "Task-2"}
{"t": 0.1, "ev": "failed", "task": 0, "name": "Task-2"}
{"t": 0.1, "ev": "failed_exc", "task": 0, "exc": "ValueError", "name": "Task-2"}
{"t": 0.1, "ev": "warning", "kind": "exception_never_retrieved", )"
                              R"("message": "Task exception was never retrieved: ValueError: boom", )"
                              R"("file": "p.py", "line": 5, "task": 0}
{"t": 0.3, "ev": "main_returned"}
{"t": 0.3, "ev": "end", "outcome": "ok"}
)";
    Session s;
    test::showTrace(s, trace);
    const auto told = [&] {
        const std::vector<Warning> on5 = warningsOnLine(s, 5);
        return on5.empty() ? Warning{} : on5.front();
    };
    const Warning en = told();
    CHECK(en.severity == Warning::Severity::Warning);
    CHECK(en.task == 0);
    CHECK(en.title == QStringLiteral("Line 5: a task failed and nobody retrieved its exception (no await, no "
                                     "result()): ValueError: boom (0.100 s)"));
    REQUIRE(Language::install(QStringLiteral("zh_CN")) == QStringLiteral("zh_CN"));
    const Warning zh = told();
    CHECK(zh.title.contains(QStringLiteral("ValueError: boom")));
    CHECK_FALSE(zh.title.contains(QLatin1String("nobody")));
}

TEST_CASE("the tracer's queue_pool note says the Queue is a pool of borrowed objects, as info, in the app's language") {
    const test::EnglishAfter english;
    const std::string trace = R"({"t": 0.0, "ev": "meta", "clock": "virtual"}
{"t": 0.0, "ev": "worker", "task": 0, "worker": 0}
{"t": 0.0, "ev": "created", "task": 0, "name": "item 0: conn-A"}
{"t": 0.0, "ev": "request", "task": 0, "name": "item 0: conn-A"}
{"t": 0.0, "ev": "running", "task": 0, "name": "item 0: conn-A"}
{"t": 0.1, "ev": "done", "task": 0, "name": "item 0: conn-A"}
{"t": 0.1, "ev": "warning", "kind": "queue_pool", "message": "this Queue is used as a pool", )"
                              R"("file": "p.py", "line": 7, "task": 0}
{"t": 0.2, "ev": "end", "outcome": "ok"}
)";
    Session s;
    test::showTrace(s, trace);
    const auto pool = [&] {
        const std::vector<Warning> on7 = warningsOnLine(s, 7);
        return on7.empty() ? Warning{} : on7.front();
    };
    const Warning en = pool();
    CHECK(en.severity == Warning::Severity::Info);
    CHECK(en.title == QStringLiteral("Line 7: this Queue is used as a pool of objects that tasks borrow and give back "
                                     "(a task put back the object it took from it): each lane is one borrowing, from "
                                     "the get() to the put() that gives the object back; a task that waits in get() "
                                     "for a free object is drawn waiting for one (0.100 s)"));
    CHECK(en.detail.contains(QLatin1String("each lane here is one borrowing of an object")));
    CHECK(en.task == 0);
    REQUIRE(Language::install(QStringLiteral("zh_CN")) == QStringLiteral("zh_CN"));
    const Warning zh = pool();
    CHECK(zh.title.contains(QStringLiteral("对象池")));
    CHECK(zh.detail.contains(QStringLiteral("一次借用")));
}

TEST_CASE("the queue_pool note of tasks that borrow on their own lanes says so, not 'each lane is one borrowing'") {
    // The tracer's note for /tmp/rlq/q4.py's shape (tests/python test_tracer QueueSlotTokensAfterPreWork): each
    // task sleeps, then takes a slot token from a Queue and puts it back: it borrows on its own lane ("own").
    const test::EnglishAfter english;
    const std::string trace = R"({"t": 0.0, "ev": "meta", "clock": "virtual"}
{"t": 0.0, "ev": "created", "task": 0, "name": "Task-2"}
{"t": 0.05, "ev": "request", "task": 0, "name": "Task-2"}
{"t": 0.05, "ev": "worker", "task": 0, "worker": 0}
{"t": 0.05, "ev": "running", "task": 0, "name": "Task-2"}
{"t": 0.2, "ev": "warning", "kind": "queue_pool", "message": "this Queue is used as a pool", "file": "p.py", )"
                              R"("line": 12, "task": 0, "own": true}
{"t": 0.2, "ev": "done", "task": 0, "name": "Task-2"}
{"t": 0.2, "ev": "end", "outcome": "ok"}
)";
    Session s;
    test::showTrace(s, trace);
    const std::vector<Warning> on12 = warningsOnLine(s, 12);
    REQUIRE(on12.size() == 1);
    CHECK(on12.front().title.contains(QLatin1String("drawn waiting for one on its own lane")));
    CHECK_FALSE(on12.front().title.contains(QLatin1String("each lane is one borrowing")));
    CHECK(on12.front().detail.contains(QLatin1String("on its own lane")));
    CHECK_FALSE(on12.front().detail.contains(QLatin1String("each lane here is one borrowing")));
    REQUIRE(Language::install(QStringLiteral("zh_CN")) == QStringLiteral("zh_CN"));
    const std::vector<Warning> zh = warningsOnLine(s, 12);
    REQUIRE(zh.size() == 1);
    CHECK(zh.front().title.contains(QStringLiteral("自己的泳道")));
}

TEST_CASE("a pool's wait the tracer could not hold back is said, as info, not dropped silently") {
    // The tracer's lines for pool.py (tests/python test_tracer QueuePoolWaitNotDrawn): b's get() waited from
    // 0.01 s for the pool's only object, while 40,000 other tasks made more lines than the tracer holds back.
    const test::EnglishAfter english;
    const std::string trace = R"({"t": 0.0, "ev": "meta", "clock": "virtual"}
{"t": 0.0, "ev": "enqueue", "task": 0}
{"t": 0.0, "ev": "worker", "task": 0, "worker": 0}
{"t": 0.0, "ev": "created", "task": 0, "name": "item 0: conn-0"}
{"t": 0.0, "ev": "request", "task": 0, "name": "item 0: conn-0"}
{"t": 0.0, "ev": "running", "task": 0, "name": "item 0: conn-0"}
{"t": 0.5, "ev": "done", "task": 0, "name": "item 0: conn-0"}
{"t": 0.5, "ev": "warning", "kind": "queue_pool", "message": "this Queue is used as a pool", "file": "p.py", )"
                              R"("line": 7, "task": 0}
{"t": 0.5, "ev": "pool_object", "task": 0}
{"t": 0.5, "ev": "worker", "task": 1, "worker": 1}
{"t": 0.5, "ev": "created", "task": 1, "name": "item 1: conn-0"}
{"t": 0.5, "ev": "request", "task": 1, "name": "item 1: conn-0"}
{"t": 0.5, "ev": "running", "task": 1, "name": "item 1: conn-0"}
{"t": 0.5, "ev": "warning", "kind": "pool_wait_not_drawn", "message": "this task waited in get() ...", )"
                              R"("since": 0.01, "file": "p.py", "line": 5, "task": 1}
{"t": 1.0, "ev": "done", "task": 1, "name": "item 1: conn-0"}
{"t": 1.0, "ev": "end", "outcome": "ok"}
)";
    Session s;
    test::showTrace(s, trace);
    const auto note = [&] {
        const std::vector<Warning> on5 = warningsOnLine(s, 5);
        return on5.empty() ? Warning{} : on5.front();
    };
    const Warning en = note();
    CHECK(en.severity == Warning::Severity::Info);
    CHECK(en.title.startsWith(QLatin1String("Line 5: a wait in get() for a free object of this pool is not drawn")));
    CHECK(en.detail.contains(QLatin1String("65,536")));
    CHECK(en.task == 1);
    REQUIRE(Language::install(QStringLiteral("zh_CN")) == QStringLiteral("zh_CN"));
    const Warning zh = note();
    CHECK(zh.title.contains(QStringLiteral("没有画出")));
    CHECK(zh.detail.contains(QStringLiteral("65,536")));
}

TEST_CASE("a coroutine never awaited is Python's own warning, not asyncio debug mode's, in both languages") {
    const test::EnglishAfter english;
    // What the runner writes for a program run without debug mode: CPython
    // warns of a coroutine destroyed unrun whether debug mode is on or not.
    RunWarning w;
    w.kind = RunWarning::Kind::ProgramWarning;
    w.severity = RunWarning::Severity::Warning;
    w.name = "never_awaited";
    w.message = "coroutine 'fetch' was never awaited";
    w.line = 6;
    w.t = 0.3;
    const Warning en = wordWarning(w);
    CHECK(en.title == QStringLiteral("Line 6: coroutine 'fetch' was never awaited (0.300 s)"));
    CHECK_FALSE(en.detail.startsWith(QLatin1String("asyncio's debug mode:")));
    CHECK(en.detail.contains(QLatin1String("in asyncio's debug mode or not")));
    REQUIRE(Language::install(QStringLiteral("zh_CN")) == QStringLiteral("zh_CN"));
    const Warning zh = wordWarning(w);
    CHECK(zh.detail.contains(QStringLiteral("不论是否开启 asyncio 的调试模式")));
}

TEST_CASE("tasks cancelled at asyncio.run()'s exit: their order is a set's, which a real run need not repeat") {
    const test::EnglishAfter english;
    // Two background tasks with a finally each, main() raising at 0.5 s: CPython 3.11.7 ran task 1's finally
    // before task 0's (six runs), the virtual runner (a set of tasks in creation order) task 0's first.
    RunWarning w;
    w.kind = RunWarning::Kind::CancelledAtExit;
    w.severity = RunWarning::Severity::Warning;
    w.count = 2;
    w.t = 0.5;
    const Warning two = wordWarning(w);
    CHECK(two.title == QStringLiteral("2 tasks cancelled when asyncio.run() exited"));
    CHECK(two.detail.contains(QLatin1String("in another order than here")));
    w.count = 1;
    CHECK_FALSE(wordWarning(w).detail.contains(QLatin1String("order")));
    w.count = 2;
    REQUIRE(Language::install(QStringLiteral("zh_CN")) == QStringLiteral("zh_CN"));
    CHECK(wordWarning(w).detail.contains(QStringLiteral("内存地址")));
}

TEST_CASE("tasks main() cancelled and left unawaited are worded as the program's cancels, in both languages") {
    const test::EnglishAfter english;
    RunWarning w;
    w.kind = RunWarning::Kind::CancelledUnawaited;
    w.severity = RunWarning::Severity::Warning;
    w.count = 2;
    w.t = 1.5;
    const Warning two = wordWarning(w);
    CHECK(two.title == QStringLiteral("2 tasks main() cancelled were still ending when main() returned"));
    CHECK(two.detail.contains(QLatin1String("cut that cleanup short")));
    CHECK_FALSE(two.detail.contains(QLatin1String("work was lost")));
    w.count = 1;
    CHECK(wordWarning(w).title == QStringLiteral("1 task main() cancelled was still ending when main() returned"));
    REQUIRE(Language::install(QStringLiteral("zh_CN")) == QStringLiteral("zh_CN"));
    CHECK_FALSE(wordWarning(w).title.contains(QLatin1String("main() cancelled")));
}

TEST_CASE("a TaskGroup's cancels in a set's order are told as a note on the run, with their count, in both languages") {
    const test::EnglishAfter english;
    // What the virtual runner writes where a failing TaskGroup cancels five siblings (CPython 3.11.7 ran
    // their except CancelledError as 0, 3, 1, 2, 4; the virtual run 0 to 4).
    const std::string trace =
        R"({"t": 0.0, "ev": "meta", "clock": "virtual"}
{"t": 0.0, "ev": "created", "task": 0, "name": "Task-2"}
{"t": 0.3, "ev": "warning", "kind": "set_order", "message": "a TaskGroup cancelled 5 of its tasks in the order )"
        R"(of a set of them", "file": "p.py", "line": 16, "count": 5}
{"t": 0.3, "ev": "cancelled", "task": 0, "name": "Task-2"}
{"t": 0.3, "ev": "end", "outcome": "ok"}
)";
    Session s;
    test::showTrace(s, trace);
    const std::vector<Warning> en = warningsOnLine(s, 16);
    REQUIRE(en.size() == 1);
    CHECK(en[0].severity == Warning::Severity::Info);  // the run's order, not the program's fault
    CHECK(en[0].title.startsWith(QStringLiteral("Line 16: a TaskGroup cancelled 5 of its tasks in the order of a "
                                                "set of them: here an order fixed by when they were made, the "
                                                "same every run, in CPython the "
                                                "order of their memory addresses")));
    CHECK(en[0].detail.contains(QLatin1String("CPython goes through a set of tasks or coroutines in the order of "
                                              "their memory addresses")));
    REQUIRE(Language::install(QStringLiteral("zh_CN")) == QStringLiteral("zh_CN"));
    const std::vector<Warning> zh = warningsOnLine(s, 16);
    REQUIRE(zh.size() == 1);
    CHECK(zh[0].title.contains(QStringLiteral("取消了它的 5 个任务")));
    CHECK(zh[0].detail.contains(QStringLiteral("内存地址")));
}

TEST_CASE("a loop over asyncio.wait()'s done set of several tasks is told as a note: CPython's order is a set's") {
    const test::EnglishAfter english;
    // CPython 3.11.7 printed five results from `for t in done` as 0, 3, 1, 2, 4; the virtual run 0 to 4.
    const std::string trace =
        R"({"t": 0.0, "ev": "meta", "clock": "virtual"}
{"t": 0.0, "ev": "created", "task": 0, "name": "Task-2"}
{"t": 0.1, "ev": "done", "task": 0, "name": "Task-2"}
{"t": 0.1, "ev": "warning", "kind": "set_order", "message": "the program went through the done set of 5 tasks )"
        R"(that asyncio.wait() returned", "file": "p.py", "line": 11, "count": 5, "what": "wait", "set": "done"}
{"t": 0.1, "ev": "end", "outcome": "ok"}
)";
    Session s;
    test::showTrace(s, trace);
    const std::vector<Warning> en = warningsOnLine(s, 11);
    REQUIRE(en.size() == 1);
    CHECK(en[0].severity == Warning::Severity::Info);
    CHECK(en[0].title.startsWith(QStringLiteral("Line 11: the program went through the done set of 5 tasks that "
                                                "asyncio.wait() returned: here in an order fixed by when they were "
                                                "made")));
    CHECK(en[0].detail.contains(QLatin1String("asyncio.wait() returns its done and pending tasks as two such sets")));
    REQUIRE(Language::install(QStringLiteral("zh_CN")) == QStringLiteral("zh_CN"));
    const std::vector<Warning> zh = warningsOnLine(s, 11);
    REQUIRE(zh.size() == 1);
    CHECK(zh[0].title.contains(QStringLiteral("asyncio.wait() 返回的 done 集合")));
    CHECK(zh[0].title.contains(QStringLiteral("5 个任务")));
    CHECK(zh[0].detail.contains(QStringLiteral("asyncio.wait()")));
}

TEST_CASE("a copy of asyncio.wait()'s set made in C is told as a note of its own, the copy named") {
    const test::EnglishAfter english;
    // The runner's set_order of "what" wait_copy (set(done), {*done}: a plain set it cannot follow) was worded
    // as a TaskGroup's cancels ("a TaskGroup cancelled 3 of its tasks"), which the program has none of.
    const std::string trace =
        R"({"t": 0.0, "ev": "meta", "clock": "virtual"}
{"t": 0.0, "ev": "created", "task": 0, "name": "Task-2"}
{"t": 0.1, "ev": "done", "task": 0, "name": "Task-2"}
{"t": 0.1, "ev": "warning", "kind": "set_order", "message": "the program copies the done set of 3 tasks", )"
        R"J("file": "p.py", "line": 12, "count": 3, "what": "wait_copy", "set": "done", "copy": "set(done)"}
{"t": 0.1, "ev": "end", "outcome": "ok"}
)J";
    Session s;
    test::showTrace(s, trace);
    const std::vector<Warning> en = warningsOnLine(s, 12);
    REQUIRE(en.size() == 1);
    CHECK(en[0].severity == Warning::Severity::Info);
    CHECK(en[0].title.startsWith(QStringLiteral("Line 12: the program copies the done set of 3 tasks that "
                                                "asyncio.wait() returned (set(done)) into a plain set, which the "
                                                "runner does not follow")));
    REQUIRE(Language::install(QStringLiteral("zh_CN")) == QStringLiteral("zh_CN"));
    const std::vector<Warning> zh = warningsOnLine(s, 12);
    REQUIRE(zh.size() == 1);
    CHECK(zh[0].title.contains(QStringLiteral("set(done)")));
    CHECK(zh[0].title.contains(QStringLiteral("3 个任务")));
    CHECK_FALSE(zh[0].title.contains(QLatin1String("TaskGroup")));
    CHECK_FALSE(zh[0].title.contains(QLatin1String("copies")));
}

TEST_CASE("a loop over asyncio.all_tasks() is told as a note of its own, not as a TaskGroup's cancels") {
    const test::EnglishAfter english;
    // CPython 3.11.7 named five pending tasks job1, job4, job2, job3, job5; the virtual run job1 to job5. The
    // runner's set_order line with "what": "all_tasks" was worded as a TaskGroup's ("a TaskGroup cancelled 6 of
    // its tasks"), which the program has none of.
    const std::string trace =
        R"({"t": 0.0, "ev": "meta", "clock": "virtual"}
{"t": 0.0, "ev": "created", "task": 0, "name": "job1"}
{"t": 0.0, "ev": "warning", "kind": "set_order", "message": "the program went through the set of 6 tasks that )"
        R"(asyncio.all_tasks() returned", "file": "p.py", "line": 10, "count": 6, "what": "all_tasks"}
{"t": 0.1, "ev": "done", "task": 0, "name": "job1"}
{"t": 0.1, "ev": "end", "outcome": "ok"}
)";
    Session s;
    test::showTrace(s, trace);
    const std::vector<Warning> en = warningsOnLine(s, 10);
    REQUIRE(en.size() == 1);
    CHECK(en[0].severity == Warning::Severity::Info);
    CHECK(en[0].title.startsWith(QStringLiteral("Line 10: the program went through the set of 6 tasks that "
                                                "asyncio.all_tasks() returned: here in an order fixed by when they "
                                                "were made")));
    CHECK_FALSE(en[0].title.contains(QLatin1String("TaskGroup")));
    CHECK(en[0].detail.contains(QLatin1String("asyncio.all_tasks() returns such a set too")));
    REQUIRE(Language::install(QStringLiteral("zh_CN")) == QStringLiteral("zh_CN"));
    const std::vector<Warning> zh = warningsOnLine(s, 10);
    REQUIRE(zh.size() == 1);
    CHECK(zh[0].title.contains(QStringLiteral("asyncio.all_tasks() 返回的")));
    CHECK(zh[0].title.contains(QStringLiteral("6 个任务")));
    CHECK_FALSE(zh[0].title.contains(QStringLiteral("TaskGroup")));
    CHECK(zh[0].detail.contains(QStringLiteral("asyncio.all_tasks()")));
}

TEST_CASE("a set of tasks the program made itself is told as a note of its own, how its order showed said") {
    const test::EnglishAfter english;
    // CPython 3.11.7 cancelled five tasks of `background_tasks` in a loop as 0, 3, 1, 2, 4 and gather(*tasks)
    // listed [0, 3, 1, 2, 4]; the virtual run 0 to 4. The runner's set_order line with "what": "set" would have
    // been worded as a TaskGroup's cancels, which the program has none of.
    const std::string trace =
        R"({"t": 0.0, "ev": "meta", "clock": "virtual"}
{"t": 0.0, "ev": "created", "task": 0, "name": "Task-2"}
{"t": 0.1, "ev": "warning", "kind": "set_order", "message": "the program cancelled 5 tasks of a set it made", )"
        R"("file": "p.py", "line": 14, "count": 5, "what": "set", "op": "cancel", "name": "background_tasks"}
{"t": 0.2, "ev": "warning", "kind": "set_order", "message": "gather() was given the 5 tasks", )"
        R"("file": "p.py", "line": 20, "count": 5, "what": "set", "op": "gather", "name": "self.tasks"}
{"t": 0.2, "ev": "warning", "kind": "set_order", "message": "the program printed what 5 tasks", )"
        R"("file": "p.py", "line": 30, "count": 5, "what": "set", "op": "print", "name": "tasks", "by_key": true}
{"t": 0.3, "ev": "done", "task": 0, "name": "Task-2"}
{"t": 0.3, "ev": "end", "outcome": "ok"}
)";
    Session s;
    test::showTrace(s, trace);
    const std::vector<Warning> cancels = warningsOnLine(s, 14), gathered = warningsOnLine(s, 20);
    REQUIRE(cancels.size() == 1);
    REQUIRE(gathered.size() == 1);
    CHECK(cancels[0].severity == Warning::Severity::Info);
    CHECK(cancels[0].title.startsWith(QStringLiteral("Line 14: the program cancelled 5 tasks of a set it made "
                                                     "(background_tasks) in the set's order")));
    CHECK(gathered[0].title.startsWith(QStringLiteral("Line 20: gather() was given the 5 tasks of a set the program "
                                                      "made (self.tasks): it lists their results in the set's order")));
    CHECK_FALSE(cancels[0].title.contains(QLatin1String("TaskGroup")));
    CHECK(cancels[0].detail.contains(QLatin1String("background_tasks.add(task)")));
    // A loop over sorted(tasks, key=...) whose key ties for some tasks (CPython 3.11.7 printed 0, 2, 4, 3, 1 where
    // the virtual run printed 0, 2, 4, 1, 3): said so, not "going through the set".
    const std::vector<Warning> sorted = warningsOnLine(s, 30);
    REQUIRE(sorted.size() == 1);
    CHECK(sorted[0].title.startsWith(QStringLiteral("Line 30: the program printed what 5 tasks of a set it made "
                                                    "(tasks) did, going through sorted() of it, whose key= ties")));
    REQUIRE(Language::install(QStringLiteral("zh_CN")) == QStringLiteral("zh_CN"));
    const std::vector<Warning> zhSorted = warningsOnLine(s, 30);
    REQUIRE(zhSorted.size() == 1);
    CHECK(zhSorted[0].title.contains(QStringLiteral("sorted()")));
    CHECK(zhSorted[0].title.contains(QStringLiteral("key=")));
    CHECK_FALSE(zhSorted[0].title.contains(QLatin1String("going through")));
    const std::vector<Warning> zh = warningsOnLine(s, 14);
    REQUIRE(zh.size() == 1);
    CHECK(zh[0].title.contains(QStringLiteral("background_tasks")));
    CHECK(zh[0].title.contains(QStringLiteral("5 个任务")));
    CHECK_FALSE(zh[0].title.contains(QLatin1String("in the set's order")));
    CHECK_FALSE(zh[0].title.contains(QStringLiteral("TaskGroup")));
}

TEST_CASE("a task's cancel that a timeout or wait_for made come to nothing is a warning on its line, in the app's "
          "language") {
    const test::EnglishAfter english;
    // Real CPython 3.11.7: a task that caught a cancel() (line 20) inside asyncio.timeout(0.5) got no TimeoutError
    // at 0.5 s and ended cancelled; a task cancelled as the coroutine its wait_for() awaited returned got the
    // result and went on. The trace said nothing of the first, and put "swallowed cancel" on the second's end.
    const std::string trace = R"({"t": 0.0, "ev": "meta", "clock": "virtual"}
{"t": 0.0, "ev": "created", "task": 0, "name": "worker"}
{"t": 0.0, "ev": "created", "task": 1, "name": "other"}
{"t": 0.5, "ev": "warning", "kind": "swallowed_cancel", "message": "task 0 caught", "what": "cancel_timeout", )"
                              R"("file": "p.py", "line": 6, "task": 0, "cancel_line": 20}
{"t": 0.5, "ev": "warning", "kind": "swallowed_cancel", "message": "asyncio.wait_for() lost", "what": "wait_for", )"
                              R"("file": "p.py", "line": 9, "task": 1}
{"t": 0.5, "ev": "cancelled", "task": 0, "name": "worker"}
{"t": 0.7, "ev": "done", "task": 1, "name": "other"}
{"t": 0.7, "ev": "end", "outcome": "ok"}
)";
    Session s;
    test::showTrace(s, trace);
    const auto on = [&](int line) {
        const std::vector<Warning> found = warningsOnLine(s, line);
        return found.empty() ? Warning{} : found.front();
    };
    CHECK(on(6).severity == Warning::Severity::Warning);
    CHECK(on(6).title.startsWith(QStringLiteral("Line 6: task 0 caught the CancelledError of a cancel() of it (line "
                                                "20) and went on, so a cancel request was still pending when this "
                                                "asyncio.timeout() expired: it raised no TimeoutError")));
    CHECK(on(9).title.startsWith(QStringLiteral("Line 9: asyncio.wait_for() lost a cancel of task 1")));
    CHECK(on(6).detail.contains(QLatin1String("Task.cancelling()")));
    REQUIRE(Language::install(QStringLiteral("zh_CN")) == QStringLiteral("zh_CN"));
    CHECK(on(6).title.contains(QStringLiteral("TimeoutError")));
    CHECK(on(6).title.contains(QStringLiteral("20")));
    CHECK_FALSE(on(6).title.contains(QLatin1String("went on")));
    CHECK(on(9).title.contains(QStringLiteral("wait_for()")));
    CHECK_FALSE(on(9).title.contains(QLatin1String("went on")));
}

TEST_CASE("as_completed()'s tasks made in the order given are told as a note: CPython makes them from a set") {
    const test::EnglishAfter english;
    // CPython 3.11.7 started five fetches given to as_completed() as 2, 3, 1, 0, 4; the virtual run 0 to 4.
    const std::string trace =
        R"({"t": 0.0, "ev": "meta", "clock": "virtual"}
{"t": 0.0, "ev": "warning", "kind": "set_order", "message": "as_completed() made tasks of 5 coroutines in the )"
        R"(order given", "file": "p.py", "line": 9, "count": 5, "what": "as_completed"}
{"t": 0.0, "ev": "created", "task": 0, "name": "Task-2"}
{"t": 0.5, "ev": "done", "task": 0, "name": "Task-2"}
{"t": 0.5, "ev": "end", "outcome": "ok"}
)";
    Session s;
    test::showTrace(s, trace);
    const std::vector<Warning> en = warningsOnLine(s, 9);
    REQUIRE(en.size() == 1);
    CHECK(en[0].severity == Warning::Severity::Info);
    CHECK(en[0].title.startsWith(QStringLiteral("Line 9: as_completed() made tasks of 5 coroutines in the order "
                                                "given; CPython makes them from a set of the coroutines")));
    CHECK(en[0].detail.contains(QLatin1String("as_completed() makes its tasks from a set")));
    REQUIRE(Language::install(QStringLiteral("zh_CN")) == QStringLiteral("zh_CN"));
    const std::vector<Warning> zh = warningsOnLine(s, 9);
    REQUIRE(zh.size() == 1);
    CHECK(zh[0].title.contains(QStringLiteral("为 5 个协程创建了任务")));
}

TEST_CASE("the runner's default_pool note says the pool's size follows the virtual os.cpu_count(), as info") {
    const test::EnglishAfter english;
    // The runner's os.cpu_count() is 4 (--cpus): asyncio's pool has min(32, 4 + 4) = 8 workers, a
    // ProcessPoolExecutor() 4; python3 on a 2-CPU computer (CPython 3.11.7) makes them 6 and 2.
    const std::string trace = R"({"t": 0.0, "ev": "meta", "clock": "virtual", "cpus": 4}
{"t": 0.0, "ev": "warning", "kind": "default_pool", "message": "the event loop's default thread pool has 8", )"
                              R"("file": "p.py", "line": 5, "pool": "thread", "workers": 8, "cpus": 4, "loop": true}
{"t": 0.0, "ev": "warning", "kind": "default_pool", "message": "the default process pool has 4", )"
                              R"("file": "p.py", "line": 7, "pool": "process", "workers": 4, "cpus": 4}
{"t": 0.5, "ev": "end", "outcome": "ok"}
)";
    Session s;
    test::showTrace(s, trace);
    const auto on = [&](int line) {
        const std::vector<Warning> ws = warningsOnLine(s, line);
        return ws.empty() ? Warning{} : ws.front();
    };
    const Warning loop = on(5), process = on(7);
    for (const Warning& w : {loop, process}) {
        CHECK(w.severity == Warning::Severity::Info);  // a note on the virtual clock, not a fault
        CHECK(w.detail.contains(QLatin1String("takes its size from os.cpu_count()")));
    }
    CHECK(loop.title.startsWith(QLatin1String("Line 5: the event loop's default thread pool (asyncio.to_thread(), "
                                              "run_in_executor(None, ...)) has 8 workers here: CPython sizes it "
                                              "min(32, os.cpu_count() + 4), and os.cpu_count() is 4")));
    CHECK(process.title.startsWith(QLatin1String("Line 7: the default process pool (ProcessPoolExecutor() without "
                                                 "max_workers) has 4 workers here")));
    REQUIRE(Language::install(QStringLiteral("zh_CN")) == QStringLiteral("zh_CN"));
    for (const int line : {5, 7}) {
        const Warning zh = on(line);
        CHECK(zh.severity == Warning::Severity::Info);
        CHECK_FALSE(zh.title.contains(QLatin1String("workers here")));
        CHECK_FALSE(zh.title.contains(QLatin1String("virtual clock")));
        CHECK_FALSE(zh.detail.isEmpty());
        CHECK_FALSE(zh.detail.contains(QLatin1String("computer")));
    }
    CHECK(on(5).title.contains(QLatin1String("8")));
    CHECK(on(7).title.contains(QLatin1String("ProcessPoolExecutor()")));
}

TEST_CASE("the runner's computing note says computing took no virtual time, as info, in the app's language") {
    const test::EnglishAfter english;
    const std::string trace = R"({"t": 0.0, "ev": "meta", "clock": "virtual"}
{"t": 0.0, "ev": "created", "task": 0, "name": "Task-2"}
{"t": 0.0, "ev": "running", "task": 0, "name": "Task-2"}
{"t": 0.25, "ev": "warning", "kind": "computing", "message": "main() computed for 0.31 s", )"
                              R"("file": "p.py", "line": 4, "seconds": 0.312, "main": true}
{"t": 0.25, "ev": "warning", "kind": "computing", "message": "Thread asyncio_0 computed", )"
                              R"("file": "p.py", "line": 8, "seconds": 0.4, "thread": "asyncio_0"}
{"t": 0.25, "ev": "warning", "kind": "computing", "message": "Task 0 (Task-2) computed", )"
                              R"("file": "p.py", "line": 10, "seconds": 0.5, "task": 0}
{"t": 0.5, "ev": "done", "task": 0, "name": "Task-2"}
{"t": 0.5, "ev": "end", "outcome": "ok"}
)";
    Session s;
    test::showTrace(s, trace);
    const auto on = [&](int line) {
        const std::vector<Warning> ws = warningsOnLine(s, line);
        return ws.empty() ? Warning{} : ws.front();
    };
    const Warning main = on(4), thread = on(8), task = on(10);
    for (const Warning& w : {main, thread, task}) {
        CHECK(w.severity == Warning::Severity::Info);  // a note on the virtual clock, not a fault
        CHECK(w.title.contains(QLatin1String("of real CPU time or more, which took no time on the virtual clock")));
        CHECK(w.title.endsWith(QLatin1String("(0.250 s)")));
        CHECK(w.detail.contains(QLatin1String("On the virtual clock only waits move time")));
    }
    CHECK(main.title.startsWith(QLatin1String("Line 4: main() computed for 312 ms")));
    CHECK(main.title.contains(QLatin1String("holds the event loop that long, and every other task waits")));
    CHECK(thread.title.startsWith(QLatin1String("Line 8: thread asyncio_0 computed for 400 ms")));
    CHECK(thread.title.contains(QLatin1String("holds its thread that long")));
    CHECK(task.title.startsWith(QLatin1String("Line 10: task 0 computed for 500 ms")));
    CHECK(task.task == 0);
    REQUIRE(Language::install(QStringLiteral("zh_CN")) == QStringLiteral("zh_CN"));
    for (const int line : {4, 8, 10}) {
        const Warning zh = on(line);
        CHECK(zh.severity == Warning::Severity::Info);
        CHECK_FALSE(zh.title.contains(QLatin1String("computed")));
        CHECK_FALSE(zh.title.contains(QLatin1String("virtual clock")));
        CHECK_FALSE(zh.detail.contains(QLatin1String("virtual clock")));
        CHECK_FALSE(zh.detail.isEmpty());
    }
    CHECK(on(8).title.contains(QLatin1String("asyncio_0")));
    CHECK(on(4).title.contains(QLatin1String("main()")));
}
