#include "timeline/time_format.h"

#include <QCoreApplication>
#include <QLocale>
#include <algorithm>
#include <cmath>

namespace cs::ui {

QString formatTime(double t, double step) {
    if (std::isnan(t)) return QStringLiteral("–");
    int decimals = 3;
    if (step > 0.0) decimals = std::clamp(static_cast<int>(std::ceil(-std::log10(step) - 1e-9)), 0, 9);
    if (std::abs(t) < 0.5 * std::pow(10.0, -decimals)) t = 0.0;  // no "-0.00"
    return QCoreApplication::translate("cs::ui::formatTime", "%1 s").arg(t, 0, 'f', decimals);
}

QString formatDuration(double s) {
    if (std::isnan(s)) return QStringLiteral("–");
    const double a = std::abs(s);
    if (a == 0.0) return QCoreApplication::translate("cs::ui::formatDuration", "0 s");
    if (a < 1e-3) return QCoreApplication::translate("cs::ui::formatDuration", "%1 µs").arg(s * 1e6, 0, 'f', a < 1e-5 ? 2 : 0);
    if (a < 1.0) return QCoreApplication::translate("cs::ui::formatDuration", "%1 ms").arg(s * 1e3, 0, 'f', a < 1e-2 ? 2 : 0);
    if (a < 100.0) return QCoreApplication::translate("cs::ui::formatDuration", "%1 s").arg(s, 0, 'f', 2);
    return QCoreApplication::translate("cs::ui::formatDuration", "%1 s").arg(s, 0, 'f', 0);
}

QString clockName(bool realClock) {
    return realClock ? QCoreApplication::translate("cs::ui::clockName", "real time")
                     : QCoreApplication::translate("cs::ui::clockName", "virtual time");
}

QString formatRate(double perSecond) {
    return QCoreApplication::translate("cs::ui::formatRate", "%1 /s")
        .arg(QLocale().toString(perSecond, 'f', perSecond < 10 ? 2 : 1));
}

}  // namespace cs::ui
