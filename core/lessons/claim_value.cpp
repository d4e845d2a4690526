#include "lessons/claim_value.h"

#include <cmath>
#include <cstdio>

namespace cs::lessons {

namespace {
bool chinese(std::string_view lang) { return lang.substr(0, 2) == "zh"; }

std::string scalar(const nlohmann::json& v, std::string_view lang) {
    if (v.is_number_float()) return ClaimValue::formatSeconds(v.get<double>());
    if (v.is_number_integer() || v.is_number_unsigned()) return v.dump();
    if (v.is_string()) return v.get<std::string>();
    if (v.is_boolean()) {
        const bool b = v.get<bool>();
        return chinese(lang) ? (b ? "是" : "否") : (b ? "yes" : "no");
    }
    if (v.is_null()) return "?";
    return v.dump();
}
}  // namespace

ClaimValue ClaimValue::seconds(double t) { return ClaimValue(json(t)); }

ClaimValue ClaimValue::count(std::int64_t n) { return ClaimValue(json(n)); }

bool ClaimValue::matches(const ClaimValue& expected) const {
    const json& a = v_;
    const json& b = expected.v_;
    if (a.is_null() || b.is_null()) return false;
    if (a.is_number() && b.is_number()) {
        if (a.is_number_float() || b.is_number_float())
            return std::fabs(a.get<double>() - b.get<double>()) <= kTolerance;
        return a.get<std::int64_t>() == b.get<std::int64_t>();
    }
    if (a.is_array() && b.is_array()) {
        if (a.size() != b.size()) return false;
        for (std::size_t i = 0; i < a.size(); ++i)
            if (!ClaimValue(a[i]).matches(ClaimValue(b[i]))) return false;
        return true;
    }
    return a == b;
}

bool ClaimValue::knownStyle(std::string_view style) { return style.empty() || style == "and"; }

std::string ClaimValue::formatSeconds(double t) {
    if (!std::isfinite(t)) return "?";
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.6f", t);
    std::string s = buf;
    // Trim to the shortest text, keeping one decimal ("2.0", not "2").
    while (s.size() > 1 && s.back() == '0' && s[s.size() - 2] != '.') s.pop_back();
    if (s == "-0.0") s = "0.0";
    return s;
}

std::string ClaimValue::format(std::string_view lang, std::string_view style) const {
    if (!v_.is_array()) return scalar(v_, lang);
    const bool zh = chinese(lang);
    const std::string sep = zh ? "、" : ", ";
    const std::string last = style == "and" ? (zh ? " 和 " : " and ") : sep;
    std::string out;
    for (std::size_t i = 0; i < v_.size(); ++i) {
        if (i > 0) out += (i + 1 == v_.size()) ? last : sep;
        out += scalar(v_[i], lang);
    }
    return out;
}

std::string ClaimValue::toString() const {
    if (v_.is_number_float()) return formatSeconds(v_.get<double>());
    if (v_.is_array()) {
        std::string out = "[";
        for (std::size_t i = 0; i < v_.size(); ++i) {
            if (i) out += ", ";
            out += ClaimValue(v_[i]).toString();
        }
        return out + "]";
    }
    return v_.dump();
}

}  // namespace cs::lessons
