#include "pyrun/runner_report.h"

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
    } else if (kind == "output") {
        outputs_.push_back({t, str(j, "stream") == "stderr", str(j, "text"), integer(j, "task", -1)});
    } else if (kind == "warning") {
        warnings_.push_back({t, str(j, "kind"), str(j, "message"), place(j), integer(j, "task", -1)});
    } else if (kind == "error") {
        error_ = RunnerError{t, str(j, "exc"), str(j, "message"), str(j, "traceback"), place(j), integer(j, "column", 0)};
    } else {
        stopped_ = RunnerStop{t, str(j, "reason"), str(j, "message"), place(j)};
    }
    return true;
}

std::string RunnerReport::problem(const std::string& folder) const {
    const auto prefixed = [&](const RunnerPlace& p, const std::string& s) {
        return p.known() ? p.text(folder) + ": " + s : s;
    };
    if (stopped_) return prefixed(stopped_->place, "stopped: " + stopped_->message);
    if (error_) {
        std::string what = error_->exc;
        if (!error_->message.empty()) what += ": " + error_->message;
        return prefixed(error_->place, what);
    }
    if (cutShort()) {
        std::string how = "the Python process ended";
        if (exitSignal_ > 0) {
            const char* abbrev = sigabbrev_np(exitSignal_);
            how = "the Python process was killed by " +
                  (abbrev ? "SIG" + std::string(abbrev) : "signal " + std::to_string(exitSignal_));
        } else if (exitStatus_ >= 0) {
            how += " with status " + std::to_string(exitStatus_);
        }
        // Named as places are: the file in the program's folder as the user
        // named it (meta's "program" is the path the runner was given).
        const std::string base = program_.substr(program_.find_last_of('/') + 1);  // (npos + 1 is 0)
        const std::string file = base.empty() ? base : (folder.empty() ? base : folder + "/" + base) + ": ";
        return file + "stopped: " + how +
               " before the program ended (the trace has no \"end\" line: the run up to its last line)";
    }
    return {};
}

}  // namespace cs
