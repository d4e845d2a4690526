// The Limit lab panel offscreen: a sweep fills the table and the chart with
// one point per value, the recommendation is marked, a click loads a
// setting, stale sweeps are dropped, and the item models pass
// QAbstractItemModelTester.
#include <QAbstractItemModelTester>
#include <QDockWidget>
#include <QFile>
#include <QImage>
#include <QLocale>
#include <QSignalSpy>
#include <QSplitter>
#include <QtCharts/QAbstractAxis>
#include <QtCharts/QChart>
#include <QtCharts/QChartView>
#include <QTableView>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>
#include <QtCharts/QLineSeries>
#include <QtCharts/QScatterSeries>
#include <catch2/catch.hpp>

#include "lab/comparison_model.h"
#include "lab/limit_lab_panel.h"
#include "lab/sweep_chart.h"
#include "lab/sweep_runner.h"
#include "lab/sweep_table_model.h"
#include "live/live_runner.h"
#include "live/session.h"
#include "model/run_config.h"
#include "model/run_model.h"
#include "program/simulation.h"
#include "main_window.h"
#include "scenario/loader.h"
#include "../ui/model_test_guard.h"

using namespace cs;
using namespace cs::ui;

namespace {
using test::g_problems;
using Guard = test::ModelTestGuard;

bool runToEnd(LimitLabPanel& panel, int timeoutMs = 60000) {
    QSignalSpy spy(&panel, &LimitLabPanel::sweepFinished);
    if (!panel.startSweep()) return false;
    if (!spy.wait(timeoutMs)) return false;
    return spy.count() == 1 && spy.at(0).at(0).toBool();
}
}  // namespace

TEST_CASE("the bundled experiments are in the resources and the panel opens the capacity one") {
    const QStringList bundled = LimitLabPanel::bundledExperiments();
    REQUIRE(bundled.size() == 3);
    CHECK(bundled.front().endsWith(QLatin1String("capacity-8-service.json")));
    LimitLabPanel panel;
    CHECK(panel.param() == QLatin1String("limit.value"));
    CHECK(panel.values() == QLatin1String("1..16"));
    CHECK(panel.candidateParams().contains(QStringLiteral("service.capacity")));
    CHECK(panel.candidateParams().contains(QStringLiteral("generate.count")));
}

TEST_CASE("running a small sweep fills the table and both series with one point per value") {
    Guard guard;
    LimitLabPanel panel;
    QAbstractItemModelTester t1(panel.tableModel(), QAbstractItemModelTester::FailureReportingMode::Warning);
    QAbstractItemModelTester t2(panel.comparisonModel(), QAbstractItemModelTester::FailureReportingMode::Warning);
    panel.setValues(QStringLiteral("1..6"));
    panel.setJobs(2);
    REQUIRE(runToEnd(panel));
    SweepTableModel* table = panel.tableModel();
    REQUIRE(table->rowCount() == 6);
    CHECK(table->finishedCount() == 6);
    for (int r = 0; r < 6; ++r) {
        CHECK(table->data(table->index(r, SweepTableModel::Value)).toString() == QString::number(r + 1));
        CHECK(table->data(table->index(r, SweepTableModel::Throughput), SweepTableModel::SortRole).toDouble() > 0.0);
        CHECK(table->data(table->index(r, 0), SweepTableModel::FinishedRole).toBool());
    }
    CHECK(panel.sweepChart()->throughputSeries()->count() == 6);
    CHECK(panel.sweepChart()->p95Series()->count() == 6);
    // Throughput grows with the limit below the service's capacity.
    CHECK(panel.sweepChart()->throughputSeries()->at(5).y() > panel.sweepChart()->throughputSeries()->at(0).y());
    // The comparison and Little's law follow a selection.
    panel.tableView()->selectRow(1);
    panel.compareRows(0, 5);
    CHECK(panel.comparisonModel()->headerData(ComparisonModel::A, Qt::Horizontal).toString() ==
          QLatin1String("A: limit.value = 1"));
    CHECK(panel.comparisonModel()->headerData(ComparisonModel::B, Qt::Horizontal).toString() ==
          QLatin1String("B: limit.value = 6"));
    CHECK_FALSE(panel.comparisonModel()->data(panel.comparisonModel()->index(ComparisonModel::Throughput,
                                                                              ComparisonModel::Change))
                    .toString()
                    .isEmpty());
    CHECK(panel.littleText().contains(QStringLiteral("λ·W")));
    CHECK(g_problems.isEmpty());
}

