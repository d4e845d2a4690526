// `generate` (spec section 1): a seeded description expanded into explicit
// tasks, the same list for the same seed on every platform.
#include <catch2/catch.hpp>

#include <algorithm>
#include <bit>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

#include "scenario/det_math.h"
#include "scenario/distribution.h"
#include "scenario/loader.h"
#include "scenario/rng.h"

namespace {

std::string gen(const std::string& body, const std::string& extra = "") {
    return R"({"format": "coroscope-scenario/1", "generate": {)" + body + "}" +
           (extra.empty() ? "" : ", " + extra) + "}";
}

cs::Scenario expand(const std::string& text) {
    auto r = cs::parseScenario(text);
    INFO((r.ok() ? std::string() : r.error->what()));
    REQUIRE(r.ok());
    return std::move(*r.scenario);
}

std::string errorOf(const std::string& text) {
    const auto r = cs::parseScenario(text);
    return r.ok() ? "(loaded)" : r.error->what();
}

// Durations of the step at `index` in every task.
std::vector<double> column(const cs::Scenario& s, std::uint32_t index = 0) {
    std::vector<double> out;
    out.reserve(s.tasks.size());
    for (const auto& t : s.tasks) out.push_back(s.stepsOf(t)[index].duration);
    return out;
}

double mean(const std::vector<double>& v) {
    double sum = 0;
    for (double x : v) sum += x;
    return sum / static_cast<double>(v.size());
}

double median(std::vector<double> v) {
    std::nth_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(v.size() / 2), v.end());
    return v[v.size() / 2];
}

std::int64_t ulpDistance(double a, double b) {
    const auto ia = std::bit_cast<std::int64_t>(a);
    const auto ib = std::bit_cast<std::int64_t>(b);
    return ia > ib ? ia - ib : ib - ia;
}

}  // namespace

TEST_CASE("the generator matches the reference xoshiro256** seeded by splitmix64", "[generate]") {
    // Values from the reference algorithms (prng.di.unimi.it), computed in Python.
    cs::Rng zero(0);
    CHECK(zero.next() == 0x99ec5f36cb75f2b4ull);
    CHECK(zero.next() == 0xbf6e1f784956452aull);
    CHECK(zero.next() == 0x1a5f849d4933e6e0ull);
    cs::Rng answer(42);
    CHECK(answer.next() == 0x15780b2e0c2ec716ull);
    CHECK(answer.next() == 0x6104d9866d113a7eull);
    CHECK(answer.next() == 0xae17533239e499a1ull);
}

TEST_CASE("uniform numbers are multiples of 2^-53 in [0, 1)", "[generate]") {
    cs::Rng rng(5);
    for (int i = 0; i < 10000; ++i) {
        const double u = rng.uniform();
        REQUIRE(u >= 0.0);
        REQUIRE(u < 1.0);
        REQUIRE(std::ldexp(u, 53) == std::floor(std::ldexp(u, 53)));
    }
}

TEST_CASE("our log and exp stay within a few ulp of the library's", "[generate]") {
    CHECK(cs::DetMath::log(1.0) == 0.0);
    CHECK(cs::DetMath::exp(0.0) == 1.0);
    CHECK(cs::DetMath::log(0.0) == -HUGE_VAL);
    CHECK(cs::DetMath::exp(710.0) == HUGE_VAL);
    CHECK(cs::DetMath::exp(-746.0) == 0.0);
    cs::Rng rng(1);
    std::int64_t worstLog = 0, worstExp = 0;
    for (int i = 0; i < 200000; ++i) {
        // log over the whole range of positive doubles, subnormals included
        const double x = std::ldexp(1.0 + rng.uniform(), static_cast<int>(rng.next() % 2098) - 1074);
        if (x > 0 && std::isfinite(x)) worstLog = std::max(worstLog, ulpDistance(cs::DetMath::log(x), std::log(x)));
        // exp over the range where it is neither 0 nor infinite nor subnormal
        const double y = -708.0 + 1417.0 * rng.uniform();
        worstExp = std::max(worstExp, ulpDistance(cs::DetMath::exp(y), std::exp(y)));
    }
    // log near 1 is where a careless formula loses digits
    for (int i = 1; i < 2000; ++i) {
        const double x = 1.0 + i * 1e-12;
        worstLog = std::max(worstLog, ulpDistance(cs::DetMath::log(x), std::log(x)));
    }
    CHECK(worstLog <= 4);
    CHECK(worstExp <= 4);
}

