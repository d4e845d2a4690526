// Lessons: the files (bundled ones and test fixtures) load and validate, the
// browser's model passes QAbstractItemModelTester, search and progress work,
// "predict, then reveal" pauses, plays and reveals, callouts reach the
// timeline, presentation mode keeps the lesson text, texts follow the language.
#include <QAbstractItemModelTester>
#include <QApplication>
#include <QDir>
#include <QDockWidget>
#include <QImage>
#include <QJsonObject>
#include <QLineEdit>
#include <QPainter>
#include <QPushButton>
#include <QSortFilterProxyModel>
#include <QTemporaryDir>
#include <QFile>
#include <cmath>
#include <QTest>
#include <QToolTip>
#include <QHelpEvent>
#include <QScrollBar>
#include <QTextBrowser>
#include <QTextLayout>
#include <QTextBlock>
#include <QClipboard>
#include <QTreeView>
#include <catch2/catch.hpp>

#include "codegen/python_program.h"
#include "i18n/language.h"
#include "lessons/answer_tokens.h"
#include "lessons/lesson.h"
#include "lessons/lesson_file.h"
#include "lessons/lessons.h"
#include "lessons/code_breaks.h"
#include "lessons/lesson_browser.h"
#include "lessons/lesson_library.h"
#include "lessons/lesson_model.h"
#include "lessons/lesson_player.h"
#include "lessons/lesson_progress.h"
#include "lessons/lesson_view.h"
#include "lessons/localized_text.h"
#include "live/live_runner.h"
#include "live/session.h"
#include "main_window.h"
#include "panels/code_panel.h"
#include "scenario/loader.h"
#include "timeline/passes/callout_pass.h"
#include "timeline/time_pixel.h"
#include "timeline/timeline_layout.h"
#include "timeline/timeline_view.h"
#include "timeline/viewport.h"
#include "fixtures.h"
#include "model_test_guard.h"

using namespace cs;
using namespace cs::ui;

namespace {
const QString kFixtures = QStringLiteral(COROSCOPE_SOURCE_DIR "/tests/ui/data/lessons");
const QString kBundled = QStringLiteral(COROSCOPE_SOURCE_DIR "/resources/lessons");

using test::g_problems;
using test::ModelTestGuard;

// A fresh progress file per test.
struct TempProgress {
    QTemporaryDir dir;
    QString file() const { return dir.filePath(QStringLiteral("progress.ini")); }
};

// Every lesson row of a (proxy) model, depth first.
QStringList lessonIds(const QAbstractItemModel& m, const QModelIndex& parent = {}) {
    QStringList out;
    for (int r = 0; r < m.rowCount(parent); ++r) {
        const QModelIndex i = m.index(r, 0, parent);
        if (i.data(LessonModel::IsLessonRole).toBool()) out << i.data(LessonModel::IdRole).toString();
        out << lessonIds(m, i);
    }
    return out;
}

// A lesson player on a session, with a library loaded from `folder` and
// progress in a temporary file.
struct LessonRig {
    explicit LessonRig(const QString& folder) : loaded(lib.load(folder)) { REQUIRE(loaded); }
    Session session;
    LiveRunner runner{&session};
    LessonLibrary lib;
    bool loaded;
    TempProgress tp;
    LessonProgress progress{nullptr, tp.file()};
    LessonPlayer player{&session, &runner, &lib, &progress};
};

void tickFor(LiveRunner& r, double seconds) {
    for (double t = 0; t < seconds - 1e-9; t += 0.1) r.tick(0.1);
}

// The tooltip shown when the mouse rests on the time ruler at time t
// ("" when none is shown).
QString hoverRuler(TimelineView& view, const Viewport& viewport, double t, int dx = 0) {
    QToolTip::hideText();
    const TimelineLayout& L = view.currentLayout();
    const int x = L.timeArea.left() + static_cast<int>(tp::timeToX(t, viewport.window(), L.timeWidth())) + dx;
    const QPoint at(x, L.ruler.bottom() - 2);
    QHelpEvent e(QEvent::ToolTip, at, view.mapToGlobal(at));
    QCoreApplication::sendEvent(&view, &e);
    return QToolTip::isVisible() ? QToolTip::text() : QString();
}

int countColor(const QImage& img, QRgb c, int tol = 6) {
    int n = 0;
    for (int y = 0; y < img.height(); ++y)
        for (int x = 0; x < img.width(); ++x) {
            const QRgb p = img.pixel(x, y);
            n += std::abs(qRed(p) - qRed(c)) <= tol && std::abs(qGreen(p) - qGreen(c)) <= tol &&
                 std::abs(qBlue(p) - qBlue(c)) <= tol;
        }
    return n;
}
}  // namespace

TEST_CASE("localized texts fall back from the exact language to its bare form, then English") {
    LocalizedText t = LocalizedText::fromJson(QJsonValue(QJsonObject{{"en", "Hello"}, {"zh_CN", "你好"}}));
    REQUIRE(t.text("zh_CN") == QStringLiteral("你好"));
    REQUIRE(t.text("zh") == QStringLiteral("你好"));
    REQUIRE(t.text("zh-CN") == QStringLiteral("你好"));
    REQUIRE(t.text("de") == QStringLiteral("Hello"));
    REQUIRE(LocalizedText::fromJson(QJsonValue(QStringLiteral("plain"))).text("zh_CN") == QStringLiteral("plain"));
}

TEST_CASE("a lesson file is validated field by field, its scenario by the engine's loader") {
    QString err;
    REQUIRE(Lesson::fromFile(kFixtures + QStringLiteral("/01-three-at-a-time.json"), &err));
    auto bad = [&](const char* json) {
        err.clear();
        const bool ok = Lesson::fromJson(QByteArray(json), &err).has_value();
        return ok ? QString() : err;
    };
    const char* scenario = R"("scenario": {"format": "coroscope-scenario/1", "tasks": []})";
    REQUIRE(bad("{").startsWith(QStringLiteral("not JSON")));
    REQUIRE(bad(R"({"scenario": {}})") == QStringLiteral("id: missing"));
    REQUIRE(bad(R"({"id": "x"})") == QStringLiteral("scenario: missing"));
    REQUIRE(bad(R"({"id": "x", "scenario": {"format": "coroscope-scenario/1", "tasks": [{"steps": [{"io": -1}]}]}})")
                .startsWith(QStringLiteral("scenario: tasks[0].steps[0].io")));
    REQUIRE(bad((std::string(R"({"id": "x", "predict": {"question": "?", "choices": ["a", "b"], "answer": 2}, )") +
                 scenario + "}")
                    .c_str()) == QStringLiteral("predict.answer: must be the index of one of the choices"));
    REQUIRE(bad((std::string(R"({"id": "x", "callouts": [{"t": -1, "text": "a"}], )") + scenario + "}").c_str()) ==
            QStringLiteral("callouts[0].t: must be >= 0"));
    REQUIRE(bad((std::string(R"({"id": "x", )") + scenario + "}").c_str()).isEmpty());

    // Callouts come sorted by time; the scenario is titled in the asked language.
    const auto l = Lesson::fromFile(kFixtures + QStringLiteral("/01-three-at-a-time.json"));
    REQUIRE(l->callouts.size() == 2);
    REQUIRE(l->callouts[0].t == 0.0);
    REQUIRE(l->scenarioFor(QStringLiteral("zh_CN")).title == "一次三个");
    REQUIRE(l->predict->choices.size() == 3);
    REQUIRE(l->predict->revealAt == 2.0);
}

