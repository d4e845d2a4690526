// Properties of whole runs over many random scenarios (seeded std::mt19937,
// built as JSON and loaded with parseScenario, like a file would be):
//  - permits in use never exceed the limit, unless a `limit` event lowered it
//    (then never above the largest limit so far) or a release_twice grew it;
//  - every task with a `created` event has exactly one terminal event;
//  - `end` is the last event, and there is exactly one;
//  - semaphore waiters are served first-in first-out;
//  - a run is deterministic: same events, same JSONL bytes.
#include <catch2/catch.hpp>

#include <algorithm>
#include <array>
#include <cmath>
#include <map>
#include <nlohmann/json.hpp>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "support/scenario_run.h"

using namespace cs::test;
using cs::EvKind;
using cs::TraceEvent;
using nlohmann::json;

namespace {

// A port of tests/reference/gen_random.py's shapes, small scenarios only.
class Gen {
public:
    struct Options {
        bool anyLimit = true;       // else a semaphore kind only
        bool pitfalls = true;       // timeouts, ignore_cancel, forget_release, release_twice, raise
        bool plainFifo = false;     // a plain Semaphore(n), gather, io/cpu/thread steps, nothing cancelled
    };

    explicit Gen(std::uint32_t seed, Options o) : r_(seed), o_(o) {
        const double g = uniform();
        grid_ = g < 0.75 ? 0.25 : g < 0.92 ? 0.1 : 0.0;
    }

    json scenario() {
        static const char* kLimits[] = {"none", "semaphore", "bounded_semaphore", "semaphore_per_task", "queue",
                                        "manual", "chunks", "rate", "adaptive"};
        static const char* kSemKinds[] = {"semaphore", "bounded_semaphore", "adaptive", "rate"};
        const std::string kind = o_.plainFifo ? "semaphore" : o_.anyLimit ? kLimits[pick(9)] : kSemKinds[pick(4)];
        const int n = chance(0.04) ? 0 : randint(1, 14);
        const bool service = !o_.plainFifo && chance(kind == "adaptive" ? 0.5 : 0.2);
        json sc = {{"format", "coroscope-scenario/1"}, {"title", "property"}};
        json tasks = json::array();
        for (int i = 0; i < n; ++i) tasks.push_back(task(service));
        // The release pitfalls need a semaphore kind of limit (spec section 1).
        if (kind != "semaphore" && kind != "bounded_semaphore" && kind != "semaphore_per_task")
            for (json& t : tasks) {
                t.erase("forget_release");
                t.erase("release_twice");
            }
        sc["tasks"] = tasks;
        sc["limit"] = limit(kind);
        if (o_.plainFifo) {
            sc["collect"] = {{"kind", "gather"}, {"return_exceptions", chance(0.5)}};
        } else if (chance(0.9)) {
            sc["collect"] = collect();
        }
        if (chance(0.5)) sc["executor"] = {{"max_workers", randint(1, 4)}};
        if (service) sc["service"] = serviceCfg();
        return sc;
    }

private:
    double uniform() { return std::uniform_real_distribution<double>(0.0, 1.0)(r_); }
    bool chance(double p) { return uniform() < p; }
    int randint(int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(r_); }
    std::size_t pick(std::size_t n) { return static_cast<std::size_t>(randint(0, static_cast<int>(n) - 1)); }

    double dur(int lo, int hi) {
        if (grid_ == 0.0) return std::round(std::uniform_real_distribution<double>(lo * 0.25, hi * 0.25)(r_) * 1000) / 1000;
        const int k = randint(lo, hi);
        return grid_ == 0.25 ? k * 0.25 : k / 10.0;
    }

    json steps(bool service) {
        std::vector<std::string> kinds{"io", "io", "io", "io", "io", "io", "cpu", "cpu", "thread", "thread"};
        if (service) kinds.insert(kinds.end(), {"call", "call", "call"});
        json out = json::array();
        const int count = std::array<int, 6>{1, 1, 1, 2, 2, 3}[pick(6)];
        for (int i = 0; i < count; ++i) {
            const std::string k = kinds[pick(kinds.size())];
            out.push_back({{k, dur(chance(0.1) ? 0 : 1, k == "cpu" ? 4 : 8)}});
        }
        if (o_.pitfalls && !o_.plainFifo && chance(0.12)) {
            static const char* kExc[] = {"ValueError", "KeyError", "RuntimeError", "TimeoutError", "BoomError"};
            out.insert(out.begin() + static_cast<std::ptrdiff_t>(pick(out.size() + 1)), json{{"raise", kExc[pick(5)]}});
        }
        return out;
    }

