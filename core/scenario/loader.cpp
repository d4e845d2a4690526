#include "scenario/loader.h"

#include <algorithm>
#include <cassert>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <sys/stat.h>

#include <nlohmann/json.hpp>
#include <simdjson.h>

#include "loop/pool.h"
#include "model/kinds.h"
#include "scenario/exc_interner.h"
#include "scenario/field_reader.h"
#include "scenario/generator.h"
#include "scenario/json_writer.h"
#include "scenario/sax_builder.h"
#include "text/json_scan.h"
#include "text/message_text.h"

namespace cs {

namespace {

using json = nlohmann::json;
using F = FieldReader;

constexpr const char* kFormat = "coroscope-scenario/1";
// Step keys, indexed by StepKind (read by both task readers and written by toJson).
constexpr std::string_view kStepNames[] = {"io", "cpu", "thread", "call", "raise", "process", "increment"};
static_assert(std::size(kStepNames) == static_cast<std::size_t>(StepKind::Increment) + 1);

std::optional<StepKind> stepKindOf(std::string_view key) {
    for (std::size_t k = 0; k < std::size(kStepNames); ++k)
        if (kStepNames[k] == key) return static_cast<StepKind>(k);
    return std::nullopt;
}
constexpr const char* kStepObject = "must be an object like {\"io\": 1.0}";
constexpr const char* kExpectedSteps = "expected io, cpu, thread, call, raise, process or increment";

// User text in a message: escaped, and short enough to read.
std::string quotedForMessage(std::string_view s) { return MessageText::quoted(s); }

// ------------------------------------------------------------------ two parsers, one reading
//
// A scenario is parsed by simdjson's DOM parser (fast: a million-task file
// in a fraction of a second). When simdjson refuses the text, nlohmann's SAX
// parser reads it again (SaxBuilder): it names what is wrong in the words the
// loader always used ("not JSON: parse error at line 5, column 2: ..."),
// and it accepts the one thing simdjson does not, an integer too large for
// 64 bits (read as the float it denotes, as before). The task rules below
// are written once, over either parser's values: TreeValue (nlohmann) and
// SimdValue (simdjson), each a small handle with the same free functions.

struct TreeValue {
    const json* v;
};
struct SimdValue {
    simdjson::dom::element v;
};

bool isObject(TreeValue x) { return x.v->is_object(); }
bool isArray(TreeValue x) { return x.v->is_array(); }
bool isNull(TreeValue x) { return x.v->is_null(); }
bool isString(TreeValue x) { return x.v->is_string(); }
bool isNumber(TreeValue x) { return x.v->is_number(); }
bool isBool(TreeValue x) { return x.v->is_boolean(); }
std::string_view str(TreeValue x) { return x.v->get_ref<const std::string&>(); }
double number(TreeValue x) { return x.v->get<double>(); }
bool boolean(TreeValue x) { return x.v->get<bool>(); }
std::size_t arraySize(TreeValue x) { return x.v->size(); }
const json& toTree(TreeValue x) { return *x.v; }
template <class Fn>
void forEachElement(TreeValue x, Fn fn) {
    for (const json& e : *x.v) fn(TreeValue{&e});
}
// Members in file order; a repeated key is seen once, with its last value
// (nlohmann's tree keeps the last).
template <class Fn>
void forEachMember(TreeValue x, Fn fn) {
    for (auto it = x.v->begin(); it != x.v->end(); ++it) fn(std::string_view(it.key()), TreeValue{&it.value()});
}

using simdjson::dom::element_type;
bool isObject(SimdValue x) { return x.v.type() == element_type::OBJECT; }
bool isArray(SimdValue x) { return x.v.type() == element_type::ARRAY; }
bool isNull(SimdValue x) { return x.v.type() == element_type::NULL_VALUE; }
bool isString(SimdValue x) { return x.v.type() == element_type::STRING; }
bool isNumber(SimdValue x) {
    const element_type t = x.v.type();
    return t == element_type::INT64 || t == element_type::UINT64 || t == element_type::DOUBLE;
}
bool isBool(SimdValue x) { return x.v.type() == element_type::BOOL; }
std::string_view str(SimdValue x) { return x.v.get_string().value_unsafe(); }
double number(SimdValue x) { return x.v.get_double().value_unsafe(); }  // converts integers too
bool boolean(SimdValue x) { return x.v.get_bool().value_unsafe(); }
std::size_t arraySize(SimdValue x) { return x.v.get_array().value_unsafe().size(); }
template <class Fn>
void forEachElement(SimdValue x, Fn fn) {
    const simdjson::dom::array a = x.v.get_array().value_unsafe();  // a handle: copy it out of the result
    for (const simdjson::dom::element e : a) fn(SimdValue{e});
}
// Members in file order, repeated keys each time (callers keep the last).
template <class Fn>
void forEachMember(SimdValue x, Fn fn) {
    const simdjson::dom::object o = x.v.get_object().value_unsafe();
    for (const simdjson::dom::key_value_pair m : o) fn(m.key, SimdValue{m.value});
}
// The value as nlohmann's parser would have built it: for the top-level
// fields other than "tasks" (small) and for a task field that is wrong (the
// FieldReader messages take a tree).
json toTree(SimdValue x) {
    switch (x.v.type()) {
        case element_type::ARRAY: {
            json a = json::array();
            forEachElement(x, [&](SimdValue e) { a.push_back(toTree(e)); });
            return a;
        }
        case element_type::OBJECT: {
            json o = json::object();
            forEachMember(x, [&](std::string_view k, SimdValue v) { o[std::string(k)] = toTree(v); });  // last wins
            return o;
        }
        case element_type::INT64: return json(x.v.get_int64().value_unsafe());
        case element_type::UINT64: return json(x.v.get_uint64().value_unsafe());
        case element_type::DOUBLE: return json(x.v.get_double().value_unsafe());
        case element_type::STRING: return json(std::string(x.v.get_string().value_unsafe()));
        case element_type::BOOL: return json(x.v.get_bool().value_unsafe());
        case element_type::NULL_VALUE: break;
    }
    return json(nullptr);
}

// The last non-null value of member `key` of object x (F::find's rule).
template <class V>
std::optional<V> findMember(V x, std::string_view key) {
    std::optional<V> found;
    forEachMember(x, [&](std::string_view k, V v) {
        if (k == key) found = isNull(v) ? std::nullopt : std::optional<V>(v);
    });
    return found;
}

template <class V>
bool fastDuration(V v, double& out) {
    if (!isNumber(v)) return false;
    const double d = number(v);
    // Anything outside [0, kMaxSeconds] takes the slow path, which names the problem.
    if (!(d >= 0.0) || !(d <= FieldReader::kMaxSeconds)) return false;
    out = d + 0.0;  // -0.0 becomes 0.0
    return true;
}

// Turns the elements of "tasks" into TaskSpecs as the parser hands them over
// (SaxBuilder streams them; simdjson's DOM is walked). Paths are built only
// when something is wrong: this runs once per task of files with millions of
// them. The first error is kept and later tasks are only counted, so that a
// bad file still gets the "not JSON" or "format" message when that comes first.
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

