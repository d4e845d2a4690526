#pragma once
// One unit for a whole table column of times or durations, so that rows
// compare at a glance: chosen from the column's largest value, said once in
// the header ("Waited (ms)"), and every cell a plain number in it with the
// same decimals ("350.0", "4.5"), never "1.20 s" over "600 ms".
#include <QString>

namespace cs::ui {

class ColumnUnit {
public:
    enum class Unit { Seconds, Milliseconds, Microseconds };

    // For a column whose largest magnitude is `largest` seconds: seconds
    // from 1 s up (and for an empty or all-zero column), milliseconds from
    // 1 ms, microseconds below; decimals for four significant digits of
    // that largest value, at most 3 and never coarser than the app's
    // millisecond (3 in a column of seconds, at least 1 in one of ms).
    static ColumnUnit forLargest(double largest);

    Unit unit() const { return unit_; }
    int decimals() const { return decimals_; }
    // "s", "ms", "µs" (translated).
    QString symbol() const;
    // A column's title with this unit: "Waited (ms)".
    QString header(const QString& title) const;
    // `seconds` in this unit with this column's decimals, no unit ("350.0").
    QString format(double seconds) const;

    bool operator==(const ColumnUnit&) const = default;

private:
    Unit unit_ = Unit::Seconds;
    int decimals_ = 3;
};

}  // namespace cs::ui
