// The program editor: the student's own program run by CPython on the
// virtual clock, its trace shown through the window's loader, errors on
// their line, Stop ending an endless program, a run shown while it goes on,
// signals saved with the program; in the window, the program's warnings in
// the Warnings panel, each leading to its line.
#include <QAbstractItemView>
#include <QDockWidget>
#include <QFile>
#include <QFileInfo>
#include <QSignalSpy>
#include <QTest>
#include <QPlainTextEdit>
#include <QRegularExpression>
#include <QScrollBar>
#include <QTextBlock>
#include <QTextLayout>
#include <QTemporaryDir>
#include <catch2/catch.hpp>

#include "editor/program_editor.h"
#include "export/trace_file.h"
#include "fixtures.h"
#include "i18n/language.h"
#include "live/session.h"
#include "main_window.h"
#include "panels/warnings_model.h"
#include "panels/warnings_panel.h"

using namespace cs;
using namespace cs::ui;

namespace {
struct Rig {
    QStringList loaded;  // runs shown whole, at their end
    int liveLoads = 0;    // what a run streamed, shown while it ran
    std::size_t events = 0;
    QString description;  // what the header says of the last run shown whole
    ProgramEditor editor{[this](const QString& path, const QString&, const QString& said, QString*, bool running) {
        if (running) {
            TraceFile t;
            if (!t.load(path.toStdString())) return false;
            ++liveLoads;
            return true;
        }
        loaded << path;
        description = said;
        TraceFile t;
        if (!t.load(path.toStdString())) return false;
        events = t.store().size();
        return true;
    }};
    bool runToEnd(const QString& program, int ms = 60000) {
        editor.setProgram(program);
        QSignalSpy done(&editor, &ProgramEditor::finished);
        editor.run();
        if (!editor.isRunning() && done.isEmpty()) return false;  // did not start (no python3)
        return done.wait(ms);
    }
};
}  // namespace

TEST_CASE("a program typed in the editor runs on the virtual clock and its trace is shown") {
    Rig rig;
    REQUIRE(rig.runToEnd(QStringLiteral("import asyncio\n\n"
                                        "async def work(i):\n"
                                        "    await asyncio.sleep(0.1 * (i + 1))\n"
                                        "    print('done', i)\n\n"
                                        "async def main():\n"
                                        "    await asyncio.gather(*(work(i) for i in range(3)))\n\n"
                                        "import os\n"
                                        "print('cpus', os.cpu_count())\n"
                                        "asyncio.run(main())\n")));
    INFO(rig.editor.problem().toStdString());
    CHECK(rig.editor.problem().isEmpty());
    REQUIRE(rig.loaded.size() == 1);
    CHECK(rig.events > 6);  // three tasks created and done, main's
    CHECK(rig.editor.output().contains(QStringLiteral("done 2")));
    // The header says how many CPUs the program saw (a default thread pool's size follows it).
    const QRegularExpressionMatch cpus = QRegularExpression(QStringLiteral("cpus (\\d+)")).match(rig.editor.output());
    REQUIRE(cpus.hasMatch());
    CHECK(rig.description.contains(QStringLiteral("os.cpu_count() = %1").arg(cpus.captured(1))));
    CHECK(rig.editor.interpreter().startsWith(QStringLiteral("Python 3.11")));
    CHECK(rig.editor.errorLine() == 0);
}

