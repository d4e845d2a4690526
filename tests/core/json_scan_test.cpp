#include <catch2/catch.hpp>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <random>
#include <string>

#include "text/json_scan.h"

using cs::JsonScan;

namespace {

// The scanner reads ahead of `end`: hand it a padded copy.
struct Padded {
    explicit Padded(std::string s) : text(std::move(s)), size(text.size()) {
        text.append(JsonScan::kReadAhead, '\0');
    }
    const char* begin() const { return text.data(); }
    const char* end() const { return text.data() + size; }
    std::string text;
    std::size_t size;
};

double toDouble(const std::string& literal) {
    const Padded p(literal);
    return JsonScan::toDouble(p.begin(), p.end());
}

// What strtod (correctly rounded, as Python's float()) makes of it.
double reference(const std::string& literal) { return std::strtod(literal.c_str(), nullptr); }

bool sameBits(double a, double b) { return std::memcmp(&a, &b, sizeof a) == 0; }

}  // namespace

TEST_CASE("a JSON number reads as the correctly rounded double strtod gives") {
    for (const char* s : {"0", "-0", "0.0", "-0.0", "1", "0.1", "0.30000000000000004", "1e-7", "1E2", "1e+2",
                          "123456789.123456789", "999999999.9999999", "1000000000.0000001", "5e-324", "2.5e-7",
                          "1.7976931348623157e308", "9007199254740993", "0.000000000000000000000001",
                          "123456789012345678901234567890", "1e22", "1e23", "4.35679098e-7", "0e999",
                          "1e00000000000000000001", "12345.678901234567"}) {
        INFO(s);
        CHECK(sameBits(toDouble(s), reference(s)));
    }
}

TEST_CASE("numbers past the double range read as Python's float reads them") {
    CHECK(toDouble("1e400") == std::numeric_limits<double>::infinity());
    CHECK(toDouble("-1e400") == -std::numeric_limits<double>::infinity());
    CHECK(sameBits(toDouble("1e-400"), 0.0));
    CHECK(sameBits(toDouble("-1e-400"), -0.0));
    CHECK(sameBits(toDouble("0.00001e-400"), 0.0));
}

TEST_CASE("random decimals of up to 17 digits read exactly as strtod reads them") {
    // The fast path (up to 15 digits, powers of ten up to 22) and the
    // fallback meet here: both must give strtod's bits.
    std::mt19937_64 rng(20261202);
    char buf[64];
    for (int i = 0; i < 200000; ++i) {
        const int digits = 1 + static_cast<int>(rng() % 17);
        const int point = static_cast<int>(rng() % (digits + 1));
        std::string s;
        if (rng() % 4 == 0) s += '-';
        std::string m(1, static_cast<char>('1' + rng() % 9));  // JSON: no leading zeros
        for (int d = 1; d < digits; ++d) m += static_cast<char>('0' + rng() % 10);
        const std::size_t whole = m.size() - static_cast<std::size_t>(point);  // digits before the point
        if (point == 0) s += m;
        else if (whole == 0) s += "0.00" + m;
        else s += m.substr(0, whole) + "." + m.substr(whole);
        if (rng() % 3 == 0) {
            std::snprintf(buf, sizeof buf, "e%d", static_cast<int>(rng() % 61) - 30);
            s += buf;
        }
        INFO(s);
        REQUIRE(sameBits(toDouble(s), reference(s)));
    }
}

TEST_CASE("a number's end follows JSON's grammar and tells integers apart") {
    const auto end = [](const std::string& s, bool& integral) -> long {
        const Padded p(s);
        const char* e = JsonScan::numberEnd(p.begin(), p.end(), integral);
        return e ? e - p.begin() : -1;
    };
    bool integral = false;
    CHECK(end("123,", integral) == 3);
    CHECK(integral);
    CHECK(end("-1.5e3}", integral) == 6);
    CHECK_FALSE(integral);
    CHECK(end("0.25", integral) == 4);
    CHECK_FALSE(integral);
    CHECK(end("012", integral) == 1);  // "0", then the caller sees a stray '1'
    for (const char* bad : {"-", "1.", ".5", "1e", "1e+", "-x", "+1"}) {
        INFO(bad);
        CHECK(end(bad, integral) == -1);
    }
}

TEST_CASE("a plain string's end is its closing quote, and anything not plain is left to a parser") {
    const auto end = [](const std::string& s) -> long {
        const Padded p(s);
        const char* e = JsonScan::plainStringEnd(p.begin(), p.end());
        return e ? e - p.begin() : -1;
    };
    CHECK(end("abc\"") == 3);
    CHECK(end("\"") == 0);
    CHECK(end("a long string of more than eight bytes\", 1") == 38);
    CHECK(end("no closing quote") == -1);
    CHECK(end("an escape \\\" inside\"") == -1);
    CHECK(end("caf\xc3\xa9\"") == -1);
    CHECK(end(std::string("a control\x01 byte\"")) == -1);
    CHECK(end("tab\there\"") == -1);
}

TEST_CASE("a literal is matched whole within the text") {
    const Padded p("nul");
    CHECK(JsonScan::literal(p.begin(), p.end(), "null") == nullptr);
    const Padded q("true,");
    CHECK(JsonScan::literal(q.begin(), q.end(), "true") == q.begin() + 4);
}
