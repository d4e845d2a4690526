#include "lab/limit_lab_panel.h"

#include <QComboBox>
#include <QDir>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QGraphicsLayout>
#include <QGridLayout>
#include <QMouseEvent>
#include <QResizeEvent>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QSpinBox>
#include <QSplitter>
#include <QTableView>
#include <QTimer>
#include <QVBoxLayout>
#include <QtCharts/QChart>
#include <QtCharts/QChartView>
#include <QtCharts/QLineSeries>
#include <QtCharts/QScatterSeries>
#include <algorithm>
#include <cmath>

#include "i18n/scenario_title.h"
#include "lab/comparison_model.h"
#include "lab/recommend.h"
#include "lab/sweep_chart.h"
#include "lab/sweep_runner.h"
#include "lab/sweep_table_model.h"
#include "lab/value_list.h"
#include "panels/eliding_combo_box.h"
#include "model/kinds.h"
#include "scenario/loader.h"

namespace cs::ui {

namespace {
using json = nlohmann::json;

const json* member(const json& doc, std::initializer_list<const char*> path) {
    const json* cur = &doc;
    for (const char* k : path) {
        if (!cur->is_object()) return nullptr;
        const auto it = cur->find(k);
        if (it == cur->end() || it->is_null()) return nullptr;
        cur = &*it;
    }
    return cur;
}

// Fields whose values are seconds or rates (a geometric float range suits
// them); the others are counts.
bool isFloatField(const QString& p) {
    return p.endsWith(QLatin1String("per_second")) || p.endsWith(QLatin1String(".rate")) ||
           p.endsWith(QLatin1String(".every")) || p.endsWith(QLatin1String("latency_target")) ||
           p.endsWith(QLatin1String("timeout")) || p.endsWith(QLatin1String("burst"));
}

QString shortText(double v) { return QString::fromStdString(lab::ValueList::make(v).text); }
}  // namespace

LimitLabPanel::LimitLabPanel(QWidget* parent)
    : QWidget(parent),
      runner_(new SweepRunner(this)),
      table_(new SweepTableModel(this)),
      comparison_(new ComparisonModel(QString(), this)) {
    buildUi();
    connect(runner_, &SweepRunner::pointReady, this, &LimitLabPanel::onPoint);
    connect(runner_, &SweepRunner::finished, this, &LimitLabPanel::onFinished);
    const QStringList bundled = bundledExperiments();
    if (!bundled.isEmpty()) openFile(bundled.front());
}

LimitLabPanel::~LimitLabPanel() = default;

QStringList LimitLabPanel::bundledExperiments() {
    QStringList out;
    const QDir dir(QStringLiteral(":/experiments"));
    // capacity first: the one whose recommendation the README walks through.
    QStringList names = dir.entryList({QStringLiteral("*.json")}, QDir::Files, QDir::Name);
    std::stable_sort(names.begin(), names.end(), [](const QString& a, const QString& b) {
        return a.startsWith(QLatin1String("capacity")) && !b.startsWith(QLatin1String("capacity"));
    });
    for (const QString& n : names) out << dir.filePath(n);
    return out;
}

void LimitLabPanel::buildUi() {
    auto* v = new QVBoxLayout(this);
    v->setContentsMargins(6, 6, 6, 6);

    sourceBox_ = new ElidingComboBox;
    sourceBox_->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    sourceBox_->setMinimumContentsLength(16);
    sourceBox_->setToolTip(tr("The scenario to sweep"));
    // Its name whole in the tooltip too (the box may end it in '…').
    connect(sourceBox_, &QComboBox::currentTextChanged, this, [this](const QString& text) {
        sourceBox_->setToolTip(tr("The scenario to sweep") + QLatin1Char('\n') + text);
    });
    sourceBox_->addItem(tr("Scenario on screen"), QStringLiteral("screen"));
    for (const QString& path : bundledExperiments())
        sourceBox_->addItem(tr("Experiment: %1").arg(ScenarioTitle::ofFile(path)), path);
    sourceBox_->addItem(tr("Open file…"), QStringLiteral("open"));
    connect(sourceBox_, &QComboBox::activated, this, &LimitLabPanel::onSourceActivated);
    paramBox_ = new QComboBox;
    paramBox_->setEditable(true);
    paramBox_->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    paramBox_->setMinimumContentsLength(14);
    paramBox_->setToolTip(tr("The field to vary, as a path: limit.value, service.capacity, "
                             "executor.max_workers, generate.count, tasks[3].steps[0].io, ..."));
    connect(paramBox_, &QComboBox::currentTextChanged, this, &LimitLabPanel::onParamChanged);
    valuesEdit_ = new QLineEdit;
    valuesEdit_->setPlaceholderText(QStringLiteral("1..16"));
    valuesEdit_->setToolTip(tr("1,2,4,8 · 1..64 (step 1) · 0.5..2+0.5 · 1..64x2 (geometric)"));
    connect(valuesEdit_, &QLineEdit::returnPressed, this, [this] { startSweep(); });
    jobsSpin_ = new QSpinBox;
    jobsSpin_->setRange(0, 256);
    jobsSpin_->setSpecialValueText(tr("auto"));
    jobsSpin_->setToolTip(tr("Worker threads (auto: one per hardware thread)"));
    runButton_ = new QPushButton(tr("Run sweep"));
    connect(runButton_, &QPushButton::clicked, this, [this] { startSweep(); });
    cancelButton_ = new QPushButton(tr("Cancel"));
    cancelButton_->setEnabled(false);
    connect(cancelButton_, &QPushButton::clicked, this, &LimitLabPanel::cancelSweep);
    progress_ = new QProgressBar;
    progress_->setRange(0, 1);
    progress_->setValue(0);
    progress_->setTextVisible(true);
    progress_->setFormat(QStringLiteral("%v/%m"));
    fieldLabel_ = new QLabel(tr("Field"));
    valuesLabel_ = new QLabel(tr("Values"));
    jobsLabel_ = new QLabel(tr("Jobs"));
    form_ = new QGridLayout;
    v->addLayout(form_);
    arrangeForm(false);

    status_ = new QLabel;
    status_->setWordWrap(true);
    status_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    v->addWidget(status_);

    split_ = new QSplitter(Qt::Horizontal);
    auto* split = split_;
    auto* qchart = new QChart;
    chart_ = std::make_unique<SweepChart>(qchart);
    qchart->setMargins(QMargins(4, 4, 4, 4));
    // No frame of the view's own around the chart: in a side column of a
    // 1280x720 screen three axes need every pixel of the width.
    qchart->layout()->setContentsMargins(0, 0, 0, 0);
    qchart->setBackgroundRoundness(0);
    chartView_ = new QChartView(qchart);  // the view owns the chart
    chartView_->setRenderHint(QPainter::Antialiasing);
    chartView_->setMinimumSize(240, 150);  // fits a side column of a 1280×720 screen
    chartView_->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Expanding);
    chartView_->setToolTip(tr("Click a point to load that setting into the timeline"));
    connect(chart_->throughputSeries(), &QLineSeries::clicked, this, &LimitLabPanel::onChartClicked);
    connect(chart_->p95Series(), &QLineSeries::clicked, this, &LimitLabPanel::onChartClicked);
    connect(chart_->recommendedSeries(), &QScatterSeries::clicked, this, &LimitLabPanel::onChartClicked);
    // In a side column the chart's vertical axes have no titles: this line
    // names the series in their colours instead (SweepChart::setCompact).
    chartKey_ = new QLabel;
    chartKey_->setObjectName(QStringLiteral("lab.chartKey"));
    chartKey_->setWordWrap(true);
    chartKey_->setTextFormat(Qt::RichText);
    chartKey_->setText(chart_->keyHtml());
    chartKey_->hide();
    auto* chartBox = new QWidget;
    auto* cv = new QVBoxLayout(chartBox);
    cv->setContentsMargins(0, 0, 0, 0);
    cv->setSpacing(2);
    cv->addWidget(chartKey_);
    cv->addWidget(chartView_, 1);
    split->addWidget(chartBox);