TEST_CASE("rounding to microseconds is idempotent and leaves large values alone", "[generate]") {
    CHECK(cs::DetMath::roundMicro(0.1234565) == 0.123456);  // ties to even
    CHECK(cs::DetMath::roundMicro(0.1234567) == 0.123457);
    CHECK(cs::DetMath::roundMicro(2.0) == 2.0);
    CHECK(cs::DetMath::roundMicro(1e12 + 0.3) == 1e12 + 0.3);
    cs::Rng rng(3);
    for (int i = 0; i < 10000; ++i) {
        const double x = 1000.0 * rng.uniform();
        const double r = cs::DetMath::roundMicro(x);
        REQUIRE(cs::DetMath::roundMicro(r) == r);
        REQUIRE(std::fabs(r - x) <= 0.5e-6 + 1e-12);
    }
}

TEST_CASE("the same seed expands to the same tasks, another seed to others", "[generate]") {
    const std::string steps = R"("steps": [{"io": {"dist": "exp", "mean": 0.5}},
        {"cpu": {"dist": "uniform", "min": 0, "max": 0.1}},
        {"thread": {"dist": "lognormal", "mu": -1, "sigma": 0.5}}],
        "arrive": {"rate": 20}, "fail": {"rate": 0.2, "exc": "TimeoutError"})";
    const auto a = expand(gen(R"("count": 2000, "seed": 11, )" + steps));
    const auto b = expand(gen(R"("count": 2000, "seed": 11, )" + steps));
    const auto c = expand(gen(R"("count": 2000, "seed": 12, )" + steps));
    CHECK(a == b);
    CHECK_FALSE(a == c);
    CHECK(a.tasks.size() == 2000);
    CHECK(column(a) != column(c));
}

TEST_CASE("a seed expands to the same numbers on every platform", "[generate]") {
    // Pinned: a change here changes what every user's generate block means, so
    // it must be deliberate. A direct Python transcription of the algorithm
    // (math.log/exp, round(x*1e6)/1e6) prints the same nine numbers.
    const auto s = expand(gen(R"("count": 3, "seed": 2024, "steps": [
        {"io": {"dist": "uniform", "min": 1, "max": 2}}, {"io": {"dist": "exp", "mean": 1}},
        {"io": {"dist": "lognormal", "mu": 0, "sigma": 1}}])"));
    const std::vector<double> expected = {1.055793, 1.523736, 2.198489, 1.394336, 0.297069, 1.082062,
                                          1.720345, 2.684277, 2.382208};
    std::vector<double> got;
    for (const auto& st : s.steps) got.push_back(st.duration);
    CHECK(got == expected);
}

TEST_CASE("a million tasks expand quickly into flat storage", "[generate]") {
    const auto t0 = std::chrono::steady_clock::now();
    const auto s = expand(gen(R"("count": 1000000, "seed": 1, "steps": [{"io": {"dist": "exp", "mean": 0.2}}])"));
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    CHECK(s.tasks.size() == 1000000);
    CHECK(s.steps.size() == 1000000);
    CHECK(s.tasks.back().firstStep == 999999);
    // About 40 ms in a release build; the bound only catches a pathological
    // slowdown (sanitizer builds and a busy machine are several times slower).
    CHECK(seconds < 3.0);
}