TEST_CASE("presentation mode wraps the editor's lines, as the code panel's: none runs off the dock's edge") {
    Rig rig;
    rig.editor.setProgram(QStringLiteral("import asyncio\n") +
                          QStringLiteral("print(") + QString(QStringLiteral("'word', ")).repeated(30) +
                          QStringLiteral("1)\n"));
    rig.editor.resize(360, 300);
    rig.editor.show();
    REQUIRE(QTest::qWaitForWindowExposed(&rig.editor));
    auto* edit = rig.editor.findChild<QPlainTextEdit*>(QStringLiteral("editorCode"));
    REQUIRE(edit != nullptr);
    const auto rowsOfLongLine = [&] { return edit->document()->findBlockByNumber(1).layout()->lineCount(); };
    CHECK(rowsOfLongLine() == 1);  // at a desk: one row, scrolled sideways
    rig.editor.setPresentationFont(18.0);
    QCoreApplication::processEvents();
    CHECK(rowsOfLongLine() > 1);
    CHECK(edit->horizontalScrollBar()->maximum() == 0);
    rig.editor.setPresentationFont(0.0);
    QCoreApplication::processEvents();
    CHECK(rowsOfLongLine() == 1);
}

TEST_CASE("the editor shows an escaping exception and a SyntaxError on their lines") {
    Rig rig;
    REQUIRE(rig.runToEnd(QStringLiteral("import asyncio\n\n"
                                        "async def main():\n"
                                        "    raise ValueError('boom')\n\n"
                                        "asyncio.run(main())\n")));
    CHECK(rig.editor.errorLine() == 4);
    CHECK(rig.editor.problem().contains(QStringLiteral("ValueError: boom")));
    CHECK(rig.loaded.size() == 1);  // what ran up to the exception is shown

    REQUIRE(rig.runToEnd(QStringLiteral("import asyncio\n\ndef broken(:\n    pass\n")));
    CHECK(rig.editor.errorLine() == 3);
    CHECK(rig.editor.problem().contains(QStringLiteral("SyntaxError")));
    CHECK(rig.loaded.size() == 1);  // a program that does not compile never ran: nothing new shown
}

TEST_CASE("a crash of the Python process is said, and what it traced is shown") {
    // SIGSEGV in C code at 1.5 s: the runner writes no "end" and no "stopped".
    Rig rig;
    REQUIRE(rig.runToEnd(QStringLiteral("import asyncio, ctypes\n\n"
                                        "async def work(i):\n"
                                        "    await asyncio.sleep(1 + i)\n\n"
                                        "async def main():\n"
                                        "    tasks = [asyncio.create_task(work(i)) for i in range(3)]\n"
                                        "    await asyncio.sleep(1.5)\n"
                                        "    ctypes.string_at(0)\n\n"
                                        "asyncio.run(main())\n")));
    INFO(rig.editor.problem().toStdString());
    CHECK(rig.editor.problem().contains(QStringLiteral("stopped: the Python process was killed by SIGSEGV before the "
                                                       "program ended")));
    CHECK(rig.loaded.size() == 1);
    CHECK(rig.events == 4);  // three created, one done: the run up to the crash
}

TEST_CASE("a runner that fails before the program begins is said by its exception, not a traceback's first line") {
    // A program named asyncio.py stands in for asyncio itself, as it would
    // for `python3 asyncio.py`: the runner cannot start.
    Rig rig;
    rig.editor.setFileName(QStringLiteral("asyncio.py"));
    REQUIRE(rig.runToEnd(QStringLiteral("import asyncio\nasyncio.run(asyncio.sleep(1))\n")));
    INFO(rig.editor.problem().toStdString());
    CHECK_FALSE(rig.editor.problem().isEmpty());
    CHECK_FALSE(rig.editor.problem().startsWith(QStringLiteral("Traceback")));
    CHECK(rig.editor.problem().contains(QStringLiteral("Error")));
    CHECK(rig.loaded.isEmpty());
}

