// The Code panel: the program follows the session (limit, collector,
// workload), a selected task highlights the line it is at, Save writes the
// program, and the Python highlighter colours what it should.
#include <QFile>
#include <QPlainTextEdit>
#include <QScrollBar>
#include <QTemporaryDir>
#include <QTest>
#include <QTextBlock>
#include <QTextCursor>
#include <QTextDocument>
#include <QTextLayout>
#include <QToolButton>
#include <QSet>
#include <catch2/catch.hpp>

#include "codegen/python_program.h"
#include "editor/code_edit.h"
#include "i18n/language.h"
#include "live/session.h"
#include "panels/code_line_locator.h"
#include "panels/code_panel.h"
#include "panels/python_highlighter.h"
#include "panels/task_story.h"
#include "scenario/loader.h"
#include "fixtures.h"

using namespace cs;
using namespace cs::ui;

namespace {
QString lineText(const QString& program, int line) {
    return program.split(QLatin1Char('\n')).value(line - 1);
}

Scenario parse(const char* json) {
    LoadResult r = parseScenario(json);
    if (!r.ok()) throw std::runtime_error(r.error->what());
    return *r.scenario;
}
}  // namespace

TEST_CASE("the code panel shows the program of the current scenario and regenerates on changes") {
    Session session;
    session.load(test::semaphoreScenario(6, 3));
    CodePanel panel(&session);
    panel.regenerate();
    REQUIRE(panel.programText() == QString::fromStdString(pythonProgram(session.scenario())));
    REQUIRE(panel.programText().contains(QStringLiteral("asyncio.Semaphore(3)")));

    Limit l = session.scenario().limit;
    l.value = 5;
    session.setLimitConfig(l);
    REQUIRE(panel.programText().contains(QStringLiteral("asyncio.Semaphore(5)")));

    Collect c;
    c.kind = CollectKind::TaskGroup;
    session.setCollect(c);
    REQUIRE(panel.programText().contains(QStringLiteral("TaskGroup")));

    session.load(test::semaphoreScenario(9, 2));  // a new workload
    REQUIRE(panel.programText().contains(QStringLiteral("asyncio.Semaphore(2)")));

    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("program.py"));
    REQUIRE(panel.saveTo(path));
    QFile f(path);
    REQUIRE(f.open(QIODevice::ReadOnly));
    REQUIRE(QString::fromUtf8(f.readAll()) == panel.programText());
}

TEST_CASE("selecting a task highlights its line: waiting, the step it runs, done") {
    Session session;
    session.load(test::semaphoreScenario(4, 1, 1.0, 0.0));
    CodePanel panel(&session);
    panel.regenerate();
    const CodeLines& lines = panel.lines();
    REQUIRE(lines.acquire > 0);
    REQUIRE(lines.stepIo > 0);
    REQUIRE(lines.done > 0);
    const QString program = panel.programText();
    REQUIRE(lineText(program, lines.acquire).contains(QStringLiteral("async with")));

    session.advanceTo(0.5);
    panel.setSelectedTask(2);
    panel.setInspectedTime(0.5);
    REQUIRE(panel.highlightedLine() == lines.acquire);  // task 2 waits
    REQUIRE(panel.highlightReason().contains(QStringLiteral("waits for a permit")));
    panel.setSelectedTask(0);
    REQUIRE(panel.highlightedLine() == lines.stepIo);  // task 0 runs its io step
    session.advanceTo(1.5);
    panel.setInspectedTime(1.5);
    REQUIRE(panel.highlightedLine() == lines.done);  // task 0 returned
    panel.setSelectedTask(-1);
    REQUIRE(panel.highlightedLine() == 0);
}

