#pragma once
// The in-memory form of a scenario file (../shared/spec/scenario.md, section 1-2).
// Plain data, no behaviour: the loader fills it, the program runs it.
// Tasks and steps are stored flat (one vector of steps for all tasks) so that a
// million-task scenario costs ~40 bytes a task.
#include <cmath>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace cs {

// Process and Increment are format extensions (docs/format-extensions.md):
// Process = await loop.run_in_executor(process_pool, burn_cpu, d) (like Thread,
// with the process pool's own slots); Increment = v = counter; await
// asyncio.sleep(d); counter = v + 1 (inside `async with lock:` when
// Scenario::counterLock).
enum class StepKind : std::uint8_t { Io, Cpu, Thread, Call, Raise, Process, Increment };

struct Step {
    double duration = 0.0;  // seconds (io, cpu, thread, call, process, increment)
    StepKind kind = StepKind::Io;
    std::int32_t exc = 0;   // Raise: index into Scenario::excNames
    bool operator==(const Step&) const = default;
};

struct TaskSpec {
    double arrive = 0.0;                 // > 0: await asyncio.sleep(arrive) first
    double timeout = -1.0;               // >= 0: wrapped in asyncio.wait_for(..., timeout); < 0: none
    std::uint32_t firstStep = 0;         // index into Scenario::steps
    // The flags share a word with the step count (the loader caps a scenario
    // at kMaxStepsTotal steps, far below 2^29): a million tasks, 24 MB.
    std::uint32_t stepCount : 29 = 0;
    bool ignoreCancel : 1 = false;
    bool forgetRelease : 1 = false;
    bool releaseTwice : 1 = false;
    bool hasTimeout() const { return timeout >= 0.0; }
    bool operator==(const TaskSpec&) const = default;
};
static_assert(sizeof(TaskSpec) == 24, "a task spec is three words");

// Connector and Scheduler are format extensions (docs/format-extensions.md):
// aiohttp TCPConnector(limit=value) and aiojobs Scheduler(limit=value,
// pending_limit=pendingLimit).
enum class LimitKind : std::uint8_t {
    None, Semaphore, BoundedSemaphore, SemaphorePerTask, Queue, Manual, Chunks, Rate, Adaptive,
    Connector, Scheduler
};

// What each kind is (name, size field, permits, …): model/kinds.h.

struct ScheduleEntry {
    double at = 0.0;
    std::int64_t value = 0;
    bool operator==(const ScheduleEntry&) const = default;
};

struct Limit {
    LimitKind kind = LimitKind::None;
    // semaphore, bounded_semaphore, semaphore_per_task, manual (>= 1);
    // connector: TCPConnector's `limit` (>= 1; the file field is "value");
    // scheduler: aiojobs' `limit` (>= 1; the file field is "limit").
    std::int64_t value = 0;
    std::vector<ScheduleEntry> schedule;     // semaphore only: live resizes
    std::int64_t workers = 1;                // queue
    std::int64_t maxsize = 0;                // queue (0 = unbounded)
    std::int64_t size = 1;                   // chunks
    std::int64_t maxAtOnce = 0;              // rate (0 = no Semaphore(max_at_once))
    double maxPerSecond = 1.0;               // rate
    std::int64_t initial = 1, min = 1, max = 1;  // adaptive
    double latencyTarget = 1.0;              // adaptive
    std::int64_t pendingLimit = 0;           // scheduler: "pending_limit" (0 = no bound on pending jobs)
    bool operator==(const Limit&) const = default;
};

enum class CollectKind : std::uint8_t { Gather, Wait, AsCompleted, TaskGroup, Sequential };
enum class ReturnWhen : std::uint8_t { AllCompleted, FirstCompleted, FirstException };

struct Collect {
    CollectKind kind = CollectKind::Gather;
    bool returnExceptions = false;           // gather
    ReturnWhen returnWhen = ReturnWhen::AllCompleted;  // wait
    double timeout = -1.0;                   // wait, as_completed (< 0: none)
    bool cancelOnReturn = false;             // wait: on_return == "cancel"
    bool hasTimeout() const { return timeout >= 0.0; }
    bool operator==(const Collect&) const = default;
};

