#pragma once
// A list of texts per language ({"en": ["a", "b"], "zh_CN": ["甲", "乙"]}),
// as the lesson files write their "what to notice" points (read by core's
// LessonFile). Same fallback as LocalizedText: exact language, bare
// language, English, anything.
#include <QHash>
#include <QString>
#include <QStringList>
#include <map>
#include <string>
#include <vector>

namespace cs::ui {

class LocalizedList {
public:
    // From core's language -> items map (a lesson file read by core).
    static LocalizedList fromMap(const std::map<std::string, std::vector<std::string>>& lists);

    QStringList items(const QString& lang) const;
    bool isEmpty() const { return lists_.isEmpty(); }
    QStringList languages() const { return lists_.keys(); }
    QString allTexts() const;

private:
    QHash<QString, QStringList> lists_;
};

}  // namespace cs::ui