TEST_CASE("the code line locator finds the step a task is in, thread and cpu steps included") {
    Scenario s = parse(R"({"format": "coroscope-scenario/1", "tasks": [
        {"steps": [{"io": 1.0}, {"cpu": 0.5}, {"thread": 1.0}, {"io": 1.0}, {"raise": "ValueError"}]},
        {"steps": [{"io": 0.2}], "arrive": 1.0}], "limit": {"kind": "semaphore", "value": 1},
        "collect": {"kind": "gather", "return_exceptions": true}})");
    const PythonProgram prog = pythonProgramWithLines(s);
    Session session;
    session.load(s);
    session.advanceTo(100.0);
    const TimelineModel& m = *session.model();
    auto at = [&](std::size_t task, double t) { return CodeLineLocator::locate(prog.lines, s, m, task, t).line; };
    REQUIRE(CodeLineLocator::stepAt(s, m, 0, 0.5) == 0);
    REQUIRE(CodeLineLocator::stepAt(s, m, 0, 1.2) == 1);
    REQUIRE(CodeLineLocator::stepAt(s, m, 0, 2.0) == 2);
    REQUIRE(CodeLineLocator::stepAt(s, m, 0, 3.0) == 3);
    REQUIRE(at(0, 0.5) == prog.lines.stepIo);
    REQUIRE(at(0, 1.2) == prog.lines.stepCpu);
    REQUIRE(at(0, 2.0) == prog.lines.stepThread);
    REQUIRE(at(0, 3.0) == prog.lines.stepIo);
    REQUIRE(at(0, 100.0) == prog.lines.failed);
    REQUIRE(at(1, 0.5) == prog.lines.arrive);      // sleeping before it arrives
    REQUIRE(at(1, 2.0) == prog.lines.acquire);     // then waits for task 0's permit
    REQUIRE(at(1, 100.0) == prog.lines.done);
}

TEST_CASE("a job waiting in the pool's queue is at its thread step, and the story says how long it waited") {
    // One thread, three tasks: task 2's second thread step waits for task 1's job.
    Scenario s = parse(R"({"format": "coroscope-scenario/1", "tasks": [
        {"steps": [{"thread": 1.0}]}, {"steps": [{"io": 0.5}, {"thread": 2.0}]},
        {"steps": [{"thread": 0.5}, {"thread": 1.0}]}], "executor": {"max_workers": 1}})");
    const PythonProgram prog = pythonProgramWithLines(s);
    Session session;
    session.load(s);
    session.advanceTo(100.0);
    const TimelineModel& m = *session.model();
    // Task 2's first job waits for task 0's (0-1), runs 1-1.5; its second
    // waits behind task 1's (queued at 0.5, runs 1.5-3.5) until 3.5.
    REQUIRE(m.stateAt(2, 0.5) == TaskState::PoolWait);
    REQUIRE(m.stateAt(2, 2.0) == TaskState::PoolWait);
    CHECK(CodeLineLocator::stepAt(s, m, 2, 0.5) == 0);
    CHECK(CodeLineLocator::stepAt(s, m, 2, 2.0) == 1);
    CHECK(CodeLineLocator::stepAt(s, m, 2, 4.0) == 1);
    const CodeLocation waiting = CodeLineLocator::locate(prog.lines, s, m, 2, 2.0);
    CHECK(waiting.line == prog.lines.stepThread);
    CHECK(waiting.what.contains(QStringLiteral("the job waits in the pool's queue")));
    const QString story = taskStory(m, 2, 100.0);
    CHECK(story.contains(QStringLiteral("its job waited for a free worker in the pool's queue 1.500 s–3.500 s")));
    // It ran from 0 to 4.5 s, 3 s of it with a job in the queue (0-1, 1.5-3.5): the summary says so.
    INFO(story.toStdString());
    CHECK(story.contains(QStringLiteral("ran 4.50 s (3.00 s of it with its job waiting for a free worker in the "
                                        "pool's queue).")));
    CHECK_FALSE(taskStory(m, 0, 100.0).contains(QStringLiteral("of it with its job")));  // (its job never waited)
}