TEST_CASE("sampled durations follow their distributions", "[generate]") {
    const std::string count = R"("count": 100000, "seed": 99, )";
    SECTION("uniform stays in [min, max] with the middle as mean") {
        const auto v = column(expand(gen(count + R"("steps": [{"io": {"dist": "uniform", "min": 1, "max": 3}}])")));
        CHECK(*std::min_element(v.begin(), v.end()) >= 1.0);
        CHECK(*std::max_element(v.begin(), v.end()) <= 3.0);
        CHECK(mean(v) == Approx(2.0).epsilon(0.01));
    }
    SECTION("exp has the given mean and median mean * ln 2") {
        const auto v = column(expand(gen(count + R"("steps": [{"io": {"dist": "exp", "mean": 0.5}}])")));
        CHECK(*std::min_element(v.begin(), v.end()) >= 0.0);
        CHECK(mean(v) == Approx(0.5).epsilon(0.02));
        CHECK(median(v) == Approx(0.5 * std::log(2.0)).epsilon(0.02));
    }
    SECTION("lognormal has median e^mu and mean e^(mu + sigma^2/2)") {
        const auto v = column(expand(gen(count + R"("steps": [{"io": {"dist": "lognormal", "mu": 0.5, "sigma": 0.4}}])")));
        CHECK(median(v) == Approx(std::exp(0.5)).epsilon(0.02));
        CHECK(mean(v) == Approx(std::exp(0.5 + 0.08)).epsilon(0.02));
    }
    SECTION("const draws nothing and keeps the value exactly") {
        const auto s = expand(gen(count + R"("steps": [{"io": {"dist": "const", "value": 0.1234567}}, {"cpu": 0.3333333333}])"));
        CHECK(column(s, 0) == std::vector<double>(100000, 0.1234567));
        CHECK(column(s, 1) == std::vector<double>(100000, 0.3333333333));
    }
    SECTION("max caps the samples") {
        const auto v = column(expand(gen(count + R"("steps": [{"io": {"dist": "exp", "mean": 1, "max": 0.5}}])")));
        CHECK(*std::max_element(v.begin(), v.end()) == 0.5);
        // P(X > 0.5) = e^-0.5
        const auto capped = std::count(v.begin(), v.end(), 0.5);
        CHECK(static_cast<double>(capped) / 100000.0 == Approx(std::exp(-0.5)).epsilon(0.02));
    }
}

TEST_CASE("samples are rounded to microseconds", "[generate]") {
    const auto s = expand(gen(R"("count": 1000, "seed": 4, "arrive": {"rate": 3},
        "steps": [{"io": {"dist": "lognormal", "mu": 0, "sigma": 1}}])"));
    for (const auto& t : s.tasks) {
        const double d = s.stepsOf(t)[0].duration;
        REQUIRE(cs::DetMath::roundMicro(d) == d);
        REQUIRE(cs::DetMath::roundMicro(t.arrive) == t.arrive);
    }
}

TEST_CASE("arrivals: fixed, every s, a Poisson rate, or a distribution", "[generate]") {
    const std::string steps = R"("steps": [{"io": 1}])";
    SECTION("a number is every task's arrival") {
        const auto s = expand(gen(R"("count": 3, "arrive": 0.25, )" + steps));
        for (const auto& t : s.tasks) CHECK(t.arrive == 0.25);
    }
    SECTION("every s puts task i at i*s, rounded") {
        const auto s = expand(gen(R"("count": 4, "arrive": {"every": 0.1}, )" + steps));
        CHECK(s.tasks[0].arrive == 0.0);
        CHECK(s.tasks[1].arrive == 0.1);
        CHECK(s.tasks[3].arrive == 0.3);  // not 0.30000000000000004
    }
    SECTION("a rate gives increasing arrivals with mean gap 1/rate") {
        const auto s = expand(gen(R"("count": 100000, "seed": 8, "arrive": {"rate": 50}, )" + steps));
        double prev = 0.0;
        for (const auto& t : s.tasks) {
            REQUIRE(t.arrive >= prev);
            prev = t.arrive;
        }
        CHECK(s.tasks.front().arrive > 0.0);
        CHECK(prev / 100000.0 == Approx(1.0 / 50).epsilon(0.02));
    }
    SECTION("a distribution draws each arrival on its own") {
        const auto s = expand(gen(R"("count": 1000, "seed": 8, "arrive": {"dist": "uniform", "min": 0, "max": 10}, )" + steps));
        const bool sorted = std::is_sorted(s.tasks.begin(), s.tasks.end(),
                                           [](const auto& a, const auto& b) { return a.arrive < b.arrive; });
        CHECK_FALSE(sorted);
        for (const auto& t : s.tasks) REQUIRE((t.arrive >= 0.0 && t.arrive <= 10.0));
    }
}

TEST_CASE("fail gives a share of tasks a trailing raise step", "[generate]") {
    const auto s = expand(gen(R"("count": 100000, "seed": 5, "steps": [{"io": 1}], "fail": {"rate": 0.1, "exc": "ConnectionError"})"));
    std::size_t failing = 0;
    for (const auto& t : s.tasks) {
        REQUIRE(s.stepsOf(t)[0] == cs::Step{1.0, cs::StepKind::Io, 0});
        if (t.stepCount == 2) {
            ++failing;
            REQUIRE(s.stepsOf(t)[1].kind == cs::StepKind::Raise);
            REQUIRE(s.excNames[static_cast<std::size_t>(s.stepsOf(t)[1].exc)] == "ConnectionError");
        } else {
            REQUIRE(t.stepCount == 1);
        }
    }
    CHECK(static_cast<double>(failing) / 100000.0 == Approx(0.1).epsilon(0.03));
    const auto def = expand(gen(R"("count": 10, "steps": [], "fail": {"rate": 1})"));
    CHECK(def.excNames == std::vector<std::string>{"RuntimeError"});
    const auto none = expand(gen(R"("count": 10, "steps": [], "fail": {"rate": 0, "exc": "X"})"));
    CHECK(none.excNames.empty());  // a name no task raises is not listed
    CHECK(none.steps.empty());
}

TEST_CASE("task options apply to every generated task", "[generate]") {
    const auto s = expand(gen(R"("count": 5, "timeout": 2.5, "ignore_cancel": true, "forget_release": true,
        "release_twice": true, "steps": [{"call": 0.5}, {"raise": "KeyError"}])",
                              R"("service": {"capacity": 2}, "limit": {"kind": "semaphore", "value": 2})"));
    for (const auto& t : s.tasks) {
        CHECK(t.timeout == 2.5);
        CHECK(t.ignoreCancel);
        CHECK(t.forgetRelease);
        CHECK(t.releaseTwice);
        CHECK(t.stepCount == 2);
        CHECK(s.stepsOf(t)[1] == cs::Step{0.0, cs::StepKind::Raise, 0});
    }
    CHECK(s.limit.kind == cs::LimitKind::Semaphore);
    CHECK(s.service);
    CHECK(expand(gen(R"("count": 0, "steps": [{"raise": "E"}])")).tasks.empty());
}