TEST_CASE("the capacity experiment's sweep marks 8 as recommended in the table and the chart") {
    LimitLabPanel panel;
    panel.setJobs(2);
    REQUIRE(runToEnd(panel));
    const auto rec = panel.tableModel()->recommended();
    REQUIRE(rec);
    CHECK(panel.tableModel()->points()[static_cast<std::size_t>(*rec)].value.text == "8");
    CHECK(panel.tableModel()->data(panel.tableModel()->index(*rec, 0), SweepTableModel::RecommendedRole).toBool());
    REQUIRE(panel.sweepChart()->recommendedSeries()->count() == 1);
    CHECK(panel.sweepChart()->recommendedSeries()->at(0).x() == 8.0);
    CHECK(panel.statusText().startsWith(QLatin1String("Recommended: limit.value = 8")));
    // COROSCOPE_LAB_SHOT=out.png keeps a picture of the panel (docs, eyeballing).
    if (const QString shot = qEnvironmentVariable("COROSCOPE_LAB_SHOT"); !shot.isEmpty()) {
        panel.resize(1500, 560);
        panel.tableView()->selectRow(12);
        panel.grab().save(shot);
    }
}

TEST_CASE("after a sweep the recommended row is in view, on a short screen too") {
    // The Limit lab docked at 1280x720 shows three rows of the sixteen: the
    // recommendation (8) was below them.
    LimitLabPanel panel;
    panel.setJobs(2);
    panel.resize(360, 640);
    panel.show();
    REQUIRE(QTest::qWaitForWindowExposed(&panel));
    REQUIRE(runToEnd(panel));
    const auto rec = panel.tableModel()->recommended();
    REQUIRE(rec);
    REQUIRE(*rec >= 5);
    QCoreApplication::processEvents();
    QTableView* view = panel.tableView();
    const QRect row = view->visualRect(panel.tableModel()->index(*rec, 0));
    CHECK(view->viewport()->rect().intersects(row));
    CHECK_FALSE(view->viewport()->rect().intersects(view->visualRect(panel.tableModel()->index(0, 0))));
}

TEST_CASE("clicking a point loads that setting into the timeline") {
    LimitLabPanel panel;
    panel.setValues(QStringLiteral("2,4,8"));
    REQUIRE(runToEnd(panel));
    std::optional<Scenario> chosen;
    QObject::connect(&panel, &LimitLabPanel::scenarioChosen, [&](const Scenario& s) { chosen = s; });
    emit panel.sweepChart()->throughputSeries()->clicked(QPointF(4.3, 1.0));
    REQUIRE(chosen);
    CHECK(chosen->limit.value == 4);
    CHECK(chosen->tasks.size() == 400);
    // A generated workload's row is the medians of its seeds' runs: the
    // timeline gets the run of median throughput and says so (it got the
    // first seed's, whose numbers were not the row's).
    const lab::SweepPoint& row = panel.tableModel()->points()[1];
    REQUIRE(row.seeds > 1);
    CHECK(QString::fromStdString(chosen->title)
              .endsWith(QStringLiteral("[limit.value = 4, run %1 of %2: the median throughput]")
                            .arg(row.medianRun + 1)
                            .arg(row.seeds)));
    {
        RunModel m(RunConfig::forScenario(*chosen), RunModel::Mode::MetricsOnly);
        Simulation sim(*chosen, m);
        sim.run();
        CHECK(m.metrics().throughput == row.throughput);
    }
    chosen.reset();
    CHECK(panel.chooseRow(2));
    REQUIRE(chosen);
    CHECK(chosen->limit.value == 8);
}