    json task(bool service) {
        json t = {{"steps", steps(service)}};
        if (chance(0.3)) t["arrive"] = dur(0, 8);
        if (o_.plainFifo || !o_.pitfalls) return t;
        if (chance(0.2)) t["timeout"] = dur(chance(0.1) ? 0 : 1, 10);
        if (chance(0.1)) t["ignore_cancel"] = true;
        if (chance(0.1)) t["forget_release"] = true;
        if (chance(0.12)) t["release_twice"] = true;
        return t;
    }

    json limit(const std::string& kind) {
        if (kind == "none") return {{"kind", "none"}};
        if (kind == "semaphore" || kind == "bounded_semaphore" || kind == "semaphore_per_task") {
            json lim = {{"kind", kind}, {"value", o_.plainFifo ? randint(1, 4) : chance(0.04) ? 0 : randint(1, 5)}};
            if (kind == "semaphore" && !o_.plainFifo && chance(0.45)) {
                json sched = json::array();
                double at = 0;
                for (int i = randint(1, 3); i > 0; --i) {
                    at += dur(0, 8);
                    sched.push_back({{"at", at}, {"value", randint(0, 6)}});
                }
                if (sched.back()["value"] == 0) sched.push_back({{"at", at + 1.0}, {"value", 2}});
                lim["schedule"] = sched;
            }
            return lim;
        }
        if (kind == "queue") return {{"kind", "queue"}, {"workers", randint(1, 4)}, {"maxsize", randint(0, 3)}};
        if (kind == "manual") return {{"kind", "manual"}, {"value", randint(1, 4)}};
        if (kind == "chunks") return {{"kind", "chunks"}, {"size", randint(1, 5)}};
        if (kind == "rate") {
            static const double kPerSecond[] = {1, 2, 4, 5, 8, 2.5};
            json lim = {{"kind", "rate"}, {"max_per_second", kPerSecond[pick(6)]}};
            if (chance(0.7)) lim["max_at_once"] = randint(1, 4);
            return lim;
        }
        // adaptive
        const int lo = randint(1, 2);
        const int initial = randint(lo, 4);
        return {{"kind", "adaptive"}, {"initial", initial}, {"min", lo}, {"max", randint(initial, 8)},
                {"latency_target", dur(1, 6)}};
    }

    json collect() {
        static const char* kKinds[] = {"gather", "wait", "as_completed", "taskgroup", "sequential"};
        const std::string kind = kKinds[pick(5)];
        json c = {{"kind", kind}};
        if (kind == "gather") c["return_exceptions"] = chance(0.5);
        if (kind == "wait") {
            static const char* kWhen[] = {"ALL_COMPLETED", "FIRST_COMPLETED", "FIRST_EXCEPTION"};
            c["return_when"] = kWhen[pick(3)];
            if (chance(0.4)) c["timeout"] = dur(0, 12);
            c["on_return"] = chance(0.5) ? "leave" : "cancel";
        }
        if (kind == "as_completed" && chance(0.35)) c["timeout"] = dur(0, 12);
        return c;
    }

    json serviceCfg() {
        json s = {{"capacity", randint(1, 4)}};
        if (chance(0.5)) s["queue_limit"] = randint(0, 3);
        if (chance(0.4)) s["rate_limit"] = {{"per_second", std::array<double, 5>{1, 2, 4, 5, 2.5}[pick(5)]},
                                            {"burst", randint(1, 3)}};
        return s;
    }

