#pragma once
// Which lessons the user opened and completed, kept in QSettings
// ("lessons/opened", "lessons/completed") so the browser's check marks
// survive a restart.
#include <QObject>
#include <QSet>
#include <QString>

namespace cs::ui {

class LessonProgress : public QObject {
    Q_OBJECT
public:
    // settingsFile empty: the application's QSettings; otherwise an INI file
    // (tests).
    explicit LessonProgress(QObject* parent = nullptr, const QString& settingsFile = QString());

    bool isOpened(const QString& id) const { return opened_.contains(id); }
    bool isCompleted(const QString& id) const { return completed_.contains(id); }
    int completedCount() const { return static_cast<int>(completed_.size()); }
    // Of these ids, how many are completed.
    int completedAmong(const QStringList& ids) const;

    void markOpened(const QString& id);
    void markCompleted(const QString& id);
    void reset();

signals:
    void changed(const QString& id);  // empty: everything (reset)

private:
    void save() const;

    QString file_;
    QSet<QString> opened_;
    QSet<QString> completed_;
};

}  // namespace cs::ui
