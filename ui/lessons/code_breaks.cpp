#include "lessons/code_breaks.h"

namespace cs::ui {

bool codeBreakBefore(QStringView text, qsizetype i) {
    if (i <= 0 || i >= text.size()) return false;
    const QChar c = text[i - 1], next = text[i];
    if (c == QLatin1Char('.')) return next.isLetter() || next == QLatin1Char('_');
    return (c == QLatin1Char('(') || c == QLatin1Char('[')) && !next.isSpace();
}

QString withCodeBreaks(QStringView text) {
    QString out;
    out.reserve(text.size() + text.size() / 8);
    for (qsizetype i = 0; i < text.size(); ++i) {
        if (codeBreakBefore(text, i)) out += QChar(kCodeBreak);
        out += text[i];
    }
    return out;
}

}  // namespace cs::ui
