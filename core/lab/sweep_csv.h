#pragma once
// A sweep as CSV, one row per value in LIST order:
//   value,seeds,makespan_s,throughput_per_s,throughput_min,throughput_max,
//   ok,failed,cancelled,error_rate,error_rate_min,error_rate_max,
//   p50_s,p95_s,p95_min_s,p95_max_s,p99_s,p99_min_s,p99_max_s,
//   latency_samples,p99_reliable,peak_in_flight,peak_waiting
// (SweepPoint: with several seeds each number is the median over them, with
// min/max beside the ones a choice rests on; latencies are over successful
// requests; p99_reliable is "false" below 100 successful requests.)
// Numbers are printed deterministically: counts as integers, seconds, rates
// and fractions as the shortest decimal that reads back as the same double
// (Python's repr, so 8.0 and 0.30000000000000004), a latency with no
// qualifying task as an empty field. The same sweep gives the same bytes on
// every run.
#include <iosfwd>
#include <string>
#include <vector>

#include "lab/sweep_point.h"

namespace cs::lab {

class SweepCsv {
public:
    static const char* header();  // without the newline
    static std::string row(const SweepPoint& p);
    // Header and every row, each ending in '\n'.
    static std::string write(const std::vector<SweepPoint>& points);
    static void write(std::ostream& out, const std::vector<SweepPoint>& points);
};

}  // namespace cs::lab
