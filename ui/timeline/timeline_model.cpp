#include "timeline/timeline_model.h"

#include <QCoreApplication>
#include <algorithm>

#include "timeline/time_format.h"

namespace cs::ui {

TimelineModel::TimelineModel(QObject* parent) : QObject(parent) {}

void TimelineModel::configure(const Scenario&) {
    // The session configures the recorder's run model (RunConfig::forScenario
    // or the trace file's): here the derived views only start over.
    ++epoch_;
    consumed_ = 0;
    if (src_) generation_ = src_->generation();
    emit rebuilt();
}

void TimelineModel::setSource(const TraceRecorder* columns) {
    src_ = columns;
    ++epoch_;
    consumed_ = 0;
    generation_ = src_ ? src_->generation() : 0;
}

void TimelineModel::sync() {
    if (!src_) return;
    bool rebuild = false;
    if (src_->generation() != generation_ || src_->size() < consumed_) {
        ++epoch_;
        consumed_ = 0;
        generation_ = src_->generation();
        rebuild = true;
    }
    const std::size_t n = src_->size();
    const bool grew = n > consumed_;
    consumed_ = n;
    if (rebuild)
        emit rebuilt();
    else if (grew)
        emit appended();
}

void TimelineModel::setNow(double t) {
    if (t == now_) return;
    now_ = t;
    emit nowChanged(t);
}

QString TimelineModel::primitiveTitle(std::size_t k) const {
    const auto& all = run().config().primitives;
    return k < all.size() ? primitiveTitle(all[k]) : QString();
}

QString TimelineModel::primitiveTitle(const PrimitiveInfo& p) {
    // (PrimitiveInfo::what: a Barrier's permit is its own lock, worded here in the app's language.)
    const QString what = p.kind == "Barrier" ? QCoreApplication::translate("cs::ui::TimelineModel", "Barrier's lock")
                                             : QString::fromStdString(p.what());
    if (p.line <= 0) return what;
    return QCoreApplication::translate("cs::ui::TimelineModel", "%1, line %2").arg(what).arg(p.line);
}

QString TimelineModel::primitiveLabel(const std::vector<PrimitiveInfo>& all, std::size_t k) {
    const QString title = k < all.size() ? primitiveTitle(all[k]) : QString();
    const QString number = QStringLiteral("#%1").arg(k + 1);
    return title.isEmpty() ? number : number + QLatin1Char(' ') + title;
}

QString TimelineModel::holdingNote(const RunModel::PermitWait& w) const {
    if (w.held < 0) return {};
    return QCoreApplication::translate("cs::ui::TimelineModel", ", holding a permit of %1")
        .arg(primitiveLabel(static_cast<std::size_t>(w.held)));
}

QString TimelineModel::waitedAgainNote(std::size_t i, double t) const {
    const double again = run().waitedAgainAt(i, t);
    if (!(again > 0.0)) return {};
    return QCoreApplication::translate("cs::ui::TimelineModel", " (%1 of it waiting again for a permit)")
        .arg(formatDuration(again));
}

QString TimelineModel::taskLabel(std::size_t i) const {
    const QString name = taskName(i);
    const QString label = name.isEmpty() ? QCoreApplication::translate("cs::ui::LanesPass", "task %1").arg(taskId(i))
                                         : name;
    // A traced program's Queue worker that had a lane (RunConfig::queueWorkers), an item whose put()
    // was cancelled while it waited for room: no task of the run's.
    const auto lane = static_cast<std::int32_t>(i);
    if (run().putCancelled(lane)) return QCoreApplication::translate("cs::ui::LanesPass", "%1 · not put").arg(label);
    if (run().poolObject(lane))
        return QCoreApplication::translate("cs::ui::LanesPass", "%1 · never borrowed").arg(label);
    if (!run().queueWorker(lane)) return label;
    return QCoreApplication::translate("cs::ui::LanesPass", "%1 · worker").arg(label);
}

std::vector<Segment> TimelineModel::stepSegments(std::size_t i) const {
    std::vector<Segment> out;
    forEachSegment(i, [&](const Segment& sg) {
        if (sg.state == TaskState::Thread || sg.state == TaskState::Process || sg.state == TaskState::Cpu)
            out.push_back(sg);
    });
    return out;
}

std::size_t TimelineModel::firstEventAtOrAfter(double t) const {
    if (!src_) return 0;
    // A source reset but not synced yet holds fewer events than were read.
    return std::min({src_->firstIndexAtOrAfter(t), consumed_, src_->size()});
}

std::size_t TimelineModel::firstCpuEndingAtOrAfter(double t) const {
    // Blocks never overlap, so their ends are ordered like their begins; an
    // open one (NaN end) can only be the last.
    const auto& b = cpuBlocks();
    auto it = std::partition_point(b.begin(), b.end(),
                                   [&](const RunModel::CpuBlock& c) { return !std::isnan(c.end) && c.end < t; });
    return static_cast<std::size_t>(it - b.begin());
}

}  // namespace cs::ui