TEST_CASE("the story of a task that stopped waiting for its running thread job tells both, in time order") {
    // A recorded program: wait_for(run_in_executor(...), 0.5) around a 1 s
    // job, the timeout caught, then a sleep of 2 s.
    Session session;
    test::showTrace(session, "{\"t\": 0.0, \"ev\": \"created\", \"task\": 0}\n"
                             "{\"t\": 0.0, \"ev\": \"thread_queued\", \"task\": 0}\n"
                             "{\"t\": 0.0, \"ev\": \"thread_begin\", \"task\": 0}\n"
                             "{\"t\": 0.5, \"ev\": \"thread_left\", \"task\": 0}\n"
                             "{\"t\": 1.0, \"ev\": \"thread_end\", \"task\": 0}\n"
                             "{\"t\": 2.5, \"ev\": \"done\", \"task\": 0}\n"
                             "{\"t\": 2.5, \"ev\": \"end\", \"outcome\": \"ok\"}\n");
    const TimelineModel& m = *session.model();
    CHECK(m.stateAt(0, 0.75) == TaskState::Running);  // the task went on
    const QString story = taskStory(m, 0, 3.0);
    const auto at = [&](const char* s) { return story.indexOf(QString::fromUtf8(s)); };
    CHECK(at("in the thread pool 0.000 s–0.500 s") >= 0);
    CHECK(at("stopped waiting for its job 0.500 s") > at("in the thread pool"));
    CHECK(at("its job ran on in the pool until 1.000 s") > at("stopped waiting"));
    CHECK(at("done 2.500 s") > at("its job ran on"));
}

TEST_CASE("the story of a task whose job was cancelled while it waited in the pool's queue says it never ran") {
    // What the virtual runner writes (its meta line shortened) for two tasks run_in_executor()-ing 0.5 s jobs into a
    // ThreadPoolExecutor(max_workers=1), the second cancelled at 0.1 s: CPython 3.11.7 never ran its
    // function (concurrent.futures drops a cancelled work item) and the task got CancelledError.
    Session session;
    test::showTrace(session, "{\"t\": 0.0, \"ev\": \"meta\", \"python\": \"3.11.7\", \"clock\": \"virtual\", "
                             "\"acquires\": true}\n"
                             "{\"t\": 0.0, \"ev\": \"created\", \"task\": 0, \"name\": \"Task-2\"}\n"
                             "{\"t\": 0.0, \"ev\": \"thread_begin\", \"task\": 0, \"name\": \"Task-2\"}\n"
                             "{\"t\": 0.0, \"ev\": \"created\", \"task\": 1, \"name\": \"Task-3\"}\n"
                             "{\"t\": 0.0, \"ev\": \"thread_queued\", \"task\": 1, \"name\": \"Task-3\"}\n"
                             "{\"t\": 0.1, \"ev\": \"thread_end\", \"task\": 1, \"name\": \"Task-3\"}\n"
                             "{\"t\": 0.1, \"ev\": \"cancelled\", \"task\": 1, \"name\": \"Task-3\"}\n"
                             "{\"t\": 0.5, \"ev\": \"thread_end\", \"task\": 0, \"name\": \"Task-2\"}\n"
                             "{\"t\": 0.5, \"ev\": \"done\", \"task\": 0, \"name\": \"Task-2\"}\n"
                             "{\"t\": 0.5, \"ev\": \"end\", \"outcome\": \"ok\"}\n");
    const TimelineModel& m = *session.model();
    const QString dropped = taskStory(m, 1, 1.0);
    INFO(dropped.toStdString());
    CHECK(dropped.contains(QStringLiteral("its job waited for a free worker in the pool's queue 0.000 s–0.100 s and "
                                          "never ran")));
    CHECK(dropped.indexOf(QStringLiteral("cancelled 0.100 s")) > dropped.indexOf(QStringLiteral("never ran")));
    // Its whole life was that wait: "ran 100 ms" alone would say it ran.
    CHECK(dropped.contains(QStringLiteral("(all of it with its job waiting for a free worker in the pool's queue).")));
    CHECK_FALSE(taskStory(m, 1, 0.05).contains(QStringLiteral("never ran")));  // (still waiting then)
    CHECK_FALSE(taskStory(m, 0, 1.0).contains(QStringLiteral("never ran")));
}

