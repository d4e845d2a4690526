#include "scenario/field_reader.h"

#include <cmath>

namespace cs {

void FieldReader::fail(std::string path, std::string message) {
    throw LoadFailure{LoadError{std::move(path), std::move(message)}};
}

std::string FieldReader::member(const std::string& path, std::string_view key) {
    if (path.empty()) return std::string(key);
    std::string p;
    p.reserve(path.size() + 1 + key.size());
    p += path;
    p += '.';
    p += key;
    return p;
}

std::string FieldReader::element(const std::string& path, std::size_t index) {
    return path + '[' + std::to_string(index) + ']';
}

const FieldReader::json* FieldReader::find(const json& obj, std::string_view key) {
    const auto it = obj.find(key);
    if (it == obj.end() || it->is_null()) return nullptr;
    return &*it;
}

const FieldReader::json& FieldReader::require(const json& obj, std::string_view key,
                                              const std::string& path) {
    const json* v = find(obj, key);
    if (!v) fail(member(path, key), "required");
    return *v;
}

void FieldReader::expectObject(const json& v, const std::string& path) {
    if (!v.is_object()) fail(path, "must be an object");
}

void FieldReader::expectArray(const json& v, const std::string& path) {
    if (!v.is_array()) fail(path, "must be an array");
}

double FieldReader::number(const json& v, const std::string& path) {
    if (!v.is_number()) fail(path, "must be a number");
    const double d = v.get<double>();
    // The parser already rejects 1e400; this guards trees built elsewhere.
    if (!std::isfinite(d)) fail(path, "must be finite");
    return d + 0.0;  // -0.0 becomes 0.0
}

double FieldReader::nonNegative(const json& v, const std::string& path) {
    const double d = number(v, path);
    if (d < 0.0) fail(path, "must be >= 0");
    return seconds(d, path);
}

// Every non-negative number of a scenario is a time (or a distribution's
// parameter in seconds). A bound keeps any run finite: the loop advances at
// most a day per iteration, as CPython's does.
double FieldReader::seconds(double d, const std::string& path) {
    if (d > kMaxSeconds) fail(path, "must be at most 1e9 seconds (about 31 years)");
    return d;
}

double FieldReader::positive(const json& v, const std::string& path) {
    const double d = number(v, path);
    if (!(d > 0.0)) fail(path, "must be > 0");
    return d;
}

double FieldReader::rate(const json& v, const std::string& path) {
    const double r = positive(v, path);
    if (r < kMinRate) fail(path, "must be at least 1e-9 per second (one per 10^9 s, the longest time a scenario holds)");
    return r;
}

std::int64_t FieldReader::integer(const json& v, const std::string& path, std::int64_t min,
                                  std::int64_t max) {
    const std::string notInteger = "must be an integer >= " + std::to_string(min);
    const std::string tooBig = "must be at most " + std::to_string(max);
    if (v.is_number_unsigned()) {
        const auto u = v.get<std::uint64_t>();
        if (u > static_cast<std::uint64_t>(max)) fail(path, tooBig);
        const auto i = static_cast<std::int64_t>(u);
        if (i < min) fail(path, notInteger);
        return i;
    }
    if (v.is_number_integer()) {
        const auto i = v.get<std::int64_t>();
        if (i < min) fail(path, notInteger);
        if (i > max) fail(path, tooBig);
        return i;
    }
    if (v.is_number_float()) {
        const double d = v.get<double>();
        if (!std::isfinite(d) || d != std::floor(d) || d < static_cast<double>(min))
            fail(path, notInteger);
        if (d > static_cast<double>(max)) fail(path, tooBig);
        return static_cast<std::int64_t>(d);
    }
    fail(path, notInteger);
}

bool FieldReader::boolean(const json& v, const std::string& path) {
    if (!v.is_boolean()) fail(path, "must be true or false");
    return v.get<bool>();
}

const std::string& FieldReader::string(const json& v, const std::string& path) {
    if (!v.is_string()) fail(path, "must be a string");
    return v.get_ref<const std::string&>();
}

bool FieldReader::isExceptionName(std::string_view s) {
    if (s.empty() || s.size() > 200) return false;
    bool atStart = true;  // of an identifier
    for (const char c : s) {
        const bool letter = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_';
        const bool digit = c >= '0' && c <= '9';
        if (c == '.' && !atStart) atStart = true;
        else if (letter || (digit && !atStart)) atStart = false;
        else return false;
    }
    return !atStart;  // no trailing dot
}

const std::string& FieldReader::exceptionName(const json& v, const std::string& path) {
    if (!v.is_string() || !isExceptionName(v.get_ref<const std::string&>()))
        fail(path, "must be an exception class name like \"ValueError\"");
    return v.get_ref<const std::string&>();
}

double FieldReader::optionalNonNegative(const json& obj, std::string_view key,
                                        const std::string& path, double fallback) {
    const json* v = find(obj, key);
    return v ? nonNegative(*v, member(path, key)) : fallback;
}

bool FieldReader::optionalBoolean(const json& obj, std::string_view key, const std::string& path,
                                  bool fallback) {
    const json* v = find(obj, key);
    return v ? boolean(*v, member(path, key)) : fallback;
}

}  // namespace cs
