#include "scenario/loader.h"

#include <algorithm>
#include <cassert>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "scenario/exc_interner.h"
#include "scenario/field_reader.h"
#include "scenario/generator.h"
#include "scenario/json_writer.h"
#include "scenario/sax_builder.h"

namespace cs {

namespace {

using json = nlohmann::json;
using F = FieldReader;

constexpr const char* kFormat = "coroscope-scenario/1";
constexpr const char* kStepObject = "must be an object like {\"io\": 1.0}";
constexpr const char* kExpectedSteps = "expected io, cpu, thread, call, raise, process or increment";

std::string quotedForMessage(const std::string& s) {
    // User text in a message: escaped, and short enough to read.
    return JsonWriter::quoted(s.size() > 40 ? s.substr(0, 40) + "..." : s);
}

bool fastDuration(const json& v, double& out) {
    if (!v.is_number()) return false;
    const double d = v.get<double>();
    // Anything outside [0, kMaxSeconds] takes the slow path, which names the problem.
    if (!(d >= 0.0) || !(d <= FieldReader::kMaxSeconds)) return false;
    out = d + 0.0;  // -0.0 becomes 0.0
    return true;
}

// Turns the elements of "tasks" into TaskSpecs while the SAX parser streams
// them (see SaxBuilder). Paths are built only when something is wrong: this
// runs once per task of files with millions of them. The first error is kept
// and later tasks are only counted, so that a bad file still gets the "not
// JSON" or "format" message when that comes first.
class TaskCollector {
public:
    TaskCollector(Scenario& s, ExcInterner& excs, const ParseOptions& o)
        : s_(s), excs_(excs), o_(o) {}

    void reset() {
        s_.tasks.clear();
        s_.steps.clear();
        excs_.clear();
        firstError.reset();
        stepsSeen = 0;
        usesCall.clear();
    }

    void add(const json& el, std::size_t index) {
        if (firstError || index >= o_.maxTasks || stepsSeen > o_.maxStepsTotal) {
            // Past an error or a cap: only count steps, for the cap message.
            if (const json* st = el.is_object() ? F::find(el, "steps") : nullptr; st && st->is_array())
                stepsSeen += st->size();
            return;
        }
        try {
            read(el, index);
        } catch (LoadFailure& f) {
            firstError = std::move(f.error);
        }
    }

    std::optional<LoadError> firstError;
    std::size_t stepsSeen = 0;
    std::string usesCall;  // path of the first call step

private:
    static std::string taskPath(std::size_t i) { return F::element("tasks", i); }
    static std::string stepPath(std::size_t i, std::size_t j) {
        return F::element(F::member(taskPath(i), "steps"), j);
    }

