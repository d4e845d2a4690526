#pragma once
// Typed reads of scenario fields with the error messages of spec section 1:
// every failure names the field path ("tasks[3].steps[0].io: must be >= 0").
// A failed read throws LoadFailure, which parseScenario turns into its
// LoadError result; nothing outside the loader sees the exception.
//
// Conventions shared by every field:
//  - null is the same as leaving an optional field out (Python writes None);
//  - integers may be written 3 or 3.0 but not 3.5;
//  - numbers are finite, and -0.0 reads as 0.0 so that it prints back as 0.0.
#include <cstdint>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "scenario/loader.h"

namespace cs {

struct LoadFailure {
    LoadError error;
};

class FieldReader {
public:
    using json = nlohmann::json;

    // The largest integer every reader of a scenario (a double, Python) holds exactly.
    static constexpr std::int64_t kMaxInteger = std::int64_t{1} << 53;

    [[noreturn]] static void fail(std::string path, std::string message);

    static std::string member(const std::string& path, std::string_view key);
    static std::string element(const std::string& path, std::size_t index);

    // The member `key` of `obj`, or nullptr when it is missing or null.
    static const json* find(const json& obj, std::string_view key);
    // The member `key` of `obj`; fails with "required" when missing or null.
    static const json& require(const json& obj, std::string_view key, const std::string& path);

    static void expectObject(const json& v, const std::string& path);
    static void expectArray(const json& v, const std::string& path);

    static double number(const json& v, const std::string& path);
    static double nonNegative(const json& v, const std::string& path);  // >= 0 and <= kMaxSeconds
    static constexpr double kMaxSeconds = 1e9;
    static double seconds(double d, const std::string& path);  // fails above kMaxSeconds
    static double positive(const json& v, const std::string& path);     // > 0
    // A rate per second whose period 1/r is a time like the others: at least
    // 1/kMaxSeconds ("must be at least 1e-9 per second"). A smaller rate would
    // derive waits past the cap (a rate limiter's start gap, a mean arrival
    // gap) that the loop crawls towards a day per iteration.
    static double rate(const json& v, const std::string& path);
    static constexpr double kMinRate = 1.0 / kMaxSeconds;
    // An integer in [min, max]: "must be an integer >= min", "must be at most max".
    static std::int64_t integer(const json& v, const std::string& path, std::int64_t min,
                                std::int64_t max = kMaxInteger);
    static bool boolean(const json& v, const std::string& path);
    static const std::string& string(const json& v, const std::string& path);
    // A Python exception class name: identifiers joined by dots ("ValueError",
    // "asyncio.TimeoutError"), at most 200 characters.
    static const std::string& exceptionName(const json& v, const std::string& path);
    static bool isExceptionName(std::string_view s);

    // Optional members: `fallback` when missing or null.
    static double optionalNonNegative(const json& obj, std::string_view key,
                                      const std::string& path, double fallback);
    static bool optionalBoolean(const json& obj, std::string_view key, const std::string& path,
                                bool fallback);
};

}  // namespace cs
