#include "lessons/localized_list.h"

namespace cs::ui {

LocalizedList LocalizedList::fromMap(const std::map<std::string, std::vector<std::string>>& lists) {
    LocalizedList l;
    for (const auto& [lang, items] : lists) {
        QStringList& out = l.lists_[QString::fromStdString(lang)];
        for (const std::string& s : items) out << QString::fromStdString(s);
    }
    return l;
}

QStringList LocalizedList::items(const QString& lang) const {
    if (lists_.isEmpty()) return {};
    const QString norm = QString(lang).replace(QLatin1Char('-'), QLatin1Char('_'));
    if (auto it = lists_.find(norm); it != lists_.end()) return *it;
    const QString bare = norm.section(QLatin1Char('_'), 0, 0);
    if (auto it = lists_.find(bare); it != lists_.end()) return *it;
    for (auto it = lists_.begin(); it != lists_.end(); ++it)
        if (it.key().section(QLatin1Char('_'), 0, 0) == bare) return *it;
    if (auto it = lists_.find(QStringLiteral("en")); it != lists_.end()) return *it;
    return lists_.begin().value();
}

QString LocalizedList::allTexts() const {
    QStringList all;
    for (const QStringList& l : lists_) all << l;
    all.sort();
    return all.join(QLatin1Char('\n'));
}

}  // namespace cs::ui
