#include "lessons/claim_query.h"

#include <algorithm>
#include <cmath>
#include <set>

#include "scenario/field_reader.h"
#include "trace/trace_store.h"

namespace cs::lessons {

namespace {

using json = nlohmann::json;
using F = FieldReader;

constexpr double kSameInstant = ClaimValue::kTolerance;

struct QueryInfo {
    const char* name;
    ClaimQuery::Kind kind;
    std::vector<std::string> required;
    std::vector<std::string> optional;
};

const std::vector<QueryInfo>& queries() {
    using K = ClaimQuery::Kind;
    static const std::vector<QueryInfo> table = {
        {"end_time", K::EndTime, {}, {}},
        {"outcome", K::Outcome, {}, {}},
        {"time", K::Time, {"ev"}, {"task", "nth"}},
        {"duration", K::Duration, {"task", "from", "to"}, {}},
        {"tasks", K::Tasks, {"ev"}, {"t", "ok"}},
        {"order", K::Order, {"ev"}, {"t", "ok"}},
        {"first", K::First, {"ev"}, {"t", "ok"}},
        {"times", K::Times, {"ev"}, {"t", "ok"}},
        {"count", K::Count, {"ev"}, {"t", "ok"}},
        {"state", K::State, {"task"}, {}},
        {"in_flight", K::InFlight, {"t"}, {}},
        {"waiting", K::Waiting, {"t"}, {}},
        {"peak_in_flight", K::PeakInFlight, {}, {}},
        {"peak_waiting", K::PeakWaiting, {}, {}},
        {"throughput", K::Throughput, {}, {}},
        {"counter", K::Counter, {}, {}},
        {"counter_expected", K::CounterExpected, {}, {}},
        {"limits", K::Limits, {}, {"n", "t"}},
        {"sequence", K::Sequence, {"ev"}, {}},
    };
    return table;
}

std::string queryNames() {
    std::string out;
    for (const QueryInfo& q : queries()) out += (out.empty() ? "" : ", ") + std::string(q.name);
    return out;
}

// "terminal" or a trace event name; the kinds it stands for (empty: unknown).
std::vector<EvKind> kindsNamed(std::string_view name) {
    if (name == "terminal") return {EvKind::Done, EvKind::Failed, EvKind::Cancelled};
    for (std::size_t i = 0; i < kEvKindCount; ++i)
        if (kEvInfo[i].name == name) return {static_cast<EvKind>(i)};
    return {};
}

std::string eventName(const json& v, const std::string& path) {
    const std::string& s = F::string(v, path);
    if (kindsNamed(s).empty()) F::fail(path, "unknown event \"" + s + "\" (a trace event name or \"terminal\")");
    return s;
}

bool sameInstant(double a, double b) { return std::fabs(a - b) <= kSameInstant; }

}  // namespace

ClaimQuery ClaimQuery::fromJson(const json& v, const std::string& path) {
    F::expectObject(v, path);
    if (v.size() != 1) F::fail(path, "must have exactly one key, the query's name (" + queryNames() + ")");
    const std::string name = v.begin().key();
    const auto info = std::find_if(queries().begin(), queries().end(),
                                   [&](const QueryInfo& q) { return name == q.name; });
    if (info == queries().end()) F::fail(path, "unknown query \"" + name + "\" (" + queryNames() + ")");
    const std::string at = F::member(path, name);
    const json& args = v.begin().value();
    F::expectObject(args, at);
    for (auto it = args.begin(); it != args.end(); ++it) {
        const bool known = std::count(info->required.begin(), info->required.end(), it.key()) +
                           std::count(info->optional.begin(), info->optional.end(), it.key());
        if (!known) F::fail(F::member(at, it.key()), "unknown argument of " + name);
    }
    for (const std::string& r : info->required) F::require(args, r, at);

    ClaimQuery q;
    q.kind_ = info->kind;
    q.name_ = name;
    if (const json* t = F::find(args, "task"))
        q.task_ = static_cast<std::int32_t>(F::integer(*t, F::member(at, "task"), 0, TraceStore::kMaxTask));
    if (const json* ev = F::find(args, "ev")) {
        const std::string evPath = F::member(at, "ev");
        if (q.kind_ == Kind::Sequence) {
            F::expectArray(*ev, evPath);
            if (ev->empty()) F::fail(evPath, "must name at least one event");
            for (std::size_t i = 0; i < ev->size(); ++i)
                q.events_.push_back(eventName((*ev)[i], F::element(evPath, i)));
        } else {
            q.events_.push_back(eventName(*ev, evPath));
        }
    }
    if (q.kind_ == Kind::Duration) {
        q.events_.push_back(eventName(args.at("from"), F::member(at, "from")));
        q.events_.push_back(eventName(args.at("to"), F::member(at, "to")));
    }
    if (const json* t = F::find(args, "t")) q.at_ = F::nonNegative(*t, F::member(at, "t"));
    if (const json* n = F::find(args, "nth")) q.nth_ = F::integer(*n, F::member(at, "nth"), 1);
    if (const json* n = F::find(args, "n")) q.n_ = F::integer(*n, F::member(at, "n"), 0);
    if (const json* ok = F::find(args, "ok")) {
        if (q.events_ != std::vector<std::string>{"result"}) F::fail(F::member(at, "ok"), "only for ev \"result\"");
        q.ok_ = F::boolean(*ok, F::member(at, "ok"));
    }
    return q;
}

std::vector<EvKind> ClaimQuery::kindsOf(const std::vector<std::string>& events) const {
    std::vector<EvKind> out;
    for (const std::string& e : events)
        for (EvKind k : kindsNamed(e)) out.push_back(k);
    return out;
}

std::vector<FactEvent> ClaimQuery::matching(const RunFacts& facts) const {
    std::vector<FactEvent> evs = facts.eventsOf(kindsOf(events_));
    std::erase_if(evs, [this](const FactEvent& e) {
        if (task_ >= 0 && (!isPerTask(e.kind) || e.task != task_)) return true;
        if (at_ && !sameInstant(e.t, *at_)) return true;
        if (ok_ && (e.arg != 0) != *ok_) return true;
        return false;
    });
    return evs;
}

ClaimValue ClaimQuery::evaluate(const RunFacts& facts) const {
    switch (kind_) {
        case Kind::EndTime:
            return facts.ended() ? ClaimValue::seconds(facts.endTime()) : ClaimValue();
        case Kind::Outcome:
            return facts.ended() ? ClaimValue(json(facts.outcome())) : ClaimValue();
        case Kind::Time: {
            const std::vector<FactEvent> evs = matching(facts);
            const auto k = static_cast<std::size_t>(nth_ - 1);
            return k < evs.size() ? ClaimValue::seconds(evs[k].t) : ClaimValue();
        }
        case Kind::Duration: {
            auto first = [&](const std::string& ev) -> std::optional<double> {
                for (const FactEvent& e : facts.eventsOf(kindsOf({ev})))
                    if (isPerTask(e.kind) && e.task == task_) return e.t;
                return std::nullopt;
            };
            const auto from = first(events_[0]);
            const auto to = first(events_[1]);
            return from && to ? ClaimValue::seconds(*to - *from) : ClaimValue();
        }
        case Kind::Tasks:
        case Kind::Order:
        case Kind::First:
        case Kind::Times:
        case Kind::Count: {
            // A task counts once, at its first matching event.
            std::vector<std::int64_t> order;
            std::vector<double> times;
            std::set<std::int32_t> seen;
            for (const FactEvent& e : matching(facts)) {
                if (!isPerTask(e.kind)) {
                    times.push_back(e.t);
                } else if (e.task >= 0 && seen.insert(e.task).second) {
                    order.push_back(e.task);
                    times.push_back(e.t);
                }
            }
            if (kind_ == Kind::Times) return ClaimValue(json(times));
            if (kind_ == Kind::Count) return ClaimValue::count(static_cast<std::int64_t>(order.size()));
            if (kind_ == Kind::First) return order.empty() ? ClaimValue() : ClaimValue::count(order.front());
            if (kind_ == Kind::Tasks) std::sort(order.begin(), order.end());
            return ClaimValue(json(order));
        }
        case Kind::State: {
            for (const FactEvent& e : facts.eventsOf({EvKind::Done, EvKind::Failed, EvKind::Cancelled}))
                if (e.task == task_) return ClaimValue(json(std::string(evName(e.kind))));
            return ClaimValue();
        }
        case Kind::InFlight: return ClaimValue::count(facts.inFlightAt(*at_));
        case Kind::Waiting: return ClaimValue::count(facts.waitingAt(*at_));
        case Kind::PeakInFlight: return ClaimValue::count(facts.peakInFlight());
        case Kind::PeakWaiting: return ClaimValue::count(facts.peakWaiting());
        case Kind::Throughput:
            return facts.ended() ? ClaimValue::seconds(facts.throughput()) : ClaimValue();
        case Kind::Counter:
        case Kind::CounterExpected: {
            const std::vector<FactEvent> evs = facts.eventsOf({EvKind::Counter});
            if (evs.empty()) return ClaimValue();
            return ClaimValue::count(kind_ == Kind::Counter ? evs.back().arg : evs.back().task);
        }
        case Kind::Limits: {
            std::vector<std::int64_t> values;
            for (const FactEvent& e : facts.eventsOf({EvKind::Limit}))
                if (!at_ || sameInstant(e.t, *at_)) values.push_back(e.arg);
            if (n_ && values.size() > static_cast<std::size_t>(*n_)) values.resize(static_cast<std::size_t>(*n_));
            return ClaimValue(json(values));
        }
        case Kind::Sequence: {
            std::vector<std::string> names;
            for (const FactEvent& e : facts.eventsOf(kindsOf(events_))) {
                const std::string n(evName(e.kind));
                if (names.empty() || names.back() != n) names.push_back(n);
            }
            return ClaimValue(json(names));
        }
    }
    return ClaimValue();
}

}  // namespace cs::lessons
