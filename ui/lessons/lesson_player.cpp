#include "lessons/lesson_player.h"

#include <QMetaMethod>
#include <algorithm>

#include "lessons/lesson.h"
#include "lessons/lesson_library.h"
#include "lessons/lesson_progress.h"
#include "live/live_runner.h"
#include "live/session.h"

namespace cs::ui {

LessonPlayer::LessonPlayer(Session* session, LiveRunner* runner, const LessonLibrary* library,
                           LessonProgress* progress, QObject* parent)
    : QObject(parent),
      session_(session),
      runner_(runner),
      lib_(library),
      progress_(progress),
      notes_(std::make_shared<TimelineNotes>()) {
    connect(session_, &Session::advanced, this, &LessonPlayer::onAdvanced);
    connect(session_, &Session::restarted, this, &LessonPlayer::onRestarted);
    connect(session_, &Session::runFinished, this, &LessonPlayer::onFinished);
    connect(runner_, &LiveRunner::playingChanged, this, &LessonPlayer::onPlayingChanged);
}

QString LessonPlayer::lessonId() const { return lesson_ ? lesson_->id : QString(); }

bool LessonPlayer::hasPrediction() const { return lesson_ && lesson_->predict.has_value(); }

bool LessonPlayer::answeredCorrectly() const {
    return hasPrediction() && answer_ >= 0 && answer_ == lesson_->predict->answer;
}

bool LessonPlayer::answerShown() const { return lesson_ && (!lesson_->predict || revealed_); }

bool LessonPlayer::calloutShown(double t) const {
    return lesson_ && (answerShown() || t + 1e-9 < lesson_->predict->revealAt);
}

bool LessonPlayer::open(const QString& key, QString* error) {
    const Lesson* l = lib_ ? lib_->find(key) : nullptr;
    if (!l) {
        if (error) *error = tr("No lesson named %1.").arg(key);
        return false;
    }
    lesson_ = l;
    stage_ = Stage::None;  // a previous lesson's verdict must not carry over
    answer_ = -1;
    revealed_ = false;
    decided_ = !l->predict.has_value();
    if (progress_) progress_->markOpened(l->id);
    Scenario s = l->scenarioFor(lang_);
    scenarioTitle_ = s.title;
    rebuildNotes();
    emit lessonChanged();

    loading_ = true;
    // While the question waits, the axis must not end where the run ends.
    if (l->predict) session_->hideNextHorizon();
    static const QMetaMethod requested = QMetaMethod::fromSignal(&LessonPlayer::scenarioRequested);
    if (isSignalConnected(requested)) {
        emit scenarioRequested(s);
    } else {
        session_->load(std::move(s));
        runner_->play();
    }
    loading_ = false;
    if (l->predict) {
        // Think first: the run waits at t = 0 for the answer.
        runner_->pause();
        setStage(Stage::Predicting);
    } else {
        if (!runner_->isPlaying()) runner_->play();
        setStage(Stage::Playing);
    }
    emit notesChanged();
    return true;
}

void LessonPlayer::close() {
    if (!lesson_) return;
    lesson_ = nullptr;
    answer_ = -1;
    decided_ = false;
    revealed_ = false;
    scenarioTitle_.clear();
    notes_->notes.clear();
    setStage(Stage::None);
    emit lessonChanged();
    emit notesChanged();
}

void LessonPlayer::answer(int choice) {
    if (!hasPrediction() || stage_ != Stage::Predicting) return;
    if (choice < 0 || choice >= static_cast<int>(lesson_->predict->choices.size())) return;
    answer_ = choice;
    decided_ = true;
    setStage(Stage::Playing);
    runner_->play();
    checkReveal();
}

void LessonPlayer::skipPrediction() {
    if (stage_ != Stage::Predicting) return;
    decided_ = true;
    setStage(Stage::Playing);
    if (!runner_->isPlaying()) runner_->play();
    checkReveal();
}

void LessonPlayer::setLanguage(const QString& lang) {
    if (lang == lang_) return;
    const bool shown = lesson_ && sessionShowsLesson();
    lang_ = lang;
    if (shown) {
        // The lesson's run stays; its scenario's words follow the language.
        Scenario s = lesson_->scenarioFor(lang_);
        scenarioTitle_ = s.title;
        session_->relabel(std::move(s.title), std::move(s.description));
    }
    rebuildNotes();
    emit lessonChanged();
    emit notesChanged();
}

void LessonPlayer::onPlayingChanged(bool playing) {
    // Play pressed while the question waits: the user wants to watch first.
    if (playing && !loading_ && stage_ == Stage::Predicting) skipPrediction();
}

void LessonPlayer::onAdvanced() {
    endQuestionIfStepped();
    checkReveal();
}

void LessonPlayer::endQuestionIfStepped() {
    // Loop anatomy's Step one iteration / Next event move the run while the
    // question waits (Play does not: it skips the question). Steps up to the
    // moment of the answer keep the question (a lesson may ask to step through
    // t = 0); once the run is past it, or has ended, the timeline shows what the
    // answer is about, so the question is over as after "Just play it" and the
    // answer is revealed, the run still paused. (It said "The run waits for your
    // answer." beside a finished run.)
    if (stage_ != Stage::Predicting || loading_ || !hasPrediction()) return;
    if (session_->liveTime() <= lesson_->predict->revealAt + 1e-9 && !session_->finished()) return;
    decided_ = true;
    setStage(Stage::Playing);
}

void LessonPlayer::onRestarted() {
    if (!lesson_ || loading_) return;
    if (!sessionShowsLesson()) {
        close();  // another scenario took the stage
        return;
    }
    // The same lesson from t = 0 (Restart, another limit or collector): the
    // verdict comes again at its moment.
    if (stage_ == Stage::Revealed) {
        setStage(Stage::Playing);
        rebuildNotes();
        emit notesChanged();
    }
}

void LessonPlayer::onFinished() {
    if (!lesson_ || !sessionShowsLesson()) return;
    endQuestionIfStepped();
    checkReveal();
    if (decided_ && progress_ && !progress_->isCompleted(lesson_->id)) {
        progress_->markCompleted(lesson_->id);
        emit completed(lesson_->id);
    }
}

bool LessonPlayer::sessionShowsLesson() const { return session_->scenario().title == scenarioTitle_; }

void LessonPlayer::checkReveal() {
    if (!hasPrediction() || !decided_ || stage_ == Stage::Revealed || stage_ == Stage::None) return;
    const double at = lesson_->predict->revealAt;
    const double now = session_->liveTime();
    if (now + 1e-9 < at && !session_->finished()) return;
    revealed_ = true;
    session_->showHorizon();
    setStage(Stage::Revealed);
    rebuildNotes();
    emit notesChanged();
}

QString LessonPlayer::verdictText() const {
    if (!hasPrediction() || stage_ != Stage::Revealed) return {};
    const LessonPredict& p = *lesson_->predict;
    const QString right = p.choices[static_cast<std::size_t>(p.answer)].text(lang_);
    if (answer_ < 0) return tr("The answer: “%1”.").arg(right);
    if (answer_ == p.answer) return tr("You predicted “%1”. Right!").arg(right);
    return tr("You predicted “%1”, but the answer is “%2”.")
        .arg(p.choices[static_cast<std::size_t>(answer_)].text(lang_), right);
}

void LessonPlayer::rebuildNotes() {
    notes_->notes.clear();
    if (!lesson_) return;
    for (const LessonCallout& c : lesson_->callouts)
        notes_->notes.push_back({c.t, c.text.text(lang_), TimelineNote::Kind::Callout});
    if (stage_ == Stage::Revealed && lesson_->predict) {
        // At reveal_at, or where the run ended if that came first.
        const double t = std::min(lesson_->predict->revealAt, session_->liveTime());
        const auto kind = answer_ < 0                           ? TimelineNote::Kind::Answer
                          : answer_ == lesson_->predict->answer ? TimelineNote::Kind::Right
                                                                : TimelineNote::Kind::Wrong;
        notes_->notes.push_back({t, verdictText(), kind});
    }
}

void LessonPlayer::setStage(Stage s) {
    if (s == stage_) return;
    stage_ = s;
    emit stageChanged(s);
}

}  // namespace cs::ui
