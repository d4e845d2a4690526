#include "document.h"

#include "lessons/lessons.h"
#include "live/live_runner.h"
#include "live/session.h"
#include "timeline/viewport.h"

namespace cs::ui {

Document::Document(QObject* parent)
    : QObject(parent),
      session_(new Session(this)),
      runner_(new LiveRunner(session_, this)),
      viewport_(new Viewport(this)),
      lessons_(new Lessons(session_, runner_, this)) {}

Document::~Document() {
    runner_->pause();
}

}  // namespace cs::ui