    auto* right = new QWidget;
    auto* rv = new QVBoxLayout(right);
    rv->setContentsMargins(0, 0, 0, 0);
    tableView_ = new QTableView;
    tableView_->setModel(table_);
    tableView_->setSelectionBehavior(QAbstractItemView::SelectRows);
    tableView_->setSelectionMode(QAbstractItemView::ExtendedSelection);
    tableView_->verticalHeader()->hide();
    tableView_->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    tableView_->setToolTip(tr("Select one row to compare it with the recommendation, two to "
                              "compare them; double-click to load it into the timeline"));
    // A double-click on a row loads it, whatever the first click did on the
    // way (it selects the row, and the comparison and Little's law lines
    // below re-lay the table out): QAbstractItemView::doubleClicked fires
    // only when the second press lands on the index the first one pressed,
    // which a double-click in the app did not reliably do.
    tableView_->viewport()->installEventFilter(this);
    connect(tableView_->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &LimitLabPanel::onSelectionChanged);
    rv->addWidget(tableView_, 3);
    little_ = new QLabel;
    little_->setWordWrap(true);
    rv->addWidget(little_);
    comparisonView_ = new QTableView;
    comparisonView_->setModel(comparison_);
    comparisonView_->horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);
    comparisonView_->setSelectionMode(QAbstractItemView::NoSelection);
    rv->addWidget(comparisonView_, 2);
    loadButton_ = new QPushButton(tr("Load selected setting into the timeline"));
    loadButton_->setEnabled(false);
    connect(loadButton_, &QPushButton::clicked, this, [this] {
        const QModelIndexList rows = tableView_->selectionModel()->selectedRows();
        if (!rows.isEmpty()) chooseRow(rows.front().row());
    });
    rv->addWidget(loadButton_);
    split->addWidget(right);
    split->setStretchFactor(0, 5);  // the chart is what people look at first
    split->setStretchFactor(1, 4);
    split->setChildrenCollapsible(false);
    // The chart keeps its share of the panel as the dock grows or floats
    // (the table's wide size hint would otherwise take every new pixel);
    // dragging the handle sets a new share.
    connect(split, &QSplitter::splitterMoved, this, [this] {
        const QList<int> s = split_->sizes();
        const int total = s.value(0) + s.value(1);
        if (total > 0) chartShare_ = std::clamp(static_cast<double>(s.value(0)) / total, 0.15, 0.85);
    });
    v->addWidget(split, 1);

    // Hundreds of points arriving quickly: redraw the chart at most every 50 ms.
    chartTimer_ = new QTimer(this);
    chartTimer_->setSingleShot(true);
    chartTimer_->setInterval(50);
    connect(chartTimer_, &QTimer::timeout, this, &LimitLabPanel::refreshChart);
}