TEST_CASE("Stop ends an endless program and says where it was") {
    Rig rig;
    rig.editor.setProgram(QStringLiteral("import asyncio\n\n"
                                         "async def main():\n"
                                         "    await asyncio.sleep(1)\n"
                                         "    while True:\n"
                                         "        pass\n\n"
                                         "asyncio.run(main())\n"));
    QSignalSpy done(&rig.editor, &ProgramEditor::finished);
    rig.editor.run();
    REQUIRE(rig.editor.isRunning());
    // Its first lines are shown while it runs: the program has begun (on a
    // loaded machine that can take more than a second).
    for (int waited = 0; rig.liveLoads == 0 && waited < 30000; waited += 50) QTest::qWait(50);
    REQUIRE(rig.liveLoads > 0);
    QTest::qWait(200);
    REQUIRE(rig.editor.isRunning());  // an endless loop: still running
    rig.editor.stop();
    REQUIRE(done.wait(10000));
    CHECK_FALSE(rig.editor.isRunning());
    CHECK(rig.editor.problem().contains(QStringLiteral("stopped")));
}

TEST_CASE("a long run is shown while it goes on, and whole at its end") {
    Rig rig;
    // Virtual time moves (the runner writes what happened so far), then a
    // second of real CPU work costs no virtual time but keeps the run going.
    REQUIRE(rig.runToEnd(QStringLiteral("import asyncio, time\n\n"
                                        "async def work(i):\n"
                                        "    await asyncio.sleep(0.1 * (i + 1))\n\n"
                                        "async def main():\n"
                                        "    await asyncio.gather(*(work(i) for i in range(5)))\n"
                                        "    end = time.process_time() + 1.5\n"
                                        "    while time.process_time() < end:\n"
                                        "        sum(range(1000))\n\n"
                                        "asyncio.run(main())\n")));
    INFO(rig.editor.problem().toStdString());
    CHECK(rig.editor.problem().isEmpty());
    CHECK(rig.liveLoads >= 1);
    CHECK(rig.loaded.size() == 1);
}

TEST_CASE("a signal sent from the editor is saved with the program and reaches its handler at that time") {
    Rig rig;
    rig.editor.setProgram(QStringLiteral("import asyncio, signal\n\n"
                                         "async def main():\n"
                                         "    loop = asyncio.get_running_loop()\n"
                                         "    stop = asyncio.Event()\n"
                                         "    loop.add_signal_handler(signal.SIGTERM, stop.set)\n"
                                         "    await stop.wait()\n"
                                         "    print('stopped at', loop.time())\n\n"
                                         "asyncio.run(main())\n"));
    rig.editor.addSignal(QStringLiteral("SIGTERM"), 2.5);
    rig.editor.addSignal(QStringLiteral("SIGTERM"), 2.5);  // once is enough
    CHECK(rig.editor.program().startsWith(QStringLiteral("# coroscope: signal SIGTERM at 2.5\nimport asyncio")));
    REQUIRE(rig.editor.savedSignals().size() == 1);
    CHECK(rig.editor.savedSignals().front().name == QStringLiteral("SIGTERM"));
    CHECK(rig.editor.savedSignals().front().t == 2.5);
    QSignalSpy done(&rig.editor, &ProgramEditor::finished);
    rig.editor.run();
    REQUIRE(done.wait(60000));
    INFO(rig.editor.problem().toStdString());
    CHECK(rig.editor.problem().isEmpty());
    CHECK(rig.editor.output().contains(QStringLiteral("stopped at 2.5")));
}

