#include <catch2/catch.hpp>

#include <algorithm>
#include <string>
#include <vector>

#include "pyrun/runner_command.h"

using cs::RunnerCommand;

namespace {
bool hasPair(const std::vector<std::string>& a, const std::string& flag, const std::string& value) {
    for (std::size_t i = 0; i + 1 < a.size(); ++i)
        if (a[i] == flag && a[i + 1] == value) return true;
    return false;
}
}  // namespace

TEST_CASE("runner command: the runner on the virtual clock, quiet, the program last") {
    cs::RunnerRequest r;
    r.program = "prog.py";
    r.traceOut = "-";
    const auto a = RunnerCommand::arguments(r);
    REQUIRE(a.size() >= 4);
    CHECK(a[0] == "-m");
    CHECK(a[1] == "coroscope_trace");
    CHECK(a[2] == "--virtual");
    CHECK(hasPair(a, "-o", "-"));
    CHECK(std::count(a.begin(), a.end(), "--process-group") == 1);
    CHECK(a.back() == "prog.py");
}

TEST_CASE("runner command: an editor's copy of the code runs under the program's own name") {
    cs::RunnerRequest r;
    r.program = "/home/me/prog.py";
    r.traceOut = "-";
    const auto without = RunnerCommand::arguments(r);
    CHECK(std::count(without.begin(), without.end(), "--source") == 0);
    r.source = "/tmp/app/prog.py";
    const auto a = RunnerCommand::arguments(r);
    CHECK(hasPair(a, "--source", "/tmp/app/prog.py"));
    CHECK(a.back() == "/home/me/prog.py");
}

TEST_CASE("runner command: only the budgets given are passed, as the runner spells them") {
    cs::RunnerRequest r;
    r.program = "p.py";
    r.traceOut = "t.jsonl";
    auto a = RunnerCommand::arguments(r);
    CHECK(std::none_of(a.begin(), a.end(), [](const std::string& s) { return s.rfind("--max-", 0) == 0; }));
    r.budgets.maxWall = 2.5;
    r.budgets.maxIterations = 1000;
    r.budgets.maxVirtual = 1e6;
    r.budgets.maxMemoryMiB = 0;
    r.budgets.maxOutput = 4096;
    r.seed = 7;
    r.signalTimes = {"SIGINT@2.5", "SIGTERM@3"};
    a = RunnerCommand::arguments(r);
    CHECK(hasPair(a, "--max-wall", "2.5"));
    CHECK(hasPair(a, "--max-iterations", "1000"));
    CHECK(hasPair(a, "--max-virtual", "1000000.0"));
    CHECK(hasPair(a, "--max-memory", "0"));
    CHECK(hasPair(a, "--max-output", "4096"));
    CHECK(hasPair(a, "--seed", "7"));
    CHECK(hasPair(a, "--signal", "SIGINT@2.5"));
    CHECK(hasPair(a, "--signal", "SIGTERM@3"));
    CHECK(a.back() == "p.py");
}

TEST_CASE("runner command: a program whose name starts with a dash is not read as an option") {
    cs::RunnerRequest r;
    r.program = "-odd.py";
    r.traceOut = "-";
    CHECK(RunnerCommand::arguments(r).back() == "./-odd.py");
}

TEST_CASE("runner command: the probe's two lines read back as version and executable") {
    std::string v, e;
    CHECK(RunnerCommand::parseProbe("3.11.7\n/usr/bin/python3\n", v, e));
    CHECK(v == "3.11.7");
    CHECK(e == "/usr/bin/python3");
    CHECK_FALSE(RunnerCommand::parseProbe("", v, e));
    CHECK_FALSE(RunnerCommand::parseProbe("3.11.7", v, e));
}

TEST_CASE("runner command: the package is found in the source tree and PYTHONPATH keeps what was set") {
    const std::string src = COROSCOPE_SOURCE_DIR "/resources/python";
    CHECK_FALSE(RunnerCommand::packageParent("/nonexistent/bin", src).empty());
    CHECK(RunnerCommand::packageParent("/nonexistent/bin", "/nonexistent/src").empty());
    CHECK(RunnerCommand::pythonPath("/a", nullptr) == "/a");
    CHECK(RunnerCommand::pythonPath("/a", "") == "/a");
    CHECK(RunnerCommand::pythonPath("/a", "/b:/c") == "/a:/b:/c");
}