    std::mt19937 r_;
    Options o_;
    double grid_ = 0.25;
};

// The limit a scenario starts with, for kinds whose permits show as
// running/release events of the shared semaphore (0: none such).
std::int64_t initialLimit(const cs::Scenario& sc) {
    switch (sc.limit.kind) {
        case cs::LimitKind::Semaphore:
        case cs::LimitKind::BoundedSemaphore:
            return sc.limit.value;
        case cs::LimitKind::Adaptive:
            return sc.limit.initial;
        case cs::LimitKind::Rate:
            return sc.limit.maxAtOnce;
        default:
            return 0;
    }
}

std::string describe(const json& sc, std::uint32_t seed) { return "seed " + std::to_string(seed) + ": " + sc.dump(); }

constexpr int kScenarios = 600;

}  // namespace

TEST_CASE("permits in use never exceed the limit unless a limit event lowered it or release_twice grew it") {
    int checked = 0, lowered = 0;
    for (std::uint32_t seed = 1; seed <= kScenarios; ++seed) {
        const json j = Gen(seed, {false, true, false}).scenario();
        const cs::Scenario sc = loadOrThrow(j.dump());
        const std::int64_t start = initialLimit(sc);
        if (start <= 0) continue;
        const Run r = runScenario(sc);
        std::set<std::int32_t> holders;
        std::int64_t limit = start, maxLimit = start, extra = 0;
        bool wasLowered = false;
        for (const TraceEvent& e : r.events) {
            if (e.kind == EvKind::Limit) {
                if (e.arg < limit) wasLowered = true;
                limit = e.arg;
                maxLimit = std::max(maxLimit, limit);
            } else if (e.kind == EvKind::Running) {
                holders.insert(e.task);
                const auto inUse = static_cast<std::int64_t>(holders.size());
                INFO(describe(j, seed) << "\nat t=" << e.t << " task " << e.task << ": " << inUse << " in use, limit "
                                       << limit << ", extra " << extra);
                if (!wasLowered)
                    CHECK(inUse <= limit + extra);
                else
                    CHECK(inUse <= maxLimit + extra);
                ++checked;
            } else if (e.kind == EvKind::Release) {
                if (!holders.erase(e.task)) ++extra;  // release_twice: a plain semaphore grows
            }
        }
        if (wasLowered) ++lowered;
    }
    CHECK(checked > 1000);  // the generator does reach semaphore scenarios
    CHECK(lowered > 5);
}

TEST_CASE("every task that was created ends exactly once, and end is the one last event") {
    for (std::uint32_t seed = 1; seed <= kScenarios; ++seed) {
        const json j = Gen(seed, {true, true, false}).scenario();
        const Run r = runScenario(j.dump());
        INFO(describe(j, seed));
        std::map<std::int32_t, int> created, terminal;
        std::size_t ends = 0;
        double lastT = 0.0;
        bool timeOrdered = true;
        for (std::size_t i = 0; i < r.events.size(); ++i) {
            const TraceEvent& e = r.events[i];
            if (e.t < lastT) timeOrdered = false;
            lastT = e.t;
            if (e.kind == EvKind::Created) ++created[e.task];
            if (cs::isTerminal(e.kind)) ++terminal[e.task];
            if (e.kind == EvKind::End) {
                ++ends;
                CHECK(i == r.events.size() - 1);
            }
        }
        CHECK(ends == 1);
        CHECK(timeOrdered);
        for (const auto& [task, n] : created) {
            INFO("task " << task);
            CHECK(n == 1);
            CHECK(terminal[task] == 1);
        }
        for (const auto& [task, n] : terminal) {
            INFO("task " << task);
            CHECK(created.count(task) == 1);
        }
    }
}

TEST_CASE("under a plain semaphore with nothing cancelled, tasks run in the order they asked") {
    int scenarios = 0;
    for (std::uint32_t seed = 1; seed <= kScenarios; ++seed) {
        const json j = Gen(seed, {false, false, true}).scenario();
        const Run r = runScenario(j.dump());
        std::vector<std::int32_t> requests, runs;
        for (const TraceEvent& e : r.events) {
            if (e.kind == EvKind::Request) requests.push_back(e.task);
            if (e.kind == EvKind::Running) runs.push_back(e.task);
        }
        INFO(describe(j, seed));
        CHECK(runs == requests);
        CHECK(r.events.back().arg == static_cast<std::int32_t>(cs::Outcome::Ok));
        ++scenarios;
    }
    CHECK(scenarios == kScenarios);
}