void LimitLabPanel::arrangeForm(bool narrow) {
    // Wide: one row. Narrow (a side column, 1280×720): five short rows.
    narrow_ = narrow;
    QWidget* all[] = {sourceBox_, fieldLabel_, paramBox_, valuesLabel_, valuesEdit_,
                      jobsLabel_, jobsSpin_, runButton_, cancelButton_, progress_};
    for (QWidget* w : all) form_->removeWidget(w);
    for (int c = 0; c < 10; ++c) form_->setColumnStretch(c, 0);
    if (!narrow) {
        for (int c = 0; c < 10; ++c) form_->addWidget(all[c], 0, c);
        form_->setColumnStretch(0, 1);  // the experiment's whole name when there is room
        form_->setColumnStretch(2, 1);
        form_->setColumnStretch(4, 1);
        form_->setColumnStretch(9, 1);
        return;
    }
    form_->addWidget(sourceBox_, 0, 0, 1, 4);
    form_->addWidget(fieldLabel_, 1, 0);
    form_->addWidget(paramBox_, 1, 1, 1, 3);
    form_->addWidget(valuesLabel_, 2, 0);
    form_->addWidget(valuesEdit_, 2, 1, 1, 3);
    form_->addWidget(runButton_, 3, 0, 1, 2);
    form_->addWidget(cancelButton_, 3, 2);
    form_->addWidget(jobsLabel_, 4, 0);
    form_->addWidget(jobsSpin_, 4, 1);
    form_->addWidget(progress_, 4, 2, 1, 2);
    form_->setColumnStretch(1, 1);
    form_->setColumnStretch(3, 1);
}

int LimitLabPanel::wideFormWidth() const {
    int w = 0;
    for (QWidget* x : {static_cast<QWidget*>(sourceBox_), static_cast<QWidget*>(fieldLabel_),
                       static_cast<QWidget*>(paramBox_), static_cast<QWidget*>(valuesLabel_),
                       static_cast<QWidget*>(valuesEdit_), static_cast<QWidget*>(jobsLabel_),
                       static_cast<QWidget*>(jobsSpin_), static_cast<QWidget*>(runButton_),
                       static_cast<QWidget*>(cancelButton_), static_cast<QWidget*>(progress_)})
        w += x->sizeHint().width() + std::max(0, form_->horizontalSpacing());
    const QMargins m = layout()->contentsMargins();
    return w + m.left() + m.right();
}