TEST_CASE("generated release pitfall flags need a semaphore kind of limit", "[generate]") {
    const std::string one = R"("steps": [{"io": 1}])";
    CHECK(errorOf(gen(R"("count": 3, "forget_release": true, )" + one, R"("limit": {"kind": "rate", "max_per_second": 1})")) ==
          "generate.forget_release: needs a semaphore limit");
    // The field is named even when no task is made.
    CHECK(errorOf(gen(R"("count": 0, "release_twice": true, )" + one)) == "generate.release_twice: needs a semaphore limit");
    CHECK(expand(gen(R"("count": 2, "release_twice": true, )" + one,
                     R"("limit": {"kind": "bounded_semaphore", "value": 1})")).tasks[1].releaseTwice);
    CHECK(expand(gen(R"("count": 2, "forget_release": false, )" + one, R"("limit": {"kind": "queue", "workers": 1})"))
              .tasks.size() == 2);
}

TEST_CASE("a generated scenario survives toJson and a reload", "[generate]") {
    const auto s = expand(gen(R"("count": 5000, "seed": 77, "arrive": {"rate": 100}, "timeout": 1.5,
        "steps": [{"io": {"dist": "lognormal", "mu": -2, "sigma": 1.5}}, {"thread": {"dist": "exp", "mean": 0.01}},
                  {"raise": "ValueError"}], "fail": {"rate": 0.5, "exc": "OSError"})",
                              R"("executor": {"max_workers": 8})"));
    const auto back = cs::parseScenario(cs::toJson(s));
    REQUIRE(back.ok());
    CHECK(*back.scenario == s);
    const auto compact = cs::parseScenario(cs::toJson(s, -1));
    REQUIRE(compact.ok());
    CHECK(*compact.scenario == s);
}