TEST_CASE("under any semaphore, of two tasks that both got a permit the one that asked first runs first") {
    // Cancellations, timeouts, resizes and extra releases allowed: cancelled
    // waiters drop out, but nobody overtakes an earlier asker.
    int pairs = 0;
    for (std::uint32_t seed = 1; seed <= kScenarios; ++seed) {
        const json j = Gen(seed, {false, true, false}).scenario();
        const cs::Scenario sc = loadOrThrow(j.dump());
        if (sc.limit.kind == cs::LimitKind::Rate) continue;  // its own start-slot sleep follows the acquire
        const Run r = runScenario(sc);
        std::map<std::int32_t, std::size_t> requestAt, runningAt;
        for (std::size_t i = 0; i < r.events.size(); ++i) {
            const TraceEvent& e = r.events[i];
            if (e.kind == EvKind::Request) requestAt[e.task] = i;
            if (e.kind == EvKind::Running) runningAt[e.task] = i;
        }
        INFO(describe(j, seed));
        for (const auto& [a, ra] : runningAt) {
            for (const auto& [b, rb] : runningAt) {
                if (requestAt[a] < requestAt[b]) {
                    INFO("task " << a << " asked before task " << b);
                    CHECK(ra < rb);
                    ++pairs;
                }
            }
        }
    }
    CHECK(pairs > 1000);
}

TEST_CASE("a run is deterministic: the same events and the same JSONL bytes twice") {
    for (std::uint32_t seed = 1; seed <= kScenarios; seed += 3) {
        const json j = Gen(seed, {true, true, false}).scenario();
        const cs::Scenario sc = loadOrThrow(j.dump());
        const Run a = runScenario(sc);
        const Run b = runScenario(sc);
        INFO(describe(j, seed));
        CHECK(a.events == b.events);
        CHECK(a.iterations == b.iterations);
        CHECK(jsonlBytes(a.store) == jsonlBytes(b.store));
    }
}

TEST_CASE("a lane is frozen only inside another lane's cpu step, from its ready until its resumed") {
    // docs/trace-extensions.md: `ready` lies between a cpu_begin and the
    // cpu_end of another lane's block, for a lane between created and its
    // end that is not frozen already; `resumed` ends it before the lane does
    // anything else; the trace stays in time order.
    int readies = 0;
    for (std::uint32_t seed = 1; seed <= kScenarios; ++seed) {
        const json j = Gen(seed, {true, true, false}).scenario();
        const Run r = runScenario(j.dump());
        INFO(describe(j, seed));
        std::map<std::int32_t, int> phase;  // 0 not created, 1 alive, 2 ended
        std::set<std::int32_t> frozen;
        std::int32_t blocker = -1;  // the lane whose cpu step holds the loop, -1: none
        double blockStart = 0.0, lastT = 0.0;
        for (const TraceEvent& e : r.events) {
            REQUIRE(e.t >= lastT);
            lastT = e.t;
            switch (e.kind) {
                case EvKind::CpuBegin:
                    REQUIRE(blocker == -1);
                    blocker = e.task;
                    blockStart = e.t;
                    break;
                case EvKind::CpuEnd: blocker = -1; break;
                case EvKind::Ready:
                    ++readies;
                    REQUIRE(blocker >= 0);
                    CHECK(e.task != blocker);
                    CHECK(e.t >= blockStart);
                    CHECK(phase[e.task] == 1);
                    CHECK(frozen.insert(e.task).second);
                    break;
                case EvKind::Resumed: CHECK(frozen.erase(e.task) == 1); break;
                case EvKind::Created:
                    phase[e.task] = 1;
                    CHECK_FALSE(frozen.count(e.task));
                    break;
                case EvKind::Request:
                case EvKind::Running:
                case EvKind::Done:
                case EvKind::Failed:
                case EvKind::Cancelled:
                    // The lane's own code runs: it is not frozen.
                    CHECK_FALSE(frozen.count(e.task));
                    if (cs::isTerminal(e.kind)) phase[e.task] = 2;
                    break;
                default: break;
            }
            if (e.kind == EvKind::CpuBegin) CHECK_FALSE(frozen.count(e.task));
        }
        CHECK(frozen.empty());
    }
    CHECK(readies > 100);  // the generator does freeze lanes
}
