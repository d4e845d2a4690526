#pragma once
// The Limit lab: sweep one field of a scenario (a limit, the service's
// capacity, the executor's workers, ...) over a list of values, watch
// throughput and p95 latency fill in per value, see which value the lab
// recommends and Little's law per point, compare two settings side by side,
// and load any setting into the main timeline (scenarioChosen).
//
// Sweeps run off the GUI thread (SweepRunner); starting another or
// cancelling drops the old one's late results.
#include <QWidget>
#include <functional>
#include <memory>
#include <optional>

#include <nlohmann/json.hpp>

#include "lab/sweep.h"
#include "model/scenario.h"

class QChartView;
class QComboBox;
class QGridLayout;
class QSplitter;
class QLabel;
class QLineEdit;
class QProgressBar;
class QPushButton;
class QSpinBox;
class QTableView;
class QTimer;

namespace cs::ui {

class ComparisonModel;
class SweepChart;
class SweepRunner;
class SweepTableModel;

class LimitLabPanel : public QWidget {
    Q_OBJECT
public:
    using ScenarioSource = std::function<std::optional<Scenario>()>;

    explicit LimitLabPanel(QWidget* parent = nullptr);
    ~LimitLabPanel() override;

    // Where "Scenario on screen" comes from (the main window's session).
    void setScenarioSource(ScenarioSource source);

    // The document to sweep: a file (":/experiments/NAME.json" for a bundled
    // one), the scenario on screen, or a JSON document. A document's
    // optional "lab": {"param", "values"} preselects what to sweep.
    bool openFile(const QString& path, QString* error = nullptr);
    bool useScenarioOnScreen(QString* error = nullptr);
    bool setDocument(nlohmann::json doc, const QString& name, QString* error = nullptr);
    static QStringList bundledExperiments();  // resource paths

    void setParam(const QString& param);
    void setValues(const QString& values);
    void setJobs(int jobs);  // 0 = one per hardware thread
    QString param() const;
    QString values() const;
    // The fields offered for the current document (any field may be typed).
    QStringList candidateParams() const;

    // Starts a sweep of the current document; false (and the reason in the
    // status line and *error) when the field or list is refused.
    bool startSweep(QString* error = nullptr);
    void cancelSweep();
    bool isRunning() const;

    // Loads row's setting into the main timeline (emits scenarioChosen).
    bool chooseRow(int row);
    // Shows rows a and b side by side (-1: leave that side empty).
    void compareRows(int a, int b);

    SweepTableModel* tableModel() const { return table_; }
    ComparisonModel* comparisonModel() const { return comparison_; }
    SweepChart* sweepChart() const { return chart_.get(); }
    SweepRunner* runner() const { return runner_; }
    QTableView* tableView() const { return tableView_; }
    QChartView* chartView() const { return chartView_; }
    QSplitter* splitter() const { return split_; }
    // Below this width the chart goes above the table instead of beside it.
    static constexpr int kSideBySideWidth = 720;
    // The narrow arrangement's minimum (the panel lives in a scroll area).
    QSize minimumSizeHint() const override;
    // What a scroll area must give the panel at that width: its minimum, with
    // the wrapped lines' heights. The layout's own answer is the preferred
    // height (the chart's and the tables' size hints): the scroll area made
    // the panel that tall (1051 px at 1280x720) and the chart's lower part,
    // the table, scrolled out of a dock that had room for all of them.
    int heightForWidth(int width) const override;
    QString statusText() const;
    QString littleText() const;

signals:
    void scenarioChosen(cs::Scenario scenario);
    void sweepFinished(bool complete);

protected:
    void resizeEvent(QResizeEvent* e) override;
    bool eventFilter(QObject* watched, QEvent* e) override;

private:
    void buildUi();
    // The comparison table, unless it would repeat a row of the table in a side column.
    void showComparison();
    void arrangeForm(bool narrow);
    int wideFormWidth() const;
    void onSourceActivated(int index);
    void onParamChanged();
    void onPoint(quint64 generation, int index, const cs::lab::SweepPoint& point, int done, int total);
    void onFinished(quint64 generation, bool cancelled, const QString& error);
    void refreshChart();
    void onChartClicked(const QPointF& p);
    void onSelectionChanged();
    void setStatus(const QString& text, bool error = false);
    // Another source: the rows, chart and comparison of the last sweep were
    // another scenario's; a sweep still running is cancelled and ignored.
    void clearResults();
    // The table and chart with a row and a point slot for each of `values`
    // (none: empty), no comparison, no Little's law, progress at 0.
    void showEmptyResults(const QString& param, const std::vector<cs::lab::SweepValue>& values,
                          const QString& title);
    QString defaultValuesFor(const QString& param) const;
    // What is wrong with the Values field, in the app's language (the CLI
    // spells it with its option's name: ValueListError::message()).
    static QString valuesError(const cs::lab::ValueListError& e);

    nlohmann::json document_;
    QString documentName_;
    std::optional<lab::Sweep> sweep_;   // the running/last sweep: its scenarios for chooseRow
    ScenarioSource source_;

    SweepRunner* runner_;
    SweepTableModel* table_;
    ComparisonModel* comparison_;
    std::unique_ptr<SweepChart> chart_;
    QComboBox* sourceBox_ = nullptr;
    QComboBox* paramBox_ = nullptr;
    QLineEdit* valuesEdit_ = nullptr;
    QSpinBox* jobsSpin_ = nullptr;
    QPushButton* runButton_ = nullptr;
    QPushButton* cancelButton_ = nullptr;
    QPushButton* loadButton_ = nullptr;
    QProgressBar* progress_ = nullptr;
    QLabel* status_ = nullptr;
    QLabel* little_ = nullptr;
    QChartView* chartView_ = nullptr;
    QLabel* chartKey_ = nullptr;
    QTableView* tableView_ = nullptr;
    QTableView* comparisonView_ = nullptr;
    bool comparing_ = false;  // the comparison has two settings
    // A sweep of a source the panel no longer shows (clearResults): its late
    // points and end are not this source's (0: none).
    quint64 dropped_ = 0;
    QTimer* chartTimer_ = nullptr;
    QGridLayout* form_ = nullptr;
    QLabel* fieldLabel_ = nullptr;
    QLabel* valuesLabel_ = nullptr;
    QLabel* jobsLabel_ = nullptr;
    QSplitter* split_ = nullptr;
    bool narrow_ = false;
    double chartShare_ = 0.55;  // of the splitter, for the chart
    bool statusIsError_ = false;
};

}  // namespace cs::ui