QSize LimitLabPanel::minimumSizeHint() const {
    // The narrow arrangement's width, whatever the current one is: the
    // panel sits in a scroll area, and only a width it is given below the
    // wide arrangement's needs lets it switch to the narrow one.
    const QSize now = QWidget::minimumSizeHint();
    if (!loadButton_ || !chartView_) return now;
    const QMargins m = layout()->contentsMargins();
    int w = std::max({sourceBox_->minimumSizeHint().width(),
                      runButton_->minimumSizeHint().width() + cancelButton_->minimumSizeHint().width() + 60,
                      fieldLabel_->minimumSizeHint().width() + paramBox_->minimumSizeHint().width() + 6,
                      chartView_->minimumWidth(), loadButton_->minimumSizeHint().width()});
    return {w + m.left() + m.right() + 4, now.height()};
}

void LimitLabPanel::showComparison() {
    // Chart above table (a side column, presentation mode's included): a
    // setting alone is its row of the table already, and the rows need the
    // height (at 1280x720 the table showed one row under the comparison's).
    const bool shown = comparing_ || split_->orientation() == Qt::Horizontal;
    if (comparisonView_->isHidden() == shown) comparisonView_->setVisible(shown);
}

int LimitLabPanel::heightForWidth(int width) const {
    return layout() ? layout()->totalMinimumHeightForWidth(width) : QWidget::heightForWidth(width);
}

void LimitLabPanel::resizeEvent(QResizeEvent* e) {
    QWidget::resizeEvent(e);
    const bool narrow = width() < wideFormWidth();
    if (narrow != narrow_) arrangeForm(narrow);
    // Chart beside the table when there is room, above it otherwise.
    const Qt::Orientation o = width() >= kSideBySideWidth ? Qt::Horizontal : Qt::Vertical;
    if (split_->orientation() != o) split_->setOrientation(o);
    showComparison();
    // The chart's legend elides to "throug…" in a side column; there the
    // key over the chart names the series and the status line the ring.
    const bool compact = width() < kSideBySideWidth;
    chart_->chart()->legend()->setVisible(!compact);
    chart_->setCompact(compact);
    chartKey_->setVisible(compact);
    const int total = o == Qt::Horizontal ? split_->width() : split_->height();
    if (total > 0) {
        const int chart = static_cast<int>(std::lround(total * chartShare_));
        split_->setSizes({chart, total - chart});
    }
}

bool LimitLabPanel::eventFilter(QObject* watched, QEvent* e) {
    if (watched == tableView_->viewport() && e->type() == QEvent::MouseButtonDblClick) {
        const auto* me = static_cast<QMouseEvent*>(e);
        const QModelIndex i = tableView_->indexAt(me->position().toPoint());
        if (me->button() == Qt::LeftButton && i.isValid()) {
            tableView_->selectRow(i.row());
            chooseRow(i.row());
            return true;
        }
    }
    return QWidget::eventFilter(watched, e);
}

void LimitLabPanel::setScenarioSource(ScenarioSource source) { source_ = std::move(source); }

void LimitLabPanel::onSourceActivated(int index) {
    const QString data = sourceBox_->itemData(index).toString();
    QString error;
    bool ok = true;
    if (data == QLatin1String("screen")) {
        ok = useScenarioOnScreen(&error);
    } else if (data == QLatin1String("open")) {
        const QString path = QFileDialog::getOpenFileName(this, tr("Scenario to sweep"), QString(),
                                                          tr("Scenarios (*.json)"));
        if (path.isEmpty()) return;
        ok = openFile(path, &error);
    } else {
        ok = openFile(data, &error);
    }
    if (!ok) setStatus(error, true);
}

