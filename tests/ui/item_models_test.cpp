// Every item model of the app through QAbstractItemModelTester, while a run
// grows, the inspected instant moves back and forth, and the run restarts.
#include <QAbstractItemModelTester>
#include <QCoreApplication>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QSortFilterProxyModel>
#include <QSignalSpy>
#include <QTableView>
#include <catch2/catch.hpp>

#include <cmath>
#include <map>
#include <sstream>

#include "export/trace_file.h"
#include "live/session.h"
#include "panels/tasks_panel.h"
#include "panels/results_model.h"
#include "panels/task_table_model.h"
#include "panels/warning_detector.h"
#include "panels/warnings_model.h"
#include "timeline/passes/caller_pass.h"
#include "fixtures.h"
#include "model_test_guard.h"

using namespace cs;
using namespace cs::ui;

namespace {
using test::g_problems;
using Guard = test::ModelTestGuard;

void exercise(Session& s, const std::function<void(double)>& setTime) {
    for (double t = 0.0; !s.finished(); t += 0.3) {
        s.advanceTo(t);
        setTime(t);
        setTime(t / 2);  // rewind
        setTime(t);
    }
    s.restart();
    setTime(0.0);
    s.advanceTo(1.0);
    setTime(1.0);
}
}  // namespace

TEST_CASE("TaskTableModel and its sort/filter proxy pass QAbstractItemModelTester") {
    Guard g;
    Session s;
    s.load(test::bundled("default-semaphore-20"));
    TaskTableModel model(s.model());
    QAbstractItemModelTester t1(&model, QAbstractItemModelTester::FailureReportingMode::Warning);
    QSortFilterProxyModel proxy;
    proxy.setSourceModel(&model);
    proxy.setSortRole(TaskTableModel::SortRole);
    proxy.sort(TaskTableModel::Waited, Qt::DescendingOrder);
    proxy.setFilterKeyColumn(-1);
    proxy.setFilterFixedString(QStringLiteral("wait"));
    QAbstractItemModelTester t2(&proxy, QAbstractItemModelTester::FailureReportingMode::Warning);
    exercise(s, [&](double t) { model.setTime(t); });
    // A bigger workload replaces the rows.
    s.load(test::semaphoreScenario(50, 4));
    s.advanceTo(2.0);
    model.setTime(2.0);
    CHECK(model.rowCount() == 50);
    CHECK(model.columnCount() == TaskTableModel::ColumnCount);
    CHECK(g_problems.isEmpty());
    INFO(g_problems.join('\n').toStdString());
}

namespace {
// Every time column of the table at its instant: the header names the
// table's one unit, every cell is a bare number in it with the table's
// decimals (a column of zeros too), equal to the row's seconds (its sort
// value) in that unit.
void checkOneUnitPerColumn(const TaskTableModel& model, const std::map<int, QString>& expected = {}) {
    const ColumnUnit table = model.unitOf(TaskTableModel::Total);
    for (const int c : {int(TaskTableModel::Created), int(TaskTableModel::Waited), int(TaskTableModel::Ran),
                        int(TaskTableModel::Total)}) {
        const QString header = model.headerData(c, Qt::Horizontal).toString();
        CAPTURE(header.toStdString());
        const ColumnUnit unit = model.unitOf(c);
        CHECK(unit == table);
        const double perSecond = unit.unit() == ColumnUnit::Unit::Seconds        ? 1.0
                                 : unit.unit() == ColumnUnit::Unit::Milliseconds ? 1e3
                                                                                 : 1e6;
        CHECK(header.endsWith(QStringLiteral(" (%1)").arg(unit.symbol())));
        if (const auto e = expected.find(c); e != expected.end()) CHECK(header == e->second);
        int shown = 0;
        for (int r = 0; r < model.rowCount(); ++r) {
            const QString text = model.index(r, c).data().toString();
            if (text.isEmpty()) continue;  // not created yet
            CAPTURE(r, text.toStdString());
            bool number = false;
            const double v = text.toDouble(&number);
            CHECK(number);  // no unit of its own ("600 ms" under "(s)")
            const int dot = static_cast<int>(text.indexOf(QLatin1Char('.')));
            CHECK((dot < 0 ? 0 : text.size() - dot - 1) == unit.decimals());
            const double seconds = model.index(r, c).data(TaskTableModel::SortRole).toDouble();
            CHECK(std::abs(v - seconds * perSecond) <= 0.5 * std::pow(10.0, -unit.decimals()) + 1e-9);
            ++shown;
        }
        CHECK(shown > 0);
    }
}
}  // namespace

