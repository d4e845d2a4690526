// Nearest-rank percentiles (spec section 5), the one definition.
#include <catch2/catch.hpp>

#include <bit>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <optional>
#include <vector>

#include "model/percentile.h"

using cs::Percentile;

TEST_CASE("the rank of a percentile is ceil(p/100 * n), clamped to 1..n") {
    CHECK(Percentile::rank(50, 20) == 10);
    CHECK(Percentile::rank(95, 20) == 19);  // exactly 19, not 20 (0.95 * 20 = 19.000000000000004)
    CHECK(Percentile::rank(99, 20) == 20);
    CHECK(Percentile::rank(0.1, 20) == 1);
    CHECK(Percentile::rank(100, 3) == 3);
    CHECK(Percentile::rank(50, 1) == 1);
    CHECK(Percentile::rank(50, 0) == 0);
}

TEST_CASE("a percentile is a value of the sample, with no interpolation") {
    CHECK(Percentile::of({4.0, 1.0, 3.0, 2.0}, 50) == 2.0);
    CHECK(Percentile::of({4.0, 1.0, 3.0, 2.0}, 51) == 3.0);
    CHECK(Percentile::of({7.5}, 99) == 7.5);
    CHECK_FALSE(Percentile::of({}, 50));
    CHECK_FALSE(Percentile::of({1.0}, 0));
    CHECK_FALSE(Percentile::of({1.0}, 101));
}

TEST_CASE("selections on one list reuse the previous pivot and stay exact in any order") {
    std::vector<double> v;
    for (int i = 0; i < 101; ++i) v.push_back(static_cast<double>((i * 37) % 101));
    std::size_t pivot = Percentile::kNoPivot;
    for (double p : {50.0, 95.0, 99.0, 1.0, 50.0, 100.0, 75.0}) {
        INFO("p" << p);
        CHECK(Percentile::select(v, p, pivot) == static_cast<double>(Percentile::rank(p, 101) - 1));
    }
}

namespace {
// select()'s answer on a copy without the NaNs.
std::optional<double> bySelect(const std::vector<double>& v, double p) {
    std::vector<double> kept;
    for (double x : v)
        if (!std::isnan(x)) kept.push_back(x);
    return cs::Percentile::of(kept, p);
}
}  // namespace

TEST_CASE("ofUntouched finds select()'s value, NaNs skipped, the values left as they were") {
    std::uint64_t rng = 3;
    auto next = [&rng] {
        rng = rng * 6364136223846793005ULL + 1442695040888963407ULL;
        return rng >> 11;
    };
    const double nan = std::numeric_limits<double>::quiet_NaN();
    std::vector<std::vector<double>> cases;
    cases.push_back({});
    cases.push_back({nan, nan});
    cases.push_back({2.5});
    cases.push_back({3.0, nan, -1.0, 2.0, 2.0, 0.0, 1e300, -1e-300, 7.0});
    // Past kSmallSelect values, so that the radix passes run: latencies as
    // a million-task run has them, few distinct top bits ...
    std::vector<double> lat;
    for (int i = 0; i < 200000; ++i) lat.push_back(i % 97 == 0 ? nan : 1.0 + static_cast<double>(next() % 600000) / 1e6);
    cases.push_back(lat);
    // ... values one ulp apart (the last 16 bits decide) and many equal ones
    // (every bit fixed with more than kSmallSelect values left) ...
    std::vector<double> close;
    for (int i = 0; i < 100000; ++i) close.push_back(std::nextafter(1.0, 2.0) + static_cast<double>(next() % 7) * 2.220446049250313e-16);
    for (int i = 0; i < 60000; ++i) close.push_back(1.5);
    cases.push_back(close);
    // ... and signs, magnitudes and infinities mixed.
    std::vector<double> mixed;
    for (int i = 0; i < 120000; ++i) {
        const double m = std::ldexp(static_cast<double>(next() % 1000 + 1), static_cast<int>(next() % 80) - 40);
        mixed.push_back(next() % 2 ? -m : m);
    }
    mixed.push_back(std::numeric_limits<double>::infinity());
    mixed.push_back(-std::numeric_limits<double>::infinity());
    cases.push_back(mixed);
    for (std::size_t c = 0; c < cases.size(); ++c) {
        const std::vector<double>& v = cases[c];
        const std::vector<double> before = v;
        for (const double p : {1e-9, 1.0, 25.0, 50.0, 95.0, 99.0, 99.9, 100.0, 0.0, -3.0, 101.0}) {
            INFO("case " << c << ", p = " << p);
            const std::optional<double> got = cs::Percentile::ofUntouched(v.data(), v.size(), p);
            const std::optional<double> want = bySelect(v, p);
            REQUIRE(got.has_value() == want.has_value());
            if (got) CHECK(std::bit_cast<std::uint64_t>(*got) == std::bit_cast<std::uint64_t>(*want));
        }
        // A prefix, as metricsAt asks for the tasks done by t.
        const std::size_t half = v.size() / 2;
        const std::vector<double> prefix(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(half));
        const std::optional<double> got = cs::Percentile::ofUntouched(v.data(), half, 95.0);
        const std::optional<double> want = bySelect(prefix, 95.0);
        REQUIRE(got.has_value() == want.has_value());
        if (got) CHECK(*got == *want);
        // Untouched: bit for bit (NaNs included).
        // (memcmp is not given an empty vector's data(), which may be null.)
        CHECK((v.empty() || std::memcmp(v.data(), before.data(), v.size() * sizeof(double)) == 0));
    }
}