bool LimitLabPanel::openFile(const QString& path, QString* error) {
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) {
        if (error) *error = tr("%1: cannot read file").arg(path);
        return false;
    }
    const QByteArray bytes = f.readAll();
    json doc = json::parse(bytes.constData(), bytes.constData() + bytes.size(), nullptr, false);
    if (doc.is_discarded()) {
        if (error) *error = tr("%1: not JSON").arg(path);
        return false;
    }
    const int i = sourceBox_->findData(path);
    if (i >= 0) sourceBox_->setCurrentIndex(i);
    return setDocument(std::move(doc), QFileInfo(path).fileName(), error);
}

bool LimitLabPanel::useScenarioOnScreen(QString* error) {
    const std::optional<Scenario> s = source_ ? source_() : std::nullopt;
    if (!s) {
        if (error)
            *error = tr("The run on screen is a recorded one: its numbers are in its program's code, not in fields "
                        "a sweep can set. Change the limit there and run it again, or sweep a scenario.");
        return false;
    }
    sourceBox_->setCurrentIndex(0);
    // Its explicit task list: `generate` fields are gone, everything else sweeps.
    return setDocument(json::parse(toJson(*s, -1)), s->title.empty() ? tr("scenario on screen")
                                                                     : QString::fromStdString(s->title),
                       error);
}

bool LimitLabPanel::setDocument(json doc, const QString& name, QString* error) {
    const LoadResult r = parseScenario(doc.dump());
    if (!r.ok()) {
        const QString msg = QStringLiteral("%1: %2").arg(name, QString::fromStdString(r.error ? r.error->what() : ""));
        if (error) *error = msg;
        setStatus(msg, true);
        return false;
    }
    document_ = std::move(doc);
    documentName_ = name;
    clearResults();
    const QStringList params = candidateParams();
    const QSignalBlocker block(paramBox_);
    paramBox_->clear();
    paramBox_->addItems(params);
    const json* hintParam = member(document_, {"lab", "param"});
    const json* hintValues = member(document_, {"lab", "values"});
    if (hintParam && hintParam->is_string()) paramBox_->setCurrentText(QString::fromStdString(hintParam->get<std::string>()));
    else if (!params.isEmpty()) paramBox_->setCurrentIndex(0);
    if (hintValues && hintValues->is_string()) valuesEdit_->setText(QString::fromStdString(hintValues->get<std::string>()));
    else valuesEdit_->setText(defaultValuesFor(paramBox_->currentText()));
    setStatus(tr("%1: %2 tasks. Pick a field and values, then Run sweep.")
                  .arg(name)
                  .arg(r.scenario->tasks.size()));
    return true;
}

QStringList LimitLabPanel::candidateParams() const {
    QStringList out;
    const json* kind = member(document_, {"limit", "kind"});
    // The limit kind's own fields, its default sweep first.
    if (const std::optional<LimitKind> k = parseLimitKind(kind && kind->is_string() ? kind->get<std::string>() : "none"))
        for (const std::string_view field : limitKindInfo(*k).fields)
            out << QStringLiteral("limit.") + QString::fromUtf8(field.data(), static_cast<qsizetype>(field.size()));
    if (member(document_, {"service"})) {
        out << QStringLiteral("service.capacity") << QStringLiteral("service.queue_limit");
        if (member(document_, {"service", "rate_limit"}))
            out << QStringLiteral("service.rate_limit.per_second") << QStringLiteral("service.rate_limit.burst");
    }
    out << QStringLiteral("executor.max_workers");
    if (member(document_, {"generate"})) {
        out << QStringLiteral("generate.count");
        if (member(document_, {"generate", "arrive", "rate"})) out << QStringLiteral("generate.arrive.rate");
        if (member(document_, {"generate", "arrive", "every"})) out << QStringLiteral("generate.arrive.every");
        if (member(document_, {"generate", "fail", "rate"})) out << QStringLiteral("generate.fail.rate");
    }
    const json* ckind = member(document_, {"collect", "kind"});
    if (ckind && ckind->is_string())
        if (const std::optional<CollectKind> k = parseCollectKind(ckind->get<std::string>());
            k && collectKindInfo(*k).takesTimeout)
            out << QStringLiteral("collect.timeout");
    return out;
}

