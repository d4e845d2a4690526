#include "panels/controls_panel.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QGridLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QPushButton>
#include <QSignalBlocker>
#include <QSlider>
#include <QSpinBox>
#include <QStyle>
#include <QVBoxLayout>
#include <algorithm>
#include <cmath>
#include <string_view>

#include "i18n/kind_texts.h"
#include "live/live_runner.h"
#include "model/kinds.h"
#include "model/workload_facts.h"
#include "panels/wrapped_label.h"
#include "timeline/time_format.h"
#include "live/session.h"

namespace cs::ui {

namespace {
// The speed slider is logarithmic: 0 → 0.1×, 100 → 1×, 300 → 100×.
int speedToSlider(double s) { return static_cast<int>(std::lround(100.0 * std::log10(s / 0.1))); }
double sliderToSpeed(int v) { return 0.1 * std::pow(10.0, v / 100.0); }

QString speedText(double s) {
    return s < 1.0 ? QStringLiteral("%1×").arg(s, 0, 'f', 2) : QStringLiteral("%1×").arg(s, 0, 'g', 3);
}

QDoubleSpinBox* doubleSpin(double lo, double hi, double step, int decimals, const QString& suffix = {}) {
    auto* s = new QDoubleSpinBox;
    s->setRange(lo, hi);
    s->setSingleStep(step);
    s->setDecimals(decimals);
    s->setSuffix(suffix);
    s->setKeyboardTracking(false);
    return s;
}

// A combo box as wide as its column allows, not as its longest item (the
// list still shows whole items).
QComboBox* combo() {
    auto* c = new QComboBox;
    c->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    c->setMinimumContentsLength(8);
    return c;
}

QSpinBox* intSpin(int lo, int hi) {
    auto* s = new QSpinBox;
    s->setRange(lo, hi);
    s->setKeyboardTracking(false);
    s->setGroupSeparatorShown(true);  // 20,000 tasks, as the header and the Workload line spell it
    return s;
}
}  // namespace

ControlsPanel::ControlsPanel(Session* session, LiveRunner* runner, QWidget* parent)
    : QWidget(parent), session_(session), runner_(runner) {
    auto* v = new QVBoxLayout(this);
    v->setContentsMargins(4, 4, 4, 4);
    v->addWidget(buildRun());
    v->addWidget(buildLimit());
    v->addWidget(buildCollector());
    v->addWidget(buildWorkload());
    v->addStretch(1);

    // A dragged slider would otherwise replay the run once per pixel.
    limitDebounce_.setSingleShot(true);
    limitDebounce_.setInterval(40);
    connect(&limitDebounce_, &QTimer::timeout, this, [this] { applyLimit(pendingLimit_); });

    connect(runner_, &LiveRunner::playingChanged, this, &ControlsPanel::updateRunState);
    connect(runner_, &LiveRunner::speedChanged, this, [this](double s) {
        const QSignalBlocker b(speedSlider_);
        speedSlider_->setValue(speedToSlider(s));
        speedLabel_->setText(speedText(s));
    });
    connect(session_, &Session::restarted, this, &ControlsPanel::syncFromSession);
    connect(session_, &Session::advanced, this, &ControlsPanel::showLiveLimit);
    syncFromSession();
    updateRunState();
}

QWidget* ControlsPanel::buildRun() {
    auto* box = new QGroupBox(tr("Run"));
    auto* v = new QVBoxLayout(box);
    // Two rows of two: the dock fits a 1280×720 screen's side column.
    auto* row = new QGridLayout;
    play_ = new QPushButton;
    auto* restart = new QPushButton(style()->standardIcon(QStyle::SP_BrowserReload), tr("Restart"));
    auto* step = new QPushButton(style()->standardIcon(QStyle::SP_MediaSeekForward), tr("Step"));
    step->setToolTip(tr("Run one iteration of the event loop (N)"));
    auto* stepEvent = new QPushButton(style()->standardIcon(QStyle::SP_MediaSkipForward), tr("Event"));
    stepEvent->setToolTip(tr("Run until the next trace event (E)"));
    int k = 0;
    for (auto* b : {play_, restart, step, stepEvent}) {
        b->setFocusPolicy(Qt::TabFocus);
        row->addWidget(b, k / 2, k % 2);
        ++k;
    }
    v->addLayout(row);
    connect(play_, &QPushButton::clicked, runner_, &LiveRunner::togglePlay);
    connect(restart, &QPushButton::clicked, runner_, &LiveRunner::restart);
    connect(step, &QPushButton::clicked, runner_, &LiveRunner::stepIteration);
    connect(stepEvent, &QPushButton::clicked, runner_, &LiveRunner::stepToNextEvent);

    auto* speedRow = new QHBoxLayout;
    speedRow->addWidget(new QLabel(tr("Speed")));
    speedSlider_ = new QSlider(Qt::Horizontal);
    speedSlider_->setRange(0, 300);
    speedSlider_->setValue(speedToSlider(runner_->speed()));
    speedSlider_->setToolTip(tr("Virtual seconds per wall-clock second, 0.1× to 100× ([ and ])"));
    speedRow->addWidget(speedSlider_, 1);
    speedLabel_ = new QLabel(speedText(runner_->speed()));
    speedLabel_->setMinimumWidth(fontMetrics().horizontalAdvance(QStringLiteral("100.0×")));
    speedRow->addWidget(speedLabel_);
    v->addLayout(speedRow);
    connect(speedSlider_, &QSlider::valueChanged, this, [this](int v) { runner_->setSpeed(sliderToSpeed(v)); });
    return box;
}

QWidget* ControlsPanel::buildLimit() {
    auto* box = new QGroupBox(tr("Concurrency limit"));
    limitBox_ = box;
    limitForm_ = new QFormLayout(box);
    limitKind_ = combo();
    limitKind_->setObjectName(QStringLiteral("limitKind"));
    for (std::size_t i = 0; i < kLimitKindCount; ++i)
        limitKind_->addItem(limitKindLabel(static_cast<LimitKind>(i)), static_cast<int>(i));
    limitForm_->addRow(tr("Kind"), limitKind_);

    limitRow_ = new QWidget;
    auto* h = new QHBoxLayout(limitRow_);
    h->setContentsMargins(0, 0, 0, 0);
    limitSpin_ = intSpin(1, 100000000);
    limitSlider_ = new QSlider(Qt::Horizontal);
    limitSlider_->setObjectName(QStringLiteral("limitSlider"));
    limitSlider_->setRange(1, 64);
    // The spin box is as wide as its largest value (nine digits): on a
    // laptop's narrow Controls column that left the slider some 20 px. It is
    // as wide as its value needs (at least three digits), never cut.
    {
        QSpinBox one;
        one.setRange(1, 9);
        const int base = one.sizeHint().width() - limitSpin_->fontMetrics().horizontalAdvance(QLatin1Char('9'));
        const auto fit = [this, base](int v) {
            int nines = 999;
            while (nines < v && nines < 999999999) nines = nines * 10 + 9;
            const QString text = limitSpin_->locale().toString(nines);
            limitSpin_->setMaximumWidth(base + limitSpin_->fontMetrics().horizontalAdvance(text));
        };
        fit(limitSpin_->value());
        connect(limitSpin_, &QSpinBox::valueChanged, this, fit);
    }
    h->addWidget(limitSlider_, 1);
    h->addWidget(limitSpin_);
    limitLabel_ = new QLabel(tr("Permits"));
    limitForm_->addRow(limitLabel_, limitRow_);
    limitHint_ = new QLabel(tr("Changes live: the run replays with the new limit from now on."));
    limitHint_->setWordWrap(true);
    QFont small = limitHint_->font();
    small.setPointSizeF(small.pointSizeF() * 0.9);
    limitHint_->setFont(small);
    limitForm_->addRow(limitHint_);

    maxsize_ = intSpin(0, 100000);
    maxsize_->setSpecialValueText(tr("unbounded"));
    limitForm_->addRow(tr("Queue maxsize"), maxsize_);
    pendingJobs_ = intSpin(0, 100000);
    pendingJobs_->setSpecialValueText(tr("unbounded"));
    limitForm_->addRow(tr("Pending limit"), pendingJobs_);
    perSecond_ = doubleSpin(0.01, 100000, 1, 2, tr(" /s"));
    limitForm_->addRow(tr("Max per second"), perSecond_);
    adaptMin_ = intSpin(1, 10000);
    limitForm_->addRow(tr("Min"), adaptMin_);
    adaptMax_ = intSpin(1, 10000);
    limitForm_->addRow(tr("Max"), adaptMax_);
    latencyTarget_ = doubleSpin(0.001, 10000, 0.1, 3, tr(" s"));
    limitForm_->addRow(tr("Latency target"), latencyTarget_);

    connect(limitKind_, &QComboBox::currentIndexChanged, this, [this] {
        if (!syncing_) applyLimitKind();
    });
    connect(limitSpin_, &QSpinBox::valueChanged, this, [this](int v) {
        const QSignalBlocker b(limitSlider_);
        if (v > limitSlider_->maximum()) limitSlider_->setMaximum(v);
        limitSlider_->setValue(v);
        onLimitEdited(v);
    });
    connect(limitSlider_, &QSlider::valueChanged, this, [this](int v) {
        const QSignalBlocker b(limitSpin_);
        limitSpin_->setValue(v);
        onLimitEdited(v);
    });
    for (auto* s : {maxsize_, pendingJobs_, adaptMin_, adaptMax_})
        connect(s, &QSpinBox::valueChanged, this, [this] {
            if (!syncing_) applyLimitParams();
        });
    for (auto* s : {perSecond_, latencyTarget_})
        connect(s, &QDoubleSpinBox::valueChanged, this, [this] {
            if (!syncing_) applyLimitParams();
        });
    return box;
}

QWidget* ControlsPanel::buildCollector() {
    auto* box = new QGroupBox(tr("How the caller collects results"));
    collectBox_ = box;
    collectForm_ = new QFormLayout(box);
    collectKind_ = combo();
    collectKind_->setObjectName(QStringLiteral("collectKind"));
    for (std::size_t i = 0; i < kCollectKindCount; ++i)
        collectKind_->addItem(collectKindLabel(static_cast<CollectKind>(i)), static_cast<int>(i));
    collectForm_->addRow(tr("Collector"), collectKind_);
    returnExceptions_ = new QCheckBox(tr("return_exceptions=True"));
    collectForm_->addRow(returnExceptions_);  // across both columns: the longest text of the form
    returnWhen_ = combo();
    returnWhen_->addItem(QStringLiteral("ALL_COMPLETED"), static_cast<int>(ReturnWhen::AllCompleted));
    returnWhen_->addItem(QStringLiteral("FIRST_COMPLETED"), static_cast<int>(ReturnWhen::FirstCompleted));
    returnWhen_->addItem(QStringLiteral("FIRST_EXCEPTION"), static_cast<int>(ReturnWhen::FirstException));
    collectForm_->addRow(tr("return_when"), returnWhen_);
    onReturn_ = combo();
    onReturn_->addItem(tr("leave pending running"), false);
    onReturn_->addItem(tr("cancel pending"), true);
    collectForm_->addRow(tr("Then"), onReturn_);
    collectTimeout_ = doubleSpin(0.0, 100000, 0.5, 2, tr(" s"));
    collectTimeout_->setSpecialValueText(tr("none"));
    collectForm_->addRow(tr("Timeout"), collectTimeout_);

    connect(collectKind_, &QComboBox::currentIndexChanged, this, [this] {
        if (!syncing_) applyCollector();
    });
    connect(returnExceptions_, &QCheckBox::toggled, this, [this] {
        if (!syncing_) applyCollector();
    });
    for (auto* c : {returnWhen_, onReturn_})
        connect(c, &QComboBox::currentIndexChanged, this, [this] {
            if (!syncing_) applyCollector();
        });
    connect(collectTimeout_, &QDoubleSpinBox::valueChanged, this, [this] {
        if (!syncing_) applyCollector();
    });
    return box;
}

QWidget* ControlsPanel::buildWorkload() {
    auto* box = new QGroupBox(tr("Workload"));
    auto* f = new QFormLayout(box);
    workloadLine_ = new WrappedLabel;
    workloadLine_->setObjectName(QStringLiteral("workloadLine"));
    f->addRow(workloadLine_);
    workloadHint_ = new WrappedLabel;
    workloadHint_->setObjectName(QStringLiteral("workloadHint"));
    QFont small = workloadHint_->font();
    small.setPointSizeF(small.pointSizeF() * 0.9);
    workloadHint_->setFont(small);
    f->addRow(workloadHint_);
    count_ = intSpin(0, 1000000);
    f->addRow(tr("Tasks"), count_);
    dist_ = combo();
    dist_->addItem(tr("constant"), static_cast<int>(WorkloadSpec::Dist::Constant));
    dist_->addItem(tr("uniform"), static_cast<int>(WorkloadSpec::Dist::Uniform));
    dist_->addItem(tr("exponential"), static_cast<int>(WorkloadSpec::Dist::Exponential));
    dist_->addItem(tr("log-normal"), static_cast<int>(WorkloadSpec::Dist::LogNormal));
    f->addRow(tr("Durations"), dist_);
    mean_ = doubleSpin(0.0, 10000, 0.1, 3, tr(" s"));
    mean_->setToolTip(tr("Constant value, uniform centre, exponential mean, log-normal median"));
    mean_->setObjectName(QStringLiteral("workloadMean"));
    f->addRow(tr("Typical duration"), mean_);
    spread_ = doubleSpin(0.0, 3.0, 0.05, 2);
    spread_->setToolTip(tr("Uniform: ± this fraction of the typical duration; log-normal: sigma"));
    spread_->setObjectName(QStringLiteral("workloadSpread"));
    f->addRow(tr("Spread"), spread_);
    failure_ = doubleSpin(0.0, 100.0, 5, 0, tr(" %"));
    failure_->setObjectName(QStringLiteral("workloadFailures"));
    f->addRow(tr("Failures"), failure_);
    arrivals_ = doubleSpin(0.0, 100000, 1, 1, tr(" /s"));
    arrivals_->setSpecialValueText(tr("all at once"));
    arrivals_->setObjectName(QStringLiteral("workloadArrivals"));
    f->addRow(tr("Arrivals"), arrivals_);
    cpuShare_ = doubleSpin(0.0, 100.0, 5, 0, tr(" %"));
    cpuShare_->setToolTip(tr("Share of tasks that make a blocking call (time.sleep) first"));
    f->addRow(tr("Blocking calls"), cpuShare_);
    threadShare_ = doubleSpin(0.0, 100.0, 5, 0, tr(" %"));
    threadShare_->setToolTip(tr("Share of tasks whose work runs in the thread pool (run_in_executor)"));
    f->addRow(tr("In threads"), threadShare_);
    seed_ = intSpin(0, 1000000);
    seed_->setGroupSeparatorShown(false);  // a seed is a name, not a quantity
    f->addRow(tr("Seed"), seed_);

    const QSignalBlocker b1(count_), b2(mean_), b3(spread_), b4(seed_);
    count_->setValue(workload_.count);
    dist_->setCurrentIndex(dist_->findData(static_cast<int>(workload_.dist)));
    mean_->setValue(workload_.mean);
    spread_->setValue(workload_.spread);
    seed_->setValue(static_cast<int>(workload_.seed));
    for (auto* s : {count_, seed_})
        connect(s, &QSpinBox::valueChanged, this, &ControlsPanel::applyWorkload);
    for (auto* s : {mean_, spread_, failure_, arrivals_, cpuShare_, threadShare_})
        connect(s, &QDoubleSpinBox::valueChanged, this, &ControlsPanel::applyWorkload);
    connect(dist_, &QComboBox::currentIndexChanged, this, &ControlsPanel::applyWorkload);
    return box;
}

void ControlsPanel::syncFromSession() {
    syncing_ = true;
    const Scenario& s = session_->scenario();
    {
        const QSignalBlocker b(limitKind_);
        limitKind_->setCurrentIndex(limitKind_->findData(static_cast<int>(s.limit.kind)));
    }
    {
        const QSignalBlocker b1(maxsize_), b2(perSecond_), b3(adaptMin_), b4(adaptMax_), b5(latencyTarget_),
            b6(pendingJobs_);
        maxsize_->setValue(static_cast<int>(s.limit.maxsize));
        pendingJobs_->setValue(static_cast<int>(s.limit.pendingLimit));
        perSecond_->setValue(s.limit.maxPerSecond);
        adaptMin_->setValue(static_cast<int>(s.limit.min));
        adaptMax_->setValue(static_cast<int>(s.limit.max));
        latencyTarget_->setValue(s.limit.latencyTarget);
    }
    {
        const QSignalBlocker b1(collectKind_), b2(returnExceptions_), b3(returnWhen_), b4(onReturn_),
            b5(collectTimeout_);
        collectKind_->setCurrentIndex(collectKind_->findData(static_cast<int>(s.collect.kind)));
        returnExceptions_->setChecked(s.collect.returnExceptions);
        returnWhen_->setCurrentIndex(returnWhen_->findData(static_cast<int>(s.collect.returnWhen)));
        onReturn_->setCurrentIndex(s.collect.cancelOnReturn ? 1 : 0);
        collectTimeout_->setValue(s.collect.hasTimeout() ? s.collect.timeout : 0.0);
    }
    {
        const QSignalBlocker b(count_);
        count_->setValue(static_cast<int>(session_->taskCount()));
    }
    const int n = std::max<int>(8, static_cast<int>(std::min<std::size_t>(session_->taskCount(), 256)));
    limitSlider_->setMaximum(n);
    describeWorkload();
    updateLimitRows();
    updateCollectorRows();
    // A recorded run's limit and collector were its program's: the header
    // says what the trace shows, and these cannot run it another way.
    const bool recorded = session_->isTrace();
    const bool told = session_->traceTellsLimiter();
    const QString why = told       ? tr("A recorded run: the limit and collector its trace says it ran with. Open its "
                                        "scenario to run it another way.")
                        : recorded ? tr("A recorded run: its limit and collector are in its program.")
                                   : QString();
    for (QWidget* box : {limitBox_, collectBox_}) {
        box->setEnabled(!recorded);
        box->setToolTip(why);
    }
    // An engine's trace names its run's limit and collector (its "limiter"
    // line; the stand-in scenario holds them): shown, greyed.
    if (recorded && !told) {
        // Nor do they show a kind the trace does not name (its stand-in
        // scenario's defaults, "none" and "gather", would read as facts).
        const QSignalBlocker b1(limitKind_), b2(collectKind_);
        for (QComboBox* kind : {limitKind_, collectKind_}) {
            kind->setPlaceholderText(tr("the program's own"));
            kind->setCurrentIndex(-1);
        }
    }
    syncing_ = false;
    showLiveLimit();
}

void ControlsPanel::showLiveLimit() {
    // Follow the limit in force at the live time (a recorded schedule moves
    // it), unless the user is editing it right now.
    if (limitSlider_->isSliderDown() || limitSpin_->hasFocus() || limitDebounce_.isActive()) return;
    const int v = static_cast<int>(std::max<std::int64_t>(1, session_->currentLimit()));
    if (v == limitSpin_->value()) return;
    const QSignalBlocker b1(limitSpin_), b2(limitSlider_);
    if (v > limitSlider_->maximum()) limitSlider_->setMaximum(v);
    limitSpin_->setValue(v);
    limitSlider_->setValue(v);
}

void ControlsPanel::updateLimitRows() {
    const auto k = static_cast<LimitKind>(limitKind_->currentData().toInt());
    const LimitKindInfo& info = limitKindInfo(k);
    // The kind's own fields, as the file names them.
    const auto has = [&info](std::string_view field) {
        return std::find(info.fields.begin(), info.fields.end(), field) != info.fields.end();
    };
    limitForm_->setRowVisible(limitRow_, k != LimitKind::None);
    // Only a semaphore resizes while the run plays; the others restart it.
    limitForm_->setRowVisible(limitHint_, info.takesSchedule);
    limitForm_->setRowVisible(maxsize_, has("maxsize"));
    limitForm_->setRowVisible(pendingJobs_, has("pending_limit"));
    limitForm_->setRowVisible(perSecond_, has("max_per_second"));
    limitForm_->setRowVisible(adaptMin_, has("min"));
    limitForm_->setRowVisible(adaptMax_, has("max"));
    limitForm_->setRowVisible(latencyTarget_, has("latency_target"));
    limitLabel_->setText(limitSizeLabel(k));
}

void ControlsPanel::updateCollectorRows() {
    const auto k = static_cast<CollectKind>(collectKind_->currentData().toInt());
    const CollectKindInfo& info = collectKindInfo(k);
    // A recorded run's collector was its program's: no options of a kind it may not have
    // (unless its trace names the collector: an engine run's limiter line).
    const bool own = !session_->isTrace() || session_->traceTellsLimiter();
    collectForm_->setRowVisible(returnExceptions_, own && info.takesReturnExceptions);
    collectForm_->setRowVisible(returnWhen_, own && info.takesReturnWhen);
    collectForm_->setRowVisible(onReturn_, own && info.takesReturnWhen);
    collectForm_->setRowVisible(collectTimeout_, own && info.takesTimeout);
    // Queue, manual, chunks and scheduler do their own collecting (spec section 2).
    collectForm_->itemAt(0, QFormLayout::FieldRole)
        ->widget()
        ->setEnabled(!limitKindInfo(session_->scenario().limit.kind).ownsCollect);
}

void ControlsPanel::updateRunState() {
    const bool playing = runner_->isPlaying();
    play_->setText(playing ? tr("Pause") : tr("Play"));
    play_->setIcon(style()->standardIcon(playing ? QStyle::SP_MediaPause : QStyle::SP_MediaPlay));
}

void ControlsPanel::flushLimitEdit() {
    if (!limitDebounce_.isActive()) return;
    limitDebounce_.stop();
    applyLimit(pendingLimit_);
}

void ControlsPanel::applyLimit(int value) {
    // A live resize leaves the run playing or paused as it was. A change
    // that restarts the run (it had ended, or this kind cannot change live)
    // plays the new run, as every other control that restarts does: a run
    // sitting paused at t = 0 would look like nothing happened.
    if (session_->setLimit(value)) runner_->play();
}

void ControlsPanel::onLimitEdited(int value) {
    if (syncing_) return;
    pendingLimit_ = value;
    limitDebounce_.start();
}

void ControlsPanel::applyLimitKind() {
    Limit l = session_->scenario().limit;
    l.kind = static_cast<LimitKind>(limitKind_->currentData().toInt());
    l.schedule.clear();
    const int v = limitSpin_->value();
    // Carry the size the user sees over to the new kind's own parameter.
    l.value = v;
    l.workers = v;
    l.size = v;
    l.maxAtOnce = v;
    l.initial = v;
    l.min = std::min<std::int64_t>(l.min, v);
    l.max = std::max<std::int64_t>({l.max, v, 2 * static_cast<std::int64_t>(v)});
    session_->setLimitConfig(l);
    runner_->play();
}

void ControlsPanel::applyLimitParams() {
    Limit l = session_->scenario().limit;
    l.maxsize = maxsize_->value();
    l.pendingLimit = pendingJobs_->value();
    l.maxPerSecond = perSecond_->value();
    l.min = adaptMin_->value();
    l.max = std::max(adaptMax_->value(), adaptMin_->value());
    l.latencyTarget = latencyTarget_->value();
    session_->setLimitConfig(l);
    runner_->play();
}

void ControlsPanel::applyCollector() {
    Collect c;
    c.kind = static_cast<CollectKind>(collectKind_->currentData().toInt());
    c.returnExceptions = returnExceptions_->isChecked();
    c.returnWhen = static_cast<ReturnWhen>(returnWhen_->currentData().toInt());
    c.cancelOnReturn = onReturn_->currentData().toBool();
    c.timeout = collectTimeout_->value() > 0.0 ? collectTimeout_->value() : -1.0;
    updateCollectorRows();
    session_->setCollect(c);
    runner_->play();
}

void ControlsPanel::applyWorkload() {
    workload_.count = count_->value();
    workload_.dist = static_cast<WorkloadSpec::Dist>(dist_->currentData().toInt());
    workload_.mean = mean_->value();
    workload_.spread = spread_->value();
    workload_.failureRate = failure_->value() / 100.0;
    workload_.arrivalRate = arrivals_->value();
    workload_.cpuShare = cpuShare_->value() / 100.0;
    workload_.threadShare = threadShare_->value() / 100.0;
    workload_.seed = static_cast<std::uint64_t>(seed_->value());
    Scenario s = session_->scenario();
    cs::ui::applyWorkload(workload_, s);
    generated_ = workloadFingerprint(s);
    s.limit.schedule.clear();
    s.title = (workload_.count == 1 ? tr("Generated workload: 1 task") : tr("Generated workload: %1 tasks").arg(workload_.count)).toStdString();
    s.description.clear();
    s.i18n.clear();  // the example's translated title is not this workload's
    session_->load(std::move(s));
    runner_->play();
}

void ControlsPanel::describeWorkload() {
    // What the scenario on screen does, counted from its tasks: a lesson's or
    // a file's workload is never shown as the generator's settings.
    const Scenario& s = session_->scenario();
    if (session_->isTrace()) {
        // A recorded run: what each task did was the program's, not a workload's.
        const std::size_t n = session_->model()->run().jobCount();  // (wait_for's inner tasks: their parents' jobs)
        const QString count = QLocale().toString(static_cast<qulonglong>(n));
        workloadLine_->setText(
            n == 0   ? tr("On screen: a recorded run with no task (main() alone).")
            : n == 1 ? tr("On screen: a recorded run of 1 task; the program decided what it did.")
                     : tr("On screen: a recorded run of %1 tasks; the program decided what each did.").arg(count));
        // (With no task there is nothing to start the settings from: they are the generator's own.)
        workloadHint_->setText(n == 0 ? tr("The settings below are a generated workload's defaults, not the run's; "
                                           "changing one replaces the run with that workload.")
                                      : tr("Changing a setting below replaces it with a generated workload."));
        // The settings start from what the recorded tasks did (not the
        // generator's last values, which read as the program's).
        seedWorkloadSettings(cs::describeRecorded(session_->model()->run()));
        return;
    }
    const WorkloadFacts f = cs::describeWorkload(s);
    const auto count = [](std::size_t n) { return QLocale().toString(static_cast<qulonglong>(n)); };
    QStringList parts;
    parts << (f.tasks == 1 ? tr("1 task") : tr("%1 tasks").arg(count(f.tasks)));
    if (f.tasks > 0) {
        // One duration when both ends read the same as shown (1.001 s to 1.002 s).
        const QString least = formatDuration(f.minWork), most = formatDuration(f.maxWork);
        parts << (least == most ? tr("%1 of work each").arg(most) : tr("%1 to %2 of work each").arg(least, most));
        parts << (f.lastArrival > 0.0 ? tr("arriving over %1").arg(formatDuration(f.lastArrival)) : tr("all start at once"));
        // How many tasks do each (never a value: "with a timeout: 1" read as 1 s).
        if (f.failing > 0) parts << (f.failing == 1 ? tr("1 raises") : tr("%1 raise").arg(count(f.failing)));
        if (f.blocking > 0)
            parts << (f.blocking == 1 ? tr("1 blocks the loop") : tr("%1 block the loop").arg(count(f.blocking)));
        if (f.pooled > 0)
            parts << (f.pooled == 1 ? tr("1 runs a job in a pool") : tr("%1 run jobs in a pool").arg(count(f.pooled)));
        if (f.timeouts > 0)
            parts << (f.timeouts == 1 ? tr("1 with a timeout") : tr("%1 with a timeout").arg(count(f.timeouts)));
    }
    workloadLine_->setText(tr("On screen: %1.").arg(parts.join(QStringLiteral(" · "))));
    const bool ours = generated_ != 0 && workloadFingerprint(s) == generated_;
    if (!ours) seedWorkloadSettings(f);
    workloadHint_->setText(ours ? tr("Made by the settings below.")
                                : tr("The settings below start from these tasks; changing one replaces them with a "
                                     "generated workload (same limit and collector)."));
}

// The generator's settings as near as they go to the tasks on screen (a
// lesson's, an example's, a file's), so that they never contradict the
// line above them ("1.00 s of work each" over a typical duration of 1.5 s)
// and changing one setting keeps the rest of what was shown.
void ControlsPanel::seedWorkloadSettings(const WorkloadFacts& f) {
    if (f.tasks == 0) return;
    const double n = static_cast<double>(f.tasks);
    const double mean = (f.minWork + f.maxWork) / 2.0;
    const bool constant = f.maxWork - f.minWork <= 1e-9 * std::max(1.0, f.maxWork);
    const QSignalBlocker b1(dist_), b2(mean_), b3(spread_), b4(failure_), b5(arrivals_), b6(cpuShare_),
        b7(threadShare_), b8(count_);
    count_->setValue(static_cast<int>(std::min<std::size_t>(f.tasks, static_cast<std::size_t>(count_->maximum()))));
    dist_->setCurrentIndex(dist_->findData(static_cast<int>(constant ? WorkloadSpec::Dist::Constant
                                                                     : WorkloadSpec::Dist::Uniform)));
    mean_->setValue(mean);
    spread_->setValue(constant || mean <= 0.0 ? 0.0 : (f.maxWork - f.minWork) / 2.0 / mean);
    failure_->setValue(100.0 * static_cast<double>(f.failing) / n);
    // n arrivals from 0 to the last are n - 1 gaps (the generator's first
    // task arrives at 0): eight tasks 0.25 s apart arrive at 4 /s, not 4.6.
    arrivals_->setValue(f.lastArrival > 0.0 && f.tasks > 1 ? (n - 1.0) / f.lastArrival : 0.0);
    cpuShare_->setValue(100.0 * static_cast<double>(f.blocking) / n);
    threadShare_->setValue(100.0 * static_cast<double>(f.pooled) / n);
}

}  // namespace cs::ui