TEST_CASE("the lesson library reads index.json: groups, order, ids by prefix and number") {
    LessonLibrary lib;
    QString err;
    REQUIRE(lib.load(kFixtures, &err));
    REQUIRE(lib.errors().isEmpty());
    REQUIRE(lib.ids() == QStringList{"01-three-at-a-time", "02-plain-gather", "03-forgotten-release"});
    REQUIRE(lib.groups().size() == 2);
    REQUIRE(lib.groupTitle(lib.groups()[1], QStringLiteral("zh_CN")) == QStringLiteral("陷阱"));
    REQUIRE(lib.find("03")->id == QStringLiteral("03-forgotten-release"));
    REQUIRE(lib.find("2")->id == QStringLiteral("02-plain-gather"));
    REQUIRE(lib.find("01-three")->id == QStringLiteral("01-three-at-a-time"));
    REQUIRE(lib.find("nope") == nullptr);
    REQUIRE_FALSE(lib.load(QDir::tempPath() + QStringLiteral("/no-such-lessons-dir"), &err));
}

TEST_CASE("every bundled lesson in index.json loads through the browser's model and its scenario validates") {
    REQUIRE(QFile::exists(kBundled + QStringLiteral("/index.json")));
    LessonLibrary lib;
    QString err;
    REQUIRE(lib.load(kBundled, &err));
    INFO(lib.errors().join(QLatin1Char('\n')).toStdString());
    REQUIRE(lib.errors().isEmpty());
    REQUIRE(lib.size() == static_cast<std::size_t>(lib.listedIds().size()));

    TempProgress tp;
    LessonProgress progress(nullptr, tp.file());
    ModelTestGuard g;
    LessonModel model(&lib, &progress);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Warning);
    const QStringList shown = lessonIds(model);
    REQUIRE(shown == lib.listedIds());
    // Every group is one the browser knows and has a title in both languages.
    for (const LessonGroup& grp : lib.groups()) {
        INFO(grp.id.toStdString());
        REQUIRE(LessonLibrary::knownGroups().contains(grp.id));
        REQUIRE_FALSE(lib.groupTitle(grp, QStringLiteral("zh_CN")).isEmpty());
    }
    for (const QString& id : shown) {
        INFO(id.toStdString());
        const Lesson* l = lib.lesson(id);
        REQUIRE(l);
        // The scenario survives the loader's round trip and every text
        // exists in English and Chinese.
        const std::string json = toJson(l->scenario);
        REQUIRE(parseScenario(json).ok());
        for (const char* lang : {"en", "zh_CN"}) {
            REQUIRE(l->title.languages().contains(QString::fromLatin1(lang)));
            REQUIRE(l->explanation.languages().contains(QString::fromLatin1(lang)));
        }
        if (l->predict)
            for (const LocalizedText& c : l->predict->choices) REQUIRE_FALSE(c.text("zh_CN").isEmpty());
    }
    model.setLanguage(QStringLiteral("zh_CN"));
    progress.markCompleted(shown.front());
    INFO(g_problems.join(QLatin1Char('\n')).toStdString());
    REQUIRE(g_problems.isEmpty());
}

TEST_CASE("the lesson model passes QAbstractItemModelTester through search, progress and language changes") {
    LessonLibrary lib;
    REQUIRE(lib.load(kFixtures));
    TempProgress tp;
    LessonProgress progress(nullptr, tp.file());
    ModelTestGuard g;
    LessonModel model(&lib, &progress);
    QAbstractItemModelTester t1(&model, QAbstractItemModelTester::FailureReportingMode::Warning);
    QSortFilterProxyModel proxy;
    proxy.setSourceModel(&model);
    proxy.setFilterRole(LessonModel::SearchRole);
    proxy.setFilterCaseSensitivity(Qt::CaseInsensitive);
    proxy.setRecursiveFilteringEnabled(true);
    QAbstractItemModelTester t2(&proxy, QAbstractItemModelTester::FailureReportingMode::Warning);

    REQUIRE(model.rowCount() == 2);
    REQUIRE(model.rowCount(model.index(0, 0)) == 2);
    const QModelIndex first = model.index(0, 0, model.index(0, 0));
    REQUIRE(first.data().toString() == QStringLiteral("1. Three at a time"));
    REQUIRE(first.data(Qt::CheckStateRole).toInt() == Qt::Unchecked);
    REQUIRE(model.index(0, 0).data().toString() == QStringLiteral("Basics (0/2)"));

    // Search matches any language and the explanation too.
    proxy.setFilterFixedString(QStringLiteral("deadlock"));
    REQUIRE(lessonIds(proxy) == QStringList{"03-forgotten-release"});
    proxy.setFilterFixedString(QStringLiteral("一次"));
    REQUIRE(lessonIds(proxy) == QStringList{"01-three-at-a-time"});
    proxy.setFilterFixedString(QString());
    REQUIRE(lessonIds(proxy).size() == 3);

    // Progress: a check mark, the group count, and it survives a restart.
    progress.markOpened(QStringLiteral("02-plain-gather"));
    progress.markCompleted(QStringLiteral("01-three-at-a-time"));
    REQUIRE(first.data(Qt::CheckStateRole).toInt() == Qt::Checked);
    REQUIRE(model.indexOfLesson(QStringLiteral("02-plain-gather")).data(Qt::CheckStateRole).toInt() ==
            Qt::PartiallyChecked);
    REQUIRE(model.index(0, 0).data().toString() == QStringLiteral("Basics (1/2)"));
    LessonProgress again(nullptr, tp.file());
    REQUIRE(again.isCompleted(QStringLiteral("01-three-at-a-time")));
    REQUIRE(again.isOpened(QStringLiteral("02-plain-gather")));
    REQUIRE_FALSE(again.isCompleted(QStringLiteral("02-plain-gather")));

    model.setLanguage(QStringLiteral("zh_CN"));
    REQUIRE(first.data().toString() == QStringLiteral("1. 一次三个"));
    REQUIRE(model.index(1, 0).data().toString().startsWith(QStringLiteral("陷阱")));
    model.setCurrentLesson(QStringLiteral("03-forgotten-release"));
    REQUIRE(model.indexOfLesson(QStringLiteral("03-forgotten-release")).data(Qt::FontRole).value<QFont>().bold());
    progress.reset();
    REQUIRE(first.data(Qt::CheckStateRole).toInt() == Qt::Unchecked);
    INFO(g_problems.join(QLatin1Char('\n')).toStdString());
    REQUIRE(g_problems.isEmpty());
}

