// Languages: the Chinese translation is embedded and installs at run time;
// switching rebuilds the main window in the new language with the same run
// (scenario, live time, paused/playing, selected task); --lang parsing.
#include <QPointer>
#include <QComboBox>
#include <QDockWidget>
#include <QMap>
#include <QFile>
#include <QFileInfo>
#include <QMenuBar>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <catch2/catch.hpp>
#include <functional>

#include "app_options.h"
#include "export/file_actions.h"
#include "i18n/language.h"
#include "i18n/window_host.h"
#include "lessons/lesson_browser.h"
#include "lessons/lesson_library.h"
#include "lessons/lesson_player.h"
#include "live/live_runner.h"
#include "live/session.h"
#include "main_window.h"
#include "editor/program_editor.h"
#include "editor/runner_words.h"
#include "timeline/timeline_view.h"
#include "timeline/viewport.h"
#include "fixtures.h"

using namespace cs;
using namespace cs::ui;

namespace {
// Back to English whatever a test did.
using test::EnglishAfter;

bool hasCjk(const QString& s) {
    for (const QChar c : s)
        if (c.unicode() >= 0x4E00 && c.unicode() <= 0x9FFF) return true;
    return false;
}
}  // namespace

TEST_CASE("the Chinese translation is embedded and matched from locale names") {
    REQUIRE(Language::available().contains(QStringLiteral("zh_CN")));
    REQUIRE(Language::match(QStringLiteral("zh")) == QStringLiteral("zh_CN"));
    REQUIRE(Language::match(QStringLiteral("zh-CN")) == QStringLiteral("zh_CN"));
    REQUIRE(Language::match(QStringLiteral("zh_Hans_CN")) == QStringLiteral("zh_CN"));
    REQUIRE(Language::match(QStringLiteral("de_DE")) == QStringLiteral("en"));
    REQUIRE(Language::resolve(QStringLiteral("zh_CN")) == QStringLiteral("zh_CN"));
    REQUIRE(Language::nativeName(QStringLiteral("zh_CN")) == QStringLiteral("简体中文"));
}

TEST_CASE("sentences are joined by a space in English and by none in Chinese") {
    using cs::ui::Language;
    CHECK(Language::sentences(QStringLiteral("Ran."), QStringLiteral("Signals sent.")) ==
          QStringLiteral("Ran. Signals sent."));
    CHECK(Language::sentences(QStringLiteral("运行结束。"), QStringLiteral("已发送信号。")) ==
          QStringLiteral("运行结束。已发送信号。"));
    CHECK(Language::sentences(QStringLiteral("Done"), QStringLiteral("（见虚线）")) == QStringLiteral("Done（见虚线）"));
    CHECK(Language::sentences(QString(), QStringLiteral("Alone.")) == QStringLiteral("Alone."));
    CHECK(Language::sentences(QStringLiteral("Alone."), QString()) == QStringLiteral("Alone."));
}

TEST_CASE("installing a language translates at run time and back") {
    EnglishAfter guard;
    REQUIRE(Language::install(QStringLiteral("zh_CN")) == QStringLiteral("zh_CN"));
    REQUIRE(Language::current() == QStringLiteral("zh_CN"));
    const QString lessons = QCoreApplication::translate("cs::ui::MainWindow", "Lessons");
    REQUIRE(hasCjk(lessons));
    REQUIRE(hasCjk(LessonLibrary::groupName(QStringLiteral("pitfalls"))));
    REQUIRE(Language::install(QStringLiteral("en")) == QStringLiteral("en"));
    REQUIRE(QCoreApplication::translate("cs::ui::MainWindow", "Lessons") == QStringLiteral("Lessons"));
}

TEST_CASE("no two items of a menu share their key letter, in English and in Chinese") {
    // Run had P, S and L twice each: Alt+R, P played or opened the editor.
    EnglishAfter guard;
    for (const char* lang : {"en", "zh_CN"}) {
        INFO(lang);
        Language::install(QString::fromLatin1(lang));
        MainWindow w;
        std::function<void(QMenu*)> check = [&](QMenu* menu) {
            QMap<QChar, QString> taken;
            for (QAction* a : menu->actions()) {
                if (a->isSeparator()) continue;
                const QString text = a->text().section(QLatin1Char('\t'), 0, 0);
                const int amp = text.indexOf(QRegularExpression(QStringLiteral("&[^&]")));
                if (amp >= 0) {
                    const QChar key = text.at(amp + 1).toLower();
                    INFO(menu->title().toStdString() << ": " << text.toStdString() << " and "
                                                     << taken.value(key).toStdString());
                    CHECK_FALSE(taken.contains(key));
                    taken.insert(key, text);
                }
                if (a->menu()) check(a->menu());
            }
        };
        for (QAction* top : w.menuBar()->actions())
            if (top->menu()) check(top->menu());
    }
}

