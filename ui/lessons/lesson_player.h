#pragma once
// Plays the open lesson: loads its scenario into the session (through
// scenarioRequested, so the main window resets its views as for any
// scenario), and runs "predict, then reveal": a lesson with a question
// pauses before playing until the user answers (or plays anyway), then at
// reveal_at the verdict appears on the timeline. Its callouts become notes
// the CalloutPass pins to the timeline. A lesson counts as completed when its
// run finishes after the question was dealt with.
#include <QObject>
#include <QString>
#include <memory>

#include "model/scenario.h"
#include "timeline/timeline_notes.h"

namespace cs::ui {

class Lesson;
class LessonLibrary;
class LessonProgress;
class LiveRunner;
class Session;

class LessonPlayer : public QObject {
    Q_OBJECT
public:
    enum class Stage {
        None,        // no lesson open
        Predicting,  // paused, waiting for an answer
        Playing,     // running (answered, skipped, or nothing to predict)
        Revealed,    // the verdict is out
    };

    LessonPlayer(Session* session, LiveRunner* runner, const LessonLibrary* library, LessonProgress* progress,
                 QObject* parent = nullptr);

    // Opens a lesson by id (or LessonLibrary::find key). False if unknown.
    bool open(const QString& key, QString* error = nullptr);
    // The lesson stops being the open one (another scenario was loaded).
    void close();

    const Lesson* lesson() const { return lesson_; }
    QString lessonId() const;
    Stage stage() const { return stage_; }
    bool hasPrediction() const;
    // The user's answer (-1: none yet, or played without answering).
    int answer() const { return answer_; }
    bool answeredCorrectly() const;
    // Whether the lesson's answer may be shown: it has no question, or the
    // answer was revealed since the lesson was opened (a restart replays the
    // run, but what was revealed stays revealed).
    bool answerShown() const;
    // Whether the callout at t may be shown now (hovering its flag): one at
    // or after reveal_at only once the answer is out.
    bool calloutShown(double t) const;

    // The user's prediction: the run starts.
    void answer(int choice);
    // Play without answering: the answer is still revealed at reveal_at.
    void skipPrediction();
    // After a language switch: notes and texts in `lang`.
    void setLanguage(const QString& lang);
    QString language() const { return lang_; }

    // What the timeline pins (shared with CalloutPass).
    std::shared_ptr<const TimelineNotes> notes() const { return notes_; }
    // The text of the verdict, in the current language (empty before it).
    QString verdictText() const;

signals:
    // Load this scenario (the main window's loadScenario).
    void scenarioRequested(const cs::Scenario& scenario);
    void lessonChanged();
    void stageChanged(cs::ui::LessonPlayer::Stage stage);
    // Notes changed (new lesson, language, verdict): repaint the timeline.
    void notesChanged();
    void completed(const QString& id);

private:
    void onAdvanced();
    void onRestarted();
    void onFinished();
    void onPlayingChanged(bool playing);
    void setStage(Stage s);
    void rebuildNotes();
    void checkReveal();
    // Stepped past the moment of the answer while the question waits: the question is over.
    void endQuestionIfStepped();
    bool sessionShowsLesson() const;

    Session* session_;
    LiveRunner* runner_;
    const LessonLibrary* lib_;
    LessonProgress* progress_;
    const Lesson* lesson_ = nullptr;
    std::string scenarioTitle_;  // how the session names the lesson's scenario
    Stage stage_ = Stage::None;
    int answer_ = -1;
    bool decided_ = false;  // answered or skipped
    bool loading_ = false;
    bool revealed_ = false;  // the answer was revealed since open()
    QString lang_ = QStringLiteral("en");
    std::shared_ptr<TimelineNotes> notes_;
};

}  // namespace cs::ui