TEST_CASE("predict, then reveal: the run waits for the answer, then the verdict comes at reveal_at") {
    LessonRig rig(kFixtures);
    LessonView view(&rig.player);

    REQUIRE(rig.player.open(QStringLiteral("01")));
    REQUIRE(rig.player.stage() == LessonPlayer::Stage::Predicting);
    REQUIRE_FALSE(rig.runner.isPlaying());
    REQUIRE(rig.progress.isOpened(QStringLiteral("01-three-at-a-time")));
    REQUIRE(rig.session.scenario().title == "Three at a time");
    REQUIRE(view.titleText() == QStringLiteral("Three at a time"));
    REQUIRE(view.questionVisible());
    REQUIRE(view.choiceButtons().size() == 3);
    REQUIRE(view.bodyMarkdown().contains(QStringLiteral("Three tasks run, three wait.")));
    // Nothing moves while the question waits.
    rig.runner.tick(1.0);
    REQUIRE(rig.session.liveTime() == 0.0);
    // Two callouts, no verdict yet.
    REQUIRE(rig.player.notes()->notes.size() == 2);
    REQUIRE(rig.player.notes()->activeCalloutAt(0.5) == 0);
    REQUIRE(rig.player.notes()->verdictAt(10.0) == -1);

    view.choiceButtons()[2]->click();  // "6 s": wrong
    REQUIRE(rig.player.answer() == 2);
    REQUIRE(rig.player.stage() == LessonPlayer::Stage::Playing);
    REQUIRE(rig.runner.isPlaying());
    tickFor(rig.runner, 1.5);
    REQUIRE(rig.player.stage() == LessonPlayer::Stage::Playing);
    REQUIRE(rig.player.notes()->activeCalloutAt(rig.session.liveTime()) == 1);
    tickFor(rig.runner, 0.6);
    REQUIRE(rig.player.stage() == LessonPlayer::Stage::Revealed);
    REQUIRE_FALSE(rig.player.answeredCorrectly());
    const int v = rig.player.notes()->verdictAt(2.0);
    REQUIRE(v >= 0);
    REQUIRE(rig.player.notes()->notes[static_cast<std::size_t>(v)].kind == TimelineNote::Kind::Wrong);
    REQUIRE(rig.player.notes()->notes[static_cast<std::size_t>(v)].t == 2.0);
    REQUIRE(view.verdictShown().contains(QStringLiteral("2 s")));
    REQUIRE(rig.session.finished());
    REQUIRE(rig.progress.isCompleted(QStringLiteral("01-three-at-a-time")));

    // Restart: the verdict comes again at its moment.
    rig.session.restart();
    REQUIRE(rig.player.stage() == LessonPlayer::Stage::Playing);
    REQUIRE(rig.player.notes()->verdictAt(100.0) == -1);
    rig.session.advanceTo(2.0);
    REQUIRE(rig.player.stage() == LessonPlayer::Stage::Revealed);

    // Another language: the notes and the view follow.
    rig.player.setLanguage(QStringLiteral("zh_CN"));
    REQUIRE(rig.player.notes()->notes[0].text == QStringLiteral("三个任务立即拿到许可。"));
    REQUIRE(view.titleText() == QStringLiteral("一次三个"));
    REQUIRE(view.bodyMarkdown().contains(QStringLiteral("三个任务运行，三个等待。")));
}

TEST_CASE("stepping the loop past the answer's moment while the question waits reveals the answer") {
    // Loop anatomy's Step one iteration / Next event move the run without Play:
    // stepped to the end, the lesson said "The run waits for your answer." beside
    // a finished run whose timeline showed the answer.
    LessonRig rig(kFixtures);
    LessonView view(&rig.player);
    REQUIRE(rig.player.open(QStringLiteral("01-three-at-a-time")));
    REQUIRE(rig.player.stage() == LessonPlayer::Stage::Predicting);
    // Steps before reveal_at (2.0 s) keep the question: a lesson may ask to step through t = 0.
    rig.runner.stepIteration();
    rig.runner.stepIteration();
    REQUIRE(rig.session.liveTime() < 2.0);
    REQUIRE(rig.player.stage() == LessonPlayer::Stage::Predicting);
    REQUIRE(view.questionVisible());
    for (int i = 0; i < 200 && !rig.session.finished(); ++i) rig.runner.stepToNextEvent();
    REQUIRE(rig.session.finished());
    REQUIRE(rig.player.stage() == LessonPlayer::Stage::Revealed);
    REQUIRE(rig.player.answer() == -1);
    REQUIRE_FALSE(rig.runner.isPlaying());
    REQUIRE(rig.player.verdictText().contains(QStringLiteral("2 s")));
    REQUIRE_FALSE(view.verdictShown().contains(QStringLiteral("waits for your answer")));
}

TEST_CASE("pressing Play while a question waits plays the lesson and still reveals the answer") {
    LessonRig rig(kFixtures);
    REQUIRE(rig.player.open(QStringLiteral("01-three-at-a-time")));
    rig.runner.play();
    REQUIRE(rig.player.stage() == LessonPlayer::Stage::Playing);
    REQUIRE(rig.player.answer() == -1);
    tickFor(rig.runner, 2.5);
    REQUIRE(rig.player.stage() == LessonPlayer::Stage::Revealed);
    REQUIRE(rig.player.verdictText().contains(QStringLiteral("2 s")));
    REQUIRE(rig.player.notes()->notes.back().kind == TimelineNote::Kind::Answer);

    // A lesson without a question plays at once; loading another scenario
    // closes the lesson.
    REQUIRE(rig.player.open(QStringLiteral("02-plain-gather")));
    REQUIRE(rig.player.stage() == LessonPlayer::Stage::Playing);
    REQUIRE(rig.runner.isPlaying());
    rig.session.load(test::semaphoreScenario(4, 2));
    REQUIRE(rig.player.lesson() == nullptr);
    REQUIRE(rig.player.stage() == LessonPlayer::Stage::None);
    REQUIRE(rig.player.notes()->notes.empty());
}

