#include "pyrun/runner_report.h"

#include <algorithm>
#include <cstring>

#include <nlohmann/json.hpp>

namespace cs {

namespace {

std::string str(const nlohmann::json& j, const char* key) {
    const auto it = j.find(key);
    return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

long integer(const nlohmann::json& j, const char* key, long fallback) {
    const auto it = j.find(key);
    return it != j.end() && it->is_number_integer() ? it->get<long>() : fallback;
}

double number(const nlohmann::json& j, const char* key) {
    const auto it = j.find(key);
    return it != j.end() && it->is_number() ? it->get<double>() : 0.0;
}

RunnerPlace place(const nlohmann::json& j) { return RunnerPlace{str(j, "file"), integer(j, "line", 0)}; }

RunnerNamed named(const nlohmann::json& j) {
    RunnerNamed n;
    n.task = integer(j, "task", -1);
    n.name = str(j, "name");
    n.line = std::max(0L, integer(j, "line", 0));
    const auto main = j.find("main");
    n.main = main != j.end() && main->is_boolean() && main->get<bool>();
    n.call = str(j, "call");
    n.thread = str(j, "thread");
    n.holder = str(j, "holder");
    const auto computed = j.find("computed");
    n.computed = computed != j.end() && computed->is_boolean() && computed->get<bool>();
    return n;
}

RunnerWarning warning(const nlohmann::json& j, double t) {
    RunnerWarning w{t, str(j, "kind"), str(j, "message"), place(j), integer(j, "task", -1), {}, 0, {}, {}, {}, {}, {}};
    if (const auto it = j.find("waiting"); it != j.end() && it->is_array())
        for (const nlohmann::json& e : *it)
            if (e.is_object() && w.waiting.size() < 5) w.waiting.push_back(named(e));
    w.more = std::max(0L, integer(j, "more", 0));
    if (const auto it = j.find("ran"); it != j.end() && it->is_object()) w.ran = named(*it);
    if (const auto it = j.find("before"); it != j.end() && it->is_object()) w.before = named(*it);
    if (const auto it = j.find("first"); it != j.end() && it->is_object()) w.first = named(*it);
    if (const auto it = j.find("second"); it != j.end() && it->is_object()) w.second = named(*it);
    if (const auto it = j.find("threads"); it != j.end() && it->is_array())
        for (const nlohmann::json& e : *it)
            if (e.is_object() && w.threads.size() < 8) w.threads.push_back(named(e));
    w.count = std::max(0L, integer(j, "count", 0));
    w.what = str(j, "what");
    w.waitSet = str(j, "set");
    w.copy = str(j, "copy");
    w.op = str(j, "op");  // set_order of a set the program made
    w.setName = str(j, "name");
    const auto flag = [&j](const char* key) {  // a true boolean field
        const auto it = j.find(key);
        return it != j.end() && it->is_boolean() && it->get<bool>();
    };
    w.byKey = flag("by_key");
    w.cancelLine = std::max(0L, integer(j, "cancel_line", 0));
    w.seconds = std::max(0.0, number(j, "seconds"));
    w.thread = str(j, "thread");
    w.main = flag("main");
    w.pool = str(j, "pool");
    w.workers = std::max(0L, integer(j, "workers", 0));
    w.cpus = std::max(0L, integer(j, "cpus", 0));
    w.loop = flag("loop");
    w.own = flag("own");
    return w;
}

}  // namespace

std::string RunnerPlace::text(const std::string& folder) const {
    if (!known()) return {};
    const bool relative = file[0] != '/';
    return (relative && !folder.empty() ? folder + "/" : std::string()) + file + ":" + std::to_string(line);
}

std::string_view RunnerReport::kindOf(std::string_view line) {
    // Writers put "ev" near the start ({"t": 0.0, "ev": "meta", ...}).
    const std::size_t key = line.find("\"ev\"");
    if (key == std::string_view::npos) return {};
    std::size_t i = key + 4;
    while (i < line.size() && (line[i] == ' ' || line[i] == ':')) ++i;
    if (i >= line.size() || line[i] != '"') return {};
    const std::size_t end = line.find('"', i + 1);
    if (end == std::string_view::npos) return {};
    return line.substr(i + 1, end - i - 1);
}

bool RunnerReport::addLine(std::string_view line) {
    const std::string_view kind = kindOf(line);
    if (kind == "end") {
        ended_ = true;
        return false;
    }
    if (kind != "meta" && kind != "output" && kind != "warning" && kind != "error" && kind != "stopped")
        return false;
    const nlohmann::json j = nlohmann::json::parse(line, nullptr, /*allow_exceptions=*/false);
    if (!j.is_object()) return false;
    const double t = number(j, "t");
    if (kind == "meta") {
        meta_ = true;
        python_ = str(j, "python");
        executable_ = str(j, "executable");
        program_ = str(j, "program");
        clock_ = str(j, "clock");
        cpus_ = std::max(0L, integer(j, "cpus", 0));
        const auto acquires = j.find("acquires");
        acquires_ = acquires != j.end() && acquires->is_boolean() && acquires->get<bool>();
    } else if (kind == "output") {
        outputs_.push_back({t, str(j, "stream") == "stderr", str(j, "text"), integer(j, "task", -1)});
    } else if (kind == "warning") {
        warnings_.push_back(warning(j, t));
    } else if (kind == "error") {
        error_ = RunnerError{t, str(j, "exc"), str(j, "message"), str(j, "traceback"), place(j), integer(j, "column", 0)};
    } else {
        stopped_ = RunnerStop{t, str(j, "reason"), str(j, "message"), place(j)};
    }
    return true;
}

RunnerReport::Problem RunnerReport::problemParts(const std::string& folder) const {
    Problem p;
    if (stopped_) {
        p.kind = Problem::Kind::Stopped;
        p.place = stopped_->place.known() ? stopped_->place.text(folder) : std::string();
        p.reason = stopped_->reason;
        p.text = stopped_->message;
    } else if (error_) {
        p.kind = Problem::Kind::Error;
        p.place = error_->place.known() ? error_->place.text(folder) : std::string();
        p.text = error_->exc;
        if (!error_->message.empty()) p.text += ": " + error_->message;
    } else if (cutShort()) {
        p.kind = Problem::Kind::CutShort;
        // Named as places are: the file in the program's folder as the user
        // named it (meta's "program" is the path the runner was given).
        const std::string base = program_.substr(program_.find_last_of('/') + 1);  // (npos + 1 is 0)
        p.place = base.empty() || folder.empty() ? base : folder + "/" + base;
        p.signal = exitSignal_ > 0 ? exitSignal_ : 0;
        p.status = exitSignal_ > 0 ? -1 : exitStatus_;
    }
    return p;
}

std::string RunnerReport::Problem::signalName() const {
    const char* abbrev = signal > 0 ? sigabbrev_np(signal) : nullptr;
    return abbrev ? "SIG" + std::string(abbrev) : "signal " + std::to_string(signal);
}

std::string RunnerReport::problem(const std::string& folder) const {
    const Problem p = problemParts(folder);
    const std::string at = p.place.empty() ? std::string() : p.place + ": ";
    switch (p.kind) {
        case Problem::Kind::None: return {};
        case Problem::Kind::Stopped: return at + "stopped: " + p.text;
        case Problem::Kind::Error: return at + p.text;
        case Problem::Kind::CutShort: {
            std::string how = "the Python process ended";
            if (p.signal > 0)
                how = "the Python process was killed by " + p.signalName();
            else if (p.status >= 0)
                how += " with status " + std::to_string(p.status);
            return at + "stopped: " + how +
                   " before the program ended (the trace has no \"end\" line: the run up to its last line)";
        }
    }
    return {};
}

}  // namespace cs
