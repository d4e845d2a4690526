#include "export/trace_file.h"

#include <algorithm>
#include <cctype>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

namespace cs {

namespace {

std::string lower(std::string s) {
    for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

bool endsWith(const std::string& s, const std::string& suffix) {
    return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

}  // namespace

bool TraceFile::looksLikeTrace(const std::string& path) {
    const std::string p = lower(path);
    if (endsWith(p, ".jsonl") || endsWith(p, ".ndjson")) return true;
    std::ifstream in(path, std::ios::binary);
    std::string line;
    // A scenario is one document (often spread over lines); a trace's every
    // line is a whole event. Only the first non-blank line is looked at.
    while (std::getline(in, line)) {
        if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
        const auto j = nlohmann::json::parse(line, nullptr, false);
        return j.is_object() && j.contains("ev");
    }
    return false;
}

bool TraceFile::load(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        error_ = TraceReadError{0, path + ": cannot open"};
        return false;
    }
    return read(in);
}

bool TraceFile::read(std::istream& in) {
    *this = TraceFile{};
    // One pass over the text: the reader gets every line; lines that may
    // carry a name or a permit count are also looked at here.
    std::ostringstream all;
    all << in.rdbuf();
    const std::string text = all.str();
    std::istringstream events(text);
    TraceReader reader;
    const bool ok = reader.read(events, store_);
    skipped_ = reader.skipped();
    if (!ok) error_ = reader.error();

    std::size_t pos = 0;
    while (pos < text.size()) {
        std::size_t nl = text.find('\n', pos);
        if (nl == std::string::npos) nl = text.size();
        const std::string_view line(text.data() + pos, nl - pos);
        if (line.find("\"name\"") != std::string_view::npos || line.find("\"permits\"") != std::string_view::npos)
            scanExtras(std::string(line));
        pos = nl + 1;
    }
    // Samples arrive in time order from the tracer; keep it true for the
    // series walk whatever the file says.
    std::stable_sort(permits_.begin(), permits_.end(),
                     [](const PermitSample& a, const PermitSample& b) { return a.t < b.t; });
    return ok;
}

void TraceFile::scanExtras(const std::string& line) {
    const auto j = nlohmann::json::parse(line, nullptr, false);
    if (!j.is_object()) return;
    const auto t = j.find("t");
    const auto ev = j.find("ev");
    if (ev != j.end() && ev->is_string() && ev->get_ref<const std::string&>() == "permits") {
        const auto v = j.find("value");
        if (t != j.end() && t->is_number() && v != j.end() && v->is_number_integer())
            permits_.push_back({t->get<double>(), v->get<std::int64_t>()});
        return;
    }
    const auto name = j.find("name");
    const auto task = j.find("task");
    if (name == j.end() || !name->is_string() || task == j.end() || !task->is_number_integer()) return;
    const auto id = task->get<std::int64_t>();
    if (id < 0 || id > TraceStore::kMaxTask) return;
    const auto i = static_cast<std::size_t>(id);
    if (i >= names_.size()) names_.resize(i + 1);
    // The last name wins: a program may rename a task (set_name) as it goes.
    names_[i] = name->get<std::string>();
}

RunConfig TraceFile::runConfig(const std::string& title) const {
    RunConfig c;
    c.title = title;
    c.names = names_;
    c.permits = permits_;
    return c;
}

Scenario TraceFile::stubScenario(const std::string& title) const {
    Scenario s;
    s.title = title;
    const std::int32_t lanes = store_.maxTask() + 1;
    s.tasks.resize(static_cast<std::size_t>(std::max(lanes, 0)));
    return s;
}

}  // namespace cs