    void read(const json& el, std::size_t i) {
        if (!el.is_object()) F::fail(taskPath(i), "must be an object");
        const json* steps = F::find(el, "steps");
        if (!steps) F::fail(F::member(taskPath(i), "steps"), "required");
        if (!steps->is_array()) F::fail(F::member(taskPath(i), "steps"), "must be an array");
        stepsSeen += steps->size();
        if (stepsSeen > o_.maxStepsTotal) return;  // reported after the parse

        TaskSpec t;
        t.firstStep = static_cast<std::uint32_t>(s_.steps.size());
        for (std::size_t j = 0; j < steps->size(); ++j) {
            const json& st = (*steps)[j];
            if (!st.is_object()) F::fail(stepPath(i, j), kStepObject);
            if (st.size() != 1) F::fail(stepPath(i, j), "a step has exactly one key");
            const auto it = st.begin();
            const std::string& key = it.key();
            const json& v = it.value();
            Step step;
            if (key == "io") step.kind = StepKind::Io;
            else if (key == "cpu") step.kind = StepKind::Cpu;
            else if (key == "thread") step.kind = StepKind::Thread;
            else if (key == "call") step.kind = StepKind::Call;
            else if (key == "raise") step.kind = StepKind::Raise;
            else if (key == "process") step.kind = StepKind::Process;
            else if (key == "increment") step.kind = StepKind::Increment;
            else
                F::fail(stepPath(i, j), "unknown step " + quotedForMessage(key) + " (" + kExpectedSteps + ")");
            if (step.kind == StepKind::Raise) {
                if (!v.is_string() || !F::isExceptionName(v.get_ref<const std::string&>()))
                    F::exceptionName(v, F::member(stepPath(i, j), key));  // throws
                step.exc = excs_.intern(v.get_ref<const std::string&>());
            } else {
                if (!fastDuration(v, step.duration))
                    F::nonNegative(v, F::member(stepPath(i, j), key));  // throws
                if (step.kind == StepKind::Call && usesCall.empty())
                    usesCall = F::member(stepPath(i, j), key);
            }
            s_.steps.push_back(step);
        }
        t.stepCount = static_cast<std::uint32_t>(steps->size());

        if (const json* v = F::find(el, "arrive"); v && !fastDuration(*v, t.arrive))
            F::nonNegative(*v, F::member(taskPath(i), "arrive"));  // throws
        if (const json* v = F::find(el, "timeout"); v && !fastDuration(*v, t.timeout))
            F::nonNegative(*v, F::member(taskPath(i), "timeout"));  // throws
        t.ignoreCancel = flag(el, "ignore_cancel", i);
        t.forgetRelease = flag(el, "forget_release", i);
        t.releaseTwice = flag(el, "release_twice", i);
        s_.tasks.push_back(t);
    }

    static bool flag(const json& el, const char* key, std::size_t i) {
        const json* v = F::find(el, key);
        if (!v) return false;
        if (!v->is_boolean()) F::boolean(*v, F::member(taskPath(i), key));  // throws
        return v->get<bool>();
    }

