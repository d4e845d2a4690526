#include "panels/python_highlighter.h"

#include <QColor>

namespace cs::ui {

namespace {
const QStringList kKeywords{
    QStringLiteral("and"),    QStringLiteral("as"),     QStringLiteral("assert"),   QStringLiteral("async"),
    QStringLiteral("await"),  QStringLiteral("break"),  QStringLiteral("class"),    QStringLiteral("continue"),
    QStringLiteral("def"),    QStringLiteral("del"),    QStringLiteral("elif"),     QStringLiteral("else"),
    QStringLiteral("except"), QStringLiteral("finally"), QStringLiteral("for"),     QStringLiteral("from"),
    QStringLiteral("global"), QStringLiteral("if"),     QStringLiteral("import"),   QStringLiteral("in"),
    QStringLiteral("is"),     QStringLiteral("lambda"), QStringLiteral("nonlocal"), QStringLiteral("not"),
    QStringLiteral("or"),     QStringLiteral("pass"),   QStringLiteral("raise"),    QStringLiteral("return"),
    QStringLiteral("try"),    QStringLiteral("while"),  QStringLiteral("with"),     QStringLiteral("yield"),
    QStringLiteral("None"),   QStringLiteral("True"),   QStringLiteral("False")};
const QStringList kBuiltins{
    QStringLiteral("print"),     QStringLiteral("len"),       QStringLiteral("range"),  QStringLiteral("enumerate"),
    QStringLiteral("list"),      QStringLiteral("dict"),      QStringLiteral("set"),    QStringLiteral("tuple"),
    QStringLiteral("int"),       QStringLiteral("float"),     QStringLiteral("str"),    QStringLiteral("min"),
    QStringLiteral("max"),       QStringLiteral("sum"),       QStringLiteral("sorted"), QStringLiteral("any"),
    QStringLiteral("all"),       QStringLiteral("isinstance"), QStringLiteral("super"), QStringLiteral("open"),
    QStringLiteral("Exception"), QStringLiteral("ValueError"), QStringLiteral("RuntimeError"),
    QStringLiteral("TimeoutError"), QStringLiteral("self")};

QString alternation(const QStringList& words) { return QStringLiteral("\\b(?:%1)\\b").arg(words.join(QLatin1Char('|'))); }

// Block states: 0 normal, 1 inside ''' , 2 inside """.
constexpr int kNormal = 0;
}  // namespace

PythonHighlighter::PythonHighlighter(QTextDocument* doc, bool dark) : QSyntaxHighlighter(doc), dark_(dark) {
    buildFormats();
}

void PythonHighlighter::setDark(bool dark) {
    if (dark == dark_) return;
    dark_ = dark;
    buildFormats();
    rehighlight();
}

void PythonHighlighter::buildFormats() {
    auto fmt = [](const QColor& c, bool bold = false, bool italic = false) {
        QTextCharFormat f;
        f.setForeground(c);
        if (bold) f.setFontWeight(QFont::DemiBold);
        f.setFontItalic(italic);
        return f;
    };
    const bool d = dark_;
    const QTextCharFormat keyword = fmt(d ? QColor(0xc6, 0x78, 0xdd) : QColor(0x8b, 0x00, 0x8b), true);
    const QTextCharFormat builtin = fmt(d ? QColor(0x56, 0xb6, 0xc2) : QColor(0x00, 0x6d, 0x8f));
    const QTextCharFormat number = fmt(d ? QColor(0xd1, 0x9a, 0x66) : QColor(0x9c, 0x4a, 0x00));
    const QTextCharFormat decorator = fmt(d ? QColor(0xe5, 0xc0, 0x7b) : QColor(0x80, 0x60, 0x00));
    const QTextCharFormat name = fmt(d ? QColor(0x61, 0xaf, 0xef) : QColor(0x00, 0x45, 0xa8), true);
    string_ = fmt(d ? QColor(0x98, 0xc3, 0x79) : QColor(0x1a, 0x7f, 0x37));
    comment_ = fmt(d ? QColor(0x7f, 0x84, 0x8e) : QColor(0x6a, 0x73, 0x7d), false, true);
    rules_.clear();
    rules_.push_back({QRegularExpression(alternation(kKeywords)), keyword, 0});
    rules_.push_back({QRegularExpression(alternation(kBuiltins)), builtin, 0});
    rules_.push_back({QRegularExpression(QStringLiteral("\\b(?:asyncio|time|collections)\\b")), builtin, 0});
    rules_.push_back({QRegularExpression(QStringLiteral("\\b[0-9]+(?:\\.[0-9]*)?(?:[eE][-+]?[0-9]+)?\\b")), number, 0});
    rules_.push_back({QRegularExpression(QStringLiteral("^\\s*@[\\w.]+")), decorator, 0});
    rules_.push_back({QRegularExpression(QStringLiteral("\\b(?:def|class)\\s+(\\w+)")), name, 1});
}

void PythonHighlighter::highlightBlock(const QString& text) {
    for (const Rule& r : rules_) {
        auto it = r.re.globalMatch(text);
        while (it.hasNext()) {
            const auto m = it.next();
            setFormat(static_cast<int>(m.capturedStart(r.group)), static_cast<int>(m.capturedLength(r.group)),
                      r.format);
        }
    }
    // Strings and comments last: they override whatever matched inside them.
    int i = 0;
    const int n = static_cast<int>(text.size());
    int state = previousBlockState() < 0 ? kNormal : previousBlockState();
    if (state != kNormal) {
        const QString close = state == 1 ? QStringLiteral("'''") : QStringLiteral("\"\"\"");
        const int end = static_cast<int>(text.indexOf(close));
        if (end < 0) {
            setFormat(0, n, string_);
            setCurrentBlockState(state);
            return;
        }
        setFormat(0, end + 3, string_);
        i = end + 3;
        state = kNormal;
    }
    while (i < n) {
        const QChar c = text.at(i);
        if (c == QLatin1Char('#')) {
            setFormat(i, n - i, comment_);
            break;
        }
        if (c == QLatin1Char('\'') || c == QLatin1Char('"')) {
            const QString triple(3, c);
            if (text.mid(i, 3) == triple) {
                const int end = static_cast<int>(text.indexOf(triple, i + 3));
                if (end < 0) {
                    setFormat(i, n - i, string_);
                    setCurrentBlockState(c == QLatin1Char('\'') ? 1 : 2);
                    return;
                }
                setFormat(i, end + 3 - i, string_);
                i = end + 3;
                continue;
            }
            int j = i + 1;
            while (j < n && text.at(j) != c) j += text.at(j) == QLatin1Char('\\') ? 2 : 1;
            // A string prefix (f, r, b) belongs to the string.
            int start = i;
            while (start > 0 && QStringLiteral("fFrRbBuU").contains(text.at(start - 1)) &&
                   (start == 1 || !text.at(start - 2).isLetterOrNumber()))
                --start;
            setFormat(start, std::min(n, j + 1) - start, string_);
            i = j + 1;
            continue;
        }
        ++i;
    }
    setCurrentBlockState(kNormal);
}

}  // namespace cs::ui