TEST_CASE("a new sweep drops the results of the one it replaced, and cancel stops early") {
    LimitLabPanel panel;
    panel.setJobs(1);
    panel.setValues(QStringLiteral("1..200"));
    QSignalSpy finished(&panel, &LimitLabPanel::sweepFinished);
    REQUIRE(panel.startSweep());
    const quint64 first = panel.runner()->generation();
    panel.setValues(QStringLiteral("3,5"));
    REQUIRE(panel.startSweep());  // replaces the first, which reports nothing
    CHECK(panel.runner()->generation() == first + 1);
    CHECK(finished.count() == 0);
    CHECK(panel.isRunning());
    CHECK(panel.statusText().startsWith(QLatin1String("Sweeping limit.value over 2 values")));
    REQUIRE(finished.wait(60000));
    CHECK(finished.count() == 1);
    CHECK(finished.at(0).at(0).toBool());
    // Only the second sweep's values are in the table, all of them finished.
    REQUIRE(panel.tableModel()->rowCount() == 2);
    CHECK(panel.tableModel()->finishedCount() == 2);
    CHECK(panel.tableModel()->points()[0].value.text == "3");
    CHECK(panel.tableModel()->points()[1].value.text == "5");
    CHECK(panel.sweepChart()->throughputSeries()->count() == 2);

    finished.clear();
    panel.setValues(QStringLiteral("1..300"));
    REQUIRE(panel.startSweep());
    panel.cancelSweep();
    CHECK_FALSE(panel.isRunning());
    REQUIRE(finished.count() == 1);
    CHECK_FALSE(finished.at(0).at(0).toBool());
    CHECK(panel.statusText().startsWith(QLatin1String("Cancelled")));
    // Late points of the cancelled sweep never reach the table.
    QSignalSpy wait(panel.runner(), &SweepRunner::pointReady);
    wait.wait(300);
    CHECK(wait.count() == 0);
    CHECK(panel.tableModel()->finishedCount() < 300);
}

TEST_CASE("a bad field or list is refused, the list's fault worded for the Values field (not the CLI's --values)") {
    LimitLabPanel panel;
    QString error;
    panel.setParam(QStringLiteral("limit.foo"));
    CHECK_FALSE(panel.startSweep(&error));
    CHECK(error == QLatin1String("--param limit.foo: not a field of this scenario"));
    CHECK(panel.statusText() == error);
    panel.setParam(QStringLiteral("limit.value"));
    // The field is "Values" (a translated label): its errors are the app's
    // own text, translated with it; they named the CLI's option, in English.
    const std::pair<const char*, const char*> cases[] = {
        {"8..1", "Values: \"8..1\" ends below its start"},
        {"9..11=0.25", "Values: \"9..11=0.25\" needs a number after \"..\""},
        {"1..8+", "Values: \"1..8+\" needs a number after \"+\""},
        {"2,,4", "Values: an empty item (two commas in a row, or a comma at the end)"},
        {" ", "Values: the list is empty (e.g. 1,2,4,8 or 1..64 or 1..64x2)"},
        {"0..8x2", "Values: \"0..8x2\", a range by a factor, must start above 0"},
        {"1..1e9", "Values: \"1..1e9\" makes more than %1 values"},
    };
    for (const auto& [list, said] : cases) {
        INFO(list);
        panel.setValues(QString::fromUtf8(list));
        CHECK_FALSE(panel.startSweep(&error));
        // (10,000 in the locale's digits, as %L spells it)
        CHECK(error == QString::fromUtf8(said).replace(QLatin1String("%1"), QLocale().toString(10000)));
        CHECK(panel.statusText() == error);
        CHECK_FALSE(panel.isRunning());
    }
}