TEST_CASE("callouts are drawn on the timeline: markers on the ruler, the passed one as a bubble") {
    Session session;
    LiveRunner runner(&session);
    Viewport viewport;
    TimelineView view(session.model(), &viewport);
    view.resize(1000, 500);
    LessonLibrary lib;
    REQUIRE(lib.load(kFixtures));
    TempProgress tp;
    LessonProgress progress(nullptr, tp.file());
    LessonPlayer player(&session, &runner, &lib, &progress);
    view.addPass(std::make_unique<CalloutPass>(player.notes()));
    REQUIRE(player.open(QStringLiteral("03-forgotten-release")));
    viewport.setWhole({0.0, 2.0});
    viewport.fit();
    const QRgb fill = qRgb(255, 247, 214);

    auto shot = [&] {
        QImage img(1000, 500, QImage::Format_RGB32);
        img.fill(Qt::white);
        QPainter p(&img);
        view.render(p, img.size());
        return img;
    };
    viewport.setCursor(0.2);  // before the callout: marker only, no bubble
    const int before = countColor(shot(), fill);
    viewport.setCursor(0.6);  // after it: the bubble
    const int after = countColor(shot(), fill);
    INFO(before << " " << after);
    REQUIRE(before > 0);           // the marker
    REQUIRE(after > before + 2000);  // a bubble of text
}

TEST_CASE("the lesson browser opens lessons, searches, and shows progress") {
    Session session;
    LiveRunner runner(&session);
    TempProgress tp;
    Lessons lessons(&session, &runner, nullptr, kFixtures, tp.file());
    LessonBrowser browser(&lessons);
    browser.resize(400, 700);
    REQUIRE(browser.library().size() == 3);
    REQUIRE(browser.openLesson(QStringLiteral("02-plain-gather")));
    REQUIRE(browser.tree()->currentIndex().data(LessonModel::IdRole).toString() == QStringLiteral("02-plain-gather"));
    browser.searchBox()->setText(QStringLiteral("forgotten"));
    REQUIRE(lessonIds(*browser.filterModel()) == QStringList{"03-forgotten-release"});
    browser.setCompact(true);
    REQUIRE(browser.isCompact());
}

TEST_CASE("in a side column as narrow as a 1280x720 screen's, every lesson title wraps onto as many lines as it "
          "needs, in English and Chinese") {
    const test::EnglishAfter guard;
    for (const QString& lang : {QStringLiteral("en"), QStringLiteral("zh_CN")}) {
        CAPTURE(lang.toStdString());
        Language::install(lang);
        Session session;
        LiveRunner runner(&session);
        TempProgress tp;
        Lessons lessons(&session, &runner, nullptr, kBundled, tp.file());
        LessonBrowser browser(&lessons);
        browser.resize(250, 1600);  // the left column at 1280x720; tall enough to show every row
        browser.show();
        REQUIRE(QTest::qWaitForWindowExposed(&browser));
        QTreeView* tree = browser.tree();
        QCoreApplication::processEvents();  // the rows laid out again for the column's width
        const QFontMetrics fm(tree->font());
        int wrapped = 0, rows = 0;
        const QAbstractItemModel& m = *tree->model();
        for (int g = 0; g < m.rowCount(); ++g) {
            const QModelIndex group = m.index(g, 0);
            for (int r = 0; r < m.rowCount(group); ++r) {
                const QModelIndex i = m.index(r, 0, group);
                const QString title = i.data(Qt::DisplayRole).toString();
                const QRect rect = tree->visualRect(i);
                CAPTURE(title.toStdString(), rect.width(), rect.height());
                REQUIRE(rect.isValid());
                // However it breaks, a line holds at most the row's width of
                // text: the row is at least that many lines tall.
                const int font = QFontMetrics(i.data(Qt::FontRole).value<QFont>()).height();
                const int lines = (fm.horizontalAdvance(title) + rect.width() - 1) / rect.width();
                CHECK(rect.height() >= lines * std::min(font, fm.height()));
                wrapped += lines > 1;
                ++rows;
            }
        }
        CHECK(rows == static_cast<int>(browser.library().size()));
        CHECK(wrapped > 0);  // the column is narrow enough to matter
        if (const QString dir = qEnvironmentVariable("COROSCOPE_SHOT_DIR"); !dir.isEmpty())
            tree->grab().save(QStringLiteral("%1/lesson-tree-%2.png").arg(dir, lang));
    }
}

TEST_CASE("a lesson title's call chain wraps after a dot or a bracket, never inside a name") {
    // The list's rows lay a title out with withCodeBreaks (lesson_browser.cpp).
    CHECK(withCodeBreaks(u"asyncio.wait(FIRST_COMPLETED)") ==
          QStringLiteral("asyncio.\u200Bwait(\u200BFIRST_COMPLETED)"));
    CHECK(withCodeBreaks(u"8. sleep(1.5) [x] ( y") == QStringLiteral("8. sleep(\u200B1.5) [\u200Bx] ( y"));
    const test::EnglishAfter guard;
    Language::install(QStringLiteral("zh_CN"));
    const QString title = QStringLiteral("8. \u7528 asyncio.wait(FIRST_COMPLETED) \u624b\u5199\u9650\u6d41");
    // (A name's characters: Chinese text may break between any two of its own.)
    const auto nameChar = [](QChar c) {
        return c.unicode() < 128 && (c.isLetterOrNumber() || c == QLatin1Char('_'));
    };
    const QFont font = QApplication::font();
    for (int width : {120, 160, 200}) {  // (narrower than the title: it wraps)
        QTextLayout layout(withCodeBreaks(title), font);
        QTextOption opt;
        opt.setWrapMode(QTextOption::WrapAtWordBoundaryOrAnywhere);
        layout.setTextOption(opt);
        layout.beginLayout();
        for (QTextLine line = layout.createLine(); line.isValid(); line = layout.createLine()) line.setLineWidth(width);
        layout.endLayout();
        const QString text = layout.text();
        CAPTURE(width, layout.lineCount());
        QStringList lines;
        for (int k = 0; k < layout.lineCount(); ++k)
            lines << text.mid(layout.lineAt(k).textStart(), layout.lineAt(k).textLength());
        CAPTURE(lines.join(QStringLiteral(" | ")).toStdString());
        CHECK(layout.lineCount() > 1);
        for (int k = 0; k + 1 < layout.lineCount(); ++k) {
            const int end = layout.lineAt(k).textStart() + layout.lineAt(k).textLength();
            CHECK_FALSE((nameChar(text[end - 1]) && nameChar(text[end])));
        }
    }
}

