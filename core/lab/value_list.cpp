#include "lab/value_list.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <optional>

namespace cs::lab {

namespace {

constexpr double kMaxExact = 9007199254740992.0;  // 2^53: every integer below is a double

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
    return s;
}

std::optional<double> number(std::string_view s) {
    s = trim(s);
    if (!s.empty() && s.front() == '+') s.remove_prefix(1);  // from_chars refuses a '+'
    if (s.empty()) return std::nullopt;
    double v = 0.0;
    const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (ec != std::errc() || end != s.data() + s.size() || !std::isfinite(v)) return std::nullopt;
    return v;
}

// Range values are computed in binary (0.1 + 2*0.1 = 0.30000000000000004):
// snapping them to 12 significant digits gives the 0.3 the user meant, and
// the same text on every platform (printf rounds exactly).
double snap(double v) {
    char buf[40];
    std::snprintf(buf, sizeof buf, "%.12g", v);
    return std::strtod(buf, nullptr);
}

// The step separator of "A..BxK" / "A..B*K" / "A..B+S"; a '+' right after an
// exponent mark belongs to the number ("1e+3").
std::size_t stepSeparator(std::string_view right) {
    for (std::size_t i = 1; i < right.size(); ++i) {
        const char c = right[i];
        if (c == 'x' || c == 'X' || c == '*') return i;
        if (c == '+' && right[i - 1] != 'e' && right[i - 1] != 'E') return i;
    }
    return std::string_view::npos;
}

std::string quoted(std::string_view s) {
    std::string out;
    out.reserve(s.size() + 2);
    out += '"';
    out += s;
    out += '"';
    return out;
}

}  // namespace

std::string ValueList::shortest(double v) {
    if (v == 0.0) return "0";  // also -0.0: one text for zero
    char buf[40];
    const auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v);
    return ec == std::errc() ? std::string(buf, end) : std::string("nan");
}

SweepValue ValueList::make(double v) {
    SweepValue out;
    out.value = v == 0.0 ? 0.0 : v;
    out.integral = std::floor(v) == v && std::fabs(v) < kMaxExact;
    if (out.integral) {
        out.text = std::to_string(static_cast<long long>(v));
    } else {
        out.text = shortest(v);
    }
    return out;
}

std::string ValueListError::message() const {
    using K = Kind;
    const std::string at = quoted(item) + ": ";
    const std::string tooMany = "more than " + std::to_string(ValueList::kMaxValues) + " values";
    switch (kind) {
        case K::Empty: return "the list is empty (expected e.g. 1,2,4,8 or 1..64 or 1..64x2)";
        case K::EmptyItem: return "empty item (two commas in a row, or a trailing comma)";
        case K::NotANumber: return at + "not a number";
        case K::NoStart: return at + "expected a number before \"..\"";
        case K::NoStepAfter: return at + "expected a number after \"" + std::string(1, sign) + "\"";
        case K::NoEnd: return at + "expected a number after \"..\"";
        case K::EndBelowStart: return at + "the end is below the start";
        case K::StepNotPositive: return at + "the step must be > 0";
        case K::FactorNotAboveOne: return at + "the factor must be > 1";
        case K::GeometricFromZero: return at + "a geometric range must start above 0";
        case K::TooMany: return item.empty() ? tooMany : at + tooMany;
    }
    return "?";
}

std::variant<std::vector<SweepValue>, std::string> ValueList::parse(std::string_view list) {
    auto r = read(list);
    if (auto* err = std::get_if<ValueListError>(&r)) return err->message();
    return std::get<std::vector<SweepValue>>(std::move(r));
}

std::variant<std::vector<SweepValue>, ValueListError> ValueList::read(std::string_view list) {
    using K = ValueListError::Kind;
    std::vector<SweepValue> values;
    if (trim(list).empty()) return ValueListError{K::Empty, {}, '+'};

    std::size_t pos = 0;
    while (pos <= list.size()) {
        const std::size_t comma = std::min(list.find(',', pos), list.size());
        const std::string_view item = trim(list.substr(pos, comma - pos));
        pos = comma + 1;
        if (item.empty()) return ValueListError{K::EmptyItem, {}, '+'};
        auto wrong = [&item](K kind, char sign = '+') { return ValueListError{kind, std::string(item), sign}; };

        const std::size_t dots = item.find("..");
        if (dots == std::string_view::npos) {
            const auto v = number(item);
            if (!v) return wrong(K::NotANumber);
            values.push_back(make(*v));
        } else {
            const std::string_view left = item.substr(0, dots);
            std::string_view right = item.substr(dots + 2);
            const auto a = number(left);
            if (!a) return wrong(K::NoStart);
            const std::size_t sep = stepSeparator(right);
            const char kind = sep == std::string_view::npos ? '+' : right[sep];
            std::optional<double> step = 1.0;
            if (sep != std::string_view::npos) {
                step = number(right.substr(sep + 1));
                right = right.substr(0, sep);
                if (!step) return wrong(K::NoStepAfter, kind);
            }
            const auto b = number(right);
            if (!b) return wrong(K::NoEnd);
            if (*b < *a) return wrong(K::EndBelowStart);
            const double eps = 1e-9 * std::max({std::fabs(*a), std::fabs(*b), 1e-300});
            if (kind == '+') {
                if (!(*step > 0.0)) return wrong(K::StepNotPositive);
                const double n = std::floor((*b - *a) / *step + 1e-9);
                if (n + 1 > static_cast<double>(kMaxValues) - static_cast<double>(values.size()))
                    return wrong(K::TooMany);
                const auto count = static_cast<std::size_t>(n) + 1;
                for (std::size_t i = 0; i < count; ++i) {
                    const double v = snap(*a + static_cast<double>(i) * *step);
                    if (v > *b + eps) break;
                    values.push_back(make(v));
                }
            } else {
                if (!(*step > 1.0)) return wrong(K::FactorNotAboveOne);
                if (!(*a > 0.0)) return wrong(K::GeometricFromZero);
                double v = *a;
                for (std::size_t i = 0; v <= *b + eps; ++i) {
                    if (values.size() >= kMaxValues) return wrong(K::TooMany);
                    values.push_back(make(snap(v)));
                    v = *a * std::pow(*step, static_cast<double>(i + 1));
                }
            }
        }
        if (values.size() > kMaxValues) return ValueListError{K::TooMany, {}, '+'};
        if (comma == list.size()) break;
    }
    return values;
}

}  // namespace cs::lab
