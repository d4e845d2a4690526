#include <catch2/catch.hpp>

#include <cmath>
#include <limits>
#include <string>

#include "trace/trace_line_parser.h"

using cs::JsonScalar;
using cs::TraceKey;
using cs::TraceLineParser;
using Type = JsonScalar::Type;

namespace {
// The parser reads ahead of a line's end: hand it a padded copy.
bool parse(TraceLineParser& p, const std::string& line) {
    static std::string padded;
    padded = line;
    padded.append(TraceLineParser::kPadding, '\0');
    return p.parse(padded.data(), line.size());
}
}  // namespace

TEST_CASE("a writer's plain line is taken apart without simdjson") {
    TraceLineParser p;
    REQUIRE(parse(p, R"({"t": 1.25, "ev": "release", "task": 12, "woke": -1, "name": "Task-3"})"));
    CHECK(p[TraceKey::T].type == Type::Float);
    CHECK(p[TraceKey::T].number == 1.25);
    CHECK(p[TraceKey::Ev].text == "release");
    CHECK(p[TraceKey::Task].type == Type::Int);
    CHECK(p[TraceKey::Task].integer == 12);
    CHECK(p[TraceKey::Woke].integer == -1);
    CHECK(p[TraceKey::Name].text == "Task-3");
    CHECK(p[TraceKey::Ok].type == Type::Missing);
    CHECK(p.slowLines() == 0);
}

TEST_CASE("escapes, non-ASCII text and nested values are read through simdjson with the same result") {
    TraceLineParser p;
    REQUIRE(parse(p, R"({"ev":"d\u006fne","t":2,"x":[1,{"y":null}],"name":"caf)" "\xC3\xA9" R"(","ok":true})"));
    CHECK(p.slowLines() == 1);
    CHECK(p[TraceKey::Ev].text == "done");
    CHECK(p[TraceKey::T].type == Type::Int);
    CHECK(p[TraceKey::T].number == 2.0);
    CHECK(p[TraceKey::Name].text == "caf\xC3\xA9");
    CHECK(p[TraceKey::Ok].type == Type::Bool);
    CHECK(p[TraceKey::Ok].boolean);
    // A known key holding a container is typed as one (the reader refuses it).
    REQUIRE(parse(p, R"({"t": [0], "ev": "done"})"));
    CHECK(p[TraceKey::T].type == Type::Container);
}

TEST_CASE("any whitespace, key order and the last of a repeated key are JSON's") {
    TraceLineParser p;
    REQUIRE(parse(p, "  {\t\"task\" :3 ,\"ev\":\"done\",\"t\":0.5,\"task\":4 }\r "));
    CHECK(p[TraceKey::Task].integer == 4);
    CHECK(p[TraceKey::T].number == 0.5);
    REQUIRE(parse(p, "{}"));
    CHECK(p[TraceKey::Ev].type == Type::Missing);
}

TEST_CASE("numbers read as Python reads them") {
    TraceLineParser p;
    const auto num = [&](const std::string& text) -> const JsonScalar& {
        REQUIRE(parse(p, "{\"t\": " + text + "}"));
        return p[TraceKey::T];
    };
    CHECK(num("0.1").number == 0.1);
    CHECK(num("-0.0").number == 0.0);
    CHECK(std::signbit(num("-0.0").number));
    CHECK(num("1e-07").number == 1e-07);
    CHECK(num("2.5E+3").number == 2500.0);
    CHECK(num("1e400").number == std::numeric_limits<double>::infinity());
    CHECK(num("-1e400").number == -std::numeric_limits<double>::infinity());
    CHECK(num("1e-400").number == 0.0);
    CHECK(num("0.000000000000000000000000001e-380").number == 0.0);
    CHECK(num("123456789e305").number == std::numeric_limits<double>::infinity());
    CHECK(num("9223372036854775807").integer == INT64_MAX);
    CHECK_FALSE(num("9223372036854775807").overflow);
    CHECK(num("-9223372036854775808").integer == INT64_MIN);
    CHECK(num("9223372036854775808").overflow);
    CHECK(num("9223372036854775808").number == 9223372036854775808.0);
    CHECK(num("100000000000000000000000").overflow);
    CHECK(num("NaN").type == Type::NonFinite);
    CHECK(num("-Infinity").type == Type::NonFinite);
    // The same literal again (the cache of the last time) gives the same value.
    CHECK(num("0.30000000000000004").number == 0.1 + 0.2);
    CHECK(num("0.30000000000000004").number == 0.1 + 0.2);
    CHECK(num("0.3").number == 0.3);
}

TEST_CASE("a NaN outside the known keys is flagged: the line is not JSON") {
    TraceLineParser p;
    REQUIRE(parse(p, R"({"t": 0.0, "load": NaN})"));
    CHECK(p.strayNonFinite());
    REQUIRE(parse(p, R"({"t": 0.0, "load": 1})"));
    CHECK_FALSE(p.strayNonFinite());
}

TEST_CASE("a NaN a repeated key overwrote still makes the line not JSON (found by fuzz_trace_reader)") {
    TraceLineParser p;
    REQUIRE(parse(p, R"({"t": 0.0, "ev": Infinity, "ev": "done", "task": 0})"));
    CHECK(p[cs::TraceKey::Ev].type == cs::JsonScalar::Type::String);  // the last one wins, as in Python
    CHECK(p.strayNonFinite());
}

TEST_CASE("text that is not one JSON object is refused") {
    TraceLineParser p;
    for (const std::string bad :
         {"", "{", "}", "{\"t\": }", "{\"t\" 1}", "{\"t\": 1,}", "{'t': 1}", "{\"t\": 01}", "{\"t\": 1.}",
          "{\"t\": .5}", "{\"t\": +1}", "{\"t\": -}", "{\"t\": 1e}", "{\"t\": tru}", "{\"t\": nulls}",
          "{\"t\": \"a\tb\"}", "{\"t\": \"open}", "{\"t\": 1} x", "{\"t\": 1}{}", "{\"t\": \"\\x\"}",
          "{\"t\": \"\\ud800\"}", "{\"a\" \"b\"}", "{,}", "{\"t\": [1, 2}"}) {
        INFO(bad);
        CHECK_FALSE(parse(p, bad));
        CHECK(p.error().rfind("not valid JSON", 0) == 0);
    }
    CHECK_FALSE(parse(p, "[1, 2]"));
    CHECK(p.error() == "not a JSON object");
    CHECK_FALSE(parse(p, "\"x\""));
    CHECK(p.error() == "not a JSON object");
    CHECK_FALSE(parse(p, "{\"t\": \"\xFF\"}"));
    CHECK(p.error() == "not valid UTF-8");
}

TEST_CASE("nesting deeper than the cap is refused by name") {
    TraceLineParser p;
    const auto nested = [](int depth) {
        return "{\"x\": " + std::string(static_cast<std::size_t>(depth - 1), '[') +
               std::string(static_cast<std::size_t>(depth - 1), ']') + "}";
    };
    CHECK(parse(p, nested(64)));
    CHECK_FALSE(parse(p, nested(65)));
    CHECK(p.error() == "nested more than 64 levels deep");
}