TEST_CASE("presentation mode hides the panels but keeps the open lesson's text, with larger lanes") {
    MainWindow w;
    w.show();
    if (w.lessons()->library().isEmpty()) {
        WARN("no bundled lessons yet");
        return;
    }
    REQUIRE(w.openLesson(QStringLiteral("1")));
    REQUIRE(w.lessons()->player()->lesson() != nullptr);
    // Answer, play to the verdict (COROSCOPE_TEST_SHOTS=DIR keeps pictures).
    const QString shots = qEnvironmentVariable("COROSCOPE_TEST_SHOTS");
    LessonPlayer* p = w.lessons()->player();
    if (p->hasPrediction()) {
        p->answer(0);
        for (int k = 0; k < 200 && p->stage() != LessonPlayer::Stage::Revealed; ++k) w.runner()->tick(0.05);
        REQUIRE(p->stage() == LessonPlayer::Stage::Revealed);
        w.goLive();
    }
    if (!shots.isEmpty()) {
        w.refreshPanels();
        QTest::qWait(300);  // layouts and the timeline's repaint settle
        w.grab().save(shots + QStringLiteral("/reveal.png"));
        // The Code dock with a task selected at an instant it waits or runs.
        if (auto* dock = qobject_cast<QDockWidget*>(w.code()->parentWidget())) dock->raise();
        w.timeline()->setSelectedTask(1);
        w.rewindTo(1.2);
        QTest::qWait(300);
        w.grab().save(shots + QStringLiteral("/code.png"));
        w.goLive();
    }
    w.setPresentationMode(true);
    if (!shots.isEmpty()) {
        QTest::qWait(300);
        w.grab().save(shots + QStringLiteral("/presentation.png"));
    }
    REQUIRE(w.lessonsDock()->isVisible());
    REQUIRE(w.lessons()->isCompact());
    REQUIRE(w.timeline()->scale() > 1.0);
    // The lesson's text and the program, beside the timeline.
    int visibleDocks = 0;
    for (QDockWidget* d : w.findChildren<QDockWidget*>()) visibleDocks += d->isVisible();
    REQUIRE(visibleDocks == 2);
    REQUIRE(w.codeDock()->isVisible());
    // A panel brought back through the View menu comes as a tab beside the
    // lesson, not as a third slice of the column (the Limit lab's chart had
    // 60 px at 1280x720).
    w.labDock()->toggleViewAction()->trigger();
    QCoreApplication::processEvents();
    REQUIRE(w.labDock()->isVisible());
    CHECK(w.tabifiedDockWidgets(w.labDock()).contains(w.lessonsDock()));
    CHECK(w.labDock()->height() >= w.lessonsDock()->height());  // the lesson's share, not a third
    // The code under them a tab too while the lab is open: the lab has the column.
    CHECK(w.tabifiedDockWidgets(w.labDock()).contains(w.codeDock()));
    w.setPresentationMode(false);
    REQUIRE_FALSE(w.lessons()->isCompact());
    REQUIRE(w.timeline()->scale() == 1.0);
}

TEST_CASE("hovering a callout's flag on the ruler shows its text") {
    Session session;
    LiveRunner runner(&session);
    Viewport viewport;
    TimelineView view(session.model(), &viewport);
    view.resize(1000, 500);
    view.show();
    TempProgress tp;
    Lessons lessons(&session, &runner, nullptr, kFixtures, tp.file());
    LessonBrowser browser(&lessons);
    browser.attachTimeline(&view, &viewport);
    REQUIRE(browser.openLesson(QStringLiteral("03-forgotten-release")));
    viewport.setWhole({0.0, 2.0});
    viewport.fit();
    QCoreApplication::processEvents();
    REQUIRE(view.currentLayout().timeWidth() > 0);
    REQUIRE(hoverRuler(view, viewport, 0.5) == QStringLiteral("Task 0 never gives its permit back."));
    // Away from the flag the timeline's own tooltip applies.
    REQUIRE(hoverRuler(view, viewport, 0.5, 200) != QStringLiteral("Task 0 never gives its permit back."));
}

namespace {
// A lesson whose texts and times quote its run: four downloads of 1 s under
// Semaphore(2) end at 2.0 s; the second wave starts at 1.0 s.
const char* kFilledLesson = R"({
 "id": "t-sem", "group": "basics", "order": 1,
 "title": {"en": "Two at a time", "zh_CN": "一次两个"},
 "explanation": {"en": "Four downloads of `1.0` s share `Semaphore(2)`.", "zh_CN": "四个各需 `1.0` 秒的下载共用 `Semaphore(2)`。"},
 "explanation_after": {"en": "They take **{total} s**: two waves.", "zh_CN": "共用 **{total} 秒**：两波。"},
 "notice": {"en": ["Count the running bars."], "zh_CN": ["数一数运行的条。"]},
 "notice_after": {"en": ["The second wave starts at {wave2} s."], "zh_CN": ["第二波在 {wave2} 秒开始。"]},
 "predict": {"question": {"en": "How long in total?", "zh_CN": "总共多久？"},
             "choices": [{"en": "1.0 s", "zh_CN": "1.0 秒"}, {"en": "{total} s", "zh_CN": "{total} 秒"}],
             "answer": 1, "reveal_at": "total", "answer_tokens": {"en": ["{total}"], "zh_CN": ["{total}"]}},
 "callouts": [{"t": "total", "text": {"en": "All done at {total} s.", "zh_CN": "在 {total} 秒全部完成。"}},
              {"t": "wave2", "text": {"en": "The second wave.", "zh_CN": "第二波。"}}],
 "claims": [{"id": "total", "query": {"end_time": {}}, "expect": 2.0},
            {"id": "wave2", "query": {"time": {"task": 2, "ev": "running"}}, "expect": 1.0}],
 "expected_outcome": "ok",
 "scenario": {"format": "coroscope-scenario/1", "limit": {"kind": "semaphore", "value": 2},
              "tasks": [{"steps": [{"io": 1.0}]}, {"steps": [{"io": 1.0}]}, {"steps": [{"io": 1.0}]}, {"steps": [{"io": 1.0}]}]}
})";

// A lessons folder holding only kFilledLesson.
struct FilledLessonDir {
    QTemporaryDir dir;
    FilledLessonDir() {
        QFile l(dir.filePath(QStringLiteral("t-sem.json")));
        REQUIRE(l.open(QIODevice::WriteOnly));
        l.write(kFilledLesson);
        QFile i(dir.filePath(QStringLiteral("index.json")));
        REQUIRE(i.open(QIODevice::WriteOnly));
        i.write(R"({"groups": [{"id": "basics", "lessons": ["t-sem"]}]})");
    }
    QString path() const { return dir.path(); }
};

// Everything a lesson view and its timeline notes show in `lang` right now
// (callouts: those the player lets the user hover).
QStringList shownTexts(const LessonView& view, const LessonPlayer& player) {
    QStringList out{view.titleText(), view.bodyMarkdown(), view.questionText(), view.verdictShown()};
    for (const TimelineNote& n : player.notes()->notes)
        if (n.kind != TimelineNote::Kind::Callout || player.calloutShown(n.t)) out << n.text;
    return out;
}
}  // namespace

