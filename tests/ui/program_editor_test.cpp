// The program editor: the student's own program run by CPython on the
// virtual clock, its trace shown through the window's loader, errors on
// their line, Stop ending an endless program.
#include <QSignalSpy>
#include <QTest>
#include <catch2/catch.hpp>

#include "editor/program_editor.h"
#include "export/trace_file.h"

using namespace cs;
using namespace cs::ui;

namespace {
struct Rig {
    QStringList loaded;
    std::size_t events = 0;
    ProgramEditor editor{[this](const QString& path, const QString&, const QString&, QString*) {
        loaded << path;
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
                                        "asyncio.run(main())\n")));
    INFO(rig.editor.problem().toStdString());
    CHECK(rig.editor.problem().isEmpty());
    REQUIRE(rig.loaded.size() == 1);
    CHECK(rig.events > 6);  // three tasks created and done, main's
    CHECK(rig.editor.output().contains(QStringLiteral("done 2")));
    CHECK(rig.editor.interpreter().startsWith(QStringLiteral("Python 3.11")));
    CHECK(rig.editor.errorLine() == 0);
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

TEST_CASE("Stop ends an endless program and says where it was") {
    Rig rig;
    rig.editor.setProgram(QStringLiteral("import asyncio\n\n"
                                         "async def main():\n"
                                         "    while True:\n"
                                         "        pass\n\n"
                                         "asyncio.run(main())\n"));
    QSignalSpy done(&rig.editor, &ProgramEditor::finished);
    rig.editor.run();
    REQUIRE(rig.editor.isRunning());
    QTest::qWait(1500);
    REQUIRE(rig.editor.isRunning());  // an endless loop: still running
    rig.editor.stop();
    REQUIRE(done.wait(10000));
    CHECK_FALSE(rig.editor.isRunning());
    CHECK(rig.editor.problem().contains(QStringLiteral("stopped")));
}
