#pragma once
// One lesson file (resources/lessons/ID.json, format in the README there) as
// the app shows it: read and checked by core (lessons::LessonFile), its
// claims' values filled into every text from a run of its scenario (the
// engine is deterministic: the run the app plays live is the same one), and
// the texts turned into Qt strings.
//
// What is shown when: the title, explanation, notice points and question
// while the question waits and the run plays; explanationAfter and
// noticeAfter with the answer (LessonView); callouts on the timeline at
// their time (LessonPlayer).
#include <QByteArray>
#include <QCoreApplication>
#include <QString>
#include <memory>
#include <optional>
#include <vector>

#include "lessons/localized_list.h"
#include "lessons/localized_text.h"
#include "model/scenario.h"

namespace cs::lessons {
class LessonFile;
}

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
    // loader), runs its scenario and fills its texts. On error returns
    // nullopt and sets *error to a message naming the field
    // ("scenario: tasks[3].steps[0].io: must be >= 0").
    static std::optional<Lesson> fromJson(const QByteArray& bytes, QString* error = nullptr);
    static std::optional<Lesson> fromFile(const QString& path, QString* error = nullptr);

    QString id;
    QString group;
    int order = 0;
    LocalizedText title;
    LocalizedText explanation;       // Markdown
    LocalizedText explanationAfter;  // Markdown, shown with the answer
    LocalizedList notice;
    LocalizedList noticeAfter;       // shown with the answer
    std::optional<LessonPredict> predict;
    std::vector<LessonCallout> callouts;  // sorted by t
    QString expectedOutcome;              // as written ("ok", "deadlock", ...), may be empty
    Scenario scenario;
    // The file as core read it, texts filled (answer tokens, claims: tests).
    std::shared_ptr<const lessons::LessonFile> file;

    // The scenario to run, titled in `lang` (the header shows the lesson's
    // title, not the file's).
    Scenario scenarioFor(const QString& lang) const;
    // Title, explanation, points and question in every language (search).
    QString searchText() const;
};

}  // namespace cs::ui