TEST_CASE("a lesson's texts and times are filled from its run, in each language") {
    QString err;
    const auto l = Lesson::fromJson(QByteArray(kFilledLesson), &err);
    INFO(err.toStdString());
    REQUIRE(l);
    REQUIRE(l->predict->revealAt == 2.0);
    REQUIRE(l->callouts.size() == 2);
    REQUIRE(l->callouts[0].t == 1.0);  // sorted once the claims gave them their times
    REQUIRE(l->callouts[1].text.text(QStringLiteral("en")) == QStringLiteral("All done at 2.0 s."));
    REQUIRE(l->explanationAfter.text(QStringLiteral("en")) == QStringLiteral("They take **2.0 s**: two waves."));
    REQUIRE(l->noticeAfter.items(QStringLiteral("zh_CN")).front() == QStringLiteral("第二波在 1.0 秒开始。"));
    REQUIRE(l->predict->choices[1].text(QStringLiteral("zh_CN")) == QStringLiteral("2.0 秒"));
    // A placeholder that names no claim is an error naming the field.
    QByteArray bad(kFilledLesson);
    bad.replace("{wave2} s.\"]", "{wave3} s.\"]");
    REQUIRE_FALSE(Lesson::fromJson(bad, &err));
    REQUIRE(err == QStringLiteral("notice_after.en[0]: {wave3} names no claim"));
}

TEST_CASE("the answer's part of a lesson, its callouts and the run's length appear only with the answer") {
    FilledLessonDir dir;
    Session session;
    LiveRunner runner(&session);
    Viewport viewport;
    TimelineView timeline(session.model(), &viewport);
    timeline.resize(1000, 500);
    timeline.show();
    TempProgress tp;
    Lessons lessons(&session, &runner, nullptr, dir.path(), tp.file());
    LessonBrowser browser(&lessons);
    browser.attachTimeline(&timeline, &viewport);
    LessonPlayer& player = *browser.player();
    const LessonView& view = *browser.view();
    REQUIRE(browser.openLesson(QStringLiteral("t-sem")));
    REQUIRE(player.stage() == LessonPlayer::Stage::Predicting);
    REQUIRE_FALSE(view.bodyMarkdown().contains(QStringLiteral("They take")));
    REQUIRE_FALSE(view.bodyMarkdown().contains(QStringLiteral("second wave starts")));
    // The axis must not end where the run will end.
    REQUIRE(std::isnan(session.horizon()));
    REQUIRE(player.calloutShown(1.0));
    REQUIRE_FALSE(player.calloutShown(2.0));

    // Hovering the flag of the callout at reveal_at shows nothing yet.
    viewport.setWhole({0.0, 2.5});
    viewport.fit();
    QCoreApplication::processEvents();
    auto hover = [&](double t) { return hoverRuler(timeline, viewport, t); };
    REQUIRE(hover(1.0) == QStringLiteral("The second wave."));
    REQUIRE(hover(2.0) != QStringLiteral("All done at 2.0 s."));

    player.answer(0);
    tickFor(runner, 1.5);
    REQUIRE(player.stage() == LessonPlayer::Stage::Playing);
    REQUIRE_FALSE(view.verdictShown().contains(QStringLiteral("2.0")));
    tickFor(runner, 1.0);
    REQUIRE(player.stage() == LessonPlayer::Stage::Revealed);
    REQUIRE(view.bodyMarkdown().contains(QStringLiteral("They take **2.0 s**: two waves.")));
    REQUIRE(view.bodyMarkdown().contains(QStringLiteral("The second wave starts at 1.0 s.")));
    REQUIRE(session.horizon() == 2.0);
    REQUIRE(player.calloutShown(2.0));
    REQUIRE(hover(2.0) == QStringLiteral("All done at 2.0 s."));
    // A restart replays the run; what was revealed stays revealed.
    session.restart();
    REQUIRE(view.bodyMarkdown().contains(QStringLiteral("They take")));
    QToolTip::hideText();
}

TEST_CASE("no bundled lesson shows its answer before it is revealed, in English or Chinese") {
    LessonRig rig(kBundled);
    LessonView view(&rig.player);
    int questions = 0;
    for (const QString& id : rig.lib.ids()) {
        const Lesson* l = rig.lib.lesson(id);
        REQUIRE(l);
        if (!l->predict) continue;
        ++questions;
        INFO(id.toStdString());
        REQUIRE(l->file->predict);
        auto check = [&](const char* when) {
            for (const char* lang : {"en", "zh_CN"}) {
                INFO(when << " " << lang);
                rig.player.setLanguage(QString::fromLatin1(lang));
                const auto tokens = l->file->predict->answerTokens.find(lang);
                REQUIRE(tokens != l->file->predict->answerTokens.end());
                REQUIRE_FALSE(tokens->second.empty());
                for (const QString& text : shownTexts(view, rig.player)) {
                    INFO(text.toStdString());
                    REQUIRE(lessons::AnswerTokens::foundIn(text.toStdString(), tokens->second).empty());
                }
            }
        };
        REQUIRE(rig.player.open(id));
        REQUIRE(rig.player.stage() == LessonPlayer::Stage::Predicting);
        REQUIRE(std::isnan(rig.session.horizon()));
        check("while the question waits");
        // Answered, playing towards reveal_at (which may be t = 0).
        rig.player.answer((l->predict->answer + 1) % static_cast<int>(l->predict->choices.size()));
        if (rig.player.stage() == LessonPlayer::Stage::Playing) check("while it plays");
        for (int k = 0; k < 2000 && rig.player.stage() != LessonPlayer::Stage::Revealed; ++k) rig.runner.tick(0.05);
        REQUIRE(rig.player.stage() == LessonPlayer::Stage::Revealed);
        for (const char* lang : {"en", "zh_CN"}) {
            rig.player.setLanguage(QString::fromLatin1(lang));
            const QString after = l->explanationAfter.text(QString::fromLatin1(lang)).trimmed();
            REQUIRE_FALSE(after.isEmpty());
            REQUIRE(view.bodyMarkdown().contains(after));
        }
        REQUIRE_FALSE(std::isnan(rig.session.horizon()));
    }
    REQUIRE(questions >= 20);
}

namespace {

// The '#' comments of a generated program's lesson part (above the harness),
// one a line: what the Code dock says in prose beside the code.
std::string commentsOf(const std::string& program) {
    std::string said;
    std::size_t from = 0;
    while (from < program.size()) {
        std::size_t end = program.find('\n', from);
        if (end == std::string::npos) end = program.size();
        const std::string line = program.substr(from, end - from);
        from = end + 1;
        if (line.rfind("# Coroscope harness:", 0) == 0) break;
        char quote = 0;
        for (std::size_t i = 0; i < line.size(); ++i) {
            const char c = line[i];
            if (quote) {
                if (c == '\\') ++i;
                else if (c == quote) quote = 0;
            } else if (c == '"' || c == '\'') {
                quote = c;
            } else if (c == '#') {
                said += line.substr(i + 1) + "\n";
                break;
            }
        }
    }
    return said;
}

}  // namespace

