#include "lab/sweep_runner.h"

#include <QMetaObject>
#include <QPointer>

namespace cs::ui {

SweepRunner::SweepRunner(QObject* parent) : QObject(parent) {}

SweepRunner::~SweepRunner() {
    for (Run& r : runs_) *r.cancel = true;
    // Joined before QObject's destructor drops the calls they queued here.
    for (Run& r : runs_)
        if (r.thread.joinable()) r.thread.join();
}

quint64 SweepRunner::start(lab::Sweep sweep, unsigned jobs) {
    // The replaced run ends silently: its caller is the one starting this.
    for (Run& r : runs_) *r.cancel = true;
    const quint64 gen = ++generation_;
    running_ = true;
    auto cancelFlag = std::make_shared<std::atomic<bool>>(false);
    const int total = static_cast<int>(sweep.values().size());

    Run& run = runs_.emplace_back();
    run.generation = gen;
    run.cancel = cancelFlag;
    run.thread = std::thread([this, gen, jobs, total, cancelFlag, sweep = std::move(sweep)] {
        lab::SweepOptions options;
        options.jobs = jobs;
        options.cancel = cancelFlag.get();
        options.onPoint = [this, gen, total](std::size_t index, const lab::SweepPoint& point, std::size_t done) {
            // Queued to the GUI thread; `this` as context drops the call if
            // the runner is gone by then.
            QMetaObject::invokeMethod(
                this,
                [this, gen, total, index, point, done] {
                    if (gen != generation_ || !running_) return;  // stale
                    emit pointReady(gen, static_cast<int>(index), point, static_cast<int>(done), total);
                },
                Qt::QueuedConnection);
        };
        QString error;
        bool cancelled = false;
        try {
            const lab::SweepResult r = sweep.run(options);
            cancelled = r.cancelled;
            if (r.error) error = QString::fromStdString(*r.error);
        } catch (const std::exception& e) {
            error = QStringLiteral("internal error: %1").arg(QString::fromUtf8(e.what()));
        }
        QMetaObject::invokeMethod(
            this,
            [this, gen, cancelled, error] {
                reap(gen);
                if (gen != generation_ || !running_) return;
                running_ = false;
                emit finished(gen, cancelled, error);
            },
            Qt::QueuedConnection);
    });
    return gen;
}

void SweepRunner::cancel() {
    for (Run& r : runs_) *r.cancel = true;
    if (running_) {
        running_ = false;
        emit finished(generation_, true, QString());
    }
}

void SweepRunner::reap(quint64 generation) {
    // The thread queued this as its last act: joining it does not block.
    for (auto it = runs_.begin(); it != runs_.end(); ++it) {
        if (it->generation == generation) {
            if (it->thread.joinable()) it->thread.join();
            runs_.erase(it);
            return;
        }
    }
}

}  // namespace cs::ui
