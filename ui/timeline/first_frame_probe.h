#pragma once
// Cold-start measurement (COROSCOPE_MEASURE_STARTUP=1 coroscope ...): the
// time from main() to the first frame of the timeline painted and flushed,
// printed on stdout; then the app exits. BENCHMARKS.md, "App".
#include <QObject>
#include <chrono>

class QWidget;

namespace cs::ui {

class FirstFrameProbe : public QObject {
    Q_OBJECT
public:
    using Clock = std::chrono::steady_clock;
    // Whether the environment asks for the measurement.
    static bool requested();
    // Watches `timeline`; `started` is main()'s first instant.
    static void install(QWidget* timeline, Clock::time_point started);

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    FirstFrameProbe(QObject* parent, Clock::time_point started);
    void report();
    Clock::time_point started_;
    bool seen_ = false;
};

}  // namespace cs::ui
