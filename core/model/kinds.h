#pragma once
// Each limit kind and each collect kind, with the facts that more than one
// module needs about it, in one place: the loader, the run config, the
// warnings, the engine, the code generator, the controls, the session and the
// limit lab ask here. What a kind *does* (the engine's limiter, the Python
// text it denotes, how the loader checks its fields) stays code beside it;
// this is what a kind *is*. The UI's words for the kinds (translated) are in
// ui/i18n/kind_texts.h, in the same order.
#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "model/scenario.h"

namespace cs {

// What a task itself takes before it runs (the engine's job(), the
// generated program's body()).
enum class PermitModel : std::uint8_t {
    None,     // none, queue, manual, chunks, scheduler: nothing, or main() paces the tasks
    Shared,   // semaphore, bounded_semaphore, adaptive, connector: one shared semaphore
    PerTask,  // semaphore_per_task: a semaphore of its own (the pitfall: it limits nothing)
    Rate,     // rate: an optional Semaphore(max_at_once) and a start slot
};

// The run's limit line (RunConfig::initialLimit): none, the size field, or
// the size field when it is positive (a rate limiter without max_at_once
// caps nothing at once).
enum class LimitLine : std::uint8_t { None, Size, SizeIfPositive };

struct LimitKindInfo {
    LimitKind kind;
    std::string_view name;          // the file's "limit.kind"
    std::int64_t Limit::*size;      // the one number the Permits row shows and edits
    LimitLine limitLine;
    PermitModel permits;
    bool ownsCollect;               // its own main() paces the tasks: collect.kind is not used
    bool takesReleaseFlags;         // forget_release / release_twice act on its permits (spec section 1)
    bool releaseTwiceRaises;        // BoundedSemaphore: ValueError instead of a grown limit
    bool takesSchedule;             // limit.schedule, and live resizes while a run plays
    std::span<const std::string_view> fields;  // its own "limit." fields, the lab's default sweep first
};

struct CollectKindInfo {
    CollectKind kind;
    std::string_view name;          // the file's "collect.kind"
    bool takesReturnExceptions;     // gather
    bool takesReturnWhen;           // wait: return_when and on_return
    bool takesTimeout;              // wait, as_completed
    bool completionOrder;           // results reach the caller in the order the tasks ended (as_completed;
                                    // wait's done sets go in task-id order, spec section 4)
};

inline constexpr std::size_t kLimitKindCount = 11;
inline constexpr std::size_t kCollectKindCount = 5;

namespace kinds_detail {
inline constexpr std::string_view kValue[] = {"value"};
inline constexpr std::string_view kQueue[] = {"workers", "maxsize"};
inline constexpr std::string_view kChunks[] = {"size"};
inline constexpr std::string_view kRate[] = {"max_per_second", "max_at_once"};
inline constexpr std::string_view kAdaptive[] = {"max", "initial", "min", "latency_target"};
inline constexpr std::string_view kScheduler[] = {"limit", "pending_limit"};
}  // namespace kinds_detail

// Indexed by the enum: a row per kind, in the enum's order (checked below).
inline constexpr std::array<LimitKindInfo, kLimitKindCount> kLimitKindInfo{{
    // kind, name, size, limit line, permits, owns collect, release flags, twice raises, schedule, fields
    {LimitKind::None, "none", &Limit::value, LimitLine::None, PermitModel::None,
     false, false, false, false, {}},
    {LimitKind::Semaphore, "semaphore", &Limit::value, LimitLine::Size, PermitModel::Shared,
     false, true, false, true, kinds_detail::kValue},
    {LimitKind::BoundedSemaphore, "bounded_semaphore", &Limit::value, LimitLine::Size, PermitModel::Shared,
     false, true, true, false, kinds_detail::kValue},
    {LimitKind::SemaphorePerTask, "semaphore_per_task", &Limit::value, LimitLine::None, PermitModel::PerTask,
     false, true, false, false, kinds_detail::kValue},
    {LimitKind::Queue, "queue", &Limit::workers, LimitLine::Size, PermitModel::None,
     true, false, false, false, kinds_detail::kQueue},
    {LimitKind::Manual, "manual", &Limit::value, LimitLine::Size, PermitModel::None,
     true, false, false, false, kinds_detail::kValue},
    {LimitKind::Chunks, "chunks", &Limit::size, LimitLine::Size, PermitModel::None,
     true, false, false, false, kinds_detail::kChunks},
    {LimitKind::Rate, "rate", &Limit::maxAtOnce, LimitLine::SizeIfPositive, PermitModel::Rate,
     false, false, false, false, kinds_detail::kRate},
    {LimitKind::Adaptive, "adaptive", &Limit::initial, LimitLine::Size, PermitModel::Shared,
     false, false, false, false, kinds_detail::kAdaptive},
    {LimitKind::Connector, "connector", &Limit::value, LimitLine::Size, PermitModel::Shared,
     false, true, false, false, kinds_detail::kValue},
    {LimitKind::Scheduler, "scheduler", &Limit::value, LimitLine::Size, PermitModel::None,
     true, false, false, false, kinds_detail::kScheduler},
}};

inline constexpr std::array<CollectKindInfo, kCollectKindCount> kCollectKindInfo{{
    // kind, name, return_exceptions, return_when / on_return, timeout, completion order
    {CollectKind::Gather, "gather", true, false, false, false},
    {CollectKind::Wait, "wait", false, true, true, false},
    {CollectKind::AsCompleted, "as_completed", false, false, true, true},
    {CollectKind::TaskGroup, "taskgroup", false, false, false, false},
    {CollectKind::Sequential, "sequential", false, false, false, false},
}};

inline constexpr std::array<std::string_view, 3> kReturnWhenNames{"ALL_COMPLETED", "FIRST_COMPLETED",
                                                                  "FIRST_EXCEPTION"};

constexpr const LimitKindInfo& limitKindInfo(LimitKind k) {
    const auto i = static_cast<std::size_t>(k);
    return kLimitKindInfo[i < kLimitKindCount ? i : 0];  // an out-of-range value reads as "none"
}
constexpr const CollectKindInfo& collectKindInfo(CollectKind k) {
    const auto i = static_cast<std::size_t>(k);
    return kCollectKindInfo[i < kCollectKindCount ? i : 0];  // as "gather"
}
constexpr std::string_view returnWhenName(ReturnWhen w) {
    const auto i = static_cast<std::size_t>(w);
    return kReturnWhenNames[i < kReturnWhenNames.size() ? i : 0];
}

// Whether the pitfall flags forget_release and release_twice mean anything
// under a limit kind: they act on a semaphore's permits (spec section 1:
// semaphore, bounded_semaphore, semaphore_per_task; the connector extension
// is a Semaphore(limit) with the same flags, docs/format-extensions.md).
// Under any other kind a file that sets them is bad input.
constexpr bool takesReleaseFlags(LimitKind k) { return limitKindInfo(k).takesReleaseFlags; }

// The limit's size as the Permits row shows it (workers, chunk size, …).
constexpr std::int64_t limitSize(const Limit& l) { return l.*limitKindInfo(l.kind).size; }

// How results reach main(), where ties the virtual clock makes (tasks that
// end at one instant) show: one by one in the order the tasks ended
// (as_completed), or in sets of what has ended by then (wait(FIRST_COMPLETED),
// and the manual limit's main(), a loop of it); any other way (gather's input
// order, one ALL_COMPLETED set, a limit's own main()) no tie shows.
enum class ResultHandOver : std::uint8_t { Other, CompletionOrder, DoneSets };
constexpr ResultHandOver resultHandOver(const Limit& l, const Collect& c) {
    if (l.kind == LimitKind::Manual) return ResultHandOver::DoneSets;
    if (limitKindInfo(l.kind).ownsCollect) return ResultHandOver::Other;
    if (collectKindInfo(c.kind).completionOrder) return ResultHandOver::CompletionOrder;
    if (c.kind == CollectKind::Wait && c.returnWhen == ReturnWhen::FirstCompleted) return ResultHandOver::DoneSets;
    return ResultHandOver::Other;
}

std::optional<LimitKind> parseLimitKind(std::string_view name);
std::optional<CollectKind> parseCollectKind(std::string_view name);
std::optional<ReturnWhen> parseReturnWhen(std::string_view name);
// "none, semaphore, …, connector or scheduler": what the loader expects.
std::string limitKindNames();
std::string collectKindNames();

namespace kinds_detail {
constexpr bool rowsInEnumOrder() {
    for (std::size_t i = 0; i < kLimitKindCount; ++i)
        if (kLimitKindInfo[i].kind != static_cast<LimitKind>(i)) return false;
    for (std::size_t i = 0; i < kCollectKindCount; ++i)
        if (kCollectKindInfo[i].kind != static_cast<CollectKind>(i)) return false;
    return true;
}
static_assert(rowsInEnumOrder(), "a kind's row is missing or out of the enum's order");
static_assert(static_cast<std::size_t>(LimitKind::Scheduler) + 1 == kLimitKindCount,
              "a new limit kind needs its row here");
static_assert(static_cast<std::size_t>(CollectKind::Sequential) + 1 == kCollectKindCount,
              "a new collect kind needs its row here");
}  // namespace kinds_detail

}  // namespace cs
