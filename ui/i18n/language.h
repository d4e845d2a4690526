#pragma once
// The user interface language: which ones exist (English, the source, plus
// every coroscope_*.qm embedded under ":/translations"), which one to use
// (--lang, else the one picked in View > Language, else the system's), and
// installing its translators (Qt's own and ours) at run time.
#include <QCoreApplication>
#include <QString>
#include <QStringList>

namespace cs::ui {

class Language {
    Q_DECLARE_TR_FUNCTIONS(cs::ui::Language)

public:
    // "en" plus every language with an embedded translation ("zh_CN").
    static QStringList available();
    // The name of a language in that language ("English", "简体中文").
    static QString nativeName(const QString& code);
    // The available language closest to a locale name or code ("zh",
    // "zh-CN", "zh_Hans_CN" -> "zh_CN"; "de" -> "en").
    static QString match(const QString& code);
    // The language to start with: `requested` (--lang) if given, else the
    // saved choice, else the system locale's.
    static QString resolve(const QString& requested);
    // Installs the translators for `code` (a locale name; texts fall back to
    // English when there is no translation) and makes it QLocale's default.
    // Widgets get QEvent::LanguageChange. Returns the language now shown.
    static QString install(const QString& code);
    // The language the interface shows now ("en" until install()).
    static QString current();

    // `text` and `sentence` as one text: a space between them, none where
    // either side is Chinese (after "。", before "（"), nor after nothing.
    static QString sentences(const QString& text, const QString& sentence);

    // The View > Language choice, kept in QSettings ("" = follow the system).
    static QString saved();
    static void save(const QString& code);
};

}  // namespace cs::ui
