#pragma once
// The lessons of a document: the library (resources/lessons), the user's
// progress record and the player of the open lesson. They belong to the
// document, not to a window: a language switch builds a new window whose
// Lessons dock (LessonBrowser) shows the same open lesson, its answered
// question and its verdict, without opening or running it again.
#include <QObject>
#include <QString>
#include <memory>

namespace cs::ui {

class LessonLibrary;
class LessonPlayer;
class LessonProgress;
class LiveRunner;
class Session;

class Lessons : public QObject {
    Q_OBJECT
public:
    // lessonsDir: where index.json is ("" = LessonLibrary::bundledDir());
    // progressFile: QSettings INI file for the progress ("" = the app's).
    Lessons(Session* session, LiveRunner* runner, QObject* parent = nullptr, const QString& lessonsDir = QString(),
            const QString& progressFile = QString());
    ~Lessons() override;

    const LessonLibrary& library() const { return *lib_; }
    LessonProgress* progress() const { return progress_; }
    LessonPlayer* player() const { return player_; }
    // Why the library could not be read ("" when it was).
    QString loadError() const { return loadError_; }

private:
    std::unique_ptr<LessonLibrary> lib_;
    QString loadError_;
    LessonProgress* progress_;
    LessonPlayer* player_;
};

}  // namespace cs::ui