TEST_CASE("bad generate fields are rejected with their path", "[generate]") {
    struct Case {
        std::string input;
        std::string error;
    };
    const std::string one = R"("steps": [{"io": 1}])";
    const std::vector<Case> cases = {
        {R"({"format": "coroscope-scenario/1", "generate": 3})", "generate: must be an object"},
        {gen(one), "generate.count: required"},
        {gen(R"("count": -1, )" + one), "generate.count: must be an integer >= 0"},
        {gen(R"("count": 1.5, )" + one), "generate.count: must be an integer >= 0"},
        {gen(R"("count": 12000000, )" + one), "generate.count: 12000000 tasks is more than the limit of 10000000"},
        {gen(R"("count": 1)"), "generate.steps: required"},
        {gen(R"("count": 1, "steps": {})"), "generate.steps: must be an array"},
        {gen(R"("count": 1, "steps": [{"io": 1, "cpu": 1}])"), "generate.steps[0]: a step has exactly one key"},
        {gen(R"("count": 1, "steps": ["io"])"), R"(generate.steps[0]: must be an object like {"io": 1.0})"},
        {gen(R"("count": 1, "steps": [{"nap": 1}])"),
         R"(generate.steps[0]: unknown step "nap" (expected io, cpu, thread, call, raise, process or increment))"},
        {gen(R"("count": 1, "steps": [{"io": -1}])"), "generate.steps[0].io: must be >= 0"},
        {gen(R"("count": 1, "steps": [{"io": "1"}])"),
         R"(generate.steps[0].io: must be a number or a distribution like {"dist": "exp", "mean": 1.0})"},
        {gen(R"("count": 1, "steps": [{"io": {"mean": 1}}])"), "generate.steps[0].io.dist: required"},
        {gen(R"("count": 1, "steps": [{"io": {"dist": "zipf"}}])"),
         R"(generate.steps[0].io.dist: unknown distribution "zipf" (expected const, uniform, exp or lognormal))"},
        {gen(R"("count": 1, "steps": [{"io": {"dist": "const"}}])"), "generate.steps[0].io.value: required"},
        {gen(R"("count": 1, "steps": [{"io": {"dist": "uniform", "min": 2, "max": 1}}])"),
         "generate.steps[0].io.max: must be >= min"},
        {gen(R"("count": 1, "steps": [{"io": {"dist": "uniform", "min": -1, "max": 1}}])"),
         "generate.steps[0].io.min: must be >= 0"},
        {gen(R"("count": 1, "steps": [{"io": {"dist": "exp", "mean": -1}}])"), "generate.steps[0].io.mean: must be >= 0"},
        {gen(R"("count": 1, "steps": [{"io": {"dist": "lognormal", "mu": 0}}])"), "generate.steps[0].io.sigma: required"},
        {gen(R"("count": 1, "steps": [{"io": {"dist": "lognormal", "mu": "a", "sigma": 1}}])"),
         "generate.steps[0].io.mu: must be a number"},
        {gen(R"("count": 1, "steps": [{"io": {"dist": "exp", "mean": 1, "max": -2}}])"),
         "generate.steps[0].io.max: must be >= 0"},
        {gen(R"("count": 1, "steps": [{"raise": "no good"}])"),
         R"(generate.steps[0].raise: must be an exception class name like "ValueError")"},
        // exp(800) is beyond the largest double: the first sample is infinite.
        {gen(R"("count": 100, "steps": [{"cpu": {"dist": "lognormal", "mu": 800, "sigma": 10}}])"),
         R"(generate.steps[0].cpu: a sample overflowed to infinity; give the distribution a "max")"},
        // Finite but absurd samples and parameters meet the 1e9 s bound on times.
        {gen(R"("count": 100, "steps": [{"cpu": {"dist": "lognormal", "mu": 300, "sigma": 1}}])"),
         "generate.steps[0].cpu: must be at most 1e9 seconds (about 31 years)"},
        {gen(R"("count": 100, "steps": [{"cpu": {"dist": "exp", "mean": 1e308}}])"),
         "generate.steps[0].cpu.mean: must be at most 1e9 seconds (about 31 years)"},
        {gen(R"("count": 3, "arrive": {"every": 1e308}, )" + one),
         "generate.arrive.every: must be at most 1e9 seconds (about 31 years)"},
        {gen(R"("count": 3, "arrive": {"every": 6e8}, )" + one),
         "generate.arrive.every: task 2 would arrive after 1e9 seconds (about 31 years)"},
        // A rate is a time too (its mean gap): at most one per 10^9 s, and the
        // Poisson arrivals that add up are named by the field they came from.
        {gen(R"("count": 3, "arrive": {"rate": 1e-300}, )" + one),
         "generate.arrive.rate: must be at least 1e-9 per second (one per 10^9 s, the longest time a scenario holds)"},

        {gen(R"("count": 1, "seed": -1, )" + one), "generate.seed: must be an integer from 0 to 18446744073709551615"},
        {gen(R"("count": 1, "seed": 0.5, )" + one), "generate.seed: must be an integer from 0 to 18446744073709551615"},
        {gen(R"("count": 1, "arrive": -1, )" + one), "generate.arrive: must be >= 0"},
        {gen(R"("count": 1, "arrive": {"every": -1}, )" + one), "generate.arrive.every: must be >= 0"},
        {gen(R"("count": 1, "arrive": {"rate": 0}, )" + one), "generate.arrive.rate: must be > 0"},
        {gen(R"("count": 1, "arrive": {"every": 1, "rate": 1}, )" + one),
         R"(generate.arrive: must be a number, a distribution, {"every": s} or {"rate": r})"},
        {gen(R"("count": 1, "arrive": "now", )" + one),
         R"(generate.arrive: must be a number, a distribution, {"every": s} or {"rate": r})"},
        {gen(R"("count": 1, "arrive": {"dist": "exp"}, )" + one), "generate.arrive.mean: required"},
        {gen(R"("count": 1, "timeout": -1, )" + one), "generate.timeout: must be >= 0"},
        {gen(R"("count": 1, "fail": 0.5, )" + one), "generate.fail: must be an object"},
        {gen(R"("count": 1, "fail": {}, )" + one), "generate.fail.rate: required"},
        {gen(R"("count": 1, "fail": {"rate": 1.5}, )" + one), "generate.fail.rate: must be from 0 to 1"},
        {gen(R"("count": 1, "fail": {"rate": 0.5, "exc": ""}, )" + one),
         R"(generate.fail.exc: must be an exception class name like "ValueError")"},
        {gen(R"("count": 1, "ignore_cancel": "no", )" + one), "generate.ignore_cancel: must be true or false"},
        {gen(R"("count": 10000000, "steps": [{"io": 1}, {"io": 1}, {"io": 1}, {"io": 1}, {"io": 1}, {"io": 1}])"),
         "generate: 10000000 tasks of 6 steps is more than the limit of 50000000 steps"},
        {gen(R"("count": 10000000, "steps": [{"io": 1}, {"io": 1}, {"io": 1}, {"io": 1}, {"io": 1}], "fail": {"rate": 0.1})"),
         "generate: 10000000 tasks of up to 6 steps is more than the limit of 50000000 steps"},
        {gen(R"("count": 1, "steps": [{"io": 1}, {"call": 1}])"),
         R"(generate.steps[1].call: a call step needs a top-level "service")"},
    };
    for (const Case& c : cases) {
        INFO(c.input);
        CHECK(errorOf(c.input) == c.error);
    }
}