    template <class V>
    void add(V el, std::size_t index) {
        if (firstError || index >= o_.maxTasks || stepsSeen > o_.maxStepsTotal) {
            // Past an error or a cap: only count steps, for the cap message.
            if (const auto st = isObject(el) ? findMember(el, "steps") : std::nullopt; st && isArray(*st))
                stepsSeen += arraySize(*st);
            return;
        }
        try {
            read(el, index);
        } catch (LoadFailure& f) {
            firstError = std::move(f.error);
        }
    }

    // The plain task list that grows with a scenario's size, scanned straight
    // into TaskSpecs without a parser's tree. p is at the array's '['.
    // Returns the position after its ']' with `count` tasks added, or nullptr
    // when anything is not plain (then reset() and read the document through
    // a parser, which names the problem). Plain: each task an object of
    // steps/arrive/timeout/ignore_cancel/forget_release/release_twice, each
    // key once; steps of one known key with a number in [0, kMaxSeconds] (raise:
    // an exception name); numbers, true/false/null, strings without escapes
    // or bytes >= 0x80; within the caps. So everything it takes is a task the
    // readers above would have read the same way (test_loader and the fuzzer
    // compare them).
    const char* scanPlain(const char* p, const char* end, std::size_t& count) {
        p = J::skipWs(p + 1, end);
        if (p < end && *p == ']') return p + 1;
        for (;;) {
            if (count >= o_.maxTasks) return nullptr;
            p = scanPlainTask(p, end, count);
            if (!p) return nullptr;
            ++count;
            p = J::skipWs(p, end);
            if (p == end) return nullptr;
            if (*p == ']') return p + 1;
            if (*p != ',') return nullptr;
            p = J::skipWs(p + 1, end);
        }
    }

    std::optional<LoadError> firstError;
    std::size_t stepsSeen = 0;
    std::string usesCall;  // path of the first call step

private:
    using J = JsonScan;

    // A string without escapes at p (its opening quote) into `out`: past its closing quote.
    static const char* plainString(const char* p, const char* end, std::string_view& out) {
        if (p == end || *p != '"') return nullptr;
        const char* close = J::plainStringEnd(p + 1, end);
        if (!close) return nullptr;
        out = std::string_view(p + 1, static_cast<std::size_t>(close - p - 1));
        return close + 1;
    }

