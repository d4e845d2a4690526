#include "panels/task_mention_highlighter.h"

#include <QMouseEvent>
#include <QTextBlock>
#include <QTextEdit>

#include "panels/task_mentions.h"
#include "timeline/state_palette.h"

namespace cs::ui {

TaskMentionHighlighter::TaskMentionHighlighter(QObject* parent) : QObject(parent) {}

void TaskMentionHighlighter::addText(QTextEdit* edit) {
    edits_.emplace_back(edit);
    connect(edit->document(), &QTextDocument::contentsChanged, this, [this, edit] { highlight(edit); });
    edit->viewport()->installEventFilter(this);
    highlight(edit);
}

void TaskMentionHighlighter::setTask(long long task) {
    if (task == task_) return;
    task_ = task;
    for (const auto& e : edits_)
        if (e) highlight(e);
}

int TaskMentionHighlighter::highlighted() const {
    int n = 0;
    for (const auto& e : edits_)
        if (e) n += static_cast<int>(e->extraSelections().size());
    return n;
}

void TaskMentionHighlighter::highlight(QTextEdit* edit) {
    QList<QTextEdit::ExtraSelection> sel;
    if (task_ >= 0) {
        const QColor colour = StatePalette::fromPalette(edit->palette()).taskHighlight;
        // Mentions never span paragraphs: block by block.
        for (QTextBlock b = edit->document()->begin(); b.isValid(); b = b.next()) {
            for (const TaskMention& m : TaskMentions::find(b.text())) {
                if (!m.covers(task_)) continue;
                QTextEdit::ExtraSelection x;
                x.cursor = QTextCursor(edit->document());
                x.cursor.setPosition(b.position() + m.start);
                x.cursor.setPosition(b.position() + m.start + m.length, QTextCursor::KeepAnchor);
                x.format.setBackground(colour);
                sel << x;
            }
        }
    }
    edit->setExtraSelections(sel);
}

bool TaskMentionHighlighter::eventFilter(QObject* watched, QEvent* e) {
    // A click (not a drag that selects text) on a mention of one task.
    if (e->type() != QEvent::MouseButtonPress && e->type() != QEvent::MouseButtonRelease)
        return QObject::eventFilter(watched, e);
    const auto* me = static_cast<QMouseEvent*>(e);
    if (me->button() != Qt::LeftButton) return QObject::eventFilter(watched, e);
    if (e->type() == QEvent::MouseButtonPress) {
        pressAt_ = me->position().toPoint();
        return QObject::eventFilter(watched, e);
    }
    if ((me->position().toPoint() - pressAt_).manhattanLength() > 3) return QObject::eventFilter(watched, e);
    for (const auto& edit : edits_) {
        if (!edit || edit->viewport() != watched) continue;
        const QTextCursor c = edit->cursorForPosition(me->position().toPoint());
        const QTextBlock b = c.block();
        const int at = c.position() - b.position();
        for (const TaskMention& m : TaskMentions::find(b.text()))
            if (at >= m.start && at < m.start + m.length && m.first == m.last) emit taskClicked(m.first);
    }
    return QObject::eventFilter(watched, e);
}

}  // namespace cs::ui