    Scenario& s_;
    ExcInterner& excs_;
    const ParseOptions& o_;
};

// ------------------------------------------------------------------ limit

struct KindName {
    LimitKind kind;
    const char* name;
};
constexpr KindName kLimitKinds[] = {
    {LimitKind::None, "none"},
    {LimitKind::Semaphore, "semaphore"},
    {LimitKind::BoundedSemaphore, "bounded_semaphore"},
    {LimitKind::SemaphorePerTask, "semaphore_per_task"},
    {LimitKind::Queue, "queue"},
    {LimitKind::Manual, "manual"},
    {LimitKind::Chunks, "chunks"},
    {LimitKind::Rate, "rate"},
    {LimitKind::Adaptive, "adaptive"},
    {LimitKind::Connector, "connector"},
    {LimitKind::Scheduler, "scheduler"},
};

const char* limitName(LimitKind k) {
    for (const auto& kn : kLimitKinds)
        if (kn.kind == k) return kn.name;
    return "none";
}

struct CollectName {
    CollectKind kind;
    const char* name;
};
constexpr CollectName kCollectKinds[] = {
    {CollectKind::Gather, "gather"},
    {CollectKind::Wait, "wait"},
    {CollectKind::AsCompleted, "as_completed"},
    {CollectKind::TaskGroup, "taskgroup"},
    {CollectKind::Sequential, "sequential"},
};

const char* collectName(CollectKind k) {
    for (const auto& kn : kCollectKinds)
        if (kn.kind == k) return kn.name;
    return "gather";
}

constexpr const char* kReturnWhenNames[] = {"ALL_COMPLETED", "FIRST_COMPLETED", "FIRST_EXCEPTION"};

std::int64_t requiredInteger(const json& obj, const char* key, const std::string& path,
                             std::int64_t min, std::int64_t max = F::kMaxInteger) {
    return F::integer(F::require(obj, key, path), F::member(path, key), min, max);
}

double requiredPositive(const json& obj, const char* key, const std::string& path) {
    return F::positive(F::require(obj, key, path), F::member(path, key));
}

double requiredRate(const json& obj, const char* key, const std::string& path) {
    return F::rate(F::require(obj, key, path), F::member(path, key));
}

void readLimit(const json& root, Limit& limit, const ParseOptions& o) {
    const json* v = F::find(root, "limit");
    if (!v) return;
    const std::string P = "limit";
    F::expectObject(*v, P);
    const std::string& kind = F::string(F::require(*v, "kind", P), "limit.kind");
    const auto* kn = std::find_if(std::begin(kLimitKinds), std::end(kLimitKinds),
                                  [&](const KindName& k) { return kind == k.name; });
    if (kn == std::end(kLimitKinds))
        F::fail("limit.kind", "unknown kind " + quotedForMessage(kind) +
                                  " (expected none, semaphore, bounded_semaphore, "
                                  "semaphore_per_task, queue, manual, chunks, rate, adaptive, "
                                  "connector or scheduler)");
    limit.kind = kn->kind;

    switch (limit.kind) {
    case LimitKind::None:
        break;
    case LimitKind::Semaphore:
    case LimitKind::BoundedSemaphore:
    case LimitKind::SemaphorePerTask:
        limit.value = requiredInteger(*v, "value", P, 0);
        break;
    case LimitKind::Manual:
    case LimitKind::Connector:  // aiohttp's limit=0 means "no limit", not Semaphore(0): refused
        limit.value = requiredInteger(*v, "value", P, 1);
        break;
    case LimitKind::Scheduler:
        limit.value = requiredInteger(*v, "limit", P, 1);
        if (const json* m = F::find(*v, "pending_limit"))
            limit.pendingLimit = F::integer(*m, "limit.pending_limit", 0);
        break;
    case LimitKind::Queue:
        // Each worker is a task of the simulated program: same cap as tasks.
        limit.workers = requiredInteger(*v, "workers", P, 1, static_cast<std::int64_t>(o.maxTasks));
        if (const json* m = F::find(*v, "maxsize")) limit.maxsize = F::integer(*m, "limit.maxsize", 0);
        break;
    case LimitKind::Chunks:
        limit.size = requiredInteger(*v, "size", P, 1);
        break;
    case LimitKind::Rate:
        limit.maxPerSecond = requiredRate(*v, "max_per_second", P);
        if (const json* m = F::find(*v, "max_at_once"))
            limit.maxAtOnce = F::integer(*m, "limit.max_at_once", 1);
        break;
    case LimitKind::Adaptive:
        limit.min = requiredInteger(*v, "min", P, 1);
        limit.max = requiredInteger(*v, "max", P, 1);
        if (limit.max < limit.min) F::fail("limit.max", "must be >= limit.min");
        limit.initial = requiredInteger(*v, "initial", P, 1);
        if (limit.initial < limit.min || limit.initial > limit.max)
            F::fail("limit.initial", "must be from limit.min to limit.max");
        limit.latencyTarget = F::seconds(requiredPositive(*v, "latency_target", P), "limit.latency_target");
        break;
    }

    if (const json* sched = F::find(*v, "schedule")) {
        const std::string SP = "limit.schedule";
        if (limit.kind != LimitKind::Semaphore) F::fail(SP, "only a semaphore limit takes a schedule");
        F::expectArray(*sched, SP);
        for (std::size_t k = 0; k < sched->size(); ++k) {
            const std::string ep = F::element(SP, k);
            const json& e = (*sched)[k];
            F::expectObject(e, ep);
            ScheduleEntry entry;
            entry.at = F::nonNegative(F::require(e, "at", ep), F::member(ep, "at"));
            // Entries need not be sorted: each is its own loop.call_at(at, ...).
            entry.value = requiredInteger(e, "value", ep, 0);
            limit.schedule.push_back(entry);
        }
    }
}

// ------------------------------------------------------------------ collect

void readCollect(const json& root, Collect& c) {
    const json* v = F::find(root, "collect");
    if (!v) return;
    const std::string P = "collect";
    F::expectObject(*v, P);
    const std::string& kind = F::string(F::require(*v, "kind", P), "collect.kind");
    const auto* kn = std::find_if(std::begin(kCollectKinds), std::end(kCollectKinds),
                                  [&](const CollectName& k) { return kind == k.name; });
    if (kn == std::end(kCollectKinds))
        F::fail("collect.kind", "unknown kind " + quotedForMessage(kind) +
                                    " (expected gather, wait, as_completed, taskgroup or sequential)");
    c.kind = kn->kind;

    switch (c.kind) {
    case CollectKind::Gather:
        c.returnExceptions = F::optionalBoolean(*v, "return_exceptions", P, false);
        break;
    case CollectKind::Wait:
        if (const json* rw = F::find(*v, "return_when")) {
            bool found = false;
            for (std::size_t i = 0; i < std::size(kReturnWhenNames); ++i) {
                if (rw->is_string() && *rw == kReturnWhenNames[i]) {
                    c.returnWhen = static_cast<ReturnWhen>(i);
                    found = true;
                }
            }
            if (!found)
                F::fail("collect.return_when",
                        "must be ALL_COMPLETED, FIRST_COMPLETED or FIRST_EXCEPTION");
        }
        c.timeout = F::optionalNonNegative(*v, "timeout", P, -1.0);
        if (const json* on = F::find(*v, "on_return")) {
            if (on->is_string() && *on == "cancel") c.cancelOnReturn = true;
            else if (!(on->is_string() && *on == "leave"))
                F::fail("collect.on_return", "must be \"leave\" or \"cancel\"");
        }
        break;
    case CollectKind::AsCompleted:
        c.timeout = F::optionalNonNegative(*v, "timeout", P, -1.0);
        break;
    case CollectKind::TaskGroup:
    case CollectKind::Sequential:
        break;
    }
}

// ------------------------------------------------------------------ executor, service

void readExecutor(const json& root, Scenario& s, const ParseOptions& o) {
    const json* v = F::find(root, "executor");
    if (!v) return;
    F::expectObject(*v, "executor");
    if (const json* m = F::find(*v, "max_workers"))
        s.maxWorkers = F::integer(*m, "executor.max_workers", 1, static_cast<std::int64_t>(o.maxTasks));
}

// Format extensions (docs/format-extensions.md).
void readProcessPool(const json& root, Scenario& s, const ParseOptions& o) {
    const json* v = F::find(root, "process_pool");
    if (!v) return;
    F::expectObject(*v, "process_pool");
    if (const json* m = F::find(*v, "max_workers"))
        s.processWorkers =
            F::integer(*m, "process_pool.max_workers", 1, static_cast<std::int64_t>(o.maxTasks));
}

void readCounter(const json& root, Scenario& s) {
    const json* v = F::find(root, "counter");
    if (!v) return;
    F::expectObject(*v, "counter");
    s.hasCounter = true;
    s.counterLock = F::optionalBoolean(*v, "lock", "counter", false);
}

void readService(const json& root, Scenario& s) {
    const json* v = F::find(root, "service");
    if (!v) return;
    const std::string P = "service";
    F::expectObject(*v, P);
    Service svc;
    svc.capacity = requiredInteger(*v, "capacity", P, 1);
    if (const json* q = F::find(*v, "queue_limit")) svc.queueLimit = F::integer(*q, "service.queue_limit", 0);
    if (const json* r = F::find(*v, "rate_limit")) {
        const std::string RP = "service.rate_limit";
        F::expectObject(*r, RP);
        RateLimit rl;
        rl.perSecond = requiredRate(*r, "per_second", RP);
        if (const json* b = F::find(*r, "burst")) {
            rl.burst = F::number(*b, "service.rate_limit.burst");
            if (rl.burst < 1.0) F::fail("service.rate_limit.burst", "must be >= 1");
        }
        svc.rateLimit = rl;
    }
    s.service = svc;
}

// forget_release and release_twice act on a semaphore's permits: under any
// other limit they are bad input (spec section 1), named by the generate
// field or the first task that sets one. Called after both were validated.
void checkReleaseFlags(const json& root, const Scenario& s) {
    if (takesReleaseFlags(s.limit.kind)) return;
    static constexpr const char* kFlags[] = {"forget_release", "release_twice"};
    if (const json* g = F::find(root, "generate")) {
        for (const char* key : kFlags)
            if (const json* v = F::find(*g, key); v && v->is_boolean() && v->get<bool>())
                F::fail(F::member("generate", key), "needs a semaphore limit");
        return;
    }
    for (std::size_t i = 0; i < s.tasks.size(); ++i) {
        const TaskSpec& t = s.tasks[i];
        if (t.forgetRelease || t.releaseTwice)
            F::fail(F::member(F::element("tasks", i), t.forgetRelease ? kFlags[0] : kFlags[1]),
                    "needs a semaphore limit");
    }
}

// ------------------------------------------------------------------ document

void readDocument(SaxBuilder& sax, Scenario& s, ExcInterner& excs, TaskCollector& tasks,
                  const ParseOptions& o) {
    const json& root = sax.root();
    if (!root.is_object()) F::fail("", "a scenario must be a JSON object");

    const json* format = F::find(root, "format");
    if (!format) F::fail("format", "required");
    if (!format->is_string() || *format != kFormat)
        F::fail("format", std::string("must be \"") + kFormat + "\"");
    if (const json* t = F::find(root, "title")) s.title = F::string(*t, "title");
    if (const json* d = F::find(root, "description")) s.description = F::string(*d, "description");

    const json* taskList = F::find(root, "tasks");
    const json* generate = F::find(root, "generate");
    if (taskList && generate) F::fail("generate", "use either tasks or generate, not both");
    if (!taskList && !generate) F::fail("tasks", "required");
    std::string usesCall;
    if (taskList) {
        if (!taskList->is_array()) F::fail("tasks", "must be an array");
        if (tasks.firstError) throw LoadFailure{*tasks.firstError};
        if (sax.taskCount() > o.maxTasks)
            F::fail("tasks", std::to_string(sax.taskCount()) + " tasks is more than the limit of " +
                                 std::to_string(o.maxTasks));
        if (tasks.stepsSeen > o.maxStepsTotal)
            F::fail("tasks", std::to_string(tasks.stepsSeen) +
                                 " steps in all is more than the limit of " +
                                 std::to_string(o.maxStepsTotal));
        usesCall = tasks.usesCall;
    } else {
        // A "tasks" array that a later "tasks": null replaced was streamed anyway.
        tasks.reset();
        Generator::expand(*generate, s, excs, o, usesCall);
    }

    readLimit(root, s.limit, o);
    checkReleaseFlags(root, s);
    readCollect(root, s.collect);
    readExecutor(root, s, o);
    readService(root, s);
    readProcessPool(root, s, o);
    readCounter(root, s);
    if (!s.service && !usesCall.empty())
        F::fail(usesCall, "a call step needs a top-level \"service\"");
}

void writeCollect(JsonWriter& w, const Collect& c) {
    w.key("collect");
    w.beginObject();
    w.key("kind");
    w.value(collectName(c.kind));
    if (c.kind == CollectKind::Gather && c.returnExceptions) {
        w.key("return_exceptions");
        w.value(true);
    }
    if (c.kind == CollectKind::Wait && c.returnWhen != ReturnWhen::AllCompleted) {
        w.key("return_when");
        w.value(kReturnWhenNames[static_cast<std::size_t>(c.returnWhen)]);
    }
    if ((c.kind == CollectKind::Wait || c.kind == CollectKind::AsCompleted) && c.hasTimeout()) {
        w.key("timeout");
        w.value(c.timeout);
    }
    if (c.kind == CollectKind::Wait && c.cancelOnReturn) {
        w.key("on_return");
        w.value("cancel");
    }
    w.endObject();
}

}  // namespace

LoadResult parseScenario(std::string_view text) { return parseScenario(text, ParseOptions{}); }

LoadResult parseScenario(std::string_view text, const ParseOptions& requested) {
    const ParseOptions o{std::min(requested.maxTasks, kMaxTasks),
                         std::min(requested.maxStepsTotal, kMaxStepsTotal)};
    LoadResult result;
    Scenario s;
    ExcInterner excs(s);
    TaskCollector tasks(s, excs, o);
    SaxBuilder sax;
    sax.onTasksBegin = [&] { tasks.reset(); };
    sax.onTask = [&](json& element, std::size_t index) { tasks.add(element, index); };
    if (!sax.parse(text)) {
        result.error = *sax.error();
        return result;
    }
    try {
        readDocument(sax, s, excs, tasks, o);
    } catch (LoadFailure& f) {
        result.error = std::move(f.error);
        return result;
    }
    s.tasks.shrink_to_fit();
    s.steps.shrink_to_fit();
    result.generated = F::find(sax.root(), "generate") != nullptr;
    result.scenario = std::move(s);
    return result;
}

LoadResult loadScenarioFile(const std::string& path) {
    LoadResult result;
    const auto fail = [&](const std::string& message) {
        result.error = LoadError{"", path + ": " + message};
        return result;
    };
    std::FILE* f = std::fopen(path.c_str(), "rb");
    if (!f) return fail(std::string("cannot read file: ") + std::strerror(errno));
    std::string text;
    char buf[1 << 16];
    bool tooBig = false;
    int readError = 0;
    for (;;) {
        const std::size_t n = std::fread(buf, 1, sizeof buf, f);
        if (text.size() + n > kMaxFileBytes) {
            tooBig = true;
            break;
        }
        text.append(buf, n);
        if (n < sizeof buf) {
            if (std::ferror(f)) readError = errno ? errno : EIO;
            break;
        }
    }
    std::fclose(f);
    if (readError) return fail(std::string("cannot read file: ") + std::strerror(readError));
    if (tooBig)
        return fail("the file is larger than the limit of " + std::to_string(kMaxFileBytes) + " bytes");
    return parseScenario(text);
}

// ------------------------------------------------------------------ writing

std::string toJson(const Scenario& s, int indent) {
    JsonWriter w(indent);
    w.beginObject();
    w.key("format");
    w.value(kFormat);
    if (!s.title.empty()) {
        w.key("title");
        w.value(s.title);
    }
    if (!s.description.empty()) {
        w.key("description");
        w.value(s.description);
    }

    // Only the fields that belong to the kind: the others are not read back.
    const Limit& l = s.limit;
    if (l.kind != LimitKind::None) {
        w.key("limit");
        w.beginObject();
        w.key("kind");
        w.value(limitName(l.kind));
        switch (l.kind) {
        case LimitKind::None:
            break;
        case LimitKind::Semaphore:
        case LimitKind::BoundedSemaphore:
        case LimitKind::SemaphorePerTask:
        case LimitKind::Manual:
        case LimitKind::Connector:
            w.key("value");
            w.value(l.value);
            break;
        case LimitKind::Scheduler:
            w.key("limit");
            w.value(l.value);
            if (l.pendingLimit != 0) {
                w.key("pending_limit");
                w.value(l.pendingLimit);
            }
            break;
        case LimitKind::Queue:
            w.key("workers");
            w.value(l.workers);
            w.key("maxsize");
            w.value(l.maxsize);
            break;
        case LimitKind::Chunks:
            w.key("size");
            w.value(l.size);
            break;
        case LimitKind::Rate:
            if (l.maxAtOnce > 0) {
                w.key("max_at_once");
                w.value(l.maxAtOnce);
            }
            w.key("max_per_second");
            w.value(l.maxPerSecond);
            break;
        case LimitKind::Adaptive:
            w.key("initial");
            w.value(l.initial);
            w.key("min");
            w.value(l.min);
            w.key("max");
            w.value(l.max);
            w.key("latency_target");
            w.value(l.latencyTarget);
            break;
        }
        if (l.kind == LimitKind::Semaphore && !l.schedule.empty()) {
            w.key("schedule");
            w.beginArray();
            for (const ScheduleEntry& e : l.schedule) {
                w.beginObject();
                w.key("at");
                w.value(e.at);
                w.key("value");
                w.value(e.value);
                w.endObject();
            }
            w.endArray();
        }
        w.endObject();
    }

    const Collect& c = s.collect;
    if (!(c == Collect{})) writeCollect(w, c);  // defaults are omitted, as everywhere

    if (s.maxWorkers != 4) {
        w.key("executor");
        w.beginObject();
        w.key("max_workers");
        w.value(s.maxWorkers);
        w.endObject();
    }

    if (s.service) {
        const Service& svc = *s.service;
        w.key("service");
        w.beginObject();
        w.key("capacity");
        w.value(svc.capacity);
        if (svc.queueLimit) {
            w.key("queue_limit");
            w.value(*svc.queueLimit);
        }
        if (svc.rateLimit) {
            w.key("rate_limit");
            w.beginObject();
            w.key("per_second");
            w.value(svc.rateLimit->perSecond);
            if (svc.rateLimit->burst != 1.0) {
                w.key("burst");
                w.value(svc.rateLimit->burst);
            }
            w.endObject();
        }
        w.endObject();
    }

    if (s.processWorkers != 2) {
        w.key("process_pool");
        w.beginObject();
        w.key("max_workers");
        w.value(s.processWorkers);
        w.endObject();
    }

    if (s.hasCounter) {
        w.key("counter");
        w.beginObject();
        w.key("lock");
        w.value(s.counterLock);
        w.endObject();
    }

    // Tasks last, so that the settings above stay at the top of a long file.
    std::vector<std::string> excQuoted;
    excQuoted.reserve(s.excNames.size());
    for (const std::string& name : s.excNames) excQuoted.push_back(JsonWriter::quoted(name));
    static constexpr const char* kStepKeys[] = {"io", "cpu", "thread", "call", "raise", "process", "increment"};
    w.key("tasks");
    w.beginArray();
    for (const TaskSpec& t : s.tasks) {
        w.beginObject();
        w.key("steps");
        w.beginArray();
        // A hand-built Scenario with a range past the end of `steps` breaks
        // toJson's precondition; write what exists rather than read past it.
        assert(std::size_t{t.firstStep} + t.stepCount <= s.steps.size());
        const Step* st = s.stepsOf(t);
        const std::size_t available = t.firstStep < s.steps.size() ? s.steps.size() - t.firstStep : 0;
        const std::size_t count = std::min<std::size_t>(t.stepCount, available);
        for (std::size_t j = 0; j < count; ++j) {
            w.beginObject();
            w.key(kStepKeys[static_cast<std::size_t>(st[j].kind)]);
            if (st[j].kind == StepKind::Raise) {
                const auto e = static_cast<std::size_t>(st[j].exc);
                if (st[j].exc >= 0 && e < excQuoted.size()) w.raw(excQuoted[e]);
                else w.value("Exception");  // a Scenario built by hand with a bad index
            } else {
                w.value(st[j].duration);
            }
            w.endObject();
        }
        w.endArray();
        if (t.arrive != 0.0) {
            w.key("arrive");
            w.value(t.arrive);
        }
        if (t.hasTimeout()) {
            w.key("timeout");
            w.value(t.timeout);
        }
        if (t.ignoreCancel) {
            w.key("ignore_cancel");
            w.value(true);
        }
        if (t.forgetRelease) {
            w.key("forget_release");
            w.value(true);
        }
        if (t.releaseTwice) {
            w.key("release_twice");
            w.value(true);
        }
        w.endObject();
    }
    w.endArray();
    w.endObject();
    return w.take();  // no trailing newline, like json.dumps
}

}  // namespace cs
static_assert(cs::kMaxStepsTotal < (std::size_t{1} << 29), "TaskSpec::stepCount has 29 bits");