TEST_CASE("the Python highlighter colours keywords, strings, comments and numbers") {
    QTextDocument doc;
    PythonHighlighter h(&doc);
    doc.setPlainText(QStringLiteral("async def job(i):  # one task\n    await asyncio.sleep(1.5)\n"
                                    "    s = \"\"\"two\nlines\"\"\"\n    return 'done'\n"));
    h.rehighlight();  // setDocument queues the first pass; do it now
    auto formatAt = [&](int block, int pos) {
        const QTextBlock b = doc.findBlockByNumber(block);
        for (const QTextLayout::FormatRange& r : b.layout()->formats())
            if (pos >= r.start && pos < r.start + r.length) return r.format;
        return QTextCharFormat();
    };
    const QTextCharFormat plain;
    const QTextCharFormat kw = formatAt(0, 0);        // async
    REQUIRE(kw.foreground() != plain.foreground());
    REQUIRE(formatAt(0, 6).foreground() == kw.foreground());  // def
    const QTextCharFormat name = formatAt(0, 10);     // job
    REQUIRE(name.foreground() != kw.foreground());
    const QTextCharFormat comment = formatAt(0, 20);  // # one task
    REQUIRE(comment.fontItalic());
    const QTextCharFormat number = formatAt(1, 25);   // 1.5
    REQUIRE(number.foreground() != plain.foreground());
    const QTextCharFormat str = formatAt(3, 0);       // lines""" (inside a triple-quoted string)
    REQUIRE(str.foreground() != plain.foreground());
    REQUIRE(formatAt(4, 12).foreground() == str.foreground());  // 'done'
    REQUIRE(formatAt(4, 4).foreground() == kw.foreground());    // return
}

TEST_CASE("a program too long to show is still copied and saved whole") {
    Session session;
    session.load(test::semaphoreScenario(static_cast<int>(CodePanel::kMaxShownTasks) + 5, 4));
    CodePanel panel(&session);
    panel.regenerate();
    REQUIRE(panel.findChild<QPlainTextEdit*>()->toPlainText().contains(QStringLiteral("too long")));
    REQUIRE(panel.lines().acquire == 0);
    panel.setSelectedTask(3);
    REQUIRE(panel.highlightedLine() == 0);
    REQUIRE(panel.programText() == QString::fromStdString(pythonProgram(session.scenario())));
}

TEST_CASE("in the Chinese interface the program's comments are Chinese, in the panel, Copy and Edit alike") {
    test::EnglishAfter guard;
    REQUIRE(Language::install(QStringLiteral("zh_CN")) == QStringLiteral("zh_CN"));
    Session session;
    session.load(test::semaphoreScenario(6, 3));
    CodePanel panel(&session);
    panel.regenerate();
    ProgramOptions zh;
    zh.language = "zh_CN";
    const QString text = panel.programText();
    REQUIRE(text == QString::fromStdString(pythonProgram(session.scenario(), zh)));
    REQUIRE(text.contains(QStringLiteral("    async with sem:   # 所有许可都被占用时，在这里等待\n")));
    REQUIRE(text.contains(QStringLiteral("\"\"\"任务 i 做的事：先请求一个许可，再工作。\"\"\"")));
    REQUIRE_FALSE(text.contains(QStringLiteral("waits here while every permit is taken")));
    REQUIRE(text.contains(QStringLiteral("# Coroscope harness: not part of the lesson.")));  // the harness stays
    // Copy and Edit take the program shown.
    QString edited;
    QObject::connect(&panel, &CodePanel::editRequested, [&](const QString& program) { edited = program; });
    panel.findChild<QToolButton*>(QStringLiteral("codeEdit"))->click();
    REQUIRE(edited == text);
    // A lesson's question keeps its answer back in Chinese too.
    panel.setKeepingAnswer(true);
    zh.withoutAnswers = true;
    REQUIRE(panel.programText() == QString::fromStdString(pythonProgram(session.scenario(), zh)));
    panel.setKeepingAnswer(false);
    // Back in English: the panel follows the switch (LanguageChange is posted to windows).
    REQUIRE(Language::install(QStringLiteral("en")) == QStringLiteral("en"));
    QCoreApplication::processEvents();
    REQUIRE(panel.programText() == QString::fromStdString(pythonProgram(session.scenario())));
    REQUIRE(panel.programText().contains(QStringLiteral("# waits here while every permit is taken")));
}

