#include "lessons/lesson.h"

#include <QFile>

#include "lessons/lesson_file.h"
#include "lessons/lesson_run.h"

namespace cs::ui {

namespace {
bool fail(QString* error, const QString& msg) {
    if (error) *error = msg;
    return false;
}
}  // namespace

std::optional<Lesson> Lesson::fromJson(const QByteArray& bytes, QString* error) {
    LoadError err;
    const std::optional<lessons::LessonFile> parsed =
        lessons::LessonFile::parse(std::string_view(bytes.constData(), static_cast<std::size_t>(bytes.size())), &err);
    if (!parsed) {
        fail(error, QString::fromStdString(err.what()));
        return std::nullopt;
    }
    // The texts quote the run: its claims' values, from the engine's run of
    // the scenario (a lesson is a small scenario: this takes microseconds).
    const lessons::LessonRun run(parsed->scenario);
    auto f = std::make_shared<const lessons::LessonFile>(parsed->filled(parsed->textValues(run.facts())));

    Lesson l;
    l.id = QString::fromStdString(f->id);
    l.group = QString::fromStdString(f->group);
    l.order = f->order;
    l.title = LocalizedText::fromMap(f->title);
    l.explanation = LocalizedText::fromMap(f->explanation);
    l.explanationAfter = LocalizedText::fromMap(f->explanationAfter);
    l.notice = LocalizedList::fromMap(f->notice);
    l.noticeAfter = LocalizedList::fromMap(f->noticeAfter);
    l.expectedOutcome = QString::fromStdString(f->expectedOutcome);
    if (f->predict) {
        LessonPredict pr;
        pr.question = LocalizedText::fromMap(f->predict->question);
        for (const lessons::Texts& c : f->predict->choices) pr.choices.push_back(LocalizedText::fromMap(c));
        pr.answer = f->predict->answer;
        pr.revealAt = f->predict->revealAt;
        l.predict = std::move(pr);
    }
    for (const lessons::LessonCallout& c : f->callouts) l.callouts.push_back({c.t, LocalizedText::fromMap(c.text)});
    l.scenario = f->scenario;
    l.file = std::move(f);
    return l;
}

std::optional<Lesson> Lesson::fromFile(const QString& path, QString* error) {
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) {
        fail(error, tr("cannot read %1: %2").arg(path, f.errorString()));
        return std::nullopt;
    }
    return fromJson(f.readAll(), error);
}

Scenario Lesson::scenarioFor(const QString& lang) const {
    Scenario s = scenario;
    s.title = title.text(lang).toStdString();
    s.description.clear();  // the lesson panel shows the explanation
    s.i18n.clear();
    return s;
}

QString Lesson::searchText() const {
    QStringList parts{id, title.allTexts(), explanation.allTexts(), explanationAfter.allTexts(), notice.allTexts(),
                      noticeAfter.allTexts()};
    if (predict) parts << predict->question.allTexts();
    return parts.join(QLatin1Char('\n'));
}

}  // namespace cs::ui
