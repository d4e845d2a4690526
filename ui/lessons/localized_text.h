#pragma once
// A text given in several languages ({"en": "...", "zh_CN": "..."}), as the
// lesson files write titles, explanations and choices. text(lang) picks the
// exact language, then its bare language ("zh" for "zh_TW"), then English,
// then whatever there is.
#include <QHash>
#include <QJsonValue>
#include <QString>
#include <QStringList>
#include <map>
#include <string>

namespace cs::ui {

class LocalizedText {
public:
    LocalizedText() = default;
    // A plain string counts as English; an object maps language -> string.
    static LocalizedText fromJson(const QJsonValue& v);
    static LocalizedText plain(const QString& en);
    // From core's language -> UTF-8 text map (a lesson file read by core).
    static LocalizedText fromMap(const std::map<std::string, std::string>& texts);

    QString text(const QString& lang) const;
    bool isEmpty() const { return texts_.isEmpty(); }
    QStringList languages() const { return texts_.keys(); }
    void set(const QString& lang, const QString& text) { texts_.insert(lang, text); }
    // Every language's text joined (for searching in any language).
    QString allTexts() const;

private:
    QHash<QString, QString> texts_;
};

}  // namespace cs::ui