    // A duration (fastDuration's range) at p into `out`: past it.
    static const char* plainDuration(const char* p, const char* end, double& out) {
        bool integral = true;
        const char* e = J::numberEnd(p, end, integral);
        if (!e) return nullptr;
        const double d = J::toDouble(p, e);
        if (!(d >= 0.0) || !(d <= FieldReader::kMaxSeconds)) return nullptr;
        out = d + 0.0;  // -0.0 becomes 0.0
        return e;
    }

    // "key": at p (its opening quote), up to the value: past the colon and blanks.
    static const char* plainKey(const char* p, const char* end, std::string_view& key) {
        p = plainString(p, end, key);
        if (!p) return nullptr;
        p = J::skipWs(p, end);
        if (p == end || *p != ':') return nullptr;
        return J::skipWs(p + 1, end);
    }

    const char* scanPlainTask(const char* p, const char* end, std::size_t i) {
        if (p == end || *p != '{') return nullptr;
        p = J::skipWs(p + 1, end);
        static constexpr std::string_view kKeys[] = {"steps", "arrive", "timeout", "ignore_cancel",
                                                     "forget_release", "release_twice"};
        TaskSpec t;
        t.firstStep = static_cast<std::uint32_t>(s_.steps.size());
        unsigned seen = 0;
        for (;;) {
            std::string_view key;
            p = plainKey(p, end, key);
            if (!p) return nullptr;
            std::size_t k = 0;
            while (k < std::size(kKeys) && kKeys[k] != key) ++k;
            if (k == std::size(kKeys) || (seen >> k & 1u)) return nullptr;  // unknown or repeated
            seen |= 1u << k;
            if (k == 0) {
                p = scanPlainSteps(p, end, i, t);
            } else if (k <= 2) {
                if (const char* q = J::literal(p, end, "null")) {
                    p = q;  // null: left out
                } else {
                    p = plainDuration(p, end, k == 1 ? t.arrive : t.timeout);
                }
            } else {
                bool flag = false;
                if (const char* q = J::literal(p, end, "true")) {
                    flag = true;
                    p = q;
                } else if (const char* f = J::literal(p, end, "false")) {
                    p = f;
                } else {
                    p = J::literal(p, end, "null");
                }
                if (k == 3) t.ignoreCancel = flag;
                else if (k == 4) t.forgetRelease = flag;
                else t.releaseTwice = flag;
            }
            if (!p) return nullptr;
            p = J::skipWs(p, end);
            if (p == end) return nullptr;
            if (*p == '}') break;
            if (*p != ',') return nullptr;
            p = J::skipWs(p + 1, end);
        }
        if (!(seen & 1u)) return nullptr;  // no steps: "required", said by the parser path
        s_.tasks.push_back(t);
        return p + 1;
    }

    const char* scanPlainSteps(const char* p, const char* end, std::size_t i, TaskSpec& t) {
        if (p == end || *p != '[') return nullptr;
        p = J::skipWs(p + 1, end);
        std::size_t j = 0;
        if (p < end && *p == ']') {
            t.stepCount = 0;
            return p + 1;
        }
        for (;;) {
            if (p == end || *p != '{') return nullptr;
            std::string_view key;
            p = plainKey(J::skipWs(p + 1, end), end, key);
            if (!p) return nullptr;
            const auto kind = stepKindOf(key);
            if (!kind) return nullptr;
            Step step;
            step.kind = *kind;
            if (step.kind == StepKind::Raise) {
                std::string_view name;
                p = plainString(p, end, name);
                if (!p || !F::isExceptionName(name)) return nullptr;
                step.exc = excs_.intern(std::string(name));
            } else {
                p = plainDuration(p, end, step.duration);
                if (!p) return nullptr;
                if (step.kind == StepKind::Call && usesCall.empty()) usesCall = F::member(stepPath(i, j), key);
            }
            p = J::skipWs(p, end);
            if (p == end || *p != '}') return nullptr;  // a second key: the parser path decides
            if (++stepsSeen > o_.maxStepsTotal) return nullptr;
            s_.steps.push_back(step);
            ++j;
            p = J::skipWs(p + 1, end);
            if (p == end) return nullptr;
            if (*p == ']') break;
            if (*p != ',') return nullptr;
            p = J::skipWs(p + 1, end);
        }
        t.stepCount = static_cast<std::uint32_t>(j);
        return p + 1;
    }

    static std::string taskPath(std::size_t i) { return F::element("tasks", i); }
    static std::string stepPath(std::size_t i, std::size_t j) {
        return F::element(F::member(taskPath(i), "steps"), j);
    }

