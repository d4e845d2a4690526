#include "scenario/generator.h"

#include <cmath>
#include <optional>
#include <string>
#include <vector>

#include "loop/pool.h"
#include "scenario/det_math.h"
#include "scenario/distribution.h"
#include "scenario/field_reader.h"
#include "scenario/json_writer.h"
#include "scenario/rng.h"

namespace cs {

namespace {

using json = nlohmann::json;
using F = FieldReader;

struct PlanStep {
    StepKind kind;
    Distribution dist;        // io, cpu, thread, call
    std::string exc;          // raise
    std::int32_t excIndex;    // interned on first use, so that unused names stay out
    std::string path;         // for errors found while sampling
};

enum class ArriveMode { Fixed, Every, Rate, Random };

const char* const kOverflow = "a sample overflowed to infinity; give the distribution a \"max\"";

Distribution readDistribution(const json& v, const std::string& path) {
    if (v.is_number()) return Distribution::constant(F::nonNegative(v, path));
    if (!v.is_object())
        F::fail(path, "must be a number or a distribution like {\"dist\": \"exp\", \"mean\": 1.0}");
    const std::string distPath = F::member(path, "dist");
    const std::string& name = F::string(F::require(v, "dist", path), distPath);
    const auto param = [&](const char* key) -> const json& { return F::require(v, key, path); };
    const auto paramPath = [&](const char* key) { return F::member(path, key); };

    if (name == "uniform") {
        const double lo = F::nonNegative(param("min"), paramPath("min"));
        const double hi = F::nonNegative(param("max"), paramPath("max"));
        if (hi < lo) F::fail(paramPath("max"), "must be >= min");
        return Distribution::uniform(lo, hi);
    }
    std::optional<Distribution> d;
    if (name == "const") {
        d = Distribution::constant(F::nonNegative(param("value"), paramPath("value")));
    } else if (name == "exp") {
        d = Distribution::exponential(F::nonNegative(param("mean"), paramPath("mean")));
    } else if (name == "lognormal") {
        const double mu = F::number(param("mu"), paramPath("mu"));
        const double sigma = F::nonNegative(param("sigma"), paramPath("sigma"));
        d = Distribution::lognormal(mu, sigma);
    } else {
        F::fail(distPath, "unknown distribution " + JsonWriter::quoted(name.substr(0, 40)) +
                              " (expected const, uniform, exp or lognormal)");
    }
    if (const json* cap = F::find(v, "max")) *d = d->withCap(F::nonNegative(*cap, paramPath("max")));
    return *d;
}

std::uint64_t readSeed(const json& v, const std::string& path) {
    if (v.is_number_unsigned()) return v.get<std::uint64_t>();
    if (v.is_number_integer() && v.get<std::int64_t>() >= 0)
        return static_cast<std::uint64_t>(v.get<std::int64_t>());
    if (v.is_number_float()) {
        const double d = v.get<double>();
        if (d >= 0.0 && d < 0x1.0p64 && d == std::floor(d)) return static_cast<std::uint64_t>(d);
    }
    F::fail(path, "must be an integer from 0 to 18446744073709551615");
}

}  // namespace

void Generator::expand(const json& spec, Scenario& s, ExcInterner& excs,
                       const ParseOptions& options, std::string& usesCall) {
    const std::string P = "generate";
    F::expectObject(spec, P);

    const auto count = static_cast<std::size_t>(
        F::integer(F::require(spec, "count", P), F::member(P, "count"), 0));
    if (count > options.maxTasks)
        F::fail(F::member(P, "count"), std::to_string(count) +
                                           " tasks is more than the limit of " +
                                           std::to_string(options.maxTasks));

    std::uint64_t seed = 0;
    if (const json* v = F::find(spec, "seed")) seed = readSeed(*v, F::member(P, "seed"));

    const std::string stepsPath = F::member(P, "steps");
    const json& steps = F::require(spec, "steps", P);
    F::expectArray(steps, stepsPath);
    // Checked before the plan is built: with "count": 0 the total below would
    // not stop a file of millions of steps from filling memory with plans.
    if (steps.size() > options.maxStepsTotal)
        F::fail(stepsPath, std::to_string(steps.size()) + " steps is more than the limit of " +
                               std::to_string(options.maxStepsTotal));
    std::vector<PlanStep> plan;
    plan.reserve(steps.size());
    for (std::size_t j = 0; j < steps.size(); ++j) {
        const std::string path = F::element(stepsPath, j);
        const json& st = steps[j];
        if (!st.is_object()) F::fail(path, "must be an object like {\"io\": 1.0}");
        if (st.size() != 1) F::fail(path, "a step has exactly one key");
        const std::string& key = st.begin().key();
        const std::string valuePath = F::member(path, key);
        StepKind kind;
        if (key == "io") kind = StepKind::Io;
        else if (key == "cpu") kind = StepKind::Cpu;
        else if (key == "thread") kind = StepKind::Thread;
        else if (key == "call") kind = StepKind::Call;
        else if (key == "raise") kind = StepKind::Raise;
        else if (key == "process") kind = StepKind::Process;
        else if (key == "increment") kind = StepKind::Increment;
        else
            F::fail(path, "unknown step " + JsonWriter::quoted(key.substr(0, 40)) +
                              " (expected io, cpu, thread, call, raise, process or increment)");
        if (kind == StepKind::Raise) {
            plan.push_back({kind, Distribution::constant(0.0),
                            F::exceptionName(st.begin().value(), valuePath), -1, valuePath});
        } else {
            if (kind == StepKind::Call && usesCall.empty()) usesCall = valuePath;
            plan.push_back({kind, readDistribution(st.begin().value(), valuePath), {}, -1,
                            valuePath});
        }
    }

    const std::string arrivePath = F::member(P, "arrive");
    ArriveMode arriveMode = ArriveMode::Fixed;
    double arriveValue = 0.0;  // Fixed: the time; Every: the gap; Rate: the mean gap
    std::optional<Distribution> arriveDist;
    if (const json* a = F::find(spec, "arrive")) {
        if (a->is_number()) {
            arriveValue = F::nonNegative(*a, arrivePath);
        } else if (a->is_object() && a->contains("dist")) {
            arriveMode = ArriveMode::Random;
            arriveDist = readDistribution(*a, arrivePath);
        } else if (a->is_object() && a->size() == 1 && a->contains("every")) {
            arriveMode = ArriveMode::Every;
            arriveValue = F::nonNegative(F::require(*a, "every", arrivePath),
                                         F::member(arrivePath, "every"));
        } else if (a->is_object() && a->size() == 1 && a->contains("rate")) {
            arriveMode = ArriveMode::Rate;
            arriveValue = 1.0 / F::rate(F::require(*a, "rate", arrivePath), F::member(arrivePath, "rate"));
        } else {
            F::fail(arrivePath, "must be a number, a distribution, {\"every\": s} or {\"rate\": r}");
        }
    }

    const double timeout = F::optionalNonNegative(spec, "timeout", P, -1.0);

    bool hasFail = false;
    double failRate = 0.0;
    std::string failExc = "RuntimeError";
    std::int32_t failExcIndex = -1;
    if (const json* f = F::find(spec, "fail")) {
        const std::string failPath = F::member(P, "fail");
        F::expectObject(*f, failPath);
        hasFail = true;
        const std::string ratePath = F::member(failPath, "rate");
        failRate = F::number(F::require(*f, "rate", failPath), ratePath);
        if (failRate < 0.0 || failRate > 1.0) F::fail(ratePath, "must be from 0 to 1");
        if (const json* e = F::find(*f, "exc")) failExc = F::exceptionName(*e, F::member(failPath, "exc"));
    }

    TaskSpec proto;
    proto.timeout = timeout;
    proto.ignoreCancel = F::optionalBoolean(spec, "ignore_cancel", P, false);
    proto.forgetRelease = F::optionalBoolean(spec, "forget_release", P, false);
    proto.releaseTwice = F::optionalBoolean(spec, "release_twice", P, false);

    const std::size_t stepsPerTask = plan.size() + (hasFail ? 1 : 0);
    const std::size_t totalSteps = s.steps.size() + count * stepsPerTask;
    if (totalSteps > options.maxStepsTotal)
        F::fail(P, std::to_string(count) + " tasks of " + (hasFail ? "up to " : "") +
                       std::to_string(stepsPerTask) + " steps is more than the limit of " +
                       std::to_string(options.maxStepsTotal) + " steps");

    // Hot loop: no allocation beyond the two reservations.
    detail::reserveHuge(s.tasks, s.tasks.size() + count);
    detail::reserveHuge(s.steps, totalSteps);
    Rng rng(seed);
    double clock = 0.0;  // Rate: unrounded arrival of the previous task
    for (std::size_t i = 0; i < count; ++i) {
        TaskSpec t = proto;
        switch (arriveMode) {
        case ArriveMode::Fixed: t.arrive = arriveValue; break;
        case ArriveMode::Every: t.arrive = DetMath::roundMicro(static_cast<double>(i) * arriveValue); break;
        case ArriveMode::Rate:
            clock += Distribution::exponentialSample(rng, arriveValue);
            t.arrive = DetMath::roundMicro(clock);
            break;
        case ArriveMode::Random: t.arrive = arriveDist->sample(rng); break;
        }
        if (arriveMode == ArriveMode::Every || arriveMode == ArriveMode::Rate) {
            // The arrivals add up: name the field and the first task past the cap.
            if (!(t.arrive <= F::kMaxSeconds))
                F::fail(F::member(arrivePath, arriveMode == ArriveMode::Every ? "every" : "rate"),
                        "task " + std::to_string(i) + " would arrive after 1e9 seconds (about 31 years)");
        } else {
            if (!std::isfinite(t.arrive)) F::fail(arrivePath, kOverflow);
            F::seconds(t.arrive, arrivePath);
        }

        t.firstStep = static_cast<std::uint32_t>(s.steps.size());
        for (PlanStep& ps : plan) {
            Step step;
            step.kind = ps.kind;
            if (ps.kind == StepKind::Raise) {
                if (ps.excIndex < 0) ps.excIndex = excs.intern(ps.exc);
                step.exc = ps.excIndex;
            } else {
                step.duration = ps.dist.sample(rng);
                if (!std::isfinite(step.duration)) F::fail(ps.path, kOverflow);
                F::seconds(step.duration, ps.path);
            }
            s.steps.push_back(step);
        }
        if (hasFail && rng.uniform() < failRate) {
            if (failExcIndex < 0) failExcIndex = excs.intern(failExc);
            Step step;
            step.kind = StepKind::Raise;
            step.exc = failExcIndex;
            s.steps.push_back(step);
        }
        t.stepCount = static_cast<std::uint32_t>(s.steps.size() - t.firstStep);
        s.tasks.push_back(t);
    }
}

}  // namespace cs