TEST_CASE("no bundled lesson's program tells its answer in a comment while the question waits (the Code dock)") {
    LessonRig rig(kBundled);
    int questions = 0;
    int toldWithComments = 0;
    for (const QString& id : rig.lib.ids()) {
        const Lesson* l = rig.lib.lesson(id);
        REQUIRE(l);
        if (!l->predict) continue;
        ++questions;
        INFO(id.toStdString());
        const auto tokens = l->file->predict->answerTokens.find("en");
        REQUIRE(tokens != l->file->predict->answerTokens.end());
        // The scenario as the app shows it (the lesson's title, no description).
        const Scenario shown = l->scenarioFor(QStringLiteral("en"));
        const std::string kept = commentsOf(pythonProgram(shown, ProgramOptions{true}));
        REQUIRE(kept.find("asyncio") != std::string::npos);  // the comments were found
        // (What the question itself says is no answer: "TCPConnector(limit=3)".)
        std::vector<std::string> answers;
        for (const std::string& t : tokens->second)
            if (lessons::AnswerTokens::foundIn(
                    l->predict->question.text(QStringLiteral("en")).remove(QLatin1Char('`')).toStdString(), {t})
                    .empty())
                answers.push_back(t);
        const auto found = lessons::AnswerTokens::foundIn(kept, answers);
        INFO((found.empty() ? std::string() : "found: " + found.front()) << "\nin:\n" << kept);
        CHECK(found.empty());
        // (The comments of free play, which teach what comes of each line.)
        if (!lessons::AnswerTokens::foundIn(commentsOf(pythonProgram(shown)), answers).empty())
            ++toldWithComments;
    }
    REQUIRE(questions >= 20);
    CHECK(toldWithComments >= 3);  // the check finds what it looks for
}

TEST_CASE("the Code dock keeps a lesson's answer out of its comments until the reveal and then says it") {
    MainWindow w;
    w.show();
    REQUIRE(QTest::qWaitForWindowExposed(&w));
    REQUIRE(w.openLesson(QStringLiteral("as-completed-order")));
    LessonPlayer* player = w.lessons()->player();
    REQUIRE(player->stage() == LessonPlayer::Stage::Predicting);
    const QString told = QStringLiteral("# in completion order");
    CHECK(w.code()->keepingAnswer());
    CHECK_FALSE(w.code()->programText().contains(told));
    CHECK(w.code()->programText().contains(QStringLiteral("asyncio.as_completed(tasks)")));
    player->answer(0);
    CHECK_FALSE(w.code()->programText().contains(told));
    for (int k = 0; k < 400 && player->stage() != LessonPlayer::Stage::Revealed; ++k) w.runner()->tick(0.05);
    REQUIRE(player->stage() == LessonPlayer::Stage::Revealed);
    CHECK_FALSE(w.code()->keepingAnswer());
    CHECK(w.code()->programText().contains(told));
    // Another scenario than a lesson's: the teaching comments, as always.
    player->close();
    CHECK_FALSE(w.code()->keepingAnswer());
}

TEST_CASE("once revealed, the answer's button reads in green and a wrong pick's in orange, not grey on grey") {
    LessonRig rig(kBundled);
    LessonView view(&rig.player);
    view.resize(700, 800);
    view.show();
    REQUIRE(QTest::qWaitForWindowExposed(&view));
    REQUIRE(rig.player.open(QStringLiteral("gather-first-exception")));
    const int answer = rig.player.lesson()->predict->answer;
    const int wrong = (answer + 1) % 3, other = (answer + 2) % 3;
    rig.player.answer(wrong);
    for (int k = 0; k < 2000 && rig.player.stage() != LessonPlayer::Stage::Revealed; ++k) rig.runner.tick(0.05);
    REQUIRE(rig.player.stage() == LessonPlayer::Stage::Revealed);
    QCoreApplication::processEvents();
    const auto& buttons = view.choiceButtons();
    REQUIRE(buttons.size() == 3);
    // Pixels of a colour near `c` in a button as drawn.
    const auto pixelsNear = [](QPushButton* b, QColor c) {
        const QImage img = b->grab().toImage();
        int n = 0;
        for (int y = 0; y < img.height(); ++y)
            for (int x = 0; x < img.width(); ++x) {
                const QColor p = img.pixelColor(x, y);
                if (std::abs(p.red() - c.red()) + std::abs(p.green() - c.green()) + std::abs(p.blue() - c.blue()) < 60)
                    ++n;
            }
        return n;
    };
    const QColor green(0x00, 0x80, 0x5a), orange(0xc0, 0x4a, 0x00);
    CHECK_FALSE(buttons[static_cast<std::size_t>(answer)]->isEnabled());
    CHECK(pixelsNear(buttons[static_cast<std::size_t>(answer)], green) > 50);
    CHECK(pixelsNear(buttons[static_cast<std::size_t>(wrong)], orange) > 20);
    CHECK(pixelsNear(buttons[static_cast<std::size_t>(other)], green) == 0);
    CHECK(pixelsNear(buttons[static_cast<std::size_t>(other)], orange) == 0);
}

TEST_CASE("a lesson's code blocks wrap in a narrow pane instead of scrolling the text sideways") {
    LessonRig rig(kBundled);
    LessonView view(&rig.player);
    REQUIRE(rig.player.open(QStringLiteral("wait-for-timeout")));
    REQUIRE(view.bodyMarkdown().contains(QStringLiteral("```python")));  // a code block with long lines
    auto* body = view.findChild<QTextBrowser*>(QStringLiteral("lessonBody"));
    REQUIRE(body != nullptr);
    view.resize(320, 700);
    view.show();
    REQUIRE(QTest::qWaitForWindowExposed(&view));
    // The text is laid out again for the pane's width once the resize is processed.
    CHECK(QTest::qWaitFor([&] { return body->document()->textWidth() == body->viewport()->width(); }, 5000));
    CHECK(body->horizontalScrollBar()->maximum() == 0);
    // The code is all there, wrapped.
    CHECK(body->toPlainText().contains(QStringLiteral("return_exceptions=True,")));
}

TEST_CASE("a lesson's code lines break after a dot, a bracket or a space, never inside a name; a copy reads as typed") {
    LessonRig rig(kBundled);
    LessonView view(&rig.player);
    REQUIRE(rig.player.open(QStringLiteral("thread-pool-max-workers")));  // "asyncio.to_thread(blocking_read, path)"
    auto* body = view.findChild<QTextBrowser*>(QStringLiteral("lessonBody"));
    REQUIRE(body != nullptr);
    view.resize(240, 700);  // (the side column of a 1280-pixel screen: a call chain longer than a line)
    view.show();
    REQUIRE(QTest::qWaitForWindowExposed(&view));
    CHECK(QTest::qWaitFor([&] { return body->document()->textWidth() == body->viewport()->width(); }, 5000));
    const auto nameChar = [](QChar c) { return c.isLetterOrNumber() || c == QLatin1Char('_'); };
    int codeLines = 0, wrapped = 0;
    for (QTextBlock b = body->document()->begin(); b.isValid(); b = b.next()) {
        if (b.blockFormat().textIndent() >= 0) continue;  // (code lines hang: a negative first-line indent)
        ++codeLines;
        const QTextLayout* layout = b.layout();
        const QString text = b.text();
        for (int k = 0; k + 1 < layout->lineCount(); ++k) {
            const int end = layout->lineAt(k).textStart() + layout->lineAt(k).textLength();
            ++wrapped;
            INFO(text.toStdString() << " | broken at " << end);
            CHECK_FALSE((nameChar(text[end - 1]) && nameChar(text[end])));
        }
    }
    CHECK(codeLines >= 4);  // its code block's four lines
    CHECK(wrapped > 0);  // (the pane is narrow enough to wrap some)
    body->selectAll();
    body->copy();
    const QString copied = QApplication::clipboard()->text();
    CHECK(copied.contains(QStringLiteral("data = await asyncio.to_thread(blocking_read, path)")));
    CHECK_FALSE(copied.contains(QChar(0x200B)));
}

