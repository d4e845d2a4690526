#include "trace/trace_reader.h"

#include <array>
#include <fstream>
#include <limits>
#include <nlohmann/json.hpp>
#include <string_view>

namespace cs {

namespace {

std::optional<EvKind> kindFromName(std::string_view name) {
    for (std::size_t k = 0; k < kEvKindCount; ++k)
        if (kEvInfo[k].name == name) return static_cast<EvKind>(k);
    return std::nullopt;
}

bool isInt32(const nlohmann::json& v) {
    if (!v.is_number_integer()) return false;
    if (v.is_number_unsigned())
        return v.get<std::uint64_t>() <= static_cast<std::uint64_t>(std::numeric_limits<std::int32_t>::max());
    const auto x = v.get<std::int64_t>();
    return x >= std::numeric_limits<std::int32_t>::min() && x <= std::numeric_limits<std::int32_t>::max();
}

}  // namespace

bool TraceReader::fail(std::size_t line, std::string message) {
    error_ = TraceReadError{line, std::move(message)};
    return false;
}

bool TraceReader::readFile(const std::string& path, TraceSink& sink) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return fail(0, path + ": cannot open");
    return read(in, sink);
}

bool TraceReader::read(std::istream& in, TraceSink& sink) {
    error_.reset();
    std::string text;
    std::size_t lineNo = 0;
    while (std::getline(in, text)) {
        ++lineNo;
        if (text.find_first_not_of(" \t\r") == std::string::npos) continue;

        const nlohmann::json j = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
        if (j.is_discarded()) return fail(lineNo, "not valid JSON");
        if (!j.is_object()) return fail(lineNo, "not a JSON object");

        const auto ev = j.find("ev");
        if (ev == j.end() || !ev->is_string()) return fail(lineNo, "\"ev\" must be a string");
        const auto kind = kindFromName(ev->get_ref<const std::string&>());
        if (!kind) { ++skipped_; continue; }

        TraceEvent e;
        e.kind = *kind;
        const auto t = j.find("t");
        if (t == j.end() || !t->is_number()) return fail(lineNo, "\"t\" must be a number");
        e.t = t->get<double>();

        if (const auto task = j.find("task"); task != j.end() && !task->is_null()) {
            if (!isInt32(*task) || task->get<std::int64_t>() < -1)
                return fail(lineNo, "\"task\" must be an integer >= -1");
            e.task = task->get<std::int32_t>();
        } else if (isPerTask(e.kind)) {
            return fail(lineNo, "\"task\" is required for \"" + std::string(evName(e.kind)) + "\"");
        }

        switch (e.kind) {
            case EvKind::ThreadBegin:
            case EvKind::ThreadEnd: {
                const auto pool = j.find("pool");
                e.arg = pool != j.end() && pool->is_string() && pool->get_ref<const std::string&>() == "process" ? 1 : 0;
                break;
            }
            case EvKind::Counter: {
                const auto v = j.find("value");
                const auto x = j.find("expected");
                if (v == j.end() || !isInt32(*v) || x == j.end() || !isInt32(*x))
                    return fail(lineNo, "\"counter\" needs integer \"value\" and \"expected\"");
                e.arg = v->get<std::int32_t>();
                e.task = x->get<std::int32_t>();
                break;
            }
            case EvKind::Result: {
                const auto ok = j.find("ok");
                if (ok == j.end() || !ok->is_boolean()) return fail(lineNo, "\"ok\" must be true or false");
                e.arg = ok->get<bool>() ? 1 : 0;
                break;
            }
            case EvKind::Raise:
            case EvKind::FailedExc: {
                const auto exc = j.find("exc");
                if (exc == j.end() || !exc->is_string()) return fail(lineNo, "\"exc\" must be a string");
                e.arg = symbols_.intern(exc->get_ref<const std::string&>());
                break;
            }
            case EvKind::End: {
                const auto oc = j.find("outcome");
                if (oc == j.end() || !oc->is_string()) return fail(lineNo, "\"outcome\" must be a string");
                const std::string& s = oc->get_ref<const std::string&>();
                if (s == "ok") e.arg = static_cast<std::int32_t>(Outcome::Ok);
                else if (s == "deadlock") e.arg = static_cast<std::int32_t>(Outcome::Deadlock);
                else if (s.rfind("raised:", 0) == 0) {
                    e.arg = static_cast<std::int32_t>(Outcome::Raised);
                    e.task = symbols_.intern(s.substr(7));
                }
                else return fail(lineNo, "\"outcome\" must be ok, deadlock or raised:Name, not \"" + s + "\"");
                break;
            }
            case EvKind::Created: {
                // Optional "parent": the task that created it (the Python tracer).
                const auto parent = j.find("parent");
                if (parent != j.end() && !parent->is_null()) {
                    if (!isInt32(*parent) || parent->get<std::int64_t>() < 0 ||
                        parent->get<std::int64_t>() == std::numeric_limits<std::int32_t>::max())
                        return fail(lineNo, "\"parent\" must be a task id (an integer >= 0)");
                    e.arg = parent->get<std::int32_t>() + 1;
                }
                break;
            }
            case EvKind::Done: {
                const auto note = j.find("note");
                if (note != j.end() && note->is_string() && note->get_ref<const std::string&>() == "swallowed cancel")
                    sink.append(TraceEvent{e.t, e.task, EvKind::Swallowed, 0}, symbols_);
                break;
            }
            default:
                if (const char* key = evInfo(e.kind).argKey) {
                    const auto v = j.find(key);
                    if (v == j.end() || !isInt32(*v))
                        return fail(lineNo, "\"" + std::string(key) + "\" must be a 32-bit integer");
                    e.arg = v->get<std::int32_t>();
                }
                break;
        }
        sink.append(e, symbols_);
    }
    if (in.bad()) return fail(lineNo, "read error");
    return true;
}

}  // namespace cs