// A run's limit and collector, which its trace's events do not repeat: an
// engine trace's "limiter" line tells them (docs/trace-extensions.md), as the
// scenario's "limit" and "collect" objects (loader.h: limiterLine, parseLimiter).
// And the sizes of the run's pools, told only when its tasks used them
// (0: the run had no such pool): a pool's workers limit its jobs whatever
// the limit says, so the header names them ("thread pool of 2").
struct Limiter {
    Limit limit;
    Collect collect;
    std::int64_t threadWorkers = 0;   // executor.max_workers, when a task has a thread step
    std::int64_t processWorkers = 0;  // process_pool.max_workers, when a task has a process step
    bool operator==(const Limiter&) const = default;
};

struct RateLimit {
    double perSecond = 1.0;
    double burst = 1.0;
    bool operator==(const RateLimit&) const = default;
};

struct Service {
    std::int64_t capacity = 1;
    std::optional<std::int64_t> queueLimit;
    std::optional<RateLimit> rateLimit;
    bool operator==(const Service&) const = default;
};

// A scenario's title and description in another language (format extension
// "i18n", docs/format-extensions.md); empty: not translated.
struct ScenarioText {
    std::string title;
    std::string description;
    bool operator==(const ScenarioText&) const = default;
};

struct Scenario {
    std::string title;
    std::string description;
    std::map<std::string, ScenarioText> i18n;  // language ("zh_CN") -> its texts
    std::vector<TaskSpec> tasks;
    std::vector<Step> steps;                 // all tasks' steps, flat
    std::vector<std::string> excNames;       // exception class names used by Raise steps
    Limit limit;
    Collect collect;
    std::int64_t maxWorkers = 4;             // executor.max_workers
    std::optional<Service> service;
    // Format extensions (docs/format-extensions.md):
    std::int64_t processWorkers = 2;         // process_pool.max_workers (Process steps)
    bool hasCounter = false;                 // the file has a "counter" object (kept for toJson)
    bool counterLock = false;                // counter.lock: Increment steps run inside `async with lock:`
    // The program traces {"ev": "counter", ...} before "collected" when any
    // step is an Increment, whether or not the file has a "counter" object.
    bool usesCounter() const {
        for (const Step& st : steps)
            if (st.kind == StepKind::Increment) return true;
        return false;
    }

    const Step* stepsOf(const TaskSpec& t) const { return steps.data() + t.firstStep; }
    std::int32_t internExc(const std::string& name) {
        for (std::size_t i = 0; i < excNames.size(); ++i)
            if (excNames[i] == name) return static_cast<std::int32_t>(i);
        excNames.push_back(name);
        return static_cast<std::int32_t>(excNames.size() - 1);
    }
    // The title / description in `lang` ("zh_CN", "zh", "en"): the exact
    // language's, then one of the same bare language; else the spec's own.
    const std::string& titleIn(const std::string& lang) const { return textIn(lang, &ScenarioText::title, title); }
    const std::string& descriptionIn(const std::string& lang) const {
        return textIn(lang, &ScenarioText::description, description);
    }
    bool operator==(const Scenario&) const = default;

private:
    const std::string& textIn(const std::string& lang, std::string ScenarioText::*field,
                              const std::string& fallback) const {
        std::string norm = lang;
        for (char& c : norm)
            if (c == '-') c = '_';
        if (auto it = i18n.find(norm); it != i18n.end() && !(it->second.*field).empty()) return it->second.*field;
        const std::string bare = norm.substr(0, norm.find('_'));
        for (const auto& [l, t] : i18n)
            if (l.substr(0, l.find('_')) == bare && !(t.*field).empty()) return t.*field;
        return fallback;
    }
};

// A scenario's run's limiter (above): its limit, collector and the pools its tasks use.
inline Limiter limiterOf(const Scenario& s) {
    Limiter l{s.limit, s.collect};
    for (const Step& st : s.steps) {
        if (st.kind == StepKind::Thread) l.threadWorkers = s.maxWorkers;
        if (st.kind == StepKind::Process) l.processWorkers = s.processWorkers;
    }
    return l;
}

}  // namespace cs