TEST_CASE("the scenario on screen can be swept") {
    LimitLabPanel panel;
    const LoadResult r = loadScenarioFile(COROSCOPE_SOURCE_DIR "/resources/scenarios/21-service-overloaded.json");
    REQUIRE(r.ok());
    panel.setScenarioSource([&] { return std::optional<Scenario>(*r.scenario); });
    REQUIRE(panel.useScenarioOnScreen());
    CHECK(panel.param() == QLatin1String("limit.value"));
    CHECK(panel.candidateParams().contains(QStringLiteral("service.queue_limit")));
    panel.setValues(QStringLiteral("1..8"));
    REQUIRE(runToEnd(panel));
    CHECK(panel.tableModel()->finishedCount() == 8);
}

TEST_CASE("a sweep chart renders to a PNG offscreen") {
    LimitLabPanel panel;
    panel.setValues(QStringLiteral("1..64x2"));
    REQUIRE(runToEnd(panel));
    QTemporaryDir dir;
    const std::string path = (dir.path() + QStringLiteral("/sweep.png")).toStdString();
    std::string error;
    const auto rec = panel.tableModel()->recommended();
    REQUIRE(SweepChart::renderPng("limit.value", panel.tableModel()->points(),
                                  rec ? std::optional<std::size_t>(static_cast<std::size_t>(*rec)) : std::nullopt,
                                  path, error, 800, 500));
    const QImage image(QString::fromStdString(path));
    CHECK(image.width() == 800);
    CHECK(image.height() == 500);
}

TEST_CASE("the main window's Limit lab dock loads a chosen setting into the timeline") {
    MainWindow w;
    LimitLabPanel* lab = w.limitLab();
    REQUIRE(lab);
    auto* dock = w.findChild<QDockWidget*>(QStringLiteral("dock.lab"));
    REQUIRE(dock);
    CHECK(dock->isAncestorOf(lab));
    lab->setValues(QStringLiteral("4,8"));
    REQUIRE(runToEnd(*lab));
    REQUIRE(lab->chooseRow(0));
    CHECK(w.session()->scenario().limit.value == 4);
    CHECK(w.session()->scenario().tasks.size() == 400);
    // And back: the scenario on screen is what "Scenario on screen" sweeps.
    REQUIRE(lab->useScenarioOnScreen());
    CHECK(lab->param() == QLatin1String("limit.value"));
    lab->setValues(QStringLiteral("2,4"));
    REQUIRE(runToEnd(*lab));
    CHECK(lab->tableModel()->points()[1].ok == 400);
}

TEST_CASE("double-clicking a row of the table loads that setting into the main window's timeline") {
    MainWindow w;
    w.resize(1600, 1000);
    w.show();
    REQUIRE(QTest::qWaitForWindowExposed(&w));
    LimitLabPanel* lab = w.limitLab();
    w.findChild<QDockWidget*>(QStringLiteral("dock.lab"))->raise();
    lab->setValues(QStringLiteral("2,5,9"));
    REQUIRE(runToEnd(*lab));
    QTableView* table = lab->tableView();
    const QRect cell = table->visualRect(table->model()->index(1, SweepTableModel::Throughput));
    REQUIRE(cell.isValid());
    QTest::mouseDClick(table->viewport(), Qt::LeftButton, {}, cell.center());
    QCoreApplication::processEvents();
    CHECK(w.session()->scenario().limit.value == 5);
    const lab::SweepPoint& row = lab->tableModel()->points()[1];
    CHECK(QString::fromStdString(w.session()->scenario().title)
              .endsWith(QStringLiteral("[limit.value = 5, run %1 of %2: the median throughput]")
                            .arg(row.medianRun + 1)
                            .arg(row.seeds)));
    CHECK(w.runner()->isPlaying());
}

