// ClaimValue: agreement within the spec's 1e-6 s for times, exact otherwise;
// the text a lesson shows in each language.
#include <catch2/catch.hpp>

#include "lessons/claim_value.h"

using cs::lessons::ClaimValue;
using json = nlohmann::json;

TEST_CASE("a claim's time agrees within a microsecond, a count or a name exactly") {
    CHECK(ClaimValue::seconds(4.5).matches(ClaimValue(json(4.5))));
    CHECK(ClaimValue::seconds(0.30000000000000004).matches(ClaimValue(json(0.3))));
    CHECK(ClaimValue::seconds(2.0).matches(ClaimValue(json(2))));  // a time written as 2
    CHECK_FALSE(ClaimValue::seconds(4.5).matches(ClaimValue(json(4.501))));
    CHECK(ClaimValue::count(3).matches(ClaimValue(json(3))));
    CHECK_FALSE(ClaimValue::count(3).matches(ClaimValue(json(4))));
    CHECK(ClaimValue(json("ok")).matches(ClaimValue(json("ok"))));
    CHECK_FALSE(ClaimValue(json("ok")).matches(ClaimValue(json("deadlock"))));
    CHECK(ClaimValue(json({0, 2, 5})).matches(ClaimValue(json({0, 2, 5}))));
    CHECK_FALSE(ClaimValue(json({0, 2, 5})).matches(ClaimValue(json({0, 5, 2}))));
    CHECK_FALSE(ClaimValue(json({0, 2})).matches(ClaimValue(json({0, 2, 5}))));
    // No answer never agrees, not even with an expected null.
    CHECK_FALSE(ClaimValue().matches(ClaimValue()));
    CHECK_FALSE(ClaimValue().matches(ClaimValue(json(0))));
}

TEST_CASE("a time is shown with at least one decimal, rounded to the microsecond") {
    CHECK(ClaimValue::formatSeconds(4.5) == "4.5");
    CHECK(ClaimValue::formatSeconds(2.0) == "2.0");
    CHECK(ClaimValue::formatSeconds(0.30000000000000004) == "0.3");
    CHECK(ClaimValue::formatSeconds(1.0000004) == "1.0");
    CHECK(ClaimValue::formatSeconds(0.125) == "0.125");
    CHECK(ClaimValue::formatSeconds(-0.0) == "0.0");
    CHECK(ClaimValue::seconds(2.5).format("zh_CN") == "2.5");
    CHECK(ClaimValue::count(10).format("en") == "10");
}

TEST_CASE("an order is listed the way each language lists things") {
    const ClaimValue order(json({0, 2, 5}));
    CHECK(order.format("en") == "0, 2, 5");
    CHECK(order.format("en", "and") == "0, 2 and 5");
    CHECK(order.format("zh_CN") == "0、2、5");
    CHECK(order.format("zh_CN", "and") == "0、2 和 5");
    CHECK(ClaimValue(json({1, 3})).format("en", "and") == "1 and 3");
    CHECK(ClaimValue(json({7})).format("en", "and") == "7");
    CHECK(ClaimValue(json::array()).format("en") == "");
    CHECK(ClaimValue(json(true)).format("en") == "yes");
    CHECK(ClaimValue(json(false)).format("zh_CN") == "否");
    CHECK(ClaimValue().format("en") == "?");
    CHECK(ClaimValue::knownStyle("and"));
    CHECK_FALSE(ClaimValue::knownStyle("or"));
}
