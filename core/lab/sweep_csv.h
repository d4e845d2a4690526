#pragma once
// A sweep as CSV, one row per value in LIST order:
//   value,makespan_s,throughput_per_s,ok,failed,cancelled,p50_s,p95_s,p99_s,peak_in_flight,peak_waiting
// Numbers are printed deterministically: counts as integers, seconds and
// rates as the shortest decimal that reads back as the same double (Python's
// repr, so 8.0 and 0.30000000000000004), a latency with no qualifying task
// as an empty field. The same sweep gives the same bytes on every run.
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
