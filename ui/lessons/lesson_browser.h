#pragma once
// The Lessons dock: the lessons by group (Basics, Limiting concurrency, ...)
// with a search box and progress (check marks, "3 of 24 completed"), and
// under it the open lesson's text and question (LessonView). Shows the
// document's Lessons (library, progress record, player), which outlive it;
// attachTimeline() pins the lesson's callouts to a timeline.
#include <QWidget>

class QLabel;
class QLineEdit;
class QProgressBar;
class QSortFilterProxyModel;
class QSplitter;
class QTreeView;

namespace cs::ui {

class LessonLibrary;
class LessonModel;
class LessonPlayer;
class LessonProgress;
class LessonView;
class Lessons;
class TimelineView;
class Viewport;

class LessonBrowser : public QWidget {
    Q_OBJECT
public:
    explicit LessonBrowser(Lessons* lessons, QWidget* parent = nullptr);
    ~LessonBrowser() override;

    LessonPlayer* player() const { return player_; }
    const LessonLibrary& library() const { return *lib_; }
    LessonProgress* progress() const { return progress_; }
    LessonModel* model() const { return model_; }
    QSortFilterProxyModel* filterModel() const { return proxy_; }
    LessonView* view() const { return view_; }
    QTreeView* tree() const { return tree_; }
    QLineEdit* searchBox() const { return search_; }

    bool openLesson(const QString& key, QString* error = nullptr);
    // Draws the lesson's callouts and verdict on this timeline (a paint
    // pass) and shows a callout's text when the mouse rests on its marker.
    void attachTimeline(TimelineView* timeline, Viewport* viewport);
    // Presentation mode: only the lesson's text, no list.
    void setCompact(bool compact);
    bool isCompact() const { return compact_; }
    // The language of lesson texts (follows Language::current() on
    // QEvent::LanguageChange).
    void setLanguage(const QString& lang);

signals:
    void lessonOpened(const QString& id);

protected:
    void changeEvent(QEvent* e) override;
    bool eventFilter(QObject* watched, QEvent* e) override;

private:
    void retranslate();
    void updateProgress();
    void showCurrentLesson();
    void activate(const QModelIndex& proxyIndex);

    const LessonLibrary* lib_;
    LessonProgress* progress_;
    LessonPlayer* player_;
    LessonModel* model_;
    QSortFilterProxyModel* proxy_;
    QLineEdit* search_;
    QProgressBar* bar_;
    QLabel* loadErrors_;
    QTreeView* tree_;
    LessonView* view_;
    QSplitter* split_;
    QWidget* listPart_;
    TimelineView* timeline_ = nullptr;
    Viewport* viewport_ = nullptr;
    bool compact_ = false;
};

}  // namespace cs::ui