QString LimitLabPanel::valuesError(const lab::ValueListError& e) {
    using K = lab::ValueListError::Kind;
    const QString item = QString::fromStdString(e.item);
    switch (e.kind) {
        case K::Empty: return tr("Values: the list is empty (e.g. 1,2,4,8 or 1..64 or 1..64x2)");
        case K::EmptyItem: return tr("Values: an empty item (two commas in a row, or a comma at the end)");
        case K::NotANumber: return tr("Values: \"%1\" is not a number").arg(item);
        case K::NoStart: return tr("Values: \"%1\" needs a number before \"..\"").arg(item);
        case K::NoStepAfter:
            return tr("Values: \"%1\" needs a number after \"%2\"").arg(item, QChar::fromLatin1(e.sign));
        case K::NoEnd: return tr("Values: \"%1\" needs a number after \"..\"").arg(item);
        case K::EndBelowStart: return tr("Values: \"%1\" ends below its start").arg(item);
        case K::StepNotPositive: return tr("Values: in \"%1\" the step must be above 0").arg(item);
        case K::FactorNotAboveOne: return tr("Values: in \"%1\" the factor must be above 1").arg(item);
        case K::GeometricFromZero:
            return tr("Values: \"%1\", a range by a factor, must start above 0").arg(item);
        case K::TooMany:
            return item.isEmpty() ? tr("Values: more than %L1 values").arg(lab::ValueList::kMaxValues)
                                  : tr("Values: \"%1\" makes more than %L2 values")
                                        .arg(item)
                                        .arg(lab::ValueList::kMaxValues);
    }
    return {};
}

QString LimitLabPanel::defaultValuesFor(const QString& param) const {
    // Around the value the document has now.
    double current = 0.0;
    json::json_pointer ptr;
    try {
        std::string p(1, '/');
        p += param.toStdString();
        std::replace(p.begin(), p.end(), '.', '/');
        ptr = json::json_pointer(p);
        if (document_.contains(ptr) && document_.at(ptr).is_number()) current = document_.at(ptr).get<double>();
    } catch (const std::exception&) {
        current = 0.0;
    }
    if (isFloatField(param)) {
        if (!(current > 0.0)) return QStringLiteral("0.25..16x2");
        return QStringLiteral("%1..%2x2").arg(shortText(current / 4.0), shortText(current * 4.0));
    }
    const auto hi = static_cast<long long>(std::max(16.0, std::ceil(current * 2.0)));
    return QStringLiteral("1..%1").arg(hi);
}

void LimitLabPanel::onParamChanged() {
    const json* hintParam = member(document_, {"lab", "param"});
    const json* hintValues = member(document_, {"lab", "values"});
    if (hintParam && hintValues && hintParam->is_string() && hintValues->is_string() &&
        paramBox_->currentText().toStdString() == hintParam->get<std::string>())
        valuesEdit_->setText(QString::fromStdString(hintValues->get<std::string>()));
    else if (paramBox_->findText(paramBox_->currentText()) >= 0)
        valuesEdit_->setText(defaultValuesFor(paramBox_->currentText()));
}

void LimitLabPanel::setParam(const QString& param) { paramBox_->setCurrentText(param); }
void LimitLabPanel::setValues(const QString& values) { valuesEdit_->setText(values); }
void LimitLabPanel::setJobs(int jobs) { jobsSpin_->setValue(jobs); }
QString LimitLabPanel::param() const { return paramBox_->currentText().trimmed(); }
QString LimitLabPanel::values() const { return valuesEdit_->text().trimmed(); }
bool LimitLabPanel::isRunning() const { return runner_->isRunning(); }
QString LimitLabPanel::statusText() const { return status_->text(); }
QString LimitLabPanel::littleText() const { return little_->text(); }

void LimitLabPanel::setStatus(const QString& text, bool error) {
    statusIsError_ = error;
    status_->setText(text);
    status_->setStyleSheet(error ? QStringLiteral("color: #c0392b;") : QString());
}

