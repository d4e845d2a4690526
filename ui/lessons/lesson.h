#pragma once
// One lesson file (resources/lessons/ID.json): a scenario with its teaching
// texts in several languages, an optional "predict, then reveal" question
// and callouts pinned to moments of the run.
//
//   {"id", "group", "order", "title": {en, zh_CN}, "explanation": {en: Markdown, ...},
//    "notice": {en: [...], zh_CN: [...]}, "predict": {"question", "choices": [...],
//    "answer": k, "reveal_at": t}, "callouts": [{"t", "text"}], "expected_outcome",
//    "scenario": {coroscope-scenario/1}}
#include <QByteArray>
#include <QCoreApplication>
#include <QString>
#include <optional>
#include <vector>

#include "lessons/localized_list.h"
#include "lessons/localized_text.h"
#include "model/scenario.h"

namespace cs::ui {

struct LessonCallout {
    double t = 0.0;  // virtual seconds
    LocalizedText text;
};

struct LessonPredict {
    LocalizedText question;
    std::vector<LocalizedText> choices;
    int answer = 0;         // index into choices
    double revealAt = 0.0;  // virtual seconds: when the run shows the answer
};

class Lesson {
    Q_DECLARE_TR_FUNCTIONS(cs::ui::Lesson)

public:
    // Parses and validates a lesson file (its scenario through the engine's
    // loader). On error returns nullopt and sets *error to a message naming
    // the field ("scenario: tasks[3].steps[0].io: must be >= 0").
    static std::optional<Lesson> fromJson(const QByteArray& bytes, QString* error = nullptr);
    static std::optional<Lesson> fromFile(const QString& path, QString* error = nullptr);

    QString id;
    QString group;
    int order = 0;
    LocalizedText title;
    LocalizedText explanation;  // Markdown
    LocalizedList notice;
    std::optional<LessonPredict> predict;
    std::vector<LessonCallout> callouts;  // sorted by t
    QString expectedOutcome;              // as written ("ok", "deadlock", ...), may be empty
    Scenario scenario;

    // The scenario to run, titled in `lang` (the header shows the lesson's
    // title, not the file's).
    Scenario scenarioFor(const QString& lang) const;
    // Title, explanation, points and question in every language (search).
    QString searchText() const;
};

}  // namespace cs::ui