TEST_CASE("the Tasks table shows its time columns in one unit, named in each header, chosen from the table's "
          "largest time, and sorts by the times themselves") {
    Session s;
    s.load(test::bundled("default-semaphore-20"));
    TaskTableModel model(s.model());
    QSignalSpy headers(&model, &QAbstractItemModel::headerDataChanged);
    // Early: every time under a second (tasks of 500 ms and more have not ended).
    s.advanceTo(0.4);
    model.setTime(0.4);
    checkOneUnitPerColumn(model, {{TaskTableModel::Created, QStringLiteral("Created (ms)")},  // all at 0
                                  {TaskTableModel::Ran, QStringLiteral("Ran (ms)")},
                                  {TaskTableModel::Total, QStringLiteral("Total (ms)")}});
    CHECK(headers.count() > 0);
    // Created at 0 reads as the other times do: "0.0" beside "400.0", not "0".
    CHECK(model.index(0, TaskTableModel::Created).data().toString() == QStringLiteral("0.0"));
    CHECK(model.index(0, TaskTableModel::Total).data().toString() == QStringLiteral("400.0"));
    // At the end: tasks that ran 600 ms and 2.10 s share one column of seconds.
    while (!s.finished()) s.advanceTo(s.liveTime() + 1.0);
    const double end = s.liveTime();
    model.setTime(end);
    checkOneUnitPerColumn(model, {{TaskTableModel::Ran, QStringLiteral("Ran (s)")},
                                  {TaskTableModel::Total, QStringLiteral("Total (s)")},
                                  {TaskTableModel::Waited, QStringLiteral("Waited (s)")},
                                  {TaskTableModel::Created, QStringLiteral("Created (s)")}});
    CHECK(model.index(0, TaskTableModel::Created).data().toString() == QStringLiteral("0.000"));
    QStringList ran;
    for (int r = 0; r < model.rowCount(); ++r) ran << model.index(r, TaskTableModel::Ran).data().toString();
    CHECK(ran.contains(QStringLiteral("0.600")));
    CHECK(ran.contains(QStringLiteral("2.100")));

    // Sorted by Ran, the numbers shown climb too.
    QSortFilterProxyModel proxy;
    proxy.setSourceModel(&model);
    proxy.setSortRole(TaskTableModel::SortRole);
    proxy.sort(TaskTableModel::Ran, Qt::AscendingOrder);
    double last = -1.0;
    for (int r = 0; r < proxy.rowCount(); ++r) {
        const double v = proxy.index(r, TaskTableModel::Ran).data().toString().toDouble();
        CHECK(v >= last);
        last = v;
    }
}

TEST_CASE("ResultsModel passes QAbstractItemModelTester and lists results in the caller's order") {
    Guard g;
    Session s;
    s.load(test::bundled("07-as-completed-order"));
    ResultsModel model(s.model());
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Warning);
    exercise(s, [&](double t) { model.setTime(t); });
    s.advanceTo(1e9);
    model.setTime(1e9);
    REQUIRE(model.rowCount() == static_cast<int>(s.model()->resultCount()));
    for (int r = 0; r < model.rowCount(); ++r)
        CHECK(model.index(r).data(ResultsModel::TaskRole).toInt() == s.model()->resultTask(static_cast<std::size_t>(r)));
    CHECK(g_problems.isEmpty());
    INFO(g_problems.join('\n').toStdString());
}

