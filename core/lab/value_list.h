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

// What is wrong with a LIST, as data: the CLI spells it (message()), the
// app words it in its own language.
struct ValueListError {
    enum class Kind {
        Empty,            // nothing but blanks
        EmptyItem,        // two commas in a row, or a trailing comma
        NotANumber,       // item: a plain item that is no number
        NoStart,          // item: no number before ".."
        NoStepAfter,      // item: no number after its step sign (`sign`: '+' or 'x')
        NoEnd,            // item: no number after ".."
        EndBelowStart,    // item
        StepNotPositive,  // item: an arithmetic step <= 0
        FactorNotAboveOne,  // item: a geometric factor <= 1
        GeometricFromZero,  // item: a geometric range starting at or below 0
        TooMany,          // more than kMaxValues values (item: the range that passed it, if one did)
    };
    Kind kind = Kind::Empty;
    std::string item;  // the bad item, as written (trimmed)
    char sign = '+';
    // The English the CLI prints after "--values: ", e.g.
    //   "\"1..\": expected a number after \"..\""
    std::string message() const;
};

class ValueList {
public:
    // More runs than this is a typo (1..1e9), not a sweep.
    static constexpr std::size_t kMaxValues = 10'000;

    // The values of `list`, or what is wrong with it (naming the bad item).
    static std::variant<std::vector<SweepValue>, ValueListError> read(std::string_view list);
    // The same, the error spelled (ValueListError::message()):
    //   "1..: expected a number after \"..\""
    static std::variant<std::vector<SweepValue>, std::string> parse(std::string_view list);

    // The canonical value for v (integral when v is a whole number below 2^53).
    static SweepValue make(double v);
    // Shortest text that reads back as the same double ("0.1", "1e-05", "8").
    static std::string shortest(double v);
};

}  // namespace cs::lab