TEST_CASE("View > Language rebuilds the window in the new language over the same document") {
    EnglishAfter guard;
    Language::install(QStringLiteral("en"));
    WindowHost host;
    MainWindow* w = host.createWindow();
    w->show();
    w->loadScenario(test::semaphoreScenario(8, 2));
    w->runner()->pause();
    w->session()->advanceTo(1.25);
    w->timeline()->setSelectedTask(3);
    // Zoomed in, a span selected, and a program typed but not saved.
    w->viewport()->setWindow({0.5, 1.5});
    w->viewport()->setSelection({0.75, 1.0});
    const QString typed = QStringLiteral("import asyncio\n\nasync def main():\n    await asyncio.sleep(1)\n\nasyncio.run(main())\n");
    w->showEditor(true, typed);
    w->editor()->setFileName(QStringLiteral("mine.py"));
    REQUIRE(w->menuBar()->actions().front()->text() == QStringLiteral("&File"));
    const Session* session = w->session();
    const std::size_t events = w->session()->events().size();

    // Through the menu, as a user does it.
    QAction* zh = nullptr;
    for (QAction* a : w->findChildren<QAction*>())
        if (a->text() == QStringLiteral("简体中文")) zh = a;
    REQUIRE(zh);
    MainWindow* replaced = nullptr;
    QObject::connect(&host, &WindowHost::windowReplaced, [&](MainWindow* nw) { replaced = nw; });
    // switchLanguage(remember = true) would write the user's settings: the
    // menu's signal goes through the same code path with remember = false.
    QObject::disconnect(w, &MainWindow::languageRequested, nullptr, nullptr);
    QObject::connect(w, &MainWindow::languageRequested, &host,
                     [&host](const QString& code) { host.switchLanguage(code, false); });
    zh->trigger();
    REQUIRE(replaced);
    REQUIRE(host.window() == replaced);
    MainWindow* n = host.window();
    REQUIRE(Language::current() == QStringLiteral("zh_CN"));
    REQUIRE(hasCjk(n->menuBar()->actions().front()->text()));
    REQUIRE(hasCjk(n->lessonsDock()->windowTitle()));
    // The same run, not run again: the same session and its events.
    CHECK(n->session() == session);
    CHECK(n->document() == host.document());
    CHECK(n->session()->events().size() == events);
    REQUIRE(n->session()->scenario().tasks.size() == 8);
    REQUIRE(n->session()->liveTime() == Approx(1.25));
    REQUIRE_FALSE(n->runner()->isPlaying());
    REQUIRE(n->timeline()->selectedTask() == 3);
    CHECK_FALSE(n->viewport()->isFitted());
    CHECK(n->viewport()->window().begin == Approx(0.5));
    CHECK(n->viewport()->window().end == Approx(1.5));
    CHECK(n->viewport()->hasSelection());
    CHECK(n->viewport()->selection().begin == Approx(0.75));
    CHECK(n->editor()->program() == typed);
    CHECK(n->editor()->fileName() == QStringLiteral("mine.py"));
    CHECK(n->editorShown());

    host.switchLanguage(QStringLiteral("en"), false);
    REQUIRE(host.window()->menuBar()->actions().front()->text() == QStringLiteral("&File"));
    REQUIRE(host.window()->session()->liveTime() == Approx(1.25));
}

