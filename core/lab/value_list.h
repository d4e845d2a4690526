#pragma once
// The LIST of a sweep (`coroscope-cli sweep --values LIST`): comma-separated
// items, each a number or a range.
//
//   1,2,4,8        the numbers as written
//   1..64          1, 2, ..., 64 (step 1)
//   0.5..2+0.5     0.5, 1, 1.5, 2 (arithmetic: a + i*s, not accumulated)
//   1..64x2        1, 2, 4, ..., 64 (geometric: a * k^i)
//   0.5,1,2        floats are fine for float fields
//
// A range includes its end when a step lands on it (within 1e-9 relative,
// so 0.1..0.5+0.1 ends at 0.5). Values keep LIST order; duplicates are kept
// (each is its own run). The canonical text of a value (CSV column, JSON
// substitution) is an integer when the value is integral and exact, the
// shortest round-trip decimal otherwise.
#include <cstddef>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace cs::lab {

struct SweepValue {
    double value = 0.0;
    bool integral = false;  // written as an integer in JSON and CSV
    std::string text;       // canonical text: "8", "0.5", "1e-05"
    bool operator==(const SweepValue&) const = default;
};

class ValueList {
public:
    // More runs than this is a typo (1..1e9), not a sweep.
    static constexpr std::size_t kMaxValues = 10'000;

    // The values of `list`, or an error message naming the bad item:
    //   "1..: expected a number after \"..\""
    static std::variant<std::vector<SweepValue>, std::string> parse(std::string_view list);

    // The canonical value for v (integral when v is a whole number below 2^53).
    static SweepValue make(double v);
    // Shortest text that reads back as the same double ("0.1", "1e-05", "8").
    static std::string shortest(double v);
};

}  // namespace cs::lab