TEST_CASE("the code line locator calls a task frozen only from its ready moment, as the run model does") {
    // The blocking-call lesson: task 0 sleeps until 1.0 s while task 1's
    // time.sleep(1.0) holds the loop; at 0.5 s task 0 is asleep, not ready.
    const Scenario s = parse(R"({"format": "coroscope-scenario/1", "tasks": [{"steps": [{"io": 1.0}]},
        {"steps": [{"cpu": 1.0}]}, {"steps": [{"io": 0.5}]}, {"steps": [{"cpu": 1.0}]}],
        "collect": {"kind": "gather"}})");
    const PythonProgram prog = pythonProgramWithLines(s);
    Session session;
    session.load(s);
    session.advanceTo(100.0);
    const TimelineModel& m = *session.model();
    REQUIRE(m.cpuTaskAt(0.5) == 1);
    CHECK(m.stateAt(0, 0.5) == TaskState::Running);
    const QString at05 = CodeLineLocator::locate(prog.lines, s, m, 0, 0.5).what;
    CHECK_FALSE(at05.contains(QStringLiteral("ready")));
    CHECK(CodeLineLocator::locate(prog.lines, s, m, 0, 0.5).line == prog.lines.stepIo);
    // Everywhere: the text says "ready ... froze" exactly when the model says frozen.
    std::size_t frozen = 0;
    for (std::size_t task = 0; task < 4; ++task)
        for (int k = 0; k <= 80; ++k) {
            const double t = k * 0.05;
            CAPTURE(task, t);
            const bool says = CodeLineLocator::locate(prog.lines, s, m, task, t).what.contains(QStringLiteral("froze"));
            const bool is = m.stateAt(task, t) == TaskState::Frozen;
            CHECK(says == is);
            frozen += is;
        }
    CHECK(frozen > 0);  // someone is ready while task 3 blocks the loop
}

TEST_CASE("code views number each program line once, beside its first row, also when it wraps") {
    CodeEdit edit;
    edit.setLineWrapMode(QPlainTextEdit::WidgetWidth);
    const QString longLine = QStringLiteral("# ") + QString(QStringLiteral("word ")).repeated(40);
    edit.setPlainText(QStringLiteral("import asyncio\n") + longLine + QStringLiteral("\nprint(1)"));
    edit.resize(260, 400);
    edit.show();
    REQUIRE(QTest::qWaitForWindowExposed(&edit));
    const auto rowsOf = [&](int blockNumber) {
        return edit.document()->findBlockByNumber(blockNumber).layout()->lineCount();
    };
    REQUIRE(rowsOf(1) > 1);  // the comment wraps
    // The middle of a row of a program line, in the viewport's coordinates.
    const auto rowY = [&](int blockNumber, int row) {
        const QTextBlock b = edit.document()->findBlockByNumber(blockNumber);
        QTextCursor c(b);
        c.setPosition(b.position() + b.layout()->lineAt(row).textStart());
        return edit.cursorRect(c).center().y();
    };
    CHECK(edit.lineNumberAt(rowY(0, 0)) == 1);
    CHECK(edit.lineNumberAt(rowY(1, 0)) == 2);
    CHECK(edit.lineNumberAt(rowY(1, 1)) == 0);  // the comment's second row: no number
    CHECK(edit.lineNumberAt(rowY(2, 0)) == 3);
    // Its rows after the first say they continue it (the gutter's "↪"); first rows do not.
    CHECK(edit.continuesLineAt(rowY(1, 1)));
    CHECK(edit.continuesLineAt(rowY(1, rowsOf(1) - 1)));
    CHECK_FALSE(edit.continuesLineAt(rowY(1, 0)));
    CHECK_FALSE(edit.continuesLineAt(rowY(2, 0)));
    // The gutter takes room from the text and grows with the line count's digits.
    const int narrow = edit.gutterWidth();
    CHECK(edit.viewport()->geometry().left() >= narrow);
    edit.setPlainText(QString(QStringLiteral("x = 1\n")).repeated(12000));
    CHECK(edit.gutterWidth() > narrow);
    CHECK(edit.viewport()->geometry().left() >= edit.gutterWidth());
}