TEST_CASE("the program's own warnings reach the Warnings panel with their lines") {
    MainWindow w;
    ProgramEditor* editor = w.editor();
    // asyncio's debug mode: a coroutine never awaited (line 7) and a step
    // that blocks the loop for 0.2 s (line 8).
    editor->setProgram(QStringLiteral("import asyncio, time\n\n"
                                      "async def save():\n"
                                      "    await asyncio.sleep(0.1)\n\n"
                                      "async def main():\n"
                                      "    save()\n"
                                      "    time.sleep(0.2)\n"
                                      "    await asyncio.sleep(1)\n\n"
                                      "asyncio.run(main(), debug=True)\n"));
    QSignalSpy done(editor, &ProgramEditor::finished);
    editor->run();
    REQUIRE(done.wait(60000));
    REQUIRE(done.front().front().toBool());
    REQUIRE(w.session()->isTrace());
    w.warnings()->refresh();
    const WarningsModel* m = w.warnings()->model();
    int neverAwaited = -1, slowStep = -1;
    for (int r = 0; r < m->rowCount(); ++r) {
        const QModelIndex i = m->index(r);
        const QString title = i.data().toString();
        if (title.contains(QStringLiteral("never awaited"))) neverAwaited = r;
        if (title.contains(QStringLiteral("took 0.200 seconds"))) slowStep = r;
    }
    REQUIRE(neverAwaited >= 0);
    REQUIRE(slowStep >= 0);
    CHECK(m->index(neverAwaited).data(WarningsModel::LineRole).toInt() == 7);
    CHECK(m->index(neverAwaited).data().toString().startsWith(QStringLiteral("Line 7: coroutine 'save' was never awaited")));
    CHECK(m->index(slowStep).data(WarningsModel::LineRole).toInt() == 8);
    // Its explanation is shown as text, not read as markup.
    CHECK(m->index(slowStep).data(Qt::ToolTipRole).toString().contains(QStringLiteral("&lt;Task")));

    QSignalSpy line(w.warnings(), &WarningsPanel::lineActivated);
    auto* view = w.warnings()->findChild<QAbstractItemView*>();
    REQUIRE(view);
    w.show();
    if (auto* dock = qobject_cast<QDockWidget*>(w.warnings()->parentWidget())) {
        dock->show();
        dock->raise();
    }
    REQUIRE(QTest::qWaitForWindowExposed(&w));
    QCoreApplication::processEvents();
    const QRect r = view->visualRect(m->index(neverAwaited));
    REQUIRE(r.isValid());
    QTest::mouseClick(view->viewport(), Qt::LeftButton, {}, r.center());
    REQUIRE(line.size() == 1);
    CHECK(line.front().front().toInt() == 7);
}

TEST_CASE("under the code what Python prints reads as Python prints it and what only the runner says is signed") {
    Rig rig;
    // A forgotten release: CPython would hang; the runner ends the run and
    // says so (a deadlock). The never-awaited coroutine is Python's own
    // RuntimeWarning.
    REQUIRE(rig.runToEnd(QStringLiteral("import asyncio\n\n"
                                        "async def save():\n"
                                        "    pass\n\n"
                                        "async def job(sem):\n"
                                        "    await sem.acquire()\n\n"
                                        "async def main():\n"
                                        "    save()\n"
                                        "    sem = asyncio.Semaphore(1)\n"
                                        "    await asyncio.gather(job(sem), job(sem))\n\n"
                                        "asyncio.run(main())\n")));
    const QString out = rig.editor.output();
    INFO(out.toStdString());
    CHECK(out.contains(QStringLiteral("warning: ")));                 // Python's RuntimeWarning
    CHECK(out.contains(QStringLiteral("coroscope: ")));               // the runner's deadlock
    CHECK_FALSE(out.contains(QStringLiteral("warning: nothing can happen")));
    CHECK_FALSE(QRegularExpression(QStringLiteral("warning: [^\\n]*nothing can happen")).match(out).hasMatch());
    // The runner's note is worded from its data, as the Warnings panel
    // words it: in the app's language, not the runner's English.
    const test::EnglishAfter english;
    REQUIRE(Language::install(QStringLiteral("zh_CN")) == QStringLiteral("zh_CN"));
    REQUIRE(rig.runToEnd(rig.editor.program()));
    const QString zh = rig.editor.output();
    INFO(zh.toStdString());
    CHECK(zh.contains(QString::fromUtf8("coroscope：")));
    CHECK_FALSE(zh.contains(QStringLiteral("nothing can happen")));
    CHECK(zh.contains(QString::fromUtf8("每个任务都在等待")));
}