TEST_CASE("the runner's reasons and a crash are said in the interface's language, its messages kept as written") {
    EnglishAfter english;
    const auto report = [](const char* last, int signal = 0) {
        RunnerReport r;
        r.addLine("{\"t\": 0.0, \"ev\": \"meta\", \"python\": \"3.11.7\", \"program\": \"/x/p.py\"}");
        if (*last) r.addLine(last);
        r.processEnded(signal > 0 ? -1 : 0, signal);
        return r;
    };
    const RunnerReport blocked = report("{\"t\": 1.0, \"ev\": \"stopped\", \"reason\": \"blocking_call\", "
                                        "\"message\": \"time.sleep(5) blocked its thread\", \"file\": \"p.py\", "
                                        "\"line\": 4}");
    const RunnerReport odd = report("{\"t\": 1.0, \"ev\": \"stopped\", \"reason\": \"new_kind\", "
                                    "\"message\": \"why\"}");
    const RunnerReport crashed = report("", 11);
    // English: the core's words, the reason named in a few.
    CHECK(RunnerWords::problem(blocked) == QStringLiteral("p.py:4: stopped (a blocking call): time.sleep(5) blocked "
                                                          "its thread"));
    CHECK(RunnerWords::problem(odd) == QString::fromStdString(odd.problem()));  // a reason it does not know
    CHECK(RunnerWords::problem(crashed) == QString::fromStdString(crashed.problem()));
    CHECK(RunnerWords::problem(crashed).contains(QStringLiteral("killed by SIGSEGV")));
    CHECK(RunnerWords::problem(report("{\"t\": 1.0, \"ev\": \"end\", \"outcome\": \"ok\"}")).isEmpty());
    // Chinese: the words around the runner's message are Chinese, the message and the signal's name are kept.
    REQUIRE(Language::install(QStringLiteral("zh_CN")) == QStringLiteral("zh_CN"));
    const QString zhBlocked = RunnerWords::problem(blocked), zhCrashed = RunnerWords::problem(crashed);
    INFO(zhBlocked.toStdString() << " / " << zhCrashed.toStdString());
    CHECK(hasCjk(zhBlocked));
    CHECK(zhBlocked.contains(QStringLiteral("time.sleep(5) blocked its thread")));
    CHECK(zhBlocked.startsWith(QStringLiteral("p.py:4")));
    CHECK(hasCjk(zhCrashed));
    CHECK(zhCrashed.contains(QStringLiteral("SIGSEGV")));
    CHECK(hasCjk(RunnerWords::stopText("deadlock", "the program still cannot make progress")));
}

TEST_CASE("the options --lang and --lesson are parsed") {
    AppOptions o;
    QString err;
    REQUIRE(AppOptions::parse({"coroscope", "--lang", "zh_CN", "--lesson", "3"}, o, &err));
    REQUIRE(o.lang == QStringLiteral("zh_CN"));
    REQUIRE(o.lesson == QStringLiteral("3"));
}

TEST_CASE("switching the language keeps a recorded trace shown as a trace") {
    EnglishAfter guard;
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("run.jsonl"));
    {
        QFile f(path);
        REQUIRE(f.open(QIODevice::WriteOnly));
        f.write("{\"t\": 0.0, \"ev\": \"created\", \"task\": 0}\n"
                "{\"t\": 0.0, \"ev\": \"request\", \"task\": 0}\n"
                "{\"t\": 0.0, \"ev\": \"running\", \"task\": 0}\n"
                "{\"t\": 1.5, \"ev\": \"done\", \"task\": 0}\n"
                "{\"t\": 1.5, \"ev\": \"result\", \"task\": 0, \"ok\": true}\n"
                "{\"t\": 1.5, \"ev\": \"collected\"}\n"
                "{\"t\": 1.5, \"ev\": \"end\", \"outcome\": \"ok\"}\n");
    }
    WindowHost host;
    MainWindow* w = host.createWindow();
    QString err;
    REQUIRE(w->openFile(path, &err));
    REQUIRE(w->session()->isTrace());
    REQUIRE(w->session()->scenario().description.rfind("Recorded trace", 0) == 0);
    // Not read again: the file may be gone by now.
    REQUIRE(QFile::remove(path));
    host.switchLanguage(QStringLiteral("zh_CN"), false);
    REQUIRE(host.window()->session()->isTrace());
    REQUIRE(host.window()->session()->liveTime() == Approx(1.5));
    CHECK(host.window()->session()->events().size() == 7);
    CHECK(host.window()->files()->currentTracePath() == QFileInfo(path).absoluteFilePath());
    // Its header in the new language.
    CHECK(hasCjk(QString::fromStdString(host.window()->session()->scenario().description)));
}

