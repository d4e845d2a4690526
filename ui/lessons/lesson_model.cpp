#include "lessons/lesson_model.h"

#include <QFont>

#include "lessons/lesson_library.h"
#include "lessons/lesson_progress.h"

namespace cs::ui {

// internalId: 0 for a group, group row + 1 for a lesson.
LessonModel::LessonModel(const LessonLibrary* library, LessonProgress* progress, QObject* parent)
    : QAbstractItemModel(parent), lib_(library), progress_(progress) {
    if (progress_) connect(progress_, &LessonProgress::changed, this, &LessonModel::progressChanged);
}

void LessonModel::reload() {
    beginResetModel();
    endResetModel();
}

void LessonModel::setLanguage(const QString& lang) {
    if (lang == lang_) return;
    lang_ = lang;
    everythingChanged();
    emit headerDataChanged(Qt::Horizontal, 0, 0);
}

void LessonModel::setCurrentLesson(const QString& id) {
    if (id == current_) return;
    const QModelIndex before = indexOfLesson(current_);
    current_ = id;
    if (before.isValid()) emit dataChanged(before, before, {Qt::FontRole});
    const QModelIndex now = indexOfLesson(current_);
    if (now.isValid()) emit dataChanged(now, now, {Qt::FontRole});
}

QModelIndex LessonModel::indexOfLesson(const QString& id) const {
    if (id.isEmpty()) return {};
    const auto& groups = lib_->groups();
    for (int g = 0; g < static_cast<int>(groups.size()); ++g) {
        const int row = static_cast<int>(groups[static_cast<std::size_t>(g)].lessonIds.indexOf(id));
        if (row >= 0) return createIndex(row, 0, quintptr(g + 1));
    }
    return {};
}

int LessonModel::positionOf(const QString& id) const { return static_cast<int>(lib_->ids().indexOf(id)) + 1; }

QModelIndex LessonModel::index(int row, int column, const QModelIndex& parent) const {
    if (row < 0 || column != 0) return {};
    const auto& groups = lib_->groups();
    if (!parent.isValid()) {
        if (row >= static_cast<int>(groups.size())) return {};
        return createIndex(row, 0, quintptr(0));
    }
    if (parent.internalId() != 0 || parent.column() != 0) return {};
    const int g = parent.row();
    if (g < 0 || g >= static_cast<int>(groups.size())) return {};
    if (row >= groups[static_cast<std::size_t>(g)].lessonIds.size()) return {};
    return createIndex(row, 0, quintptr(g + 1));
}

QModelIndex LessonModel::parent(const QModelIndex& child) const {
    if (!child.isValid() || child.internalId() == 0) return {};
    return createIndex(static_cast<int>(child.internalId() - 1), 0, quintptr(0));
}

int LessonModel::rowCount(const QModelIndex& parent) const {
    const auto& groups = lib_->groups();
    if (!parent.isValid()) return static_cast<int>(groups.size());
    if (parent.column() != 0 || parent.internalId() != 0) return 0;
    const int g = parent.row();
    if (g < 0 || g >= static_cast<int>(groups.size())) return 0;
    return static_cast<int>(groups[static_cast<std::size_t>(g)].lessonIds.size());
}

int LessonModel::columnCount(const QModelIndex&) const { return 1; }

QVariant LessonModel::data(const QModelIndex& index, int role) const {
    if (!index.isValid()) return {};
    const auto& groups = lib_->groups();
    if (index.internalId() == 0) {
        const LessonGroup& g = groups.at(static_cast<std::size_t>(index.row()));
        const int done = progress_ ? progress_->completedAmong(g.lessonIds) : 0;
        switch (role) {
            case Qt::DisplayRole:
                return tr("%1 (%2/%3)").arg(lib_->groupTitle(g, lang_)).arg(done).arg(g.lessonIds.size());
            case Qt::ToolTipRole:
                return tr("%1 of %2 lessons completed").arg(done).arg(g.lessonIds.size());
            case Qt::FontRole: {
                QFont f;
                f.setBold(true);
                return f;
            }
            case IdRole: return g.id;
            case IsLessonRole: return false;
            case SearchRole: return lib_->groupTitle(g, lang_) + QLatin1Char('\n') + g.title.allTexts();
            case CompletedRole: return done == g.lessonIds.size();
            default: return {};
        }
    }
    const LessonGroup& g = groups.at(static_cast<std::size_t>(index.internalId() - 1));
    const QString id = g.lessonIds.at(index.row());
    const Lesson* l = lib_->lesson(id);
    if (!l) return {};
    const bool completed = progress_ && progress_->isCompleted(id);
    const bool opened = progress_ && progress_->isOpened(id);
    switch (role) {
        case Qt::DisplayRole: return tr("%1. %2").arg(positionOf(id)).arg(l->title.text(lang_));
        // Completed: ticked; opened but not finished: half ticked.
        case Qt::CheckStateRole: return completed ? Qt::Checked : opened ? Qt::PartiallyChecked : Qt::Unchecked;
        case Qt::ToolTipRole:
            return completed ? tr("Completed") : opened ? tr("Opened, not finished yet") : tr("Not opened yet");
        case Qt::FontRole:
            if (id == current_) {
                QFont f;
                f.setBold(true);
                return f;
            }
            return {};
        case IdRole: return id;
        case IsLessonRole: return true;
        case SearchRole: return l->searchText();
        case CompletedRole: return completed;
        default: return {};
    }
}

Qt::ItemFlags LessonModel::flags(const QModelIndex& index) const {
    if (!index.isValid()) return Qt::NoItemFlags;
    // Check marks show progress; the user does not tick them by hand.
    return Qt::ItemIsEnabled | Qt::ItemIsSelectable;
}

QVariant LessonModel::headerData(int section, Qt::Orientation o, int role) const {
    if (section == 0 && o == Qt::Horizontal && role == Qt::DisplayRole) return tr("Lesson");
    return {};
}

void LessonModel::progressChanged(const QString& id) {
    if (id.isEmpty()) {
        everythingChanged();
        return;
    }
    const QModelIndex i = indexOfLesson(id);
    if (!i.isValid()) return;
    emit dataChanged(i, i, {Qt::CheckStateRole, Qt::ToolTipRole, CompletedRole});
    const QModelIndex g = i.parent();
    emit dataChanged(g, g, {Qt::DisplayRole, Qt::ToolTipRole, CompletedRole});
}

void LessonModel::everythingChanged() {
    const int groups = rowCount();
    if (groups == 0) return;
    emit dataChanged(index(0, 0), index(groups - 1, 0));
    for (int g = 0; g < groups; ++g) {
        const QModelIndex p = index(g, 0);
        const int n = rowCount(p);
        if (n > 0) emit dataChanged(index(0, 0, p), index(n - 1, 0, p));
    }
}

}  // namespace cs::ui
