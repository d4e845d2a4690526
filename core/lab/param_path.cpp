#include "lab/param_path.h"

#include <cctype>

#include "scenario/loader.h"

namespace cs::lab {

namespace {
bool keyChar(char c) {
    return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_' || c == '-';
}
}  // namespace

std::variant<ParamPath, std::string> ParamPath::parse(const std::string& text) {
    ParamPath p;
    p.text_ = text;
    if (text.empty()) return std::string("empty path (expected e.g. limit.value)");
    std::size_t i = 0;
    const std::size_t n = text.size();
    while (i < n) {
        Segment seg;
        while (i < n && keyChar(text[i])) seg.key += text[i++];
        if (seg.key.empty()) return "expected a field name at character " + std::to_string(i + 1);
        while (i < n && text[i] == '[') {
            ++i;
            std::size_t idx = 0;
            std::size_t digits = 0;
            while (i < n && std::isdigit(static_cast<unsigned char>(text[i])) != 0 && digits < 9) {
                idx = idx * 10 + static_cast<std::size_t>(text[i++] - '0');
                ++digits;
            }
            if (digits == 0 || i >= n || text[i] != ']')
                return "expected [index] at character " + std::to_string(i + 1);
            ++i;
            seg.indices.push_back(idx);
        }
        p.segments_.push_back(std::move(seg));
        if (i < n) {
            if (text[i] != '.') return "unexpected '" + std::string(1, text[i]) + "' at character " + std::to_string(i + 1);
            ++i;
            if (i == n) return std::string("the path ends with '.'");
        }
    }
    return p;
}

std::optional<std::string> ParamPath::assign(json& doc, json value) const {
    json* cur = &doc;
    std::string where;
    for (std::size_t s = 0; s < segments_.size(); ++s) {
        const Segment& seg = segments_[s];
        const bool last = s + 1 == segments_.size();
        if (!cur->is_object())
            return (where.empty() ? std::string("the document") : where) + " is not an object";
        if (!where.empty()) where += '.';
        where += seg.key;
        json& member = (*cur)[seg.key];  // creates null when missing
        cur = &member;
        for (std::size_t idx : seg.indices) {
            where += '[';
            where += std::to_string(idx);
            where += ']';
            if (!cur->is_array() || idx >= cur->size()) return where + " does not exist";
            cur = &(*cur)[idx];
        }
        if (last) {
            *cur = std::move(value);
        } else if (cur->is_null()) {
            *cur = json::object();  // a missing section: executor, service.rate_limit, ...
        }
    }
    return std::nullopt;
}

std::optional<std::string> ParamPath::checkKnown(const json& doc) const {
    json probe = doc;
    if (auto err = assign(probe, json("coroscope-sweep-probe"))) return err;
    const LoadResult r = parseScenario(probe.dump());
    // A loader that reads the field rejects a string there, naming the field.
    if (!r.ok() && r.error && r.error->path == text_) return std::nullopt;
    return std::string("not a field of this scenario");
}

}  // namespace cs::lab
