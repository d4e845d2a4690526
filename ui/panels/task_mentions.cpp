#include "panels/task_mentions.h"

#include <QRegularExpression>

namespace cs::ui {

std::vector<TaskMention> TaskMentions::find(const QString& text) {
    // A word for "task(s)", then numbers or ranges joined by commas, "and",
    // "or", "和", "与", "或", "、".
    static const QRegularExpression list(
        QStringLiteral("(?:\\b[Tt]asks?|任务)\\s*(\\d+(?:\\s*[–-]\\s*\\d+)?"
                       "(?:\\s*(?:,|，|、|\\band\\b|\\bor\\b|和|与|或)\\s*\\d+(?:\\s*[–-]\\s*\\d+)?)*)"),
        QRegularExpression::UseUnicodePropertiesOption);
    static const QRegularExpression item(QStringLiteral("(\\d+)(?:\\s*[–-]\\s*(\\d+))?"));
    std::vector<TaskMention> out;
    for (auto m = list.globalMatch(text); m.hasNext();) {
        const QRegularExpressionMatch one = m.next();
        const int numbers = static_cast<int>(one.capturedStart(1));
        const QString tail = one.captured(1);
        bool firstItem = true;
        for (auto n = item.globalMatch(tail); n.hasNext();) {
            const QRegularExpressionMatch k = n.next();
            bool ok1 = false, ok2 = true;
            TaskMention t;
            t.first = k.captured(1).toLongLong(&ok1);
            t.last = k.capturedLength(2) > 0 ? k.captured(2).toLongLong(&ok2) : t.first;
            if (!ok1 || !ok2 || t.last < t.first) continue;
            // The word goes with the first number: "task 7" lights up whole.
            t.start = firstItem ? static_cast<int>(one.capturedStart(0)) : numbers + static_cast<int>(k.capturedStart(0));
            t.length = numbers + static_cast<int>(k.capturedEnd(0)) - t.start;
            firstItem = false;
            out.push_back(t);
        }
    }
    return out;
}

}  // namespace cs::ui
