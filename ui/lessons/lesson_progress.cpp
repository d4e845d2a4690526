#include "lessons/lesson_progress.h"

#include <QSettings>
#include <QStringList>
#include <memory>

namespace cs::ui {

namespace {
const QString kOpened = QStringLiteral("lessons/opened");
const QString kCompleted = QStringLiteral("lessons/completed");

std::unique_ptr<QSettings> open(const QString& file) {
    return file.isEmpty() ? std::make_unique<QSettings>() : std::make_unique<QSettings>(file, QSettings::IniFormat);
}

QStringList sorted(const QSet<QString>& s) {
    QStringList l(s.begin(), s.end());
    l.sort();
    return l;
}
}  // namespace

LessonProgress::LessonProgress(QObject* parent, const QString& settingsFile) : QObject(parent), file_(settingsFile) {
    auto s = open(file_);
    for (const QString& id : s->value(kOpened).toStringList()) opened_.insert(id);
    for (const QString& id : s->value(kCompleted).toStringList()) completed_.insert(id);
}

int LessonProgress::completedAmong(const QStringList& ids) const {
    int n = 0;
    for (const QString& id : ids) n += completed_.contains(id) ? 1 : 0;
    return n;
}

void LessonProgress::markOpened(const QString& id) {
    if (id.isEmpty() || opened_.contains(id)) return;
    opened_.insert(id);
    save();
    emit changed(id);
}

void LessonProgress::markCompleted(const QString& id) {
    if (id.isEmpty() || completed_.contains(id)) return;
    opened_.insert(id);
    completed_.insert(id);
    save();
    emit changed(id);
}

void LessonProgress::reset() {
    opened_.clear();
    completed_.clear();
    save();
    emit changed(QString());
}

void LessonProgress::save() const {
    auto s = open(file_);
    s->setValue(kOpened, sorted(opened_));
    s->setValue(kCompleted, sorted(completed_));
}

}  // namespace cs::ui
