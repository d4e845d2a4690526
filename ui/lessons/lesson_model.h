#pragma once
// The lesson browser's tree: groups (Basics, Limiting concurrency, ...) with
// their lessons, titled in the current language, checked when completed
// (LessonProgress), the open lesson in bold. SearchRole carries every
// language's title and text for the search box's filter proxy.
#include <QAbstractItemModel>
#include <QString>

namespace cs::ui {

class LessonLibrary;
class LessonProgress;

class LessonModel : public QAbstractItemModel {
    Q_OBJECT
public:
    enum Role { IdRole = Qt::UserRole + 1, IsLessonRole, SearchRole, CompletedRole };

    LessonModel(const LessonLibrary* library, LessonProgress* progress, QObject* parent = nullptr);

    void setLanguage(const QString& lang);
    QString language() const { return lang_; }
    // The lesson shown in bold (the open one); empty: none.
    void setCurrentLesson(const QString& id);
    // The index of a lesson id (invalid if unknown).
    QModelIndex indexOfLesson(const QString& id) const;
    // Reread the library (after it loaded again).
    void reload();

    QModelIndex index(int row, int column, const QModelIndex& parent = {}) const override;
    QModelIndex parent(const QModelIndex& child) const override;
    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    Qt::ItemFlags flags(const QModelIndex& index) const override;
    QVariant headerData(int section, Qt::Orientation o, int role = Qt::DisplayRole) const override;

private:
    void progressChanged(const QString& id);
    void everythingChanged();
    int positionOf(const QString& id) const;  // 1-based teaching order

    const LessonLibrary* lib_;
    LessonProgress* progress_;
    QString lang_ = QStringLiteral("en");
    QString current_;
};

}  // namespace cs::ui