TEST_CASE("a lesson's code comment keeps its '#' with its first word when the line wraps; a copy reads as typed") {
    // "value = counter              # read" in a narrow pane broke after
    // the "#": a row ending in a lone "#" over a row "read".
    LessonRig rig(kBundled);
    LessonView view(&rig.player);
    REQUIRE(rig.player.open(QStringLiteral("lost-update")));
    auto* body = view.findChild<QTextBrowser*>(QStringLiteral("lessonBody"));
    REQUIRE(body != nullptr);
    view.show();
    REQUIRE(QTest::qWaitForWindowExposed(&view));
    int wrappedComments = 0;
    for (int width = 200; width <= 420; width += 20) {  // (a side column, a few fonts' worth of widths)
        view.resize(width, 700);
        CHECK(QTest::qWaitFor([&] { return body->document()->textWidth() == body->viewport()->width(); }, 5000));
        for (QTextBlock b = body->document()->begin(); b.isValid(); b = b.next()) {
            if (b.blockFormat().textIndent() >= 0) continue;  // (code lines only)
            const QTextLayout* layout = b.layout();
            const QString text = b.text();
            const qsizetype hash = text.indexOf(QLatin1Char('#'));
            for (int k = 0; k + 1 < layout->lineCount(); ++k) {
                const int end = layout->lineAt(k).textStart() + layout->lineAt(k).textLength();
                if (hash >= 0 && end > hash) ++wrappedComments;
                INFO(text.toStdString() << " at " << width << " px");
                CHECK_FALSE(text.left(end).trimmed().endsWith(QLatin1Char('#')));
            }
        }
    }
    CHECK(wrappedComments > 0);  // (the case: comments wrapped at some width)
    body->selectAll();
    body->copy();
    const QString copied = QApplication::clipboard()->text();
    CHECK(copied.contains(QStringLiteral("# read")));
    CHECK_FALSE(copied.contains(QChar(0x00A0)));
}

TEST_CASE("a lesson's code is coloured as the code panel's: a comment's wrapped rows stay the comment's, the prose "
          "stays plain") {
    LessonRig rig(kBundled);
    LessonView view(&rig.player);
    REQUIRE(rig.player.open(QStringLiteral("queue-workers")));  // "pass   # a failed job must not kill the worker"
    auto* body = view.findChild<QTextBrowser*>(QStringLiteral("lessonBody"));
    REQUIRE(body != nullptr);
    view.resize(240, 700);  // (narrow: the comment wraps)
    view.show();
    REQUIRE(QTest::qWaitForWindowExposed(&view));
    int comments = 0, prose = 0;
    for (QTextBlock b = body->document()->begin(); b.isValid(); b = b.next()) {
        const QString text = b.text();
        const auto formats = b.layout()->formats();
        if (b.blockFormat().textIndent() >= 0) {  // (code lines hang: a negative first-line indent)
            ++prose;
            CAPTURE(text.toStdString());
            CHECK(formats.isEmpty());
            continue;
        }
        const auto hash = text.indexOf(QLatin1Char('#'));
        if (hash < 0) continue;
        ++comments;
        // From the "#" to the line's end, across its wrapped rows: the comment's format.
        bool covered = false;
        for (const QTextLayout::FormatRange& r : formats)
            covered = covered || (r.start <= hash && r.start + r.length >= text.size() && r.format.fontItalic());
        CAPTURE(text.toStdString());
        CHECK(covered);
    }
    CHECK(comments >= 3);
    CHECK(prose > 0);
}

TEST_CASE("short choices stand in one row where they fit, one under the other where not, in the current font") {
    LessonRig rig(kFixtures);
    LessonView view(&rig.player);
    REQUIRE(rig.player.open(QStringLiteral("01")));  // choices "1 s", "2 s", "6 s"
    REQUIRE(view.choiceButtons().size() == 3);
    view.show();
    view.resize(600, 500);
    CHECK(view.choicesInARow());

    // A new application font (presentation mode sets one) reaches the
    // buttons, which are styled by a style sheet. (The font change is
    // posted to each widget; the view rebuilds its buttons after it.)
    const auto settle = [] {
        for (int i = 0; i < 3; ++i) QCoreApplication::processEvents();
    };
    const QFont before = QApplication::font();
    QFont big = before;
    big.setPointSizeF(before.pointSizeF() * 2.0);
    QApplication::setFont(big);
    settle();
    for (const QPushButton* b : view.choiceButtons()) CHECK(b->font().pointSizeF() == Approx(big.pointSizeF()));
    QApplication::setFont(before);
    settle();
    for (const QPushButton* b : view.choiceButtons()) CHECK(b->font().pointSizeF() == Approx(before.pointSizeF()));

    // Long choices (a bundled lesson's) stack in a pane of a side column's
    // width, and stand in a row again once there is room for them.
    LessonRig bundled(kBundled);
    LessonView wide(&bundled.player);
    REQUIRE(bundled.player.open(QStringLiteral("wait-timeout-pending")));
    REQUIRE(wide.choiceButtons().size() == 3);
    wide.show();
    wide.resize(360, 600);
    int need = 0;
    for (const QPushButton* b : wide.choiceButtons()) need += b->sizeHint().width();
    REQUIRE(wide.width() < need);
    CHECK_FALSE(wide.choicesInARow());
    wide.resize(need + 200, 600);
    CHECK(wide.choicesInARow());
    // Whatever the width, a button in a row is as wide as its text asks: a
    // row is chosen only where all of them fit (none cut short, "At 0.5 s
    // (task 1" as equal shares once showed).
    int rows = 0;
    for (int w = 300; w <= need + 300; w += 23) {
        wide.resize(w, 600);
        QCoreApplication::processEvents();
        wide.layout()->activate();
        if (!wide.choicesInARow()) continue;
        ++rows;
        CAPTURE(w);
        for (const QPushButton* b : wide.choiceButtons()) CHECK(b->width() >= b->sizeHint().width());
    }
    CHECK(rows > 0);
}
