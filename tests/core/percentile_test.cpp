// Nearest-rank percentiles (spec section 5), the one definition.
#include <catch2/catch.hpp>

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