TEST_CASE("presentation mode starts the code panel at the program's first line of code, past its header") {
    Session session;
    session.load(test::semaphoreScenario(6, 3));
    CodePanel panel(&session);
    panel.resize(420, 260);
    panel.show();
    REQUIRE(QTest::qWaitForWindowExposed(&panel));
    panel.regenerate();
    auto* edit = panel.findChild<QPlainTextEdit*>();
    REQUIRE(edit != nullptr);
    const auto firstShown = [&] { return edit->cursorForPosition(QPoint(2, 2)).block().text(); };
    CHECK(edit->verticalScrollBar()->value() == 0);  // at a desk: the whole program from its top
    REQUIRE(firstShown().startsWith(QLatin1Char('#')));
    panel.setPresentationFont(18.0);
    CHECK(firstShown() == QStringLiteral("import asyncio"));
    // A class that scrolled elsewhere stays there when the program changes.
    edit->verticalScrollBar()->setValue(12);
    const QString shown = firstShown();
    Limit l = session.scenario().limit;
    l.value = 4;
    session.setLimitConfig(l);
    REQUIRE(panel.programText().contains(QStringLiteral("asyncio.Semaphore(4)")));
    CHECK(firstShown() == shown);
}

TEST_CASE("the highlighted line lights every row it wraps to, not only its first") {
    // Presentation mode wraps long lines (a Chinese comment more often): the
    // selected task's line lit its first row only.
    Session session;
    session.load(test::semaphoreScenario(4, 1, 1.0, 0.0));
    CodePanel panel(&session);
    panel.resize(300, 400);
    panel.show();
    REQUIRE(QTest::qWaitForWindowExposed(&panel));
    panel.setPresentationFont(18.0);  // (wraps long lines)
    panel.regenerate();
    const CodeLines& lines = panel.lines();
    session.advanceTo(0.5);
    panel.setSelectedTask(2);
    panel.setInspectedTime(0.5);
    REQUIRE(panel.highlightedLine() == lines.acquire);  // `async with sem:   # waits here while every permit...`
    auto* edit = panel.findChild<QPlainTextEdit*>();
    REQUIRE(edit != nullptr);
    QCoreApplication::processEvents();
    const QTextBlock block = edit->document()->findBlockByNumber(lines.acquire - 1);
    REQUIRE(block.layout()->lineCount() >= 2);  // (the case: it wraps)
    QSet<int> rows;
    for (const QTextEdit::ExtraSelection& x : edit->extraSelections()) {
        REQUIRE(x.cursor.block().blockNumber() == block.blockNumber());
        rows.insert(block.layout()->lineForTextPosition(x.cursor.position() - block.position()).lineNumber());
    }
    CHECK(rows.size() == block.layout()->lineCount());
}

TEST_CASE("a note in the code's place (a trace that names no program) wraps to a narrow panel; the code keeps its lines") {
    Session session;
    test::showTrace(session, "{\"t\": 0.0, \"ev\": \"created\", \"task\": 0}\n"
                             "{\"t\": 0.0, \"ev\": \"running\", \"task\": 0}\n"
                             "{\"t\": 1.0, \"ev\": \"done\", \"task\": 0}\n"
                             "{\"t\": 1.0, \"ev\": \"end\", \"outcome\": \"ok\"}\n");
    CodePanel panel(&session);
    panel.resize(250, 500);  // the side column of a 1280x720 screen
    panel.show();
    REQUIRE(QTest::qWaitForWindowExposed(&panel));
    panel.regenerate();
    auto* edit = panel.findChild<QPlainTextEdit*>();
    REQUIRE(edit);
    REQUIRE(edit->toPlainText().contains(QStringLiteral("does not name the program")));
    QCoreApplication::processEvents();
    // Its lines ran on past the panel's edge: readable only by scrolling sideways.
    CHECK(edit->lineWrapMode() == QPlainTextEdit::WidgetWidth);
    CHECK_FALSE(edit->horizontalScrollBar()->isVisible());
    // A scenario's program: its lines as written.
    session.load(test::semaphoreScenario(3, 2));
    panel.regenerate();
    QCoreApplication::processEvents();
    CHECK(edit->lineWrapMode() == QPlainTextEdit::NoWrap);
}