TEST_CASE("bundled examples and experiments are named in the interface's language") {
    EnglishAfter guard;
    auto names = [](MainWindow& w) {
        // The Examples menu's entries, by file name (their tooltip).
        QMap<QString, QString> out;
        for (QAction* a : w.findChildren<QAction*>())
            if (a->toolTip() == QStringLiteral("13-queue-workers") || a->toolTip() == QStringLiteral("default-semaphore-20"))
                out[a->toolTip()] = a->text();
        return out;
    };
    auto experiments = [](MainWindow& w) {
        QStringList out;
        for (QComboBox* box : w.findChildren<QComboBox*>())
            for (int i = 0; i < box->count(); ++i)
                if (box->itemData(i).toString().startsWith(QStringLiteral(":/experiments/"))) out << box->itemText(i);
        return out;
    };
    Language::install(QStringLiteral("zh_CN"));
    {
        MainWindow w;
        const auto menu = names(w);
        REQUIRE(menu.value(QStringLiteral("13-queue-workers")) == QStringLiteral("Queue(maxsize=2) 加三个 worker"));
        REQUIRE(menu.value(QStringLiteral("default-semaphore-20")) == QStringLiteral("Semaphore(3) 调度二十个下载"));
        const QStringList lab = experiments(w);
        REQUIRE(lab.size() == 3);
        for (const QString& e : lab) REQUIRE(hasCjk(e));
        REQUIRE(w.openBundled(QStringLiteral("default-semaphore-20")));
        REQUIRE(w.windowTitle().startsWith(QStringLiteral("Semaphore(3) 调度二十个下载")));
    }
    Language::install(QStringLiteral("en"));
    MainWindow w;
    REQUIRE(names(w).value(QStringLiteral("13-queue-workers")) == QStringLiteral("Queue(maxsize=2) with three workers"));
    for (const QString& e : experiments(w)) REQUIRE_FALSE(hasCjk(e));
    REQUIRE(w.openBundled(QStringLiteral("default-semaphore-20")));
    REQUIRE(w.windowTitle().startsWith(QStringLiteral("Semaphore(3) paces twenty downloads")));
}

TEST_CASE("switching the language keeps an open lesson, its run and the view") {
    EnglishAfter guard;
    Language::install(QStringLiteral("en"));
    WindowHost host;
    MainWindow* w = host.createWindow();
    REQUIRE(w->lessons()->openLesson(QStringLiteral("semaphore-async-with")));
    LessonPlayer* player = w->lessons()->player();
    REQUIRE(player->hasPrediction());
    player->answer(1);
    w->runner()->pause();
    w->session()->advanceTo(1.0);
    w->viewport()->setWindow({0.25, 0.75});
    w->timeline()->setSelectedTask(2);
    const std::string title = w->session()->scenario().title;
    const std::size_t events = w->session()->events().size();
    const LessonPlayer::Stage stage = player->stage();
    REQUIRE(stage != LessonPlayer::Stage::Predicting);
    int restarts = 0;
    QObject::connect(w->session(), &Session::restarted, [&restarts] { ++restarts; });
    host.switchLanguage(QStringLiteral("zh_CN"), false);
    MainWindow* n = host.window();
    REQUIRE(n != w);
    // The document's player: the lesson is neither opened nor run again.
    CHECK(n->lessons()->player() == player);
    CHECK(restarts == 0);
    CHECK(n->session()->events().size() == events);
    CHECK(n->lessons()->player()->lessonId() == QStringLiteral("semaphore-async-with"));
    CHECK(player->answer() == 1);
    CHECK(player->stage() == stage);
    CHECK(player->language() == QStringLiteral("zh_CN"));
    CHECK(n->session()->liveTime() == Approx(1.0));
    CHECK_FALSE(n->runner()->isPlaying());
    CHECK(n->viewport()->window().begin == Approx(0.25));
    CHECK(n->viewport()->window().end == Approx(0.75));
    CHECK(n->timeline()->selectedTask() == 2);
    // The lesson's scenario titled in the new language, and still the lesson's.
    CHECK(n->session()->scenario().title != title);
    CHECK(hasCjk(QString::fromStdString(n->session()->scenario().title)));
    // The old window, not deleted yet, no longer answers the document: a
    // lesson opened now is loaded once, by the new window.
    REQUIRE(n->lessons()->openLesson(QStringLiteral("semaphore-in-loop")));
    CHECK(restarts == 1);
}

TEST_CASE("a window replaced by a language switch goes with its host, before the document its panels point at") {
    EnglishAfter guard;
    Language::install(QStringLiteral("en"));
    QPointer<MainWindow> old;
    {
        WindowHost host;
        old = host.createWindow();
        REQUIRE(old->lessons()->openLesson(QStringLiteral("semaphore-async-with")));
        host.switchLanguage(QStringLiteral("zh_CN"), false);
        REQUIRE(old);  // replaced, waiting for the event loop to delete it
    }
    CHECK(old.isNull());  // not left to meet a language change without its lessons
    Language::install(QStringLiteral("en"));  // (a LanguageChange to every widget there is)
    QCoreApplication::processEvents();
}
