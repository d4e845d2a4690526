#include "panels/column_unit.h"

#include <QCoreApplication>
#include <algorithm>
#include <cmath>

namespace cs::ui {

namespace {
double perSecond(ColumnUnit::Unit u) {
    switch (u) {
        case ColumnUnit::Unit::Milliseconds: return 1e3;
        case ColumnUnit::Unit::Microseconds: return 1e6;
        case ColumnUnit::Unit::Seconds: break;
    }
    return 1.0;
}
}  // namespace

ColumnUnit ColumnUnit::forLargest(double largest) {
    ColumnUnit c;
    const double a = std::abs(largest);
    if (!(a > 0.0) || std::isinf(a)) {
        c.decimals_ = 0;  // nothing but zeros (or nothing) to show yet
        return c;
    }
    c.unit_ = a >= 1.0 ? Unit::Seconds : a >= 1e-3 ? Unit::Milliseconds : Unit::Microseconds;
    // Four significant digits of the largest value, and never coarser than
    // the millisecond the rest of the app shows times to (a column of
    // seconds keeps 3 decimals: a 0.4 s wait beside a 1234 s one reads
    // 0.400, not 0), nor than a tenth of a millisecond in a column of them.
    const double v = a * perSecond(c.unit_);
    const int digits = static_cast<int>(std::floor(std::log10(v) + 1e-9));
    const int finest = c.unit_ == Unit::Seconds ? 3 : c.unit_ == Unit::Milliseconds ? 1 : 0;
    c.decimals_ = std::clamp(3 - digits, finest, 3);
    return c;
}

QString ColumnUnit::symbol() const {
    switch (unit_) {
        case Unit::Milliseconds: return QCoreApplication::translate("cs::ui::ColumnUnit", "ms", "unit: milliseconds");
        case Unit::Microseconds: return QCoreApplication::translate("cs::ui::ColumnUnit", "µs", "unit: microseconds");
        case Unit::Seconds: break;
    }
    return QCoreApplication::translate("cs::ui::ColumnUnit", "s", "unit: seconds");
}

QString ColumnUnit::header(const QString& title) const {
    return QCoreApplication::translate("cs::ui::ColumnUnit", "%1 (%2)", "a column's title and its unit")
        .arg(title, symbol());
}

QString ColumnUnit::format(double seconds) const {
    if (std::isnan(seconds)) return QStringLiteral("–");
    const double v = seconds * perSecond(unit_);
    // No "-0.0" for a value that rounds to zero.
    const double half = 0.5 * std::pow(10.0, -decimals_);
    return QString::number(std::abs(v) < half ? 0.0 : v, 'f', decimals_);
}

}  // namespace cs::ui
