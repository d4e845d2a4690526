#include "panels/metrics_panel.h"

#include <QChart>
#include <QChartView>
#include <QGridLayout>
#include <QLabel>
#include <QLocale>
#include <QLegend>
#include <QLineSeries>
#include <QValueAxis>
#include <QVBoxLayout>
#include <algorithm>
#include <cmath>

#include "live/session.h"
#include "model/percentile.h"
#include "model/run_metrics.h"
#include "model/run_model.h"
#include "timeline/state_palette.h"
#include "timeline/time_format.h"
#include "timeline/viewport.h"

namespace cs::ui {

namespace {
// Re-ranging a QValueAxis lays the whole chart out again (every label is
// shaped anew: milliseconds a refresh, a dropped frame in live play). Keep
// the range while the data fits it and fills more than half of it.
// Labels as a class reads them: "15,000" (the chart localizes numbers),
// never "1.5e+04"; three significant digits below a thousand.
void formatLabels(QValueAxis* axis) {
    const QString format = axis->max() >= 1000 ? QStringLiteral("%.0f") : QStringLiteral("%.3g");
    if (axis->labelFormat() != format) axis->setLabelFormat(format);
}

// `exact`: fit the range to `top` even where it would be kept (a finished
// run: its chart is then the same whatever way it came, played or opened).
// The ticks too: applyNiceNumbers() starts from the axis's tick count,
// which the last fit left (0, 2, 4 for a played run where its file showed
// 0, 1, 2, 3, 4), so each fit starts from the same count.
void fitAxis(QValueAxis* axis, double top, bool exact = false) {
    if (!exact && axis->min() == 0.0 && top <= axis->max() && top > axis->max() * 0.5) return;
    QValueAxis fresh;
    fresh.setRange(0, top);
    fresh.applyNiceNumbers();
    if (axis->min() == fresh.min() && axis->max() == fresh.max() && axis->tickCount() == fresh.tickCount()) return;
    axis->setTickCount(fresh.tickCount());
    axis->setRange(fresh.min(), fresh.max());
    formatLabels(axis);
}

constexpr int kChartPoints = 120;

// The panel lives in a scroll area that sizes it by its layout's height for
// the column's width, and QChartView's size hint (its scene's) would make
// that taller than a 768 px screen: the chart asks for little and takes
// what is left.
class CompactChartView final : public QChartView {
public:
    using QChartView::QChartView;
    QSize sizeHint() const override { return {260, 200}; }
};

// A value and its unit never wrap apart ("6.00 秒" in a narrow column).
QString duration(const std::optional<double>& d) {
    return d ? formatDuration(*d).replace(QLatin1Char(' '), QChar(0x00A0)) : QStringLiteral("–");
}

// Nor a percentile's name and its value ("p99" at a line's end, "5.00 s" on
// the next).
QString keepPercentilesWhole(QString text) {
    for (const char* p : {"p50 ", "p95 ", "p99 "})
        text.replace(QLatin1String(p), QLatin1String(p).chopped(1) + QChar(0x00A0));
    return text;
}

// A Queue's jobs' time in the queue by t (RunModel::queueWaitsAt).
QString queuedText(const cs::RunModel::QueueWaits& q) {
    const QString still = q.stillQueued == 1 ? MetricsPanel::tr("1 job still in the queue")
                                             : MetricsPanel::tr("%L1 jobs still in the queue").arg(q.stillQueued);
    if (q.taken == 0)
        return q.stillQueued > 0
                   ? MetricsPanel::tr("Time in the queue (put → a worker takes it): no job taken yet; %1").arg(still)
                   : MetricsPanel::tr("Time in the queue (put → a worker takes it): no job yet");
    const QString text =
        q.stillQueued > 0
            ? MetricsPanel::tr("Time in the queue (put → a worker takes it): p50 %1 · longest %2; %3")
                  .arg(duration(q.p50), duration(q.longest), still)
            : MetricsPanel::tr("Time in the queue (put → a worker takes it): p50 %1 · longest %2")
                  .arg(duration(q.p50), duration(q.longest));
    return keepPercentilesWhole(text);
}

QLabel* big() {
    auto* l = new QLabel;
    QFont f = l->font();
    f.setPointSizeF(f.pointSizeF() * 1.35);
    f.setBold(true);
    l->setFont(f);
    return l;
}
}  // namespace

MetricsPanel::MetricsPanel(Session* session, const Viewport* viewport, QWidget* parent)
    : QWidget(parent), session_(session), viewport_(viewport) {
    auto* v = new QVBoxLayout(this);
    auto* g = new QGridLayout;
    auto caption = [](const QString& s) {
        auto* l = new QLabel(s);
        l->setForegroundRole(QPalette::PlaceholderText);
        return l;
    };
    throughput_ = big();
    inFlight_ = big();
    waiting_ = big();
    g->addWidget(caption(tr("Recent throughput")), 0, 0);
    g->addWidget(caption(tr("In flight")), 0, 1);
    g->addWidget(caption(tr("Waiting")), 0, 2);
    g->addWidget(throughput_, 1, 0);
    g->addWidget(inFlight_, 1, 1);
    g->addWidget(waiting_, 1, 2);
    v->addLayout(g);
    // Every line wraps: their texts grow while a run plays (numbers, and
    // longer in Chinese), and an unwrapped label's minimum width would grow
    // the dock and then the window with them.
    outcomes_ = new QLabel;
    outcomes_->setWordWrap(true);
    latency_ = new QLabel;
    latency_->setWordWrap(true);
    queued_ = new QLabel;
    queued_->setWordWrap(true);
    queued_->setToolTip(tr("A Queue's job waits in the queue from its put() until a worker's get() takes it. "
                           "Its latency starts there, when a worker takes it: this is the wait before."));
    queued_->hide();
    little_ = new QLabel;
    little_->setWordWrap(true);
    little_->setToolTip(tr("Little's law: the average number of tasks in the system (L) equals the rate at "
                           "which they complete (λ) times the average time each spends in it (W). It holds "
                           "for any run once it has emptied. λ and W count every task that ended, done, "
                           "failed, cancelled or garbage-collected while pending; the throughput counts the "
                           "tasks done, and the latency percentiles the tasks that ended done: with failures "
                           "they differ."));
    summary_ = new QLabel;
    summary_->setWordWrap(true);
    for (auto* l : {outcomes_, latency_, queued_, little_}) v->addWidget(l);

    chart_ = new QChart;
    chart_->setMargins(QMargins(4, 4, 4, 4));
    chart_->setLocalizeNumbers(true);  // group separators in axis labels (formatLabels)
    // The chart's own legend and rotated axis titles elide ("latency…", and
    // a lone "⋮" for Chinese) in a narrow dock: a wrapped label names the
    // series and their axes instead.
    chart_->legend()->hide();
    chart_->setBackgroundRoundness(0);
    const StatePalette pal = StatePalette::fromPalette(palette());
    chart_->setBackgroundBrush(pal.background);
    p50_ = new QLineSeries;
    p50_->setName(tr("latency p50"));
    p50_->setPen(QPen(pal.running, 2));
    p95_ = new QLineSeries;
    p95_->setName(tr("latency p95"));
    p95_->setPen(QPen(pal.failed, 2));
    rate_ = new QLineSeries;
    rate_->setName(tr("done per second"));
    rate_->setPen(QPen(pal.done, 2, Qt::DashLine));
    for (auto* s : {p50_, p95_, rate_}) chart_->addSeries(s);
    axisT_ = new QValueAxis;
    axisT_->setTitleText(tr("%1 (s)").arg(clockName(false)));
    axisL_ = new QValueAxis;
    axisR_ = new QValueAxis;
    for (auto* a : {axisT_, axisL_, axisR_}) {
        a->setLabelsColor(pal.text);
        a->setTitleBrush(pal.text);
        a->setGridLineColor(pal.grid);
        a->setLabelFormat(QStringLiteral("%.3g"));
    }
    chart_->addAxis(axisT_, Qt::AlignBottom);
    chart_->addAxis(axisL_, Qt::AlignLeft);
    chart_->addAxis(axisR_, Qt::AlignRight);
    for (auto* s : {p50_, p95_}) {
        s->attachAxis(axisT_);
        s->attachAxis(axisL_);
    }
    rate_->attachAxis(axisT_);
    rate_->attachAxis(axisR_);
    chartView_ = new CompactChartView(chart_);
    chartView_->setRenderHint(QPainter::Antialiasing);
    chartView_->setMinimumHeight(200);
    v->addWidget(chartView_, 1);
    legend_ = new QLabel;
    legend_->setWordWrap(true);
    legend_->setTextFormat(Qt::RichText);
    v->addWidget(legend_);
    v->addWidget(summary_);
}

// The window of "recent throughput": the timeline's (TimelineModel::
// throughputWindow of its whole range, which follows the run's length in
// steps), so the numbers neither flicker on short runs nor lag on long ones,
// and the timeline's "Done per second" at the cursor reads the same.
double MetricsPanel::slidingWindow() const { return TimelineModel::throughputWindow(viewport_->whole()); }

void MetricsPanel::refresh(double t) {
    const TimelineModel& m = *session_->model();
    const double win = slidingWindow();
    // Spec section 5 at t, from the run model: the throughput over the
    // window cut to the elapsed time (a 0.5 s run divides by 0.5 s).
    const cs::RunMetrics r = m.run().metricsAt(t, win);
    throughput_->setText(formatRate(r.windowThroughput));
    throughput_->setToolTip(tr("Tasks done in the last %1").arg(formatDuration(std::min(win, t))));
    inFlight_->setText(QStringLiteral("%L1").arg(r.inFlight));
    waiting_->setText(QStringLiteral("%L1").arg(r.waiting));
    const std::size_t tasks = m.run().jobCount();  // (no queue workers, no wait_for helpers)
    QString outcomes = (tasks == 1 ? tr("Done %L1 · failed %L2 · cancelled %L3 of 1 task")
                                   : tr("Done %L1 · failed %L2 · cancelled %L3 of %L4 tasks"))
                           .arg(r.ok)
                           .arg(r.failed)
                           .arg(r.cancelled);
    if (tasks != 1) outcomes = outcomes.arg(tasks);
    // (A recorded program's tasks asyncio garbage-collected while pending: gone, in none of the three.)
    if (r.destroyed > 0) outcomes += tr("; destroyed while pending (garbage-collected): %L1").arg(r.destroyed);
    outcomes_->setText(outcomes);
    // Latency and Little's law count the tasks that asked for a permit (spec
    // section 5): a recorded program that uses no semaphore has none, however
    // many tasks finished.
    const std::size_t over = r.ok + r.failed + r.cancelled + r.destroyed;
    const bool noneAsked = r.little.requested == 0 && over > 0;
    // Every task over by t, none done: no "yet" (failed and cancelled ones
    // are not latencies, spec section 5).
    const bool allOver = tasks > 0 && over >= tasks;
    // A Queue's job asks for nothing: its latency runs from the moment a
    // worker takes it (spec section 5), its time in the queue is the next line.
    const bool queue = m.run().config().canHave.queuedJobs;
    latency_->setText(
        r.latencySamples > 0
            ? keepPercentilesWhole((queue ? tr("Latency (a worker takes it → end): p50 %1 · p95 %2 · p99 %3")
                                          : tr("Latency (request → end): p50 %1 · p95 %2 · p99 %3"))
                                       .arg(duration(r.p50), duration(r.p95), duration(r.p99)))
        : tasks == 0 && m.ended() ? tr("Latency (request → end): none, the run has no task (main() did it all)")
        : queue && allOver        ? tr("Latency (a worker takes it → end): none, no job ended done (failed and "
                                       "cancelled jobs are not counted)")
        : queue                   ? tr("Latency (a worker takes it → end): no job done yet")
        : noneAsked               ? tr("Latency (request → end): no task asked for a permit")
        : allOver ? tr("Latency (request → end): none, no task ended done (failed and cancelled tasks are not counted)")
                  : tr("Latency (request → end): no task done yet"));
    queued_->setVisible(queue);
    queued_->setText(queue ? queuedText(m.run().queueWaitsAt(t)) : QString());
    const LittleLaw& lw = r.little;
    if (t > 0 && lw.lambda > 0 && lw.W) {
        const double lambdaW = lw.lambdaW();
        const double err = lw.L > 0 ? std::abs(lw.L - lambdaW) / lw.L : 0.0;
        // Equal but for the last bits of a product (3.375 against
        // 3.3749999999999996): one number, not "3.38 … = 3.37 ✓ agrees".
        const QString lText = QLocale().toString(lw.L, 'f', 2);
        const bool same = std::abs(lw.L - lambdaW) <= 1e-9 * std::max(1.0, std::abs(lw.L));
        // A quantity is never broken across lines ("2.05/" and "s", "4.25"
        // and "s" on the next): no break after the slash, nor in a duration.
        little_->setText(tr("Little's law: L = %1 tasks in the system on average; λW = %2/s × %3 = %4 %5")
                             .arg(lText)
                             .arg(QLocale().toString(lw.lambda, 'f', 2))
                             .arg(formatDuration(*lw.W).replace(QLatin1Char(' '), QChar(0x00A0)))
                             .arg(same ? lText : QLocale().toString(lambdaW, 'f', 2))
                             .arg(err < 0.05 ? tr("✓ agrees") : tr("(differs while tasks are still in the system)"))
                             .replace(QLatin1Char('/'), QStringLiteral("/\u2060")));
    } else {
        little_->setText(noneAsked ? tr("Little's law: L = λW (needs tasks that ask for a permit)")
                                   : tr("Little's law: L = λW (needs finished tasks)"));
    }
    summary_->setText(summaryText());
    refreshChart(t);
}

QString MetricsPanel::summaryText() const {
    const TimelineModel& m = *session_->model();
    // Playing or paused: the status bar says which; this says what is known.
    if (!m.ended() && session_->isTrace() && session_->finished())
        // A partial trace shown to its last line: it never finishes.
        return tr("Partial run: the trace stops at %1 without an end line, after %L2 events; the numbers above are "
                  "the run's up to there")
            .arg(formatTime(m.lastEventTime(), 1e-3))
            .arg(m.lineCount());
    if (!m.ended())
        return m.lineCount() == 1 ? tr("Not finished yet: 1 event so far")
                                  : tr("Not finished yet: %L1 events so far").arg(m.lineCount());
    QString outcome;
    switch (m.outcome()) {
        case Outcome::Ok: outcome = tr("ok"); break;
        case Outcome::Raised: outcome = tr("raised %1").arg(m.raisedName()); break;
        case Outcome::Deadlock: outcome = tr("deadlock"); break;
    }
    const cs::RunMetrics r = m.run().metrics();
    const double makespan = r.t;
    const double thr = r.throughput;
    return tr("Finished: makespan %1, throughput %2 /s, outcome %3, %L4 events")
        .arg(formatDuration(makespan))
        .arg(thr, 0, 'f', 2)
        .arg(outcome)
        .arg(m.lineCount());
}

// Names the chart's series and axes, and that each point is a window's
// (the latency above it is the whole run's so far: the lines may sit far
// from it).
QString MetricsPanel::legendText(double window) const {
    const StatePalette pal = StatePalette::fromPalette(palette());
    auto key = [](const QColor& c, const QString& glyph, const QString& text) {
        return QStringLiteral("<span style='color:%1'>%2</span>&nbsp;%3").arg(c.name(), glyph, text.toHtmlEscaped());
    };
    // In the first window the rate divides by the time so far (spec section
    // 5's min(w, t)): a few early ends make a tall first point.
    return tr("Each point: the tasks done in the %1 before it (in the first %1, since the start). Left axis, "
              "seconds: %2 · %3. Right axis: %4")
        .arg(formatDuration(window).toHtmlEscaped(), key(pal.running, QStringLiteral("━"), tr("latency p50")),
             key(pal.failed, QStringLiteral("━"), tr("latency p95")),
             key(pal.done, QStringLiteral("┅"), tr("tasks done per second")));
}

void MetricsPanel::refreshChart(double t) {
    const TimelineModel& m = *session_->model();
    const double end = std::max(t, 1e-3);
    const double win = slidingWindow();
    if (win != legendWindow_) {
        legendWindow_ = win;
        legend_->setText(legendText(win));
    }
    QList<QPointF> a, b, c;
    double maxL = 0.0, maxR = 0.0;
    // Latency of the tasks that ended done in each window (the run model's
    // done times and latencies, nearest rank), and the run model's
    // windowed throughput: the same definition as the number above.
    const auto& doneT = m.doneTimes();
    const auto& lat = m.run().doneLatencies();
    std::vector<double> sample;
    for (int k = 1; k <= kChartPoints; ++k) {
        const double x = end * k / kChartPoints;
        const auto lo = std::upper_bound(doneT.begin(), doneT.end(), x - win) - doneT.begin();
        const auto hi = std::upper_bound(doneT.begin(), doneT.end(), x) - doneT.begin();
        sample.clear();
        for (auto i = lo; i < hi; ++i)
            if (!std::isnan(lat[static_cast<std::size_t>(i)])) sample.push_back(lat[static_cast<std::size_t>(i)]);
        std::size_t pivot = Percentile::kNoPivot;
        const auto p50 = Percentile::select(sample, 50, pivot);
        const auto p95 = Percentile::select(sample, 95, pivot);
        if (p50 && p95) {
            a.append({x, *p50});
            b.append({x, *p95});
            maxL = std::max(maxL, *p95);
        }
        const double rate = m.run().throughputAt(x, win);
        c.append({x, rate});
        maxR = std::max(maxR, rate);
    }
    p50_->replace(a);
    p95_->replace(b);
    rate_->replace(c);
    const QString axisTitle = tr("%1 (s)").arg(clockName(m.run().config().realClock));
    if (axisT_->titleText() != axisTitle) axisT_->setTitleText(axisTitle);
    const double horizon = std::isnan(session_->horizon()) ? end : std::max(end, session_->horizon());
    // The time axis follows the horizon exactly; the value axes keep their
    // range while it fits (fitAxis).
    if (std::isnan(session_->horizon())) {
        // Unknown length (a live run, or a lesson hiding its end until the
        // student has answered): the axis grows with the run, from a first
        // second (a range of a millisecond at t = 0 has labels too long to show).
        fitAxis(axisT_, std::max(horizon, 1.0));
        shownHorizon_ = -1.0;
    } else if (horizon != shownHorizon_) {
        shownHorizon_ = horizon;
        fitAxis(axisT_, horizon, true);
    }
    const bool exact = session_->finished();
    fitAxis(axisL_, maxL > 0 ? maxL * 1.15 : 1.0, exact);
    fitAxis(axisR_, maxR > 0 ? maxR * 1.15 : 1.0, exact);
}

QStringList MetricsPanel::axesText() const {
    QStringList out;
    for (const QValueAxis* a : {axisT_, axisL_, axisR_})
        out << QStringLiteral("%1..%2/%3").arg(a->min()).arg(a->max()).arg(a->tickCount());
    return out;
}

}  // namespace cs::ui