bool LimitLabPanel::startSweep(QString* error) {
    if (document_.is_null()) {
        if (error) *error = tr("No scenario to sweep");
        setStatus(tr("No scenario to sweep"), true);
        return false;
    }
    auto list = lab::ValueList::read(values().toStdString());
    if (auto* bad = std::get_if<lab::ValueListError>(&list)) {
        const QString msg = valuesError(*bad);
        if (error) *error = msg;
        setStatus(msg, true);
        return false;
    }
    auto prepared = lab::Sweep::prepare(document_, param().toStdString(),
                                        std::get<std::vector<lab::SweepValue>>(std::move(list)));
    if (auto* err = std::get_if<std::string>(&prepared)) {
        const QString msg = QString::fromStdString(*err);
        if (error) *error = msg;
        setStatus(msg, true);
        return false;
    }
    sweep_.emplace(std::get<lab::Sweep>(std::move(prepared)));
    const auto& values = sweep_->values();
    comparison_->setParam(param());
    showEmptyResults(param(), values, tr("%1 — %2").arg(documentName_, param()));
    progress_->setRange(0, static_cast<int>(values.size()));
    runButton_->setEnabled(false);
    cancelButton_->setEnabled(true);
    loadButton_->setEnabled(false);
    setStatus(tr("Sweeping %1 over %2 values…").arg(param()).arg(values.size()));
    runner_->start(*sweep_, static_cast<unsigned>(jobsSpin_->value()));
    return true;
}

void LimitLabPanel::cancelSweep() { runner_->cancel(); }

void LimitLabPanel::clearResults() {
    if (runner_->isRunning()) {
        dropped_ = runner_->generation();  // (before cancel(): it tells its end at once)
        runner_->cancel();
    }
    chartTimer_->stop();
    showEmptyResults(QString(), {}, QString());
    runButton_->setEnabled(true);
    cancelButton_->setEnabled(false);
}

void LimitLabPanel::showEmptyResults(const QString& param, const std::vector<lab::SweepValue>& values,
                                     const QString& title) {
    table_->reset(values);
    comparison_->setPoints(std::nullopt, std::nullopt);
    comparing_ = false;
    showComparison();
    little_->clear();
    chart_->reset(param, values);
    chartKey_->setText(chart_->keyHtml());
    chart_->chart()->setTitle(title);
    progress_->setValue(0);
}

void LimitLabPanel::onPoint(quint64 generation, int index, const lab::SweepPoint& point, int done, int) {
    // (A sweep the user replaced, or one of a source no longer shown.)
    if (generation != runner_->generation() || generation == dropped_) return;
    table_->setPoint(index, point);
    progress_->setValue(done);
    if (!chartTimer_->isActive()) chartTimer_->start();
}

void LimitLabPanel::refreshChart() {
    const auto rec = lab::Recommender::pick(table_->points(), table_->finished());
    table_->setRecommended(rec ? std::optional<int>(static_cast<int>(rec->index)) : std::nullopt);
    chart_->setPoints(table_->points(), table_->finished(), rec ? std::optional<std::size_t>(rec->index) : std::nullopt);
    chartKey_->setText(chart_->keyHtml());  // the errors series comes and goes
}

void LimitLabPanel::onFinished(quint64 generation, bool cancelled, const QString& error) {
    if (generation != runner_->generation() || generation == dropped_) return;
    chartTimer_->stop();
    refreshChart();
    runButton_->setEnabled(true);
    cancelButton_->setEnabled(false);
    if (!error.isEmpty()) {
        setStatus(error, true);
    } else {
        const auto rec = table_->recommended();
        QString text;
        if (rec) {
            // Worded here (the CLI's Recommender::describe is English): the numbers as it spells them.
            const lab::SweepPoint& p = table_->points()[static_cast<std::size_t>(*rec)];
            const QString value = QString::fromStdString(p.value.text);
            const QString thr = QString::fromStdString(lab::Recommender::shortNumber(p.throughput));
            text = p.p95 ? tr("Recommended: %1 = %2 (throughput %3/s, p95 %4 s)")
                               .arg(param(), value, thr,
                                    QString::fromStdString(lab::Recommender::shortNumber(*p.p95)))
                         : tr("Recommended: %1 = %2 (throughput %3/s)").arg(param(), value, thr);
        } else {
            text = tr("No value keeps the error rate below 1% within 5% of the best throughput.");
        }
        if (cancelled) text = tr("Cancelled after %1 of %2 values. ").arg(table_->finishedCount()).arg(table_->rowCount()) + text;
        setStatus(text);
        if (rec && tableView_->selectionModel()->selectedRows().isEmpty()) compareRows(*rec, -1);
        // The recommended row in view (a short screen shows three rows of sixteen).
        if (rec) tableView_->scrollTo(table_->index(*rec, 0), QAbstractItemView::PositionAtCenter);
    }
    emit sweepFinished(!cancelled && error.isEmpty());
}

