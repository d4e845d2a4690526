#include "lessons/lessons.h"

#include "lessons/lesson_library.h"
#include "lessons/lesson_player.h"
#include "lessons/lesson_progress.h"

namespace cs::ui {

Lessons::Lessons(Session* session, LiveRunner* runner, QObject* parent, const QString& lessonsDir,
                 const QString& progressFile)
    : QObject(parent), lib_(std::make_unique<LessonLibrary>()) {
    lib_->load(lessonsDir.isEmpty() ? LessonLibrary::bundledDir() : lessonsDir, &loadError_);
    progress_ = new LessonProgress(this, progressFile);
    player_ = new LessonPlayer(session, runner, lib_.get(), progress_, this);
}

Lessons::~Lessons() = default;

}  // namespace cs::ui