TEST_CASE("the chart keeps its share of the panel as the dock grows or floats, and goes above the table when "
          "narrow") {
    MainWindow w;
    w.show();
    REQUIRE(QTest::qWaitForWindowExposed(&w));
    LimitLabPanel* lab = w.limitLab();
    QDockWidget* dock = w.findChild<QDockWidget*>(QStringLiteral("dock.lab"));
    dock->setFloating(true);
    for (const QSize size : {QSize(1400, 700), QSize(900, 500), QSize(1800, 800)}) {
        CAPTURE(size.width(), size.height());
        dock->resize(size);
        QCoreApplication::processEvents();
        REQUIRE(lab->splitter()->orientation() == Qt::Horizontal);
        CHECK(lab->chartView()->width() >= lab->width() * 0.45);
        CHECK(lab->chartView()->height() >= lab->height() * 0.5);
    }
    // A side column: the chart over the table, the whole width.
    dock->resize(340, 900);
    QCoreApplication::processEvents();
    CHECK(lab->splitter()->orientation() == Qt::Vertical);
    CHECK(lab->chartView()->width() >= lab->width() - 40);
    CHECK(lab->chartView()->height() >= 150);
}

TEST_CASE("the comparison prints counts as integers and measures as decimals") {
    LimitLabPanel panel;
    panel.setValues(QStringLiteral("4,8"));
    REQUIRE(runToEnd(panel));
    panel.compareRows(0, 1);
    ComparisonModel* m = panel.comparisonModel();
    auto cell = [&](int row, int col) { return m->data(m->index(row, col)).toString(); };
    for (int row : {ComparisonModel::Ok, ComparisonModel::Failed, ComparisonModel::Cancelled,
                    ComparisonModel::PeakInFlight}) {
        CAPTURE(row);
        for (int col : {ComparisonModel::A, ComparisonModel::B, ComparisonModel::Difference}) {
            bool isInt = false;
            cell(row, col).toLongLong(&isInt);
            CHECK(isInt);
        }
    }
    CHECK(cell(ComparisonModel::Ok, ComparisonModel::A) == QLatin1String("400"));
    CHECK(cell(ComparisonModel::PeakInFlight, ComparisonModel::B) == QLatin1String("8"));
    CHECK(cell(ComparisonModel::Makespan, ComparisonModel::A).contains(QLatin1Char('.')));
    // The error rate's difference is in percentage points, without a relative change.
    CHECK(cell(ComparisonModel::ErrorRate, ComparisonModel::Difference).endsWith(QLatin1String(" pp")));
    CHECK(cell(ComparisonModel::ErrorRate, ComparisonModel::Change).isEmpty());
}

TEST_CASE("the sweep chart shows failures as their own series, only when some value has them") {
    QChart chart;
    SweepChart sc(&chart);
    // Before any sweep: no errors axis taking the other two axes' room (at
    // 1280x720 in Chinese their labels read "0..." beside an empty third).
    CHECK_FALSE(sc.errorSeries()->isVisible());
    REQUIRE(chart.axes(Qt::Vertical).size() == 3);
    for (QAbstractAxis* a : chart.axes(Qt::Vertical)) {
        const bool errorsAxis = sc.errorSeries()->attachedAxes().contains(a);
        CHECK(a->isVisible() == !errorsAxis);
    }
    std::vector<lab::SweepPoint> points(3);
    for (std::size_t i = 0; i < points.size(); ++i) {
        points[i].value.value = static_cast<double>(i + 1);
        points[i].throughput = 10.0 * static_cast<double>(i + 1);
    }
    sc.reset(QStringLiteral("limit.value"), {points[0].value, points[1].value, points[2].value});
    sc.setPoints(points, {true, true, true}, std::nullopt);
    CHECK_FALSE(sc.errorSeries()->isVisible());  // no failures: no series, no axis
    // Above capacity the service fails a quarter of the requests.
    points[2].errorRates = {0.2, 0.25, 0.3};
    sc.setPoints(points, {true, true, true}, std::nullopt);
    REQUIRE(sc.errorSeries()->isVisible());
    REQUIRE(sc.errorSeries()->count() == 3);
    CHECK(sc.errorSeries()->at(0).y() == 0.0);
    CHECK(sc.errorSeries()->at(2) == QPointF(3.0, 25.0));  // percent of the tasks
}