    template <class V>
    void read(V el, std::size_t i) {
        if (!isObject(el)) F::fail(taskPath(i), "must be an object");
        // One pass over the task's members; the last of a repeated key wins
        // and null is the same as leaving it out (F::find's rules).
        std::optional<V> steps, arrive, timeout, ignoreCancel, forgetRelease, releaseTwice;
        forEachMember(el, [&](std::string_view key, V v) {
            std::optional<V>* slot = key == "steps"            ? &steps
                                     : key == "arrive"         ? &arrive
                                     : key == "timeout"        ? &timeout
                                     : key == "ignore_cancel"  ? &ignoreCancel
                                     : key == "forget_release" ? &forgetRelease
                                     : key == "release_twice"  ? &releaseTwice
                                                               : nullptr;
            if (slot) *slot = isNull(v) ? std::nullopt : std::optional<V>(v);
        });
        if (!steps) F::fail(F::member(taskPath(i), "steps"), "required");
        if (!isArray(*steps)) F::fail(F::member(taskPath(i), "steps"), "must be an array");
        const std::size_t stepCount = arraySize(*steps);
        stepsSeen += stepCount;
        if (stepsSeen > o_.maxStepsTotal) return;  // reported after the parse

        TaskSpec t;
        t.firstStep = static_cast<std::uint32_t>(s_.steps.size());
        std::size_t j = 0;
        forEachElement(*steps, [&](V st) {
            readStep(st, i, j);
            ++j;
        });
        t.stepCount = static_cast<std::uint32_t>(stepCount);

        if (arrive && !fastDuration(*arrive, t.arrive))
            F::nonNegative(toTree(*arrive), F::member(taskPath(i), "arrive"));  // throws
        if (timeout && !fastDuration(*timeout, t.timeout))
            F::nonNegative(toTree(*timeout), F::member(taskPath(i), "timeout"));  // throws
        t.ignoreCancel = flag(ignoreCancel, "ignore_cancel", i);
        t.forgetRelease = flag(forgetRelease, "forget_release", i);
        t.releaseTwice = flag(releaseTwice, "release_twice", i);
        s_.tasks.push_back(t);
    }

    template <class V>
    void readStep(V st, std::size_t i, std::size_t j) {
        if (!isObject(st)) F::fail(stepPath(i, j), kStepObject);
        // Exactly one key (a repeated one counts once, with its last value).
        std::string_view key;
        std::optional<V> value;
        bool several = false;
        forEachMember(st, [&](std::string_view k, V v) {
            if (!value || k == key) {
                key = k;
                value = v;
            } else {
                several = true;
            }
        });
        if (!value || several) F::fail(stepPath(i, j), "a step has exactly one key");
        const V v = *value;
        Step step;
        if (const auto kind = stepKindOf(key)) step.kind = *kind;
        else F::fail(stepPath(i, j), "unknown step " + quotedForMessage(key) + " (" + kExpectedSteps + ")");
        if (step.kind == StepKind::Raise) {
            if (!isString(v) || !F::isExceptionName(str(v)))
                F::exceptionName(toTree(v), F::member(stepPath(i, j), key));  // throws
            step.exc = excs_.intern(std::string(str(v)));
        } else {
            if (!fastDuration(v, step.duration))
                F::nonNegative(toTree(v), F::member(stepPath(i, j), key));  // throws
            if (step.kind == StepKind::Call && usesCall.empty())
                usesCall = F::member(stepPath(i, j), key);
        }
        s_.steps.push_back(step);
    }

    template <class V>
    static bool flag(const std::optional<V>& v, const char* key, std::size_t i) {
        if (!v) return false;
        if (!isBool(*v)) F::boolean(toTree(*v), F::member(taskPath(i), key));  // throws
        return boolean(*v);
    }

    Scenario& s_;
    ExcInterner& excs_;
    const ParseOptions& o_;
};

// ------------------------------------------------------------------ limit

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
    const std::optional<LimitKind> known = parseLimitKind(kind);
    if (!known) F::fail("limit.kind", "unknown kind " + quotedForMessage(kind) + " (expected " + limitKindNames() + ")");
    limit.kind = *known;

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
        if (!limitKindInfo(limit.kind).takesSchedule) F::fail(SP, "only a semaphore limit takes a schedule");
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
    const std::optional<CollectKind> known = parseCollectKind(kind);
    if (!known)
        F::fail("collect.kind", "unknown kind " + quotedForMessage(kind) + " (expected " + collectKindNames() + ")");
    c.kind = *known;
    const CollectKindInfo& info = collectKindInfo(c.kind);

