#include "trace/jsonl_writer.h"

#include <algorithm>
#include <cstddef>
#include <string_view>

#include "trace/py_float.h"
#include "text/json_text.h"
#include "trace/trace_store.h"

namespace cs {

namespace {

// A string literal appended with its length known at compile time (`s +=
// "..."` may become a call that measures it, as GCC inlines or not: 2 a line).
template <std::size_t N>
void lit(std::string& out, const char (&text)[N]) {
    out.append(text, N - 1);
}

void appendField(std::string& out, std::string_view key, std::int64_t v) {
    lit(out, ", \"");
    out += key;
    lit(out, "\": ");
    out += std::to_string(v);
}

void appendField(std::string& out, std::string_view key, std::string_view v) {
    lit(out, ", \"");
    out += key;
    lit(out, "\": ");
    // Exception class names are Python identifiers, but a scenario file may
    // hold anything: escaped so that a line always parses.
    JsonText::appendString(out, v);
}

}  // namespace

std::string JsonlWriter::format(const TraceEvent& e, const Symbols& symbols) {
    std::string s;
    formatInto(s, e, symbols);
    return s;
}

void JsonlWriter::noteMarker(const TraceEvent& e) {
    if (e.kind == EvKind::Swallowed)
        swallowed_.push_back(e.task);
    else if (e.kind == EvKind::Helper)
        helpers_.push_back(e.task);
    else
        releaseSem_.emplace_back(e.task, e.arg - 1);
}

void JsonlWriter::appendReleaseSem(std::string& s, std::int32_t task) {
    const auto it =
        std::find_if(releaseSem_.begin(), releaseSem_.end(), [&](const auto& m) { return m.first == task; });
    if (it == releaseSem_.end()) return;
    appendField(s, "sem", it->second);
    releaseSem_.erase(it);
}

bool JsonlWriter::formatInto(std::string& s, const TraceEvent& e, const Symbols& symbols) {
    if (isMarker(e.kind)) {
        noteMarker(e);
        return false;
    }
    // A trace read from a file keeps the file's task ids (TraceStore::taskId).
    const auto id = [&](std::int32_t lane) -> std::int64_t { return ids_ ? ids_->taskId(lane) : lane; };
    lit(s, "{\"t\": ");
    PyFloat::appendRepr(s, e.t);
    if (fromWarning(e.kind)) {
        // The warning line it was read from (fromWarning), as the Python tracer writes it.
        lit(s, ", \"ev\": \"warning\", \"kind\": \"task_destroyed_pending\", "
               "\"message\": \"Task was destroyed but it is pending!\"");
        appendField(s, "task", id(e.task));
        s += '}';
        return true;
    }
    lit(s, ", \"ev\": \"");
    s += evName(e.kind);
    s += '"';

    // Caller-side events carry no task in the spec's examples.
    if (isPerTask(e.kind)) appendField(s, "task", id(e.task));

    switch (e.kind) {
        case EvKind::Done: {
            auto it = std::find(swallowed_.begin(), swallowed_.end(), e.task);
            if (it != swallowed_.end()) {
                swallowed_.erase(it);
                appendField(s, "note", "swallowed cancel");
            }
            break;
        }
        case EvKind::Result:
            s += e.arg != 0 ? ", \"ok\": true" : ", \"ok\": false";
            break;
        case EvKind::Raise:
            lastRaise_ = std::string(symbols.name(e.arg));
            appendField(s, "exc", lastRaise_);
            break;
        case EvKind::End:
            switch (static_cast<Outcome>(e.arg)) {
                case Outcome::Ok: appendField(s, "outcome", "ok"); break;
                case Outcome::Raised:
                    appendField(s, "outcome", "raised:" + (e.task >= 0 ? std::string(symbols.name(e.task)) : lastRaise_));
                    break;
                case Outcome::Deadlock: appendField(s, "outcome", "deadlock"); break;
                default: appendField(s, "outcome", "unknown"); break;
            }
            break;
        case EvKind::Created:
            if (e.arg > 0) appendField(s, "parent", id(e.arg - 1));
            if (auto it = std::find(helpers_.begin(), helpers_.end(), e.task); it != helpers_.end()) {
                helpers_.erase(it);
                appendField(s, "helper", "wait_for");
            }
            break;
        case EvKind::Request:
            if (e.arg > 0) appendField(s, "sem", e.arg - 1);
            break;
        case EvKind::PutWait:
            if (e.arg > 0) appendField(s, "by", id(e.arg - 1));
            break;
        case EvKind::Acquire:
            if (e.arg >= 0) appendField(s, "sem", e.arg);  // none: the only primitive so far
            break;
        case EvKind::Release:
            appendField(s, "woke", e.arg >= 0 ? id(e.arg) : -1);
            if (e.arg == kReleaseRefused) lit(s, ", \"refused\": true");
            if (!releaseSem_.empty()) appendReleaseSem(s, e.task);
            break;
        case EvKind::FailedExc: appendField(s, "exc", symbols.name(e.arg)); break;
        case EvKind::ThreadQueued:
        case EvKind::ThreadLeft:
        case EvKind::ThreadBegin:
        case EvKind::ThreadEnd:
            if (e.arg == 1) appendField(s, "pool", "process");
            break;
        case EvKind::MainThreadQueued:
        case EvKind::MainThreadBegin:
        case EvKind::MainThreadEnd:
            appendField(s, "job", mainJobOf(e.arg));
            if (mainJobProcess(e.arg)) appendField(s, "pool", "process");
            break;
        case EvKind::Counter:
            appendField(s, "value", e.arg);
            appendField(s, "expected", e.task);
            break;
        default:
            if (const char* key = evInfo(e.kind).argKey)
                appendField(s, key, taskArgBias(e.kind) == 0 && e.arg >= 0 ? id(e.arg) : e.arg);  // woke, by
            break;
    }
    s += '}';
    return true;
}

void JsonlWriter::append(const TraceEvent& e, const Symbols& symbols) {
    line_.clear();
    if (!formatInto(line_, e, symbols)) return;
    line_ += '\n';
    out_->write(line_.data(), static_cast<std::streamsize>(line_.size()));
}

void JsonlWriter::reset() {
    lastRaise_.clear();
    swallowed_.clear();
    helpers_.clear();
    releaseSem_.clear();
}

void JsonlWriter::writeAll(std::ostream& out, const TraceStore& store) {
    JsonlWriter w(out);
    w.ids_ = &store;
    for (std::size_t i = 0; i < store.size(); ++i) w.append(store.at(i), store.symbols());
}

}  // namespace cs
