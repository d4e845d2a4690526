// ValueList: the LIST grammar of `coroscope-cli sweep --values`.
#include <catch2/catch.hpp>

#include <string>
#include <variant>
#include <vector>

#include "lab/value_list.h"

using cs::lab::SweepValue;
using cs::lab::ValueList;

namespace {
std::vector<std::string> texts(const std::string& list) {
    auto r = ValueList::parse(list);
    if (auto* err = std::get_if<std::string>(&r)) FAIL("unexpected error for " << list << ": " << *err);
    std::vector<std::string> out;
    for (const SweepValue& v : std::get<std::vector<SweepValue>>(r)) out.push_back(v.text);
    return out;
}
std::string error(const std::string& list) {
    auto r = ValueList::parse(list);
    if (!std::holds_alternative<std::string>(r)) FAIL("expected an error for " << list);
    return std::get<std::string>(r);
}
using V = std::vector<std::string>;
}  // namespace

TEST_CASE("value lists: numbers, ranges, geometric ranges, floats") {
    struct Row { const char* list; V expected; };
    const Row rows[] = {
        {"1,2,4,8", {"1", "2", "4", "8"}},
        {"8", {"8"}},
        {" 3 , 1 ,2 ", {"3", "1", "2"}},               // LIST order is kept
        {"1..5", {"1", "2", "3", "4", "5"}},
        {"1..64x2", {"1", "2", "4", "8", "16", "32", "64"}},
        {"1..100x2", {"1", "2", "4", "8", "16", "32", "64"}},  // stops below the end
        {"3..3", {"3"}},
        {"0.5,1,2", {"0.5", "1", "2"}},
        {"0.5..2+0.5", {"0.5", "1", "1.5", "2"}},
        {"0.1..0.5+0.1", {"0.1", "0.2", "0.3", "0.4", "0.5"}},  // no 0.30000000000000004, end kept
        {"0.25..2x2", {"0.25", "0.5", "1", "2"}},
        {"1..2X1.5", {"1", "1.5"}},
        {"1..27*3", {"1", "3", "9", "27"}},
        {"1,2..4,8", {"1", "2", "3", "4", "8"}},
        {"2.0", {"2"}},                                 // integral: written as an integer
        {"1e-05", {"1e-05"}},
        {"1e+2", {"100"}},
        {"+4", {"4"}},
        {"0..2", {"0", "1", "2"}},
        {"-1..1", {"-1", "0", "1"}},
        {"9..11+0.25", {"9", "9.25", "9.5", "9.75", "10", "10.25", "10.5", "10.75", "11"}},
    };
    for (const Row& r : rows) {
        INFO(r.list);
        CHECK(texts(r.list) == r.expected);
    }
}

TEST_CASE("value lists: integral values are marked for integer fields") {
    auto r = std::get<std::vector<SweepValue>>(ValueList::parse("1,2.5,4"));
    REQUIRE(r.size() == 3);
    CHECK(r[0].integral);
    CHECK(r[0].value == 1.0);
    CHECK_FALSE(r[1].integral);
    CHECK(r[1].value == 2.5);
    CHECK(r[2].integral);
    CHECK(ValueList::make(-0.0).text == "0");
    CHECK(ValueList::make(0.1 + 0.2).text == "0.30000000000000004");  // a single number is kept exact
}

TEST_CASE("value lists: bad lists name the item and the problem") {
    struct Row { const char* list; const char* message; };
    const Row rows[] = {
        {"", "the list is empty"},
        {"   ", "the list is empty"},
        {"1,,2", "empty item"},
        {"1,2,", "empty item"},
        {"abc", "\"abc\": not a number"},
        {"1..", "\"1..\": expected a number after \"..\""},
        {"..4", "\"..4\": expected a number before \"..\""},
        {"8..1", "\"8..1\": the end is below the start"},
        {"1..8x1", "\"1..8x1\": the factor must be > 1"},
        {"0..8x2", "\"0..8x2\": a geometric range must start above 0"},
        {"1..8+0", "\"1..8+0\": the step must be > 0"},
        {"1..8x", "\"1..8x\": expected a number after \"x\""},
        {"1..1e9", "\"1..1e9\": more than 10000 values"},
        {"nan", "\"nan\": not a number"},
        {"inf", "\"inf\": not a number"},
        {"1e999", "\"1e999\": not a number"},
        {"4 8", "\"4 8\": not a number"},
    };
    for (const Row& r : rows) {
        INFO(r.list);
        CHECK_THAT(error(r.list), Catch::StartsWith(r.message));
    }
}
