// Recommender: the smallest value within 5% of the best throughput with an
// error rate below 1%.
#include <catch2/catch.hpp>

#include <vector>

#include "lab/recommend.h"

using cs::lab::Recommender;
using cs::lab::SweepPoint;

namespace {
SweepPoint point(double value, double throughput, std::size_t failed = 0, std::size_t tasks = 100) {
    SweepPoint p;
    p.value = cs::lab::ValueList::make(value);
    p.throughput = throughput;
    p.tasks = tasks;
    p.failed = failed;
    p.ok = tasks - failed;
    const double rate = tasks > 0 ? static_cast<double>(failed) / static_cast<double>(tasks) : 0.0;
    p.errorRates = {rate, rate, rate};
    p.p95 = 1.25;
    return p;
}
}  // namespace

TEST_CASE("the recommendation is the smallest value within 5% of the best") {
    const std::vector<SweepPoint> pts = {point(1, 2), point(2, 4), point(4, 7.7), point(8, 8), point(16, 8.1)};
    const auto r = Recommender::pick(pts);
    REQUIRE(r);
    CHECK(pts[r->index].value.text == "4");  // 7.7 >= 0.95 * 8.1 = 7.695
    CHECK(r->bestThroughput == 8.1);
}

TEST_CASE("a value with 1% errors or more is never recommended") {
    // 16 is the best and would qualify on throughput; it fails 1 in 100.
    const std::vector<SweepPoint> pts = {point(4, 7), point(8, 8), point(16, 8.1, 1)};
    const auto r = Recommender::pick(pts);
    REQUIRE(r);
    CHECK(pts[r->index].value.text == "8");
    // The best throughput still counts a failing point: 7 is not within 5% of 8.1.
    const std::vector<SweepPoint> onlyFailing = {point(4, 7), point(16, 10, 5)};
    CHECK_FALSE(Recommender::pick(onlyFailing));
}

TEST_CASE("smallest by value, not by LIST position; ties keep the first") {
    const std::vector<SweepPoint> pts = {point(16, 8), point(8, 8), point(12, 8), point(8, 8)};
    const auto r = Recommender::pick(pts);
    REQUIRE(r);
    CHECK(r->index == 1);
}

TEST_CASE("only points that ran are considered; nothing ran gives no recommendation") {
    const std::vector<SweepPoint> pts = {point(1, 1), point(2, 20), point(3, 3)};
    const auto r = Recommender::pick(pts, {true, false, true});
    REQUIRE(r);
    CHECK(pts[r->index].value.text == "3");
    CHECK_FALSE(Recommender::pick(pts, {false, false, false}));
    CHECK_FALSE(Recommender::pick({}));
    // A run with no tasks has no error rate to trust.
    CHECK_FALSE(Recommender::pick({point(1, 0, 0, 0)}));
}

TEST_CASE("the recommendation line reads as documented") {
    SweepPoint p = point(8, 7.9123);
    p.p95 = 1.2;
    CHECK(Recommender::describe("limit.value", p) == "recommended: limit.value = 8 (throughput 7.91/s, p95 1.2 s)");
    p.p95.reset();
    CHECK(Recommender::describe("limit.max_per_second", p) ==
          "recommended: limit.max_per_second = 8 (throughput 7.91/s)");
    CHECK(Recommender::shortNumber(0.000123456) == "0.000123");
    CHECK(Recommender::shortNumber(15.000467) == "15");
}

TEST_CASE("the rule is printed beside the recommendation") {
    CHECK(Recommender::rule(8.1) ==
          "rule: the smallest value within 5% of the best throughput (8.1/s) with an error rate below 1%");
}

TEST_CASE("with several seeds the median error rate decides") {
    // 16 fails in one seed of five (median 0): still recommended when best.
    SweepPoint p = point(16, 8.1);
    p.seeds = 5;
    p.errorRates = {0.0, 0.0, 0.02};
    const std::vector<SweepPoint> pts = {point(4, 7), p};
    const auto r = Recommender::pick(pts);
    REQUIRE(r);
    CHECK(pts[r->index].value.text == "16");
}
