#pragma once
// The open lesson's text: its title, the Markdown explanation, the "what to
// notice" points, and the "predict, then reveal" box (the question, one
// button per choice, then the verdict) — all in the current language.
#include <QWidget>
#include <vector>

class QLabel;
class QPushButton;
class QTextBrowser;
class QFrame;
class QVBoxLayout;

namespace cs::ui {

class LessonPlayer;
class PythonHighlighter;

class LessonView : public QWidget {
    Q_OBJECT
public:
    explicit LessonView(LessonPlayer* player, QWidget* parent = nullptr);

    // Rebuild every text from the lesson and tr() (language switch).
    void refresh();

    // For tests: what is shown.
    QString titleText() const;
    QString bodyMarkdown() const { return markdown_; }
    QString verdictShown() const;
    QString questionText() const;  // its Markdown (the label shows it as HTML)
    bool questionVisible() const;
    const std::vector<QPushButton*>& choiceButtons() const { return choices_; }
    // The choices stand in one row (short ones that fit the pane's width),
    // else one under the other.
    bool choicesInARow() const;

protected:
    void changeEvent(QEvent* e) override;
    void resizeEvent(QResizeEvent* e) override;

private:
    void showBody();  // markdown_ in the body, code blocks wrapping
    void updatePredict();
    void updateTitleFont();
    void arrangeChoices();  // a row when every choice fits in one, saving the pane's height

    LessonPlayer* player_;
    QLabel* title_;
    QTextBrowser* body_;
    PythonHighlighter* highlighter_ = nullptr;  // its code blocks
    QFrame* predict_;
    QLabel* predictHeader_;
    QString questionMarkdown_;
    QLabel* question_;
    QVBoxLayout* choicesBox_;
    std::vector<QPushButton*> choices_;
    QPushButton* skip_;
    QLabel* verdict_;
    QString markdown_;
};

}  // namespace cs::ui
