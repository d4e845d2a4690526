#pragma once
// The bundled lessons: resources/lessons/index.json (the order, the groups
// and their titles) and one file per lesson, read from a folder (":/lessons"
// in the app, the source tree in tests).
//
// index.json: {"groups": [{"id": "basics", "title": {"en", "zh_CN"},
//              "lessons": ["id", ...]}, ...], "lessons": ["id" | {"id", "group", "file"}, ...]}
// (either list may carry the order; a group's lessons may be listed in the
// group or in "lessons" with a "group" field or in the lesson file). With no
// index.json, every *.json in the folder is a lesson, ordered by group and
// "order".
#include <QCoreApplication>
#include <QString>
#include <QStringList>
#include <memory>
#include <vector>

#include "lessons/lesson.h"
#include "lessons/localized_text.h"

namespace cs::ui {

struct LessonGroup {
    QString id;
    LocalizedText title;  // may be empty: groupName(id) then
    QStringList lessonIds;
};

class LessonLibrary {
    Q_DECLARE_TR_FUNCTIONS(cs::ui::LessonLibrary)

public:
    static QString bundledDir() { return QStringLiteral(":/lessons"); }

    // Reads index.json and every lesson it lists. A lesson that does not
    // load is left out and named in errors(); false when the folder has no
    // lesson at all or index.json is unreadable.
    bool load(const QString& dir, QString* error = nullptr);
    bool isEmpty() const { return lessons_.empty(); }

    const std::vector<LessonGroup>& groups() const { return groups_; }
    // Lesson ids in teaching order (group by group).
    QStringList ids() const;
    std::size_t size() const { return lessons_.size(); }
    const Lesson* lesson(const QString& id) const;
    // An id, a unique id prefix ("03" for "03-semaphore"), or a position
    // in teaching order counted from 1 ("3").
    const Lesson* find(const QString& key) const;
    // Only by id or unique id prefix / only by position in teaching order
    // ("3": the third lesson of ids()).
    const Lesson* findByName(const QString& key) const;
    const Lesson* findByNumber(const QString& key) const;
    // Lessons that failed to load: "id: message".
    const QStringList& errors() const { return errors_; }
    // The index's listed ids, loaded or not (tests check they all load).
    const QStringList& listedIds() const { return listed_; }

    // Group titles the app knows (translated): basics, limiting, collecting,
    // cancellation, pitfalls, choosing; other ids come back as they are.
    static QString groupName(const QString& groupId);
    static QStringList knownGroups();
    // The title of a group in `lang`, from the index or groupName().
    QString groupTitle(const LessonGroup& g, const QString& lang) const;

private:
    std::vector<LessonGroup> groups_;
    std::vector<std::unique_ptr<Lesson>> lessons_;
    QStringList errors_;
    QStringList listed_;
};

}  // namespace cs::ui
