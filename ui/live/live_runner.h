#pragma once
// Plays a Session in real time: wall-clock seconds × speed become virtual
// seconds (Simulation::runUntil). The frame loop is a QCoro coroutine that
// co_awaits a frame timer; all the arithmetic is in tick(), which tests call
// directly so that no test waits on a wall clock.
#include <QElapsedTimer>
#include <QObject>
#include <qcoro/qcorotask.h>

namespace cs::ui {

class Session;

class LiveRunner : public QObject {
    Q_OBJECT
public:
    static constexpr double kMinSpeed = 0.1;
    static constexpr double kMaxSpeed = 100.0;

    explicit LiveRunner(Session* session, QObject* parent = nullptr);
    ~LiveRunner() override;

    bool isPlaying() const { return playing_; }
    double speed() const { return speed_; }
    void setSpeed(double speed);  // clamped to [0.1, 100]
    void faster();                // next step of 0.1 0.25 0.5 1 2 5 10 25 50 100
    void slower();
    void setFrameIntervalMs(int ms) { frameMs_ = ms; }

    void play();   // at the end of a run: restart, then play
    void pause();
    void togglePlay();
    void restart();          // same scenario from t = 0, playing
    // Pause, then one loop iteration / iterations until an event happens; at
    // the end of a run, from t = 0 again (as play()).
    void stepIteration();
    void stepToNextEvent();

    // Advance the live time by wallSeconds × speed (capped so that a stalled
    // GUI does not leap ahead). No effect while paused.
    void tick(double wallSeconds);

signals:
    void playingChanged(bool playing);
    void speedChanged(double speed);
    void frame();

private:
    QCoro::Task<> drive(quint64 generation);

    Session* session_;
    bool playing_ = false;
    double speed_ = 1.0;
    // 14 ms, not 16: timer and paint jitter of a millisecond or two must not
    // push frames past the 16 ms budget (live_bench: p95 interval).
    int frameMs_ = 14;
    quint64 generation_ = 0;
};

}  // namespace cs::ui
