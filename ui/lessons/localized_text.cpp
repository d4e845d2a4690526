#include "lessons/localized_text.h"

#include <QJsonObject>

namespace cs::ui {

LocalizedText LocalizedText::fromJson(const QJsonValue& v) {
    LocalizedText t;
    if (v.isString()) {
        t.texts_.insert(QStringLiteral("en"), v.toString());
    } else if (v.isObject()) {
        const QJsonObject o = v.toObject();
        for (auto it = o.begin(); it != o.end(); ++it)
            if (it.value().isString()) t.texts_.insert(it.key(), it.value().toString());
    }
    return t;
}

LocalizedText LocalizedText::plain(const QString& en) {
    LocalizedText t;
    t.texts_.insert(QStringLiteral("en"), en);
    return t;
}

LocalizedText LocalizedText::fromMap(const std::map<std::string, std::string>& texts) {
    LocalizedText t;
    for (const auto& [lang, text] : texts) t.texts_.insert(QString::fromStdString(lang), QString::fromStdString(text));
    return t;
}

QString LocalizedText::text(const QString& lang) const {
    if (texts_.isEmpty()) return {};
    const QString norm = QString(lang).replace(QLatin1Char('-'), QLatin1Char('_'));
    if (auto it = texts_.find(norm); it != texts_.end()) return *it;
    const QString bare = norm.section(QLatin1Char('_'), 0, 0);
    if (auto it = texts_.find(bare); it != texts_.end()) return *it;
    // "zh" asked, "zh_CN" given: any text of the same language.
    for (auto it = texts_.begin(); it != texts_.end(); ++it)
        if (it.key().section(QLatin1Char('_'), 0, 0) == bare) return *it;
    if (auto it = texts_.find(QStringLiteral("en")); it != texts_.end()) return *it;
    return texts_.begin().value();
}

QString LocalizedText::allTexts() const {
    QStringList all = texts_.values();
    all.sort();
    return all.join(QLatin1Char('\n'));
}

}  // namespace cs::ui