TEST_CASE("the Results panel numbers each result with the collector call the caller's lane groups it under") {
    for (const CollectKind kind : {CollectKind::Gather, CollectKind::AsCompleted, CollectKind::Wait}) {
        CAPTURE(static_cast<int>(kind));
        Scenario sc = test::semaphoreScenario(6, 2);
        sc.collect.kind = kind;
        sc.collect.returnWhen = ReturnWhen::FirstCompleted;
        Session s;
        s.load(sc);
        s.advanceTo(1e9);
        ResultsModel model(s.model());
        model.setTime(1e9);
        const auto groups = CallerPass::callGroups(s.model()->run(), 0.0, s.model()->run().makespan());
        std::size_t row = 0;
        for (const auto& g : groups)
            for (std::size_t k = 0; k < g.count; ++k, ++row) {
                const QModelIndex i = model.index(static_cast<int>(row));
                CHECK(i.data(ResultsModel::CallRole).toInt() == g.call);
                CHECK(i.data(Qt::DisplayRole).toString().contains(QStringLiteral("call %1:").arg(g.call + 1)));
                CHECK(i.data(ResultsModel::TimeRole).toDouble() == g.t);
            }
        CHECK(row == static_cast<std::size_t>(model.rowCount()));
    }
}

TEST_CASE("WarningsModel passes QAbstractItemModelTester") {
    Guard g;
    WarningsModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Warning);
    Session s;
    for (const char* name : {"11-blocking-call-freezes-loop", "17-forgotten-release-deadlock", "18-swallowed-cancel",
                             "default-semaphore-20"}) {
        s.load(test::bundled(name));
        s.advanceTo(1e9);
        model.setWarnings(detectWarnings(s.run(), s.scenario()));
        CHECK(model.rowCount() > 0);
        for (int r = 0; r < model.rowCount(); ++r) CHECK_FALSE(model.index(r).data().toString().isEmpty());
    }
    model.setWarnings({});
    CHECK(model.rowCount() == 0);
    CHECK(g_problems.isEmpty());
    INFO(g_problems.join('\n').toStdString());
}

TEST_CASE("the Tasks table lists tasks by id: the model's order when lanes are ids, a real sort when a trace's lanes are not") {
    Session s;
    TasksPanel panel(&s);
    auto shownIds = [&] {
        std::vector<long long> ids;
        const QAbstractItemModel* m = panel.proxy();
        for (int r = 0; r < m->rowCount(); ++r)
            ids.push_back(m->index(r, TaskTableModel::Id).data(TaskTableModel::SortRole).toLongLong());
        return ids;
    };
    s.load(test::semaphoreScenario(50, 4));
    s.advanceTo(1.0);
    std::vector<long long> want(50);
    for (long long i = 0; i < 50; ++i) want[static_cast<std::size_t>(i)] = i;
    CHECK(shownIds() == want);
    CHECK(panel.proxy()->sortColumn() == -1);  // no sort was needed

    // Task 2 was created by task 0: its lane goes right under 0's, so lanes
    // are 0, 2, 1 while the table still lists ids 0, 1, 2.
    test::showTrace(s, R"({"t": 0.0, "ev": "created", "task": 0, "name": "a"}
{"t": 0.0, "ev": "created", "task": 1, "name": "b"}
{"t": 0.1, "ev": "created", "task": 2, "name": "c", "parent": 0}
{"t": 1.0, "ev": "done", "task": 0}
{"t": 1.0, "ev": "done", "task": 1}
{"t": 1.0, "ev": "done", "task": 2}
{"t": 1.0, "ev": "end", "outcome": "ok"}
)");
    REQUIRE(s.run().taskId(1) == 2);
    CHECK(shownIds() == std::vector<long long>{0, 1, 2});
    CHECK(panel.proxy()->sortColumn() == TaskTableModel::Id);
}

