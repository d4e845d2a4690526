#include "timeline/timeline_view.h"

#include <QHelpEvent>
#include <QKeyEvent>
#include <QMouseEvent>
#include <QPainter>
#include <QToolTip>
#include <QWheelEvent>
#include <cmath>
#include <utility>
#include <algorithm>

#include "timeline/passes/axis_pass.h"
#include "timeline/passes/background_pass.h"
#include "timeline/passes/caller_pass.h"
#include "timeline/passes/counter_tracks_pass.h"
#include "timeline/passes/density_pass.h"
#include "timeline/passes/flows_pass.h"
#include "timeline/passes/lanes_pass.h"
#include "timeline/passes/overlay_pass.h"
#include "timeline/passes/workers_pass.h"
#include "timeline/time_format.h"
#include "timeline/timeline_model.h"
#include "timeline/viewport.h"

namespace cs::ui {

namespace {
constexpr double kZoomStep = 0.8;        // one W/S press
constexpr double kPanFraction = 0.15;    // one A/D press
constexpr int kCursorGrab = 5;           // px either side of the cursor line
}  // namespace

TimelineView::TimelineView(TimelineModel* model, Viewport* viewport, QWidget* parent)
    : QWidget(parent), model_(model), viewport_(viewport), hoverTime_(std::nan("")) {
    setFocusPolicy(Qt::StrongFocus);
    setMouseTracking(true);
    setAttribute(Qt::WA_OpaquePaintEvent);
    // Small enough for a side-by-side presentation on a 1280×720 projector;
    // the lanes fold into density rows when they get short.
    setMinimumSize(320, 240);
    palette_ = StatePalette::fromPalette(palette());
    connect(viewport_, &Viewport::selectedTaskChanged, this, &TimelineView::showSelectedTask);
    passes_.push_back(std::make_unique<BackgroundPass>());
    passes_.push_back(std::make_unique<AxisPass>());
    passes_.push_back(std::make_unique<CounterTracksPass>());
    passes_.push_back(std::make_unique<LanesPass>());
    passes_.push_back(std::make_unique<DensityPass>());
    passes_.push_back(std::make_unique<FlowsPass>());
    passes_.push_back(std::make_unique<CallerPass>());
    passes_.push_back(std::make_unique<WorkersPass>());
    passes_.push_back(std::make_unique<OverlayPass>());

    auto repaint = [this] { update(); };
    connect(model_, &TimelineModel::rebuilt, this, [this] {
        relayout();
        update();
    });
    connect(model_, &TimelineModel::appended, this, repaint);
    connect(model_, &TimelineModel::nowChanged, this, repaint);
    connect(viewport_, &Viewport::windowChanged, this, repaint);
    connect(viewport_, &Viewport::selectionChanged, this, repaint);
    connect(viewport_, &Viewport::cursorChanged, this, repaint);
    fpsClock_.start();
}

TimelineView::~TimelineView() = default;

void TimelineView::addPass(std::unique_ptr<PaintPass> pass) {
    passes_.push_back(std::move(pass));
    update();
}

long long TimelineView::selectedTask() const { return viewport_->selectedTask(); }

// The selection is the viewport's (it outlives this view: a language switch
// builds a new window over the same document); showSelectedTask follows it.
void TimelineView::setNamedTasks(std::vector<long long> tasks) {
    if (tasks == namedTasks_) return;
    namedTasks_ = std::move(tasks);
    update();
}

void TimelineView::setSelectedTask(long long task) { viewport_->setSelectedTask(task); }

void TimelineView::showSelectedTask(long long task) {
    // Bring the selected lane into view when lanes scroll.
    if (task >= 0 && layout_.canScrollLanes()) {
        const auto t = static_cast<std::size_t>(task);
        if (t < layout_.firstLane || t >= layout_.firstLane + layout_.visibleLanes)
            scrollLanesTo(t > layout_.visibleLanes / 2 ? t - layout_.visibleLanes / 2 : 0);
    }
    emit taskSelected(task);
    update();
}

void TimelineView::setLive(bool live) {
    if (live == live_) return;
    live_ = live;
    update();
}

void TimelineView::setScale(double scale) {
    if (scale == scale_) return;
    scale_ = scale;
    relayout();
    update();
}

void TimelineView::setMinimumMarks(double arrowWidth, double markerDiameter) {
    if (arrowWidth == minArrow_ && markerDiameter == minMarker_) return;
    minArrow_ = arrowWidth;
    minMarker_ = markerDiameter;
    emit relaidOut();  // (the markers' labels start further right)
    update();
}

void TimelineView::setLaneHeight(int px) {
    px = px <= 0 ? 0 : std::clamp(px, 3, 64);
    if (px == laneHeightPref_) return;
    laneHeightPref_ = px;
    relayout();
    update();
}

void TimelineView::scrollLanesTo(std::size_t firstLane) {
    firstLane_ = firstLane;
    relayout();
    firstLane_ = layout_.firstLane;
    update();
}

void TimelineView::relayout() {
    const bool wasFolded = layout_.folded;
    layout_ = layoutFor(size());
    strip_ = reservedStrip(layout_.timeWidth());
    if (layout_.folded != wasFolded) emit foldedChanged(layout_.folded);
    emit relaidOut();
}

double TimelineView::roomyEnd(double end) const {
    return LanesPass::roomyEnd(*model_, layoutFor(size()), font(), minMarker_, 0.0, end);
}

int TimelineView::reservedStrip(int timeWidth) const {
    int h = 0;
    for (const auto& pass : passes_) h += pass->reservedHeight(font(), timeWidth, scale_);
    return h;
}

TimelineLayout TimelineView::layoutFor(QSize size) const {
    // The strip depends on the time area's width (text wraps to it), which
    // does not depend on the strip.
    const int gutter = gutterNeed();
    const int timeWidth = TimelineLayout::compute(size, scale_, 0, 0, 0, 0, 0, false, 0, gutter).timeWidth();
    return TimelineLayout::compute(size, scale_, model_->taskCount(), laneHeightPref_, firstLane_,
                                   reservedStrip(timeWidth), static_cast<std::size_t>(model_->run().workerCount()),
                                   !model_->run().counterMarks().empty(), model_->permitBands(), gutter);
}

int TimelineView::gutterNeed() const {
    int w = 0;
    for (const auto& pass : passes_) w = std::max(w, pass->gutterWidth(font()));
    return w;
}

void TimelineView::resizeEvent(QResizeEvent*) { relayout(); }

void TimelineView::changeEvent(QEvent* e) {
    // Follow the system theme: dark and light palettes both work.
    if (e->type() == QEvent::PaletteChange || e->type() == QEvent::StyleChange) {
        palette_ = StatePalette::fromPalette(palette());
        update();
    }
    // Labels in another font (presentation mode's) may need another gutter.
    if (e->type() == QEvent::FontChange) relayout();
    QWidget::changeEvent(e);
}

bool TimelineView::foldsAt(QSize size) const { return layoutFor(size).folded; }

void TimelineView::render(QPainter& p, QSize size) {
    TimelineLayout layout = layoutFor(size);
    // The font follows the application's (presentation mode enlarges it);
    // scale_ only sizes lanes, tracks and markers.
    p.setFont(font());
    PaintContext ctx{.painter = p,
                     .model = *model_,
                     .layout = layout,
                     .palette = palette_,
                     .window = viewport_->window(),
                     .whole = viewport_->whole(),
                     .selection = viewport_->selection(),
                     .cursor = viewport_->cursor(),
                     .now = model_->ended() ? model_->endTime() : model_->now(),
                     .selectedTask = viewport_->selectedTask(),
                     .hoverTask = hoverTask_,
                     .namedTasks = &namedTasks_,
                     .hoverTime = hoverTime_,
                     .live = live_,
                     .minArrowWidth = minArrow_,
                     .minMarkerDiameter = minMarker_};
    for (auto& pass : passes_) pass->paint(ctx);
}

void TimelineView::paintEvent(QPaintEvent*) {
    QElapsedTimer clock;
    clock.start();
    QPainter p(this);
    // New tasks, or notes that need another strip (a lesson opened).
    if (layout_.taskCount != model_->taskCount() || reservedStrip(layout_.timeWidth()) != strip_ ||
        layout_.workers != static_cast<std::size_t>(model_->run().workerCount()) ||
        layout_.counter != !model_->run().counterMarks().empty())
        relayout();
    render(p, size());
    lastPaintMs_ = static_cast<double>(clock.nsecsElapsed()) / 1e6;
    onFrame();
}

void TimelineView::onFrame() {
    ++frames_;
    const qint64 ms = fpsClock_.elapsed();
    if (ms >= 1000) {
        fps_ = frames_ * 1000.0 / static_cast<double>(ms);
        frames_ = 0;
        fpsClock_.restart();
    }
}

double TimelineView::timeAtX(double x) const {
    return tp::xToTime(x - layout_.timeArea.left(), viewport_->window(), layout_.timeWidth());
}

double TimelineView::clampCursor(double t) const {
    const double end = model_->ended() ? model_->endTime() : model_->now();
    return std::clamp(t, 0.0, std::max(0.0, end));
}

void TimelineView::moveCursorByUser(double t) {
    t = clampCursor(t);
    viewport_->setCursor(t);
    viewport_->ensureVisible(t);
    emit cursorMovedByUser(t);
}

std::size_t TimelineView::workerRowAt(int y) const {
    for (const auto& tr : layout_.tracks)
        if (tr.kind == TrackKind::Workers) return WorkersPass::rowAt(tr.rect, layout_.workers, y);
    return 0;
}

std::vector<double> TimelineView::taskMoments(std::size_t i) const {
    // Where the run model's segments of the task begin and end: every state
    // change, the end included.
    std::vector<double> out;
    model_->forEachSegment(i, [&](const Segment& sg) {
        out.push_back(sg.begin);
        out.push_back(sg.end);
    });
    out.push_back(model_->terminal(i));
    return out;
}

double TimelineView::nextEventTime(double t) const {
    const TraceRecorder* src = model_->source();
    if (!src) return std::nan("");
    if (const long long sel = viewport_->selectedTask(); sel >= 0 && static_cast<std::size_t>(sel) < model_->taskCount()) {
        const auto i = static_cast<std::size_t>(sel);
        double best = std::numeric_limits<double>::infinity();
        auto consider = [&](double x) {
            if (!std::isnan(x) && x > t + 1e-12) best = std::min(best, x);
        };
        for (const double x : taskMoments(i)) consider(x);
        return std::isinf(best) ? std::nan("") : best;
    }
    const std::size_t i = src->firstIndexAfter(t + 1e-12);
    return i < model_->eventCount() ? src->timeAt(i) : std::nan("");
}

double TimelineView::previousEventTime(double t) const {
    const TraceRecorder* src = model_->source();
    if (!src) return std::nan("");
    if (const long long sel = viewport_->selectedTask(); sel >= 0 && static_cast<std::size_t>(sel) < model_->taskCount()) {
        const auto i = static_cast<std::size_t>(sel);
        double best = -std::numeric_limits<double>::infinity();
        auto consider = [&](double x) {
            if (!std::isnan(x) && x < t - 1e-12) best = std::max(best, x);
        };
        for (const double x : taskMoments(i)) consider(x);
        return std::isinf(best) ? std::nan("") : best;
    }
    const std::size_t i = src->firstIndexAtOrAfter(t - 1e-12);
    return i > 0 ? src->timeAt(i - 1) : std::nan("");
}

QString TimelineView::keyHelpText() {
    return tr("<table cellspacing=6>"
              "<tr><td><b>W</b> / <b>S</b></td><td>zoom in / out</td></tr>"
              "<tr><td><b>A</b> / <b>D</b></td><td>pan left / right</td></tr>"
              "<tr><td><b>Ctrl</b> + wheel</td><td>zoom at the mouse</td></tr>"
              "<tr><td>drag</td><td>pan</td></tr>"
              "<tr><td>drag on the ruler or the cursor</td><td>rewind: move the cursor</td></tr>"
              "<tr><td><b>Shift</b> + drag</td><td>select a time range</td></tr>"
              "<tr><td><b>F</b></td><td>fit the selection, or the whole run</td></tr>"
              "<tr><td><b>Backspace</b></td><td>back to the previous zoom</td></tr>"
              "<tr><td><b>.</b> / <b>,</b></td><td>next / previous event (of the selected task if any)</td></tr>"
              "<tr><td>click</td><td>select a task</td></tr>"
              "<tr><td><b>Esc</b></td><td>clear selection</td></tr>"
              "<tr><td>wheel, <b>Up</b> / <b>Down</b></td><td>scroll lanes</td></tr>"
              "<tr><td><b>+</b> / <b>-</b></td><td>taller / shorter lanes (<b>0</b>: fit)</td></tr>"
              "<tr><td><b>Space</b></td><td>play / pause</td></tr>"
              "<tr><td><b>R</b></td><td>restart</td></tr>"
              "<tr><td><b>N</b> / <b>E</b></td><td>step one loop iteration / to the next event</td></tr>"
              "<tr><td><b>[</b> / <b>]</b></td><td>slower / faster</td></tr>"
              "<tr><td><b>F11</b></td><td>presentation mode</td></tr>"
              "<tr><td><b>?</b></td><td>this list</td></tr>"
              "</table>");
}

void TimelineView::keyPressEvent(QKeyEvent* e) {
    const TimeRange w = viewport_->window();
    const double anchor = underMouse() && !std::isnan(hoverTime_) ? hoverTime_ : (w.begin + w.end) / 2;
    switch (e->key()) {
        case Qt::Key_W: viewport_->zoomAround(anchor, kZoomStep); break;
        case Qt::Key_S: viewport_->zoomAround(anchor, 1.0 / kZoomStep); break;
        case Qt::Key_A: viewport_->panBy(-w.span() * kPanFraction); break;
        case Qt::Key_D: viewport_->panBy(w.span() * kPanFraction); break;
        case Qt::Key_F:
            if (viewport_->hasSelection())
                viewport_->zoomTo(viewport_->selection());
            else
                viewport_->fit();
            break;
        case Qt::Key_Backspace: viewport_->zoomBack(); break;
        case Qt::Key_Period:
        case Qt::Key_Greater: {
            const double t = nextEventTime(viewport_->cursor());
            if (!std::isnan(t)) moveCursorByUser(t);
            break;
        }
        case Qt::Key_Comma:
        case Qt::Key_Less: {
            const double t = previousEventTime(viewport_->cursor());
            if (!std::isnan(t)) moveCursorByUser(t);
            break;
        }
        case Qt::Key_Question: emit keyHelpRequested(); break;
        case Qt::Key_Escape:
            viewport_->clearSelection();
            setSelectedTask(-1);
            break;
        case Qt::Key_Up:
            if (layout_.canScrollLanes() && firstLane_ > 0) scrollLanesTo(firstLane_ - 1);
            break;
        case Qt::Key_Down:
            if (layout_.canScrollLanes()) scrollLanesTo(firstLane_ + 1);
            break;
        case Qt::Key_Plus:
        case Qt::Key_Equal:
            setLaneHeight(static_cast<int>(std::max(layout_.laneHeight / scale_, 3.0)) + 4);
            break;
        case Qt::Key_Minus: setLaneHeight(std::max(3, static_cast<int>(layout_.laneHeight / scale_) - 4)); break;
        case Qt::Key_0: setLaneHeight(0); break;
        default: QWidget::keyPressEvent(e); return;
    }
    e->accept();
}

void TimelineView::mousePressEvent(QMouseEvent* e) {
    setFocus(Qt::MouseFocusReason);
    if (e->button() != Qt::LeftButton) return;
    pressPos_ = e->position().toPoint();
    pressTime_ = timeAtX(e->position().x());
    pressWindow_ = viewport_->window();
    moved_ = false;
    const double xc = layout_.timeArea.left() +
                      tp::timeToX(viewport_->cursor(), viewport_->window(), layout_.timeWidth());
    const bool inTime = e->position().x() >= layout_.timeArea.left();
    if (inTime && (layout_.ruler.contains(pressPos_) || std::abs(e->position().x() - xc) <= kCursorGrab)) {
        drag_ = Drag::Cursor;
        moveCursorByUser(pressTime_);
    } else if (inTime && (e->modifiers() & Qt::ShiftModifier)) {
        drag_ = Drag::Select;
    } else {
        drag_ = Drag::Pan;
        setCursor(Qt::ClosedHandCursor);
    }
}

void TimelineView::mouseMoveEvent(QMouseEvent* e) {
    const QPoint pos = e->position().toPoint();
    if (drag_ != Drag::None && (pos - pressPos_).manhattanLength() > 3) moved_ = true;
    switch (drag_) {
        case Drag::Cursor: moveCursorByUser(timeAtX(e->position().x())); break;
        case Drag::Select: {
            const double t = timeAtX(e->position().x());
            viewport_->setSelection({std::min(t, pressTime_), std::max(t, pressTime_)});
            break;
        }
        case Drag::Pan:
            if (moved_) {
                const double dt = tp::secondsPerPixel(pressWindow_, layout_.timeWidth()) * (pos.x() - pressPos_.x());
                viewport_->setWindow(tp::panBy(pressWindow_, -dt));
            }
            break;
        case Drag::None: break;
    }
    const bool inTime = pos.x() >= layout_.timeArea.left() && pos.x() <= layout_.timeArea.right();
    hoverTime_ = inTime ? timeAtX(pos.x()) : std::nan("");
    hoverTask_ = layout_.taskAtY(pos.y());  // folded: the first task of the row
    if (drag_ == Drag::None) {
        const double xc = layout_.timeArea.left() +
                          tp::timeToX(viewport_->cursor(), viewport_->window(), layout_.timeWidth());
        setCursor(inTime && (layout_.ruler.contains(pos) || std::abs(pos.x() - xc) <= kCursorGrab)
                      ? Qt::SizeHorCursor
                      : Qt::ArrowCursor);
    }
    update();
}

void TimelineView::mouseReleaseEvent(QMouseEvent* e) {
    if (e->button() != Qt::LeftButton) return;
    if (drag_ == Drag::Pan && !moved_) {
        const long long task = layout_.taskAtY(e->position().toPoint().y());
        setSelectedTask(task);  // folded: the first task of the row
        viewport_->clearSelection();
    }
    drag_ = Drag::None;
    setCursor(Qt::ArrowCursor);
}

void TimelineView::wheelEvent(QWheelEvent* e) {
    const double steps = e->angleDelta().y() / 120.0;
    const double hsteps = e->angleDelta().x() / 120.0;
    const TimeRange w = viewport_->window();
    if (e->modifiers() & Qt::ControlModifier) {
        viewport_->zoomAround(timeAtX(e->position().x()), std::pow(kZoomStep, steps));
    } else if (e->modifiers() & Qt::AltModifier) {
        const double s = steps != 0 ? steps : hsteps;
        setLaneHeight(std::max(3, static_cast<int>(layout_.laneHeight / scale_ + s * 2)));
    } else if ((e->modifiers() & Qt::ShiftModifier) || hsteps != 0 || !layout_.canScrollLanes()) {
        const double s = hsteps != 0 ? hsteps : steps;
        viewport_->panBy(-s * w.span() * 0.1);
    } else {
        const long long next = static_cast<long long>(firstLane_) - static_cast<long long>(std::lround(steps * 3));
        scrollLanesTo(static_cast<std::size_t>(std::max(0LL, next)));
    }
    e->accept();
}

void TimelineView::leaveEvent(QEvent*) {
    hoverTime_ = std::nan("");
    hoverTask_ = -1;
    update();
}

bool TimelineView::event(QEvent* e) {
    if (e->type() == QEvent::ToolTip) {
        auto* he = static_cast<QHelpEvent*>(e);
        const QString text = tooltipAt(he->pos());
        if (text.isEmpty())
            QToolTip::hideText();
        else
            QToolTip::showText(he->globalPos(), text, this);
        return true;
    }
    return QWidget::event(e);
}

QString TimelineView::tooltipAt(QPoint pos) const {
    if (pos.x() < layout_.timeArea.left()) return {};
    const double t = timeAtX(pos.x());
    const double step = viewport_->window().span() / 1e4;
    if (pos.y() >= layout_.lanes.top()) {
        const long long task = layout_.taskAtY(pos.y());
        if (task < 0) return {};
        const auto i = static_cast<std::size_t>(task);
        if (layout_.folded)
            return tr("tasks %L1–%L2 at %3")
                .arg(model_->taskId(i))
                .arg(model_->taskId(std::min(model_->taskCount(), i + layout_.tasksPerRow) - 1))
                .arg(formatTime(t, step));
        QString s = tr("<b>task %1</b> at %2: %3")
                        .arg(model_->taskId(i))
                        .arg(formatTime(t, step))
                        .arg(StatePalette::stateName(model_->stateAt(i, t), model_->run().canHave(),
                                                     model_->run().waitedForPoolObject(static_cast<std::int32_t>(i))));
        // Which of the program's Semaphores and Locks it waits for (a traced
        // program with two or more says so on its requests).
        if (const RunModel::PermitWait* w = model_->run().permitWaitAt(i, t)) {
            s += tr(" of %1").arg(model_->primitiveLabel(static_cast<std::size_t>(w->sem)));
            s += model_->holdingNote(*w);
        }
        auto row = [&](const QString& name, double x) {
            if (!std::isnan(x)) s += QStringLiteral("<br>%1 %2").arg(name, formatTime(x, 1e-6));
        };
        row(tr("created"), model_->created(i));
        row(tr("requested a permit"), model_->request(i));
        // (A rate limit's.) It got its permit, then slept until its start slot.
        const double slot = model_->run().slotWaitFrom(i);
        const bool holds = model_->run().canHave().slotWaitHolds;
        if (!std::isnan(slot) && slot <= t) {
            row(holds ? tr("got it, waited for its start slot") : tr("waited for its start slot"), slot);
            row(tr("began running at its slot"), model_->running(i));
        } else {
            row(std::isnan(model_->request(i)) ? tr("began running")
                : model_->gaveUp(i)            ? tr("gave up waiting and ran on")
                                               : tr("got it and ran"),
                model_->running(i));
        }
        row(tr("ended"), model_->terminal(i));
        for (const RunModel::PermitWait& w : model_->run().permitWaits(i)) {
            if (w.begin > t) break;
            if (w.end == w.begin) continue;  // a permit taken at once
            const QString sem = model_->primitiveLabel(static_cast<std::size_t>(w.sem));
            s += std::isnan(w.end) || w.end > t
                     ? tr("<br>waits for %1 since %2").arg(sem, formatTime(w.begin, 1e-6))
                     : tr("<br>waited for %1 from %2 to %3")
                           .arg(sem, formatTime(w.begin, 1e-6), formatTime(w.end, 1e-6));
        }
        // A recorded program's task runs its own code before it asks for a
        // permit: "ran" counts from the permit, so that stretch is told first.
        const double before = model_->run().canHave().arrivingUnasked ? model_->run().beforeAskAt(i, t) : 0.0;
        const bool asked = !std::isnan(model_->request(i)) && model_->request(i) <= t;
        if (before > 0.0 && !asked)
            s += tr("<br>ran %1 so far, no permit asked yet").arg(formatDuration(before));
        else if (before > 0.0)
            s += tr("<br>ran %1 before it asked for a permit, then waited %2 and ran %3")
                     .arg(formatDuration(before), formatDuration(model_->waitedAt(i, t)),
                          formatDuration(model_->ranAt(i, t)));
        else if (const double slotted = model_->run().slotWaitedAt(i, t); slotted > 0.0)
            s += (holds ? tr("<br>waited %1 (%2 of it for its start slot, holding its permit), ran %3")
                        : tr("<br>waited %1 (%2 of it for its start slot), ran %3"))
                     .arg(formatDuration(model_->waitedAt(i, t)), formatDuration(slotted),
                          formatDuration(model_->ranAt(i, t)));
        else
            s += tr("<br>waited %1, ran %2")
                     .arg(formatDuration(model_->waitedAt(i, t)), formatDuration(model_->ranAt(i, t)));
        s += model_->waitedAgainNote(i, t);
        const QString exc = model_->exceptionName(i);
        if (!exc.isEmpty()) s += tr("<br>raised %1").arg(exc);
        if (model_->wokenBy(i) >= 0 && !model_->gaveUp(i))
            s += tr("<br>permit released by task %1")
                     .arg(model_->taskId(static_cast<std::size_t>(model_->wokenBy(i))));
        return s;
    }
    for (const auto& tr : layout_.tracks) {
        if (!tr.rect.contains(pos)) continue;
        switch (tr.kind) {
            case TrackKind::Permits:
                if (const std::size_t n = model_->permitBands()) {
                    const std::size_t k = TimelineLayout::bandAt(tr.rect, n, pos.y());
                    const auto& p = model_->run().config().primitives[k];
                    return TimelineView::tr("%1: #%2 %3 holds %4 of %5 permits (the program's Semaphores and Locks "
                                            "are numbered in the order it made them)")
                        .arg(formatTime(t, step))
                        .arg(k + 1)
                        .arg(model_->primitiveTitle(k))
                        .arg(model_->run().primitiveHeld()[k].valueAtTime(t))
                        .arg(model_->run().primitiveSize()[k].valueAtTime(t, p.size));
                }
                return TimelineView::tr("%1: %2 in use, limit %3")
                    .arg(formatTime(t, step))
                    .arg(model_->permitsInUse().valueAtTime(t))
                    .arg(model_->hasLimitLine() ? QString::number(model_->limit().valueAtTime(t)) : QString("–"));
            case TrackKind::Waiting:
                return TimelineView::tr("%1: %2 waiting").arg(formatTime(t, step)).arg(model_->waiting().valueAtTime(t));
            case TrackKind::Counter: {
                const RunModel& run = model_->run();
                return TimelineView::tr("%1: the counter reads %2 after %3 increments")
                    .arg(formatTime(t, step))
                    .arg(run.counterValue().valueAtTime(t))
                    .arg(run.counterWrites().valueAtTime(t));
            }
            case TrackKind::Loop: {
                const auto cpu = model_->cpuTaskAt(t);
                if (cpu == RunModel::kMainTask)
                    return TimelineView::tr("%1: blocked by main() (a blocking call)").arg(formatTime(t, step));
                if (cpu >= 0)
                    return TimelineView::tr("%1: blocked by task %2 (cpu step)")
                        .arg(formatTime(t, step))
                        .arg(model_->taskId(static_cast<std::size_t>(cpu)));
                return TimelineView::tr("%1: %2 in flight, awaiting timers or I/O; the loop runs their steps as they "
                                        "come (a tick marks each instant it ran some)")
                    .arg(formatTime(t, step))
                    .arg(model_->inFlight().valueAtTime(t));
            }
            case TrackKind::Throughput: return TimelineView::tr("%1: tasks done per second").arg(formatTime(t, step));
            case TrackKind::Workers: {
                const auto& spans = model_->run().workerSpans();
                for (const auto& w : spans)
                    if (w.begin <= t && (std::isnan(w.end) || t < w.end) &&
                        static_cast<std::size_t>(w.worker) == workerRowAt(pos.y()))
                        return TimelineView::tr("%1: worker %2 runs %3")
                            .arg(formatTime(t, step))
                            .arg(w.worker)
                            .arg(model_->taskLabel(static_cast<std::size_t>(w.job)));  // as its lane is labelled
                return TimelineView::tr("%1: worker %2 is idle").arg(formatTime(t, step)).arg(workerRowAt(pos.y()));
            }
            case TrackKind::Caller: {
                QString s = TimelineView::tr("%1: main() has received %2 results")
                                .arg(formatTime(t, step))
                                .arg(model_->resultsUpTo(t));
                const RunModel& run = model_->run();
                // main()'s put() blocked on a full Queue (the hollow bar: CallerPass).
                for (const RunModel::ProducerWait& w : run.producerWaits())
                    if (w.by < 0 && w.begin <= t && (std::isnan(w.end) || t < w.end))
                        s += TimelineView::tr("<br>main() is waiting in put() for room in the queue (since %1)")
                                 .arg(formatTime(w.begin, step));
                // The band of main()'s own pool jobs (a traced program's).
                const auto running = run.mainJobsRunning().valueAtTime(t);
                const auto queued = run.mainJobsQueued().valueAtTime(t);
                if (running > 0 || queued > 0)
                    s += TimelineView::tr("<br>main()'s own jobs in the pool: %1 running, %2 waiting for a free "
                                          "worker")
                             .arg(running)
                             .arg(queued);
                // A job of main()'s whose await was cancelled while it waited in the queue (its end with no
                // begin): concurrent.futures dropped it, its function never ran.
                for (const RunModel::MainJob& j : run.mainJobs())
                    if (!std::isnan(j.queued) && std::isnan(j.begin) && !std::isnan(j.end) && j.queued <= t &&
                        t <= j.end)
                        s += TimelineView::tr("<br>a job of main()'s waited in the pool's queue %1–%2 and never ran: "
                                              "its await was cancelled first, and the pool drops a cancelled job "
                                              "before a worker takes it")
                                 .arg(formatTime(j.queued, 1e-3), formatTime(j.end, 1e-3));
                return s;
            }
        }
    }
    return formatTime(t, step);
}

}  // namespace cs::ui
