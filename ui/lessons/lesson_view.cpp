#include "lessons/lesson_view.h"

#include <algorithm>

#include <QEvent>
#include <QFontDatabase>
#include <QFontMetricsF>
#include <QFrame>
#include <QHBoxLayout>
#include <QLabel>
#include <QMimeData>
#include <QPushButton>
#include <QStyle>
#include <QTextBlock>
#include <QTextBrowser>
#include <QTextCursor>
#include <QTextDocumentFragment>
#include <QVBoxLayout>

#include "i18n/language.h"
#include "lessons/code_breaks.h"
#include "lessons/lesson.h"
#include "lessons/lesson_player.h"
#include "panels/markdown_code_font.h"
#include "panels/python_highlighter.h"

namespace cs::ui {

namespace {

// The lesson's text; what is copied from it has no kCodeBreak in it (Python
// refuses a zero-width space in a program).
class LessonBrowser final : public QTextBrowser {
protected:
    QMimeData* createMimeDataFromSelection() const override {
        auto* data = new QMimeData;
        QString text = textCursor().selection().toPlainText();
        text.remove(QChar(kCodeBreak));
        text.replace(QChar(0x00A0), QLatin1Char(' '));  // (a comment's "#" kept with its word: LessonView::showBody)
        data->setText(text);
        return data;
    }
};

// The lesson's code blocks coloured as the code panel colours a program
// (its prose untouched): a comment's wrapped rows read as the comment they
// continue (they have no "#" of their own), strings and keywords as code.
class LessonCodeHighlighter final : public PythonHighlighter {
public:
    using PythonHighlighter::PythonHighlighter;

protected:
    void highlightBlock(const QString& text) override {
        if (MarkdownCodeFont::wraps(currentBlock().blockFormat())) {
            PythonHighlighter::highlightBlock(text);
        } else {
            setCurrentBlockState(-1);  // (prose: no string goes on through it)
        }
    }
};

}  // namespace

LessonView::LessonView(LessonPlayer* player, QWidget* parent) : QWidget(parent), player_(player) {
    auto* v = new QVBoxLayout(this);
    v->setContentsMargins(6, 6, 6, 6);
    v->setSpacing(6);
    title_ = new QLabel;
    title_->setWordWrap(true);
    title_->setTextFormat(Qt::PlainText);
    title_->setObjectName(QStringLiteral("lessonTitle"));
    v->addWidget(title_);

    predict_ = new QFrame;
    predict_->setObjectName(QStringLiteral("lessonPredict"));
    predict_->setFrameShape(QFrame::StyledPanel);
    auto* pv = new QVBoxLayout(predict_);
    pv->setContentsMargins(8, 6, 8, 8);
    predictHeader_ = new QLabel;
    question_ = new QLabel;
    question_->setObjectName(QStringLiteral("lessonQuestion"));
    question_->setWordWrap(true);
    question_->setTextFormat(Qt::RichText);  // Markdown made HTML, its code as big as its text (MarkdownCodeFont)
    choicesBox_ = new QVBoxLayout;
    choicesBox_->setSpacing(4);
    skip_ = new QPushButton;
    // A button that looks like one, with the play symbol: flat, "Just play
    // it" beside "The run waits for your answer." read as one sentence.
    skip_->setIcon(style()->standardIcon(QStyle::SP_MediaPlay));
    connect(skip_, &QPushButton::clicked, player_, &LessonPlayer::skipPrediction);
    verdict_ = new QLabel;
    verdict_->setWordWrap(true);
    verdict_->setObjectName(QStringLiteral("lessonVerdict"));
    pv->addWidget(predictHeader_);
    pv->addWidget(question_);
    pv->addLayout(choicesBox_);
    // "Just play it" and "The run waits for your answer." on one line: the
    // height goes to the explanation the question needs. (Once answered the
    // button goes, and the verdict has the line to itself.)
    auto* tail = new QHBoxLayout;
    tail->addWidget(skip_, 0, Qt::AlignLeft | Qt::AlignVCenter);
    tail->addWidget(verdict_, 1);
    pv->addLayout(tail);
    v->addWidget(predict_);

    body_ = new LessonBrowser;
    body_->setOpenExternalLinks(true);
    body_->setFrameShape(QFrame::NoFrame);
    body_->setObjectName(QStringLiteral("lessonBody"));
    // A token longer than the pane (a code line's call) breaks rather than
    // scrolling the whole text sideways (showBody).
    body_->setWordWrapMode(QTextOption::WrapAtWordBoundaryOrAnywhere);
    // Its code as big as its words (presentation mode enlarges them), and a
    // wrapped code line's rows under the line's own indentation.
    MarkdownCodeFont::follow(body_);
    highlighter_ = new LessonCodeHighlighter(body_->document(), PythonHighlighter::darkPalette(palette()));
    v->addWidget(body_, 1);

    connect(player_, &LessonPlayer::lessonChanged, this, &LessonView::refresh);
    // The answer's part of the text comes with the verdict.
    connect(player_, &LessonPlayer::stageChanged, this, &LessonView::refresh);
    updateTitleFont();
    refresh();
}

QString LessonView::titleText() const { return title_->text(); }
QString LessonView::verdictShown() const { return verdict_->isVisibleTo(this) ? verdict_->text() : QString(); }
QString LessonView::questionText() const { return questionVisible() ? questionMarkdown_ : QString(); }
bool LessonView::questionVisible() const { return predict_->isVisibleTo(this) && question_->isVisibleTo(this); }

void LessonView::refresh() {
    const Lesson* l = player_->lesson();
    const QString lang = player_->language();
    if (!l) {
        title_->setText(tr("No lesson open"));
        markdown_ = tr("Pick a lesson from the list: each one runs a small asyncio program and explains what "
                       "to look for on the timeline.");
        showBody();
        predict_->hide();
        return;
    }
    title_->setText(l->title.text(lang));
    // Before the answer: the explanation and what to watch. With it (or at
    // once, without a question): what happened.
    QString md = l->explanation.text(lang).trimmed();
    auto addPoints = [&md](const QString& heading, const QStringList& points) {
        if (points.isEmpty()) return;
        md += QStringLiteral("\n\n#### ") + heading + QStringLiteral("\n\n");
        for (const QString& p : points) md += QStringLiteral("- ") + p + QLatin1Char('\n');
    };
    addPoints(tr("What to notice"), l->notice.items(lang));
    if (player_->answerShown()) {
        const QString after = l->explanationAfter.text(lang).trimmed();
        if (!after.isEmpty()) {
            if (l->predict) md += QStringLiteral("\n\n#### ") + tr("The answer");
            md += QStringLiteral("\n\n") + after;
        }
        addPoints(l->predict ? tr("What happened") : tr("Also notice"), l->noticeAfter.items(lang));
    }
    if (!l->callouts.empty())
        md += QStringLiteral("\n\n") + tr("*Orange flags on the time ruler mark the narration; hover one to read it.*");
    markdown_ = md;
    showBody();
    updatePredict();
}

void LessonView::showBody() {
    body_->setMarkdown(markdown_);
    // Code blocks wrap like the prose around them: in a narrow pane (a
    // projector's large font) a long line would otherwise make the whole
    // text scroll sideways. A wrapped code line's rows after its first go on
    // under its own indentation (MarkdownCodeFont: a hanging indent at the
    // code's size), so it still reads as one line.
    // A call chain is one long word ("asyncio.to_thread(blocking_read,"):
    // it may break after a dot or an opening bracket (code_breaks.h), not
    // inside a name ("blocking_re" / "ad").
    for (QTextBlock b = body_->document()->begin(); b.isValid(); b = b.next()) {
        QTextBlockFormat f = b.blockFormat();
        if (!f.nonBreakableLines()) continue;
        MarkdownCodeFont::letWrap(f);
        QTextCursor(b).setBlockFormat(f);
        const QString text = b.text();
        // A comment's "#" stays with its first word: "value = counter  #"
        // above a row "read" read as an empty comment. (The space after it
        // made a no-break one; a copy gives the space back.)
        const qsizetype hash = text.indexOf(QStringLiteral(" # "));
        if (hash >= 0) {
            QTextCursor at(b);
            at.setPosition(b.position() + static_cast<int>(hash) + 2);
            at.setPosition(b.position() + static_cast<int>(hash) + 3, QTextCursor::KeepAnchor);
            at.insertText(QString(QChar(0x00A0)));
        }
        for (qsizetype i = text.size() - 1; i > 0; --i) {
            if (!codeBreakBefore(text, i)) continue;
            QTextCursor at(b);
            at.setPosition(b.position() + static_cast<int>(i));
            at.insertText(QString(QChar(kCodeBreak)));
        }
    }
    highlighter_->rehighlight();  // (the code lines are known now: letWrap)
}

void LessonView::updatePredict() {
    const Lesson* l = player_->lesson();
    if (!l || !l->predict) {
        predict_->hide();
        return;
    }
    const QString lang = player_->language();
    const LessonPredict& p = *l->predict;
    predict_->show();
    predictHeader_->setText(QStringLiteral("<b>%1</b>").arg(tr("Predict, then watch").toHtmlEscaped()));
    questionMarkdown_ = p.question.text(lang);
    question_->setText(MarkdownCodeFont::labelHtml(questionMarkdown_));
    // One button per choice (rebuilt: the language or the lesson changed).
    for (QPushButton* b : choices_) {
        b->hide();
        b->deleteLater();
    }
    choices_.clear();
    const auto stage = player_->stage();
    for (std::size_t k = 0; k < p.choices.size(); ++k) {
        // Once revealed: the answer ticked, a wrong pick crossed.
        QString text = p.choices[k].text(lang);
        if (stage == LessonPlayer::Stage::Revealed) {
            if (static_cast<int>(k) == p.answer)
                text = QStringLiteral("✓ ") + text;
            else if (static_cast<int>(k) == player_->answer())
                text = QStringLiteral("✗ ") + text;
        }
        auto* b = new QPushButton(text);
        b->setCheckable(true);
        b->setChecked(player_->answer() == static_cast<int>(k));
        b->setEnabled(stage == LessonPlayer::Stage::Predicting);
        // Answered, the buttons are off but stay readable on a projector (grey
        // on grey said nothing): the answer in green once revealed, a wrong
        // pick in orange, the pick in the text's colour while the run plays.
        QString look = QStringLiteral("text-align: left; padding: 4px 8px;");
        const bool picked = player_->answer() == static_cast<int>(k);
        if (stage == LessonPlayer::Stage::Revealed && static_cast<int>(k) == p.answer)
            look += QStringLiteral(" color: #00805a; font-weight: 600; border: 2px solid #00805a;");
        else if (stage == LessonPlayer::Stage::Revealed && picked)
            look += QStringLiteral(" color: #c04a00; font-weight: 600;");
        else if (picked && stage != LessonPlayer::Stage::Predicting)
            look += QStringLiteral(" color: palette(text); font-weight: 600;");
        b->setStyleSheet(look);
        const int choice = static_cast<int>(k);
        connect(b, &QPushButton::clicked, this, [this, choice] { player_->answer(choice); });
        choicesBox_->addWidget(b);
        choices_.push_back(b);
    }
    skip_->setText(tr("Just play it"));
    skip_->setVisible(stage == LessonPlayer::Stage::Predicting);
    QString verdict;
    QString color;
    if (stage == LessonPlayer::Stage::Revealed) {
        verdict = player_->verdictText();
        color = player_->answer() < 0           ? QStringLiteral("palette(text)")
                : player_->answeredCorrectly() ? QStringLiteral("#00805a")
                                               : QStringLiteral("#c04a00");
        verdict = Language::sentences(verdict, tr("(see the dashed line on the timeline)"));
    } else if (stage == LessonPlayer::Stage::Playing && player_->answer() >= 0) {
        // No time here: the moment of the answer can be the answer.
        verdict = tr("Watch the timeline: the answer appears on it when the run gets there.");
    } else if (stage == LessonPlayer::Stage::Playing) {
        verdict = tr("The answer appears on the timeline when the run gets there.");
    } else if (stage == LessonPlayer::Stage::Predicting) {
        verdict = tr("The run waits for your answer.");
    }
    verdict_->setText(verdict);
    verdict_->setStyleSheet(color.isEmpty() ? QString() : QStringLiteral("color: %1; font-weight: 600;").arg(color));
    verdict_->setVisible(!verdict.isEmpty());
    arrangeChoices();
}

void LessonView::arrangeChoices() {
    // Short choices ("2.0 s", "3.0 s", "4.5 s") side by side: on a projector's
    // 720 lines the stacked buttons took the height the explanation needs.
    int need = 0;
    for (const QPushButton* b : choices_) need += b->sizeHint().width();
    need += choicesBox_->spacing() * std::max(0, static_cast<int>(choices_.size()) - 1);
    const QMargins m = predict_->layout()->contentsMargins();
    const int room = width() - m.left() - m.right() - 2 * predict_->frameWidth() -
                     (layout() ? layout()->contentsMargins().left() + layout()->contentsMargins().right() : 0);
    const auto direction = !choices_.empty() && need <= room ? QBoxLayout::LeftToRight : QBoxLayout::TopToBottom;
    if (choicesBox_->direction() != direction) choicesBox_->setDirection(direction);
    // In a row each button gets at least its own width while the row fits
    // (room >= need) and shares what is left; it asks for no minimum, so the
    // pane may still narrow, and then they stack.
    const bool row = direction == QBoxLayout::LeftToRight;
    for (QPushButton* b : choices_) {
        b->setSizePolicy(row ? QSizePolicy::Preferred : QSizePolicy::Minimum, QSizePolicy::Fixed);
        b->setMinimumWidth(row ? 1 : 0);  // (0: the button's own minimum again)
    }
}

bool LessonView::choicesInARow() const { return choicesBox_->direction() == QBoxLayout::LeftToRight; }

void LessonView::resizeEvent(QResizeEvent* e) {
    QWidget::resizeEvent(e);
    arrangeChoices();
}

void LessonView::updateTitleFont() {
    QFont f = font();
    f.setBold(true);
    f.setPointSizeF(f.pointSizeF() * 1.3);
    title_->setFont(f);
}

void LessonView::changeEvent(QEvent* e) {
    if (e->type() == QEvent::LanguageChange) refresh();
    if (e->type() == QEvent::PaletteChange) highlighter_->setDark(PythonHighlighter::darkPalette(palette()));
    if (e->type() == QEvent::FontChange) {
        updateTitleFont();
        // New buttons in the new font (presentation mode sets one): a button
        // styled by its style sheet keeps the font it was polished with
        // (arrangeChoices asks for its size at once). Queued: the children
        // hear of the new font after this widget.
        QMetaObject::invokeMethod(this, &LessonView::refresh, Qt::QueuedConnection);
    }
    QWidget::changeEvent(e);
}

}  // namespace cs::ui
