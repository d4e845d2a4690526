#pragma once
// The value of a lesson claim: what a query found in a run, or what the
// lesson expects. A JSON value (nlohmann) so that expected values are
// written in the lesson file as they are printed:
//   a time        4.5            (a JSON number with a fraction or exponent)
//   a count / id  3              (a JSON integer)
//   an order      [0, 2, 5]      (task ids, or event names for a sequence)
//   a name        "raised:ValueError"
//   a yes/no      true
//   none          null           (the run has no answer: no such event)
//
// Comparison (matches) follows the spec's agreement rule for traces: numbers
// agree within 1e-6 when either is a time; everything else exactly.
// format() is how a lesson text shows the value, in each language.
#include <cstdint>
#include <map>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace cs::lessons {

class ClaimValue {
public:
    using json = nlohmann::json;

    static constexpr double kTolerance = 1e-6;

    ClaimValue() = default;  // none
    explicit ClaimValue(json v) : v_(std::move(v)) {}
    static ClaimValue seconds(double t);
    static ClaimValue count(std::int64_t n);

    bool isNone() const { return v_.is_null(); }
    const json& value() const { return v_; }
    bool operator==(const ClaimValue& o) const { return v_ == o.v_; }

    // Whether this (found) value agrees with `expected`.
    bool matches(const ClaimValue& expected) const;

    // Styles a placeholder may ask for ("{cancelled:and}"): "" (default) or "and".
    static bool knownStyle(std::string_view style);
    // As a lesson text shows it in `lang` (a language code: "en", "zh_CN"):
    //   times   shortest decimal of the value rounded to the microsecond, at
    //           least one decimal ("4.5", "2.0", "0.3" for 0.30000000000000004)
    //   lists   en "0, 2, 5", zh "0、2、5"; style "and": en "0, 2 and 5", zh "0、2 和 5"
    //   yes/no  en "yes"/"no", zh "是"/"否"; none: "?"
    std::string format(std::string_view lang, std::string_view style = {}) const;
    // For messages: JSON text, times formatted as above.
    std::string toString() const;

    static std::string formatSeconds(double t);

private:
    json v_;
};

// Claim id -> value.
using ClaimValues = std::map<std::string, ClaimValue>;

}  // namespace cs::lessons
