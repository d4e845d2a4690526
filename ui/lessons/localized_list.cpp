#include "lessons/localized_list.h"

#include <QJsonArray>
#include <QJsonObject>

namespace cs::ui {

namespace {
QStringList strings(const QJsonValue& v) {
    QStringList out;
    if (v.isString()) out << v.toString();
    for (const QJsonValue& x : v.toArray())
        if (x.isString()) out << x.toString();
    return out;
}
}  // namespace

LocalizedList LocalizedList::fromJson(const QJsonValue& v) {
    LocalizedList l;
    if (v.isObject()) {
        const QJsonObject o = v.toObject();
        for (auto it = o.begin(); it != o.end(); ++it) l.lists_.insert(it.key(), strings(it.value()));
    } else if (v.isArray()) {
        for (const QJsonValue& item : v.toArray()) {
            if (item.isString()) {
                l.lists_[QStringLiteral("en")] << item.toString();
            } else if (item.isObject()) {
                const QJsonObject o = item.toObject();
                for (auto it = o.begin(); it != o.end(); ++it)
                    if (it.value().isString()) l.lists_[it.key()] << it.value().toString();
            }
        }
    }
    return l;
}

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