TEST_CASE("Poisson arrivals past 10^9 s name the rate and the first task past it", "[generate]") {
    const auto withCount = [](int n) {
        return gen(R"("count": )" + std::to_string(n) + R"(, "seed": 3, "arrive": {"rate": 1e-8}, "steps": [])");
    };
    const std::string error = errorOf(withCount(100));
    const std::string prefix = "generate.arrive.rate: task ";
    const std::string suffix = " would arrive after 1e9 seconds (about 31 years)";
    REQUIRE(error.starts_with(prefix));
    REQUIRE(error.ends_with(suffix));
    const int k = std::stoi(error.substr(prefix.size()));
    // Mean gap 1e8 s: the sum passes 1e9 s after a handful of tasks.
    CHECK(k > 0);
    CHECK(k < 100);
    const auto before = expand(withCount(k));  // tasks 0..k-1 arrive in time
    CHECK(before.tasks.back().arrive <= 1e9);
    CHECK(errorOf(withCount(k + 1)) == error);
}

TEST_CASE("generate caps follow the parse options", "[generate]") {
    cs::ParseOptions o;
    o.maxTasks = 100;
    o.maxStepsTotal = 150;
    const auto many = cs::parseScenario(gen(R"("count": 101, "steps": [])"), o);
    REQUIRE_FALSE(many.ok());
    CHECK(many.error->what() == "generate.count: 101 tasks is more than the limit of 100");
    const auto steps = cs::parseScenario(gen(R"("count": 100, "steps": [{"io": 1}, {"io": 2}])"), o);
    REQUIRE_FALSE(steps.ok());
    CHECK(steps.error->what() == "generate: 100 tasks of 2 steps is more than the limit of 150 steps");
    CHECK(cs::parseScenario(gen(R"("count": 75, "steps": [{"io": 1}, {"io": 2}])"), o).ok());
    std::string longList = R"({"io": 1})";
    for (int i = 1; i < 200; ++i) longList += R"(, {"io": 1})";
    const auto zero = cs::parseScenario(gen(R"("count": 0, "steps": [)" + longList + "]"), o);
    REQUIRE_FALSE(zero.ok());
    CHECK(zero.error->what() == "generate.steps: 200 steps is more than the limit of 150");
}