TEST_CASE("the Tasks table builds its rows when first shown, not at every run behind a closed tab, and then shows the "
          "task selected before") {
    Session s;
    TasksPanel panel(&s);
    s.load(test::semaphoreScenario(30, 3));
    s.advanceTo(100.0);
    panel.selectTask(12);  // a lane clicked on the timeline while the tab is closed
    // Looked at without asking the panel (whose accessors attach the rows).
    const auto* view = panel.findChild<QTableView*>();
    REQUIRE(view != nullptr);
    CHECK(view->model()->rowCount() == 0);
    CHECK(view->verticalHeader()->count() == 0);  // a section a row: 8 MB for a million tasks

    panel.show();
    QCoreApplication::processEvents();
    CHECK(view->model()->rowCount() == 30);
    CHECK(view->verticalHeader()->count() == 30);
    const QModelIndex cur = view->selectionModel()->currentIndex();
    REQUIRE(cur.isValid());
    CHECK(cur.sibling(cur.row(), TaskTableModel::Id).data(TaskTableModel::SortRole).toLongLong() == 12);

    // A new run while shown: rows follow at once.
    s.load(test::semaphoreScenario(7, 2));
    s.advanceTo(100.0);
    CHECK(view->model()->rowCount() == 7);
}

TEST_CASE("the Tasks table's columns are as wide as what they hold, not 100 px each, so a side column shows more "
          "of them") {
    Session s;
    TasksPanel panel(&s);
    panel.resize(300, 500);
    panel.show();
    s.load(test::semaphoreScenario(12, 3));
    s.advanceTo(100.0);
    panel.refresh(s.liveTime());
    QCoreApplication::processEvents();
    const QTableView* t = panel.table();
    const QHeaderView* h = t->horizontalHeader();
    const QFontMetrics fm = t->fontMetrics();
    // No cell and no header is cut: each column holds its widest text.
    for (int c = TaskTableModel::Id; c < TaskTableModel::Outcome; ++c) {
        if (t->isColumnHidden(c)) continue;
        CAPTURE(c);
        CHECK(h->sectionSize(c) > h->fontMetrics().horizontalAdvance(
                                      panel.model()->headerData(c, Qt::Horizontal).toString()));
        for (int r = 0; r < panel.proxy()->rowCount(); ++r)
            CHECK(h->sectionSize(c) > fm.horizontalAdvance(panel.proxy()->index(r, c).data().toString()));
    }
    // Task ids of two digits and "done": narrower than Qt's default section,
    // so that Created shows in 300 px beside them.
    CHECK(h->sectionSize(TaskTableModel::Id) < h->defaultSectionSize());
    CHECK(h->sectionSize(TaskTableModel::Id) + h->sectionSize(TaskTableModel::State) +
              h->sectionSize(TaskTableModel::Created) <= t->viewport()->width());
}

TEST_CASE("the Tasks table names a recorded program's tasks as their lanes do, and filters by name") {
    Session s;
    TasksPanel panel(&s);
    s.load(test::semaphoreScenario(5, 2));
    s.advanceTo(1.0);
    CHECK(panel.table()->isColumnHidden(TaskTableModel::Name));  // a scenario's tasks have no names

    test::showTrace(s, R"({"t": 0.0, "ev": "created", "task": 0, "name": "download-0"}
{"t": 0.0, "ev": "created", "task": 1, "name": "download-1"}
{"t": 0.0, "ev": "created", "task": 7, "name": "Task-9"}
{"t": 1.0, "ev": "done", "task": 0}
{"t": 1.0, "ev": "done", "task": 1}
{"t": 1.0, "ev": "done", "task": 7}
{"t": 1.0, "ev": "end", "outcome": "ok"}
)");
    CHECK_FALSE(panel.table()->isColumnHidden(TaskTableModel::Name));
    const QAbstractItemModel* m = panel.proxy();
    REQUIRE(m->rowCount() == 3);
    for (int r = 0; r < 3; ++r) {
        const long long id = m->index(r, TaskTableModel::Id).data(TaskTableModel::SortRole).toLongLong();
        const QString name = m->index(r, TaskTableModel::Name).data().toString();
        CHECK(name == (id == 7 ? QStringLiteral("Task-9") : QStringLiteral("download-%1").arg(id)));
    }
    panel.proxy()->setFilterFixedString(QStringLiteral("Task-9"));
    REQUIRE(m->rowCount() == 1);
    CHECK(m->index(0, TaskTableModel::Id).data(TaskTableModel::SortRole).toLongLong() == 7);
    panel.proxy()->setFilterFixedString(QString());
}