void LimitLabPanel::onChartClicked(const QPointF& p) {
    // The nearest point that ran, by x (on a log axis, by ratio).
    const auto& pts = table_->points();
    int best = -1;
    double bestDist = 0.0;
    for (std::size_t i = 0; i < pts.size(); ++i) {
        if (!table_->finished()[i]) continue;
        const double x = pts[i].value.value;
        const double d = (x > 0 && p.x() > 0) ? std::abs(std::log(x / p.x())) : std::abs(x - p.x());
        if (best < 0 || d < bestDist) {
            best = static_cast<int>(i);
            bestDist = d;
        }
    }
    if (best < 0) return;
    tableView_->selectRow(best);
    chooseRow(best);
}

bool LimitLabPanel::chooseRow(int row) {
    if (!sweep_ || row < 0 || row >= table_->rowCount()) return false;
    // A row of several runs (a generated workload's seeds) is their medians:
    // the timeline gets the run of median throughput, and its title says
    // which (the first seed's run showed other numbers than the row's).
    const auto i = static_cast<std::size_t>(row);
    const bool done = table_->finished()[i];
    const lab::SweepPoint& p = table_->points()[i];
    const std::size_t seed = done && p.seeds > 1 ? p.medianRun : 0;
    const LoadResult r = sweep_->scenarioFor(sweep_->values()[i], seed);
    if (!r.ok()) return false;
    Scenario s = *r.scenario;
    const QString setting = QStringLiteral("%1 = %2").arg(param(), QString::fromStdString(sweep_->values()[i].text));
    const QString which = done && p.seeds > 1
                              ? tr("%1, run %2 of %3: the median throughput").arg(setting).arg(seed + 1).arg(p.seeds)
                              : setting;
    const QString suffix = QStringLiteral(" [%1]").arg(which);
    s.title += suffix.toStdString();
    for (auto& [lang, text] : s.i18n)
        if (!text.title.empty()) text.title += suffix.toStdString();
    emit scenarioChosen(std::move(s));
    return true;
}

void LimitLabPanel::onSelectionChanged() {
    QModelIndexList rows = tableView_->selectionModel()->selectedRows();
    std::sort(rows.begin(), rows.end(), [](const QModelIndex& a, const QModelIndex& b) { return a.row() < b.row(); });
    loadButton_->setEnabled(rows.size() == 1 && sweep_.has_value());
    if (rows.size() >= 2) {
        compareRows(rows[0].row(), rows[1].row());
    } else if (rows.size() == 1) {
        // One row: against the recommendation (or alone).
        const auto rec = table_->recommended();
        compareRows(rec && *rec != rows[0].row() ? *rec : rows[0].row(), rec && *rec != rows[0].row() ? rows[0].row() : -1);
    }
}

void LimitLabPanel::compareRows(int a, int b) {
    auto pointAt = [&](int r) -> std::optional<lab::SweepPoint> {
        if (r < 0 || r >= table_->rowCount() || !table_->finished()[static_cast<std::size_t>(r)]) return std::nullopt;
        return table_->points()[static_cast<std::size_t>(r)];
    };
    const auto pa = pointAt(a), pb = pointAt(b);
    comparison_->setPoints(pa, pb);
    comparing_ = pb.has_value();
    showComparison();
    // Little's law for what is being looked at.
    QStringList lines;
    for (const auto& p : {pa, pb}) {
        if (!p) continue;
        // λ: every task that ended after its request, failed and cancelled
        // too (spec section 5), not the throughput (done only): with
        // failures the two differ, and "13.86/s × 0.4834 s = 9.052" did
        // not multiply out.
        lines << tr("%1 = %2: L = %3 tasks in the system on average; λ·W = %4/s × %5 s = %6%7")
                     .arg(param(), QString::fromStdString(p->value.text), SweepTableModel::number(p->meanInSystem),
                          SweepTableModel::number(p->lambda), SweepTableModel::number(p->meanLatency),
                          SweepTableModel::number(p->littleProduct()),
                          p->failed + p->cancelled > 0
                              ? tr(" (λ counts the tasks that ended: failed and cancelled ones too, which the "
                                   "throughput, %1/s, leaves out)")
                                    .arg(SweepTableModel::number(p->throughput))
                              : QString());
    }
    little_->setText(lines.join(QLatin1Char('\n')));
}

}  // namespace cs::ui
