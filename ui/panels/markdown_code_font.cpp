#include "panels/markdown_code_font.h"

#include <QEvent>
#include <QFontDatabase>
#include <QFontMetricsF>
#include <QRegularExpression>
#include <QTextBlock>
#include <QTextCursor>
#include <QTextDocument>
#include <QTextEdit>
#include <utility>
#include <vector>

namespace cs::ui {

namespace {
// A code block's line let wrap (letWrap).
constexpr int kWraps = QTextFormat::UserProperty + 0x57;

bool isCode(const QTextCharFormat& f) {
    static const QString fixed = QFontDatabase::systemFont(QFontDatabase::FixedFont).family();
    if (f.fontFixedPitch() || f.fontStyleHint() == QFont::TypeWriter) return true;
    const QStringList families = f.fontFamilies().toStringList();
    return families.contains(fixed) || families.contains(QStringLiteral("monospace"));
}
}  // namespace

void MarkdownCodeFont::follow(QTextEdit* edit) { new MarkdownCodeFont(edit); }

MarkdownCodeFont::MarkdownCodeFont(QTextEdit* edit) : QObject(edit), edit_(edit) {
    connect(edit->document(), &QTextDocument::contentsChanged, this, &MarkdownCodeFont::reapply);
    edit->installEventFilter(this);
    reapply();
}

void MarkdownCodeFont::reapply() {
    // apply() changes formats, which changes the contents: once is enough.
    if (busy_) return;
    busy_ = true;
    apply(*edit_->document());
    busy_ = false;
}

bool MarkdownCodeFont::eventFilter(QObject* watched, QEvent* e) {
    // The view passes its new font on to the document after this filter:
    // follow it once the event has been handled.
    if (watched == edit_ && e->type() == QEvent::FontChange)
        QMetaObject::invokeMethod(this, &MarkdownCodeFont::reapply, Qt::QueuedConnection);
    return QObject::eventFilter(watched, e);
}

void MarkdownCodeFont::apply(QTextDocument& doc) {
    const QFont body = doc.defaultFont();
    const double pt = body.pointSizeF();
    const int px = body.pixelSize();
    // Collect first: changing a format splits and merges fragments.
    std::vector<std::pair<int, int>> ranges;
    for (QTextBlock b = doc.begin(); b.isValid(); b = b.next()) {
        for (auto it = b.begin(); !it.atEnd(); ++it) {
            const QTextFragment frag = it.fragment();
            if (!frag.isValid() || !isCode(frag.charFormat())) continue;
            const QFont now = frag.charFormat().font();
            if (pt > 0 ? now.pointSizeF() == pt : now.pixelSize() == px) continue;
            ranges.emplace_back(frag.position(), frag.length());
        }
    }
    QTextCharFormat change;
    if (pt > 0)
        change.setFontPointSize(pt);
    else
        change.setProperty(QTextFormat::FontPixelSize, px);
    for (const auto& [at, length] : ranges) {
        QTextCursor c(&doc);
        c.setPosition(at);
        c.setPosition(at + length, QTextCursor::KeepAnchor);
        c.mergeCharFormat(change);
    }
    hangWrappedLines(doc);
}

void MarkdownCodeFont::letWrap(QTextBlockFormat& f) {
    f.setNonBreakableLines(false);
    f.setProperty(kWraps, true);
}

bool MarkdownCodeFont::wraps(const QTextBlockFormat& f) { return f.boolProperty(kWraps); }

void MarkdownCodeFont::hangWrappedLines(QTextDocument& doc) {
    // (The code's size follows the body's: the hang is measured at it.)
    QFont code = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    const QFont body = doc.defaultFont();
    if (body.pointSizeF() > 0)
        code.setPointSizeF(body.pointSizeF());
    else
        code.setPixelSize(body.pixelSize());
    const double space = QFontMetricsF(code).horizontalAdvance(QLatin1Char(' '));
    for (QTextBlock b = doc.begin(); b.isValid(); b = b.next()) {
        if (!b.blockFormat().boolProperty(kWraps)) continue;
        const QString text = b.text();
        qsizetype lead = 0;
        while (lead < text.size() && text.at(lead) == QLatin1Char(' ')) ++lead;
        const double hang = static_cast<double>(lead + 4) * space;
        QTextBlockFormat f = b.blockFormat();
        if (f.leftMargin() == hang && f.textIndent() == -hang) continue;
        f.setLeftMargin(hang);
        f.setTextIndent(-hang);
        QTextCursor(b).setBlockFormat(f);
    }
}

QString MarkdownCodeFont::labelHtml(const QString& markdown) {
    if (markdown.isEmpty()) return markdown;
    QTextDocument doc;
    doc.setMarkdown(markdown);
    struct Span {
        int at, length;
        QTextCharFormat format;  // the code's, without a size of its own
    };
    std::vector<Span> code;  // (collected first: a new format splits fragments)
    for (QTextBlock b = doc.begin(); b.isValid(); b = b.next())
        for (auto it = b.begin(); !it.atEnd(); ++it) {
            const QTextFragment frag = it.fragment();
            if (!frag.isValid() || !isCode(frag.charFormat())) continue;
            QTextCharFormat f = frag.charFormat();
            f.clearProperty(QTextFormat::FontPointSize);
            f.clearProperty(QTextFormat::FontPixelSize);
            code.push_back({frag.position(), frag.length(), f});
        }
    for (const Span& c : code) {
        QTextCursor cursor(&doc);
        cursor.setPosition(c.at);
        cursor.setPosition(c.at + c.length, QTextCursor::KeepAnchor);
        cursor.setCharFormat(c.format);
    }
    // (toHtml names the document's default font on <body>: left out.)
    static const QRegularExpression body(QStringLiteral("<body[^>]*>"));
    return doc.toHtml().replace(body, QStringLiteral("<body>"));
}

}  // namespace cs::ui