TEST_CASE("under the code a deadlock among threads is the runner's word, signed, in the app's language") {
    Rig rig;
    // Two daemon threads take two locks in opposite orders; the main thread
    // ends after 0.5 s (as in real time: daemon threads do not keep it).
    const QString program = QStringLiteral("import threading, time\n\n"
                                           "a, b = threading.Lock(), threading.Lock()\n\n"
                                           "def crossed(first, second):\n"
                                           "    with first:\n"
                                           "        time.sleep(0.1)\n"
                                           "        with second:\n"
                                           "            pass\n\n"
                                           "for pair in ((a, b), (b, a)):\n"
                                           "    threading.Thread(target=crossed, args=pair, daemon=True).start()\n"
                                           "time.sleep(0.5)\n"
                                           "print('main ends')\n");
    REQUIRE(rig.runToEnd(program));
    const QString out = rig.editor.output();
    INFO(out.toStdString());
    CHECK(out.contains(QStringLiteral("main ends")));
    CHECK(out.contains(QStringLiteral("coroscope: ")));
    CHECK(out.contains(QStringLiteral("threads wait for each other for ever")));
    CHECK_FALSE(out.contains(QStringLiteral("warning: ")));
    const test::EnglishAfter english;
    REQUIRE(Language::install(QStringLiteral("zh_CN")) == QStringLiteral("zh_CN"));
    REQUIRE(rig.runToEnd(program));
    const QString zh = rig.editor.output();
    INFO(zh.toStdString());
    CHECK(zh.contains(QString::fromUtf8("coroscope：")));
    CHECK_FALSE(zh.contains(QStringLiteral("wait for each other")));
    CHECK(zh.contains(QString::fromUtf8("互相")));
}

TEST_CASE("a program opened from a file runs as that file from its folder, with the editor's unsaved code") {
    QTemporaryDir dir;
    REQUIRE(dir.isValid());
    const QString path = dir.filePath(QStringLiteral("reader.py"));
    {
        QFile data(dir.filePath(QStringLiteral("data.txt")));
        REQUIRE(data.open(QIODevice::WriteOnly));
        data.write("beside it\n");
        QFile f(path);
        REQUIRE(f.open(QIODevice::WriteOnly));
        f.write("print('saved version')\n");
    }
    Rig rig;
    REQUIRE(rig.editor.openFile(path));
    CHECK(rig.editor.filePath() == QFileInfo(path).absoluteFilePath());
    // Edited, not saved: the edit is what runs, under the file's name.
    REQUIRE(rig.runToEnd(QStringLiteral("import asyncio, os, sys\n\n"
                                        "async def main():\n"
                                        "    with open(os.path.join(os.path.dirname(__file__), 'data.txt')) as f:\n"
                                        "        print(f.read().strip())\n"
                                        "    print(__file__)\n"
                                        "    print(sys.path[0] == os.path.dirname(os.path.realpath(__file__)))\n"
                                        "    print(open('data.txt').read().strip())\n\n"
                                        "asyncio.run(main())\n")));
    const QString out = rig.editor.output();
    INFO(out.toStdString());
    CHECK(rig.editor.problem().isEmpty());
    const QStringList lines = out.split(QLatin1Char('\n'));
    REQUIRE(lines.size() >= 4);
    CHECK(lines[0] == QStringLiteral("beside it"));
    CHECK(lines[1] == QFileInfo(path).absoluteFilePath());
    CHECK(lines[2] == QStringLiteral("True"));
    CHECK(lines[3] == QStringLiteral("beside it"));  // the working directory is its folder
    CHECK_FALSE(out.contains(QStringLiteral("saved version")));

    // The generated code has no file: it runs from the app's own folder.
    rig.editor.setFileName(QStringLiteral("generated.py"));
    CHECK(rig.editor.filePath().isEmpty());
    REQUIRE(rig.runToEnd(QStringLiteral("print(__file__)\n")));
    CHECK_FALSE(rig.editor.output().contains(dir.path()));
}
