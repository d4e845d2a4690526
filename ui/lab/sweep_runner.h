#pragma once
// Runs a lab::Sweep off the GUI thread. Each start() is a new generation;
// results come back through queued calls on the GUI thread, tagged with
// their generation, and a result of any generation but the current one is
// dropped (the user started another sweep or cancelled this one).
// Cancelling is cooperative: the sweep starts no new run, and the run in
// progress (one simulation) finishes in the background.
#include <QObject>
#include <atomic>
#include <list>
#include <memory>
#include <thread>

#include "lab/sweep.h"

namespace cs::ui {

class SweepRunner : public QObject {
    Q_OBJECT
public:
    explicit SweepRunner(QObject* parent = nullptr);
    ~SweepRunner() override;  // cancels and waits for every run still going

    // Starts `sweep` on `jobs` threads (0 = one per hardware thread),
    // replacing the current one (which then reports nothing more, not even
    // finished). Returns the new generation.
    quint64 start(lab::Sweep sweep, unsigned jobs = 0);
    // Stops the current run: finished(generation, true, "") at once.
    void cancel();
    bool isRunning() const { return running_; }
    quint64 generation() const { return generation_; }

signals:
    // A point of the current generation: `index` in LIST order.
    void pointReady(quint64 generation, int index, const cs::lab::SweepPoint& point, int done, int total);
    // The current generation ended: complete, cancelled or refused (error set).
    void finished(quint64 generation, bool cancelled, const QString& error);

private:
    struct Run {
        quint64 generation = 0;
        std::shared_ptr<std::atomic<bool>> cancel;
        std::thread thread;
    };
    void reap(quint64 generation);

    std::list<Run> runs_;
    quint64 generation_ = 0;
    bool running_ = false;
};

}  // namespace cs::ui
