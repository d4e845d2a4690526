#include "live/live_runner.h"

#include <QPointer>
#include <QTimer>
#include <algorithm>
#include <array>
#include <qcoro/qcorotimer.h>

#include "live/session.h"

namespace cs::ui {

namespace {
constexpr std::array<double, 10> kSpeeds{0.1, 0.25, 0.5, 1.0, 2.0, 5.0, 10.0, 25.0, 50.0, 100.0};
// A frame that took longer than this (debugger, suspended laptop) advances
// the run by this much at most.
constexpr double kMaxFrameSeconds = 0.25;
}  // namespace

LiveRunner::LiveRunner(Session* session, QObject* parent) : QObject(parent), session_(session) {}

LiveRunner::~LiveRunner() {
    // A suspended drive() holds a QPointer to us and sees it cleared.
    ++generation_;
}

void LiveRunner::setSpeed(double speed) {
    speed = std::clamp(speed, kMinSpeed, kMaxSpeed);
    if (speed == speed_) return;
    speed_ = speed;
    emit speedChanged(speed_);
}

void LiveRunner::faster() {
    for (double s : kSpeeds)
        if (s > speed_ + 1e-9) return setSpeed(s);
}

void LiveRunner::slower() {
    for (auto it = kSpeeds.rbegin(); it != kSpeeds.rend(); ++it)
        if (*it < speed_ - 1e-9) return setSpeed(*it);
}

void LiveRunner::play() {
    if (session_->finished()) session_->restart();
    if (playing_) return;
    playing_ = true;
    emit playingChanged(true);
    drive(++generation_);
}

void LiveRunner::pause() {
    if (!playing_) return;
    playing_ = false;
    ++generation_;  // the running drive() loop ends at its next wake-up
    emit playingChanged(false);
}

void LiveRunner::togglePlay() { playing_ ? pause() : play(); }

void LiveRunner::restart() {
    pause();
    session_->restart();
    play();
}

void LiveRunner::stepIteration() {
    pause();
    // At the end of a run, as Play does: from t = 0 again (paused), so that a
    // run that has played out can be stepped through (the lessons say "step
    // through it": after Restart a 0.5 s run had ended before the first click).
    if (session_->finished()) session_->restart();
    session_->stepIteration();
    emit frame();
}

void LiveRunner::stepToNextEvent() {
    pause();
    if (session_->finished()) session_->restart();
    session_->stepToNextEvent();
    emit frame();
}

void LiveRunner::tick(double wallSeconds) {
    if (!playing_) return;
    const double dt = std::clamp(wallSeconds, 0.0, kMaxFrameSeconds) * speed_;
    session_->advanceTo(session_->liveTime() + dt);
    emit frame();
    if (session_->finished()) pause();
}

QCoro::Task<> LiveRunner::drive(quint64 generation) {
    // QCoro tasks start eagerly and nobody awaits this one: it must check
    // after every suspension that the runner still exists and still wants it.
    QPointer<LiveRunner> self(this);
    // A repeating precise timer keeps the cadence at frameMs_ (60+ fps): a
    // sleep after each frame would stretch every frame by its own work.
    QTimer timer;
    timer.setTimerType(Qt::PreciseTimer);
    timer.start(frameMs_);
    QElapsedTimer clock;
    clock.start();
    while (true) {
        co_await timer;
        if (!self || generation != generation_ || !playing_) co_return;
        if (timer.interval() != frameMs_) timer.setInterval(frameMs_);
        const double dt = static_cast<double>(clock.nsecsElapsed()) / 1e9;
        clock.restart();
        tick(dt);
    }
}

}  // namespace cs::ui