    // The kind's own fields, in this order (the first bad one is reported).
    if (info.takesReturnExceptions) c.returnExceptions = F::optionalBoolean(*v, "return_exceptions", P, false);
    if (info.takesReturnWhen) {
        if (const json* rw = F::find(*v, "return_when")) {
            const std::optional<ReturnWhen> when =
                rw->is_string() ? parseReturnWhen(rw->get_ref<const std::string&>()) : std::nullopt;
            if (!when) F::fail("collect.return_when", "must be ALL_COMPLETED, FIRST_COMPLETED or FIRST_EXCEPTION");
            c.returnWhen = *when;
        }
    }
    if (info.takesTimeout) c.timeout = F::optionalNonNegative(*v, "timeout", P, -1.0);
    if (info.takesReturnWhen) {
        if (const json* on = F::find(*v, "on_return")) {
            if (on->is_string() && *on == "cancel") c.cancelOnReturn = true;
            else if (!(on->is_string() && *on == "leave"))
                F::fail("collect.on_return", "must be \"leave\" or \"cancel\"");
        }
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

// "i18n": {"zh_CN": {"title": ..., "description": ...}, ...} (format extension).
void readI18n(const json& v, Scenario& s) {
    F::expectObject(v, "i18n");
    for (auto it = v.begin(); it != v.end(); ++it) {
        const std::string at = F::member("i18n", it.key());
        if (it.key().empty()) F::fail("i18n", "a language code must not be empty");
        F::expectObject(it.value(), at);
        ScenarioText t;
        if (const json* x = F::find(it.value(), "title")) t.title = F::string(*x, F::member(at, "title"));
        if (const json* x = F::find(it.value(), "description"))
            t.description = F::string(*x, F::member(at, "description"));
        s.i18n[it.key()] = std::move(t);
    }
}

constexpr const char* kNotAnObject = "a scenario must be a JSON object";

// `root` holds every top-level field except the elements of the last "tasks"
// array (`taskCount` of them), which went to `tasks` as they were read.
// Returns whether the tasks came from "generate" (LoadResult::generated).
bool readDocument(const json& root, std::size_t taskCount, Scenario& s, ExcInterner& excs, TaskCollector& tasks,
                  const ParseOptions& o) {
    if (!root.is_object()) F::fail("", kNotAnObject);

    const json* format = F::find(root, "format");
    if (!format) F::fail("format", "required");
    if (!format->is_string() || *format != kFormat)
        F::fail("format", std::string("must be \"") + kFormat + "\"");
    if (const json* t = F::find(root, "title")) s.title = F::string(*t, "title");
    if (const json* d = F::find(root, "description")) s.description = F::string(*d, "description");
    if (const json* i = F::find(root, "i18n")) readI18n(*i, s);

    const json* taskList = F::find(root, "tasks");
    const json* generate = F::find(root, "generate");
    if (taskList && generate) F::fail("generate", "use either tasks or generate, not both");
    if (!taskList && !generate) F::fail("tasks", "required");
    std::string usesCall;
    if (taskList) {
        if (!taskList->is_array()) F::fail("tasks", "must be an array");
        if (tasks.firstError) throw LoadFailure{*tasks.firstError};
        if (taskCount > o.maxTasks)
            F::fail("tasks", std::to_string(taskCount) + " tasks is more than the limit of " +
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
    return generate != nullptr;
}

// A pool's size as a scenario names it: "executor" / "process_pool": {"max_workers": N}.
void writePool(JsonWriter& w, const char* key, std::int64_t workers) {
    w.key(key);
    w.beginObject();
    w.key("max_workers");
    w.value(workers);
    w.endObject();
}

void writeCollect(JsonWriter& w, const Collect& c) {
    w.key("collect");
    w.beginObject();
    w.key("kind");
    w.value(collectKindInfo(c.kind).name);
    const CollectKindInfo& info = collectKindInfo(c.kind);
    if (info.takesReturnExceptions && c.returnExceptions) {
        w.key("return_exceptions");
        w.value(true);
    }
    if (info.takesReturnWhen && c.returnWhen != ReturnWhen::AllCompleted) {
        w.key("return_when");
        w.value(returnWhenName(c.returnWhen));
    }
    if (info.takesTimeout && c.hasTimeout()) {
        w.key("timeout");
        w.value(c.timeout);
    }
    if (info.takesReturnWhen && c.cancelOnReturn) {
        w.key("on_return");
        w.value("cancel");
    }
    w.endObject();
}

// The scenario's "limit" object: only the fields that belong to the kind
// (the others are not read back).
void writeLimit(JsonWriter& w, const Limit& l) {
    w.key("limit");
    w.beginObject();
    w.key("kind");
    w.value(limitKindInfo(l.kind).name);
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
    if (limitKindInfo(l.kind).takesSchedule && !l.schedule.empty()) {
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

// Texts from this size up get their task and step arrays reserved ahead.
constexpr std::size_t kLargeText = std::size_t{1} << 20;

template <class Vector>
void reserveUntouched(Vector& v, std::size_t n) {
    v.reserve(n);
    detail::adviseHugePages(v.data(), v.capacity() * sizeof(*v.data()));
}

// What makes text unreadable before any JSON is looked at: a NUL byte (no
// JSON text holds one, not even in a string) means a binary or UTF-16 file.
std::optional<LoadError> notText(std::string_view text) {
    const void* nul = std::memchr(text.data(), '\0', text.size());
    if (!nul) return std::nullopt;
    const auto at = static_cast<std::size_t>(static_cast<const char*>(nul) - text.data());
    const std::size_t line = 1 + static_cast<std::size_t>(std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(at), '\n'));
    const std::size_t lineStart = text.rfind('\n', at == 0 ? 0 : at - 1);
    const std::size_t column = lineStart == std::string_view::npos || at == 0 ? at + 1 : at - lineStart;
    return LoadError{"", "not JSON: a NUL byte at line " + std::to_string(line) + ", column " +
                             std::to_string(column) + MessageText::encodingHint(text)};
}

// JSON skipping for scanTopLevelTasks: only the extent of a value, not its
// validity (simdjson reads every byte that is not the task list).
const char* skipString(const char* p, const char* end) {
    for (++p; p < end; ++p) {
        if (*p == '\\') ++p;
        else if (*p == '"') return p + 1;
    }
    return nullptr;
}

const char* skipValue(const char* p, const char* end) {
    if (p == end) return nullptr;
    if (*p == '"') return skipString(p, end);
    if (*p != '[' && *p != '{') {
        while (p < end && !JsonScan::isWs(*p) && *p != ',' && *p != '}' && *p != ']') ++p;
        return p;
    }
    std::size_t depth = 0;
    while (p < end) {
        if (*p == '"') {
            p = skipString(p, end);
            if (!p) return nullptr;
            continue;
        }
        if (*p == '[' || *p == '{') ++depth;
        else if ((*p == ']' || *p == '}') && --depth == 0) return p + 1;
        ++p;
    }
    return nullptr;
}

// The document's one top-level "tasks" array, scanned plainly into `tasks`
// (TaskCollector::scanPlain): its bytes [first, second), or nullopt when there
// is none, more than one, or one that is not plain.
std::optional<std::pair<std::size_t, std::size_t>> scanTopLevelTasks(std::string_view text, TaskCollector& tasks,
                                                                     std::size_t& count) {
    const char* const begin = text.data();
    const char* const end = begin + text.size();
    const char* p = JsonScan::skipWs(begin, end);
    if (p == end || *p != '{') return std::nullopt;
    p = JsonScan::skipWs(p + 1, end);
    std::optional<std::pair<std::size_t, std::size_t>> span;
    while (p < end && *p == '"') {
        const char* key = p;
        p = skipString(p, end);
        if (!p) return std::nullopt;
        const bool isTasks = std::string_view(key, static_cast<std::size_t>(p - key)) == "\"tasks\"";
        p = JsonScan::skipWs(p, end);
        if (p == end || *p != ':') return std::nullopt;
        p = JsonScan::skipWs(p + 1, end);
        if (isTasks) {
            if (span || p == end || *p != '[') return std::nullopt;
            const char* first = p;
            p = tasks.scanPlain(p, end, count);
            if (!p) return std::nullopt;
            span.emplace(static_cast<std::size_t>(first - begin), static_cast<std::size_t>(p - begin));
        } else {
            p = skipValue(p, end);
            if (!p) return std::nullopt;
        }
        p = JsonScan::skipWs(p, end);
        if (p == end || *p != ',') break;
        p = JsonScan::skipWs(p + 1, end);
    }
    return span;
}

// `doc` through simdjson's DOM; nullopt when simdjson refuses it. `scanned`:
// doc is the document with its task list cut out to "[]", `count` tasks
// already in `tasks` (nullopt too when doc turns out to hold another "tasks",
// which only a key written with escapes can hide from the scan). doc has
// simdjson::SIMDJSON_PADDING bytes readable after its end.
std::optional<LoadResult> parseDom(std::string_view doc, bool scanned, std::size_t count, Scenario& s,
                                   ExcInterner& excs, TaskCollector& tasks, const ParseOptions& o) {
    simdjson::dom::parser parser;
    if (parser.allocate(std::max<std::size_t>(doc.size(), 64), SaxBuilder::kMaxDepth) != simdjson::SUCCESS)
        return std::nullopt;  // too large for its buffers: the streaming parser needs less
    simdjson::dom::element element;
    if (parser.parse(doc.data(), doc.size(), false).get(element) != simdjson::SUCCESS) return std::nullopt;
    LoadResult result;
    const SimdValue root{element};
    if (!isObject(root)) {
        result.error = LoadError{"", kNotAnObject};
        return result;
    }
    // The top-level fields as the streaming parser leaves them: everything
    // but the last "tasks" array, whose elements go to `tasks` one by one.
    json tree = json::object();
    std::optional<SimdValue> taskArray;
    std::size_t taskKeys = 0;
    forEachMember(root, [&](std::string_view key, SimdValue v) {
        if (key == "tasks") {
            ++taskKeys;
            taskArray = isArray(v) ? std::optional<SimdValue>(v) : std::nullopt;
            tree["tasks"] = isArray(v) ? json::array() : toTree(v);
        } else {
            tree[std::string(key)] = toTree(v);
        }
    });
    if (scanned && taskKeys != 1) return std::nullopt;
    if (!scanned && taskArray) forEachElement(*taskArray, [&](SimdValue el) { tasks.add(el, count++); });
    try {
        result.generated = readDocument(tree, count, s, excs, tasks, o);
    } catch (LoadFailure& f) {
        result.error = std::move(f.error);
    }
    return result;
}

// The document through simdjson; nullopt when simdjson refuses the text
// (then SaxBuilder reads it). A plain task list, what makes a file large, is
// scanned straight into tasks (TaskCollector::scanPlain) and the rest of the
// document, cut to a few hundred bytes, goes through the DOM parser; any
// other task list goes through the DOM parser with the rest. `text` has
// simdjson::SIMDJSON_PADDING bytes readable after its end.
std::optional<LoadResult> parseFast(std::string_view text, Scenario& s, ExcInterner& excs, TaskCollector& tasks,
                                    const ParseOptions& o) {
    std::size_t count = 0;
    if (const auto span = scanTopLevelTasks(text, tasks, count)) {
        std::string rest;
        rest.reserve(text.size() - (span->second - span->first) + 2 + simdjson::SIMDJSON_PADDING);
        rest.append(text.substr(0, span->first));
        rest += "[]";
        rest.append(text.substr(span->second));
        const std::size_t size = rest.size();
        rest.append(simdjson::SIMDJSON_PADDING, ' ');
        if (auto r = parseDom(std::string_view(rest.data(), size), true, count, s, excs, tasks, o)) return r;
    }
    tasks.reset();
    return parseDom(text, false, 0, s, excs, tasks, o);
}

// parseScenario's work; `padded`: text has simdjson's padding after it.
LoadResult parseText(std::string_view text, bool padded, const ParseOptions& requested) {
    const ParseOptions o{std::min(requested.maxTasks, kMaxTasks),
                         std::min(requested.maxStepsTotal, kMaxStepsTotal), requested.streamingOnly};
    LoadResult result;
    // A UTF-8 byte order mark (Windows editors write one) is not content.
    if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
    if (auto bad = notText(text)) {
        result.error = std::move(bad);
        return result;
    }
    Scenario s;
    ExcInterner excs(s);
    TaskCollector tasks(s, excs, o);
    // A large text is a long task list: room for the most tasks and steps
    // it can hold (12 and 8 bytes each at the least), reserved but not
    // touched, on huge pages, so that filling it takes neither the copies of
    // a growing vector nor 4 KiB page faults. Memory is what is filled.
    const bool large = text.size() >= kLargeText;
    if (large) {
        reserveUntouched(s.tasks, text.size() / 12 + 1);
        reserveUntouched(s.steps, text.size() / 8 + 1);
    }
    std::optional<LoadResult> fast;
    if (!o.streamingOnly && padded) {
        fast = parseFast(text, s, excs, tasks, o);
    } else if (!o.streamingOnly) {
        const simdjson::padded_string copy(text);
        fast = parseFast(std::string_view(copy.data(), copy.size()), s, excs, tasks, o);
    }
    if (!fast) {
        tasks.reset();
        s = Scenario{};
        SaxBuilder sax;
        sax.onTasksBegin = [&] { tasks.reset(); };
        sax.onTask = [&](json& element, std::size_t index) { tasks.add(TreeValue{&element}, index); };
        if (!sax.parse(text)) {
            result.error = *sax.error();
            return result;
        }
        try {
            result.generated = readDocument(sax.root(), sax.taskCount(), s, excs, tasks, o);
        } catch (LoadFailure& f) {
            result.error = std::move(f.error);
        }
    } else {
        result = std::move(*fast);
    }
    if (result.error) return result;
    if (!large) {  // a large text's unused room was never touched: it costs no memory
        s.tasks.shrink_to_fit();
        s.steps.shrink_to_fit();
    }
    result.scenario = std::move(s);
    return result;
}

}  // namespace

LoadResult parseScenario(std::string_view text) { return parseScenario(text, ParseOptions{}); }

LoadResult parseScenario(std::string_view text, const ParseOptions& requested) {
    return parseText(text, false, requested);
}

LoadResult loadScenarioFile(const std::string& path) {
    LoadResult result;
    const auto fail = [&](const std::string& message) {
        result.error = LoadError{"", MessageText::printable(path) + ": " + message};
        return result;
    };
    std::FILE* f = std::fopen(path.c_str(), "rb");
    if (!f) return fail(std::string("cannot read file: ") + std::strerror(errno));
    // Read straight into a buffer with simdjson's padding after the text
    // (no copy before parsing, and no zero-filling of what fread writes).
    // Sized by the file when it has a size; pipes grow it as they go.
    struct stat st {};
    std::size_t cap = std::size_t{1} << 20;
    if (::fstat(::fileno(f), &st) == 0 && S_ISREG(st.st_mode) && static_cast<std::size_t>(st.st_size) <= kMaxFileBytes)
        cap = static_cast<std::size_t>(st.st_size) + 1;  // + 1: EOF is seen without growing
    const auto allocate = [](std::size_t bytes) {
        return std::unique_ptr<char, decltype(&std::free)>(static_cast<char*>(detail::allocHugePages(bytes)), &std::free);
    };
    auto buf = allocate(cap + simdjson::SIMDJSON_PADDING);
    const auto noMemory = [&] {
        std::fclose(f);
        return fail("not enough memory to read it");
    };
    if (!buf) return noMemory();
    bool tooBig = false;
    int readError = 0;
    std::size_t size = 0;
    for (;;) {
        if (size == cap) {
            const std::size_t bigger = 2 * cap;
            auto grown = allocate(bigger + simdjson::SIMDJSON_PADDING);
            if (!grown) return noMemory();
            std::memcpy(grown.get(), buf.get(), size);
            buf = std::move(grown);
            cap = bigger;
        }
        const std::size_t want = cap - size;
        const std::size_t n = std::fread(buf.get() + size, 1, want, f);
        size += n;
        if (size > kMaxFileBytes) {
            tooBig = true;
            break;
        }
        if (n < want) {
            if (std::ferror(f)) readError = errno ? errno : EIO;
            break;
        }
    }
    std::fclose(f);
    if (readError) return fail(std::string("cannot read file: ") + std::strerror(readError));
    if (tooBig)
        return fail("the file is larger than the limit of " + std::to_string(kMaxFileBytes) + " bytes");
    std::memset(buf.get() + size, ' ', simdjson::SIMDJSON_PADDING);
    return parseText(std::string_view(buf.get(), size), true, ParseOptions{});
}

// ------------------------------------------------------------------ writing

std::string toJson(const Scenario& s, int indent) {
    JsonWriter w(indent);
    w.beginObject();
    w.key("format");
    w.value(kFormat);
    // Texts are written only when there is one.
    auto text = [&w](const char* key, const std::string& value) {
        if (value.empty()) return;
        w.key(key);
        w.value(value);
    };
    text("title", s.title);
    text("description", s.description);
    if (!s.i18n.empty()) {
        w.key("i18n");
        w.beginObject();
        for (const auto& [lang, t] : s.i18n) {
            w.key(lang);
            w.beginObject();
            text("title", t.title);
            text("description", t.description);
            w.endObject();
        }
        w.endObject();
    }

    if (s.limit.kind != LimitKind::None) writeLimit(w, s.limit);

    const Collect& c = s.collect;
    if (!(c == Collect{})) writeCollect(w, c);  // defaults are omitted, as everywhere

    if (s.maxWorkers != 4) writePool(w, "executor", s.maxWorkers);

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

    if (s.processWorkers != 2) writePool(w, "process_pool", s.processWorkers);

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
            w.key(kStepNames[static_cast<std::size_t>(st[j].kind)]);
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

std::string limiterLine(const Limiter& limiter) {
    JsonWriter w(JsonWriter::kOneLine);
    w.beginObject();
    w.key("t");
    w.value(0.0);
    w.key("ev");
    w.value("limiter");
    writeLimit(w, limiter.limit);
    writeCollect(w, limiter.collect);
    // The pools its tasks used, as the scenario names their sizes.
    if (limiter.threadWorkers > 0) writePool(w, "executor", limiter.threadWorkers);
    if (limiter.processWorkers > 0) writePool(w, "process_pool", limiter.processWorkers);
    w.endObject();
    return w.take();
}

std::optional<LoadError> parseLimiter(std::string_view line, Limiter& out) {
    const json root = json::parse(line.begin(), line.end(), nullptr, false);
    if (root.is_discarded() || !root.is_object()) return LoadError{"", "not a JSON object"};
    try {
        Limiter got;
        if (!F::find(root, "limit")) F::fail("limit", "required");
        readLimit(root, got.limit, ParseOptions{});
        readCollect(root, got.collect);
        // Its pools' sizes, when told (read as a scenario's, with their checks).
        Scenario pools;
        readExecutor(root, pools, ParseOptions{});
        readProcessPool(root, pools, ParseOptions{});
        if (F::find(root, "executor")) got.threadWorkers = pools.maxWorkers;
        if (F::find(root, "process_pool")) got.processWorkers = pools.processWorkers;
        out = std::move(got);
    } catch (LoadFailure& f) {
        return std::move(f.error);
    }
    return std::nullopt;
}

}  // namespace cs
static_assert(cs::kMaxStepsTotal < (std::size_t{1} << 29), "TaskSpec::stepCount has 29 bits");