TEST_CASE("the lab's Little's law line multiplies out for a setting with failures: λ is every task that ended") {
    // The capacity experiment at 13 (above the service's 8): about a quarter
    // of the tasks fail. The line printed the throughput (done only) as λ
    // beside a product made with the real λ: "13.86/s × 0.4834 s = 9.052".
    LimitLabPanel panel;
    panel.setJobs(2);
    panel.setValues(QStringLiteral("13"));
    REQUIRE(runToEnd(panel));
    const lab::SweepPoint& p = panel.tableModel()->points()[0];
    REQUIRE(p.failed + p.cancelled > 0);
    REQUIRE(p.lambda > p.throughput);
    panel.compareRows(0, -1);
    const QString text = panel.littleText();
    const QRegularExpression product(QStringLiteral("λ·W = ([0-9.]+)/s × ([0-9.]+) s = ([0-9.]+)"));
    const QRegularExpressionMatch m = product.match(text);
    REQUIRE(m.hasMatch());
    const double lambda = m.captured(1).toDouble(), w = m.captured(2).toDouble(), lw = m.captured(3).toDouble();
    CHECK(lambda * w == Approx(lw).epsilon(0.002));
    CHECK(lambda == Approx(p.lambda).epsilon(0.001));
    CHECK_FALSE(text.contains(QStringLiteral("not in λ")));
    CHECK(text.contains(QStringLiteral("failed and cancelled ones too")));
}

TEST_CASE("another source clears the last sweep's rows, chart and comparison; a sweep still running is dropped") {
    // After a sweep of the capacity experiment, "Scenario on screen" left
    // its 16 rows, the chart with 8 marked and Little's law under them while
    // the line above described the scenario on screen.
    LimitLabPanel panel;
    panel.setJobs(2);
    panel.setValues(QStringLiteral("1..4"));
    REQUIRE(runToEnd(panel));
    REQUIRE(panel.tableModel()->rowCount() == 4);
    panel.compareRows(0, 3);
    REQUIRE_FALSE(panel.littleText().isEmpty());
    const LoadResult r = loadScenarioFile(COROSCOPE_SOURCE_DIR "/resources/scenarios/21-service-overloaded.json");
    REQUIRE(r.ok());
    panel.setScenarioSource([&] { return std::optional<Scenario>(*r.scenario); });
    REQUIRE(panel.useScenarioOnScreen());
    CHECK(panel.tableModel()->rowCount() == 0);
    CHECK(panel.sweepChart()->throughputSeries()->count() == 0);
    CHECK(panel.sweepChart()->recommendedSeries()->count() == 0);
    CHECK(panel.littleText().isEmpty());
    CHECK(panel.chartView()->chart()->title().isEmpty());

    // A source picked while a sweep runs: none of its points land.
    panel.setValues(QStringLiteral("1..200"));
    QSignalSpy finished(&panel, &LimitLabPanel::sweepFinished);
    REQUIRE(panel.startSweep());
    REQUIRE(panel.isRunning());
    REQUIRE(panel.openFile(LimitLabPanel::bundledExperiments().front()));
    QTest::qWait(300);
    CHECK(panel.tableModel()->rowCount() == 0);
    CHECK(finished.count() == 0);
    // And the next sweep of the new source runs as usual.
    panel.setValues(QStringLiteral("1..3"));
    REQUIRE(runToEnd(panel));
    CHECK(panel.tableModel()->finishedCount() == 3);
}
