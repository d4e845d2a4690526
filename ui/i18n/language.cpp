#include "i18n/language.h"

#include <QDir>
#include <QFileInfo>
#include <QLibraryInfo>
#include <QLocale>
#include <QPointer>
#include <QSettings>
#include <QTranslator>

namespace cs::ui {

namespace {
const QString kTranslations = QStringLiteral(":/translations");
const QString kSettingsKey = QStringLiteral("ui/language");

QString g_current = QStringLiteral("en");
QPointer<QTranslator> g_qt;
QPointer<QTranslator> g_ours;

QString normalize(QString code) {
    code.replace(QLatin1Char('-'), QLatin1Char('_'));
    return code;
}
}  // namespace

QStringList Language::available() {
    QStringList out{QStringLiteral("en")};
    const QDir dir(kTranslations);
    for (const QString& f : dir.entryList({QStringLiteral("coroscope_*.qm")}, QDir::Files, QDir::Name)) {
        const QString code = QFileInfo(f).completeBaseName().mid(int(qstrlen("coroscope_")));
        if (!code.isEmpty() && !out.contains(code)) out << code;
    }
    return out;
}

QString Language::nativeName(const QString& code) {
    if (code == QLatin1String("en")) return QStringLiteral("English");
    if (code == QLatin1String("zh_CN")) return QStringLiteral("简体中文");
    const QLocale l(code);
    const QString n = l.nativeLanguageName();
    return n.isEmpty() ? code : n;
}

QString Language::match(const QString& raw) {
    const QString code = normalize(raw);
    const QStringList have = available();
    if (code.isEmpty()) return QStringLiteral("en");
    if (have.contains(code)) return code;
    // Through QLocale: "zh" -> zh_CN, "zh_Hans_CN" -> zh_CN.
    const QLocale loc(code);
    if (have.contains(loc.name())) return loc.name();
    const QString lang = code.section(QLatin1Char('_'), 0, 0);
    for (const QString& h : have)
        if (h.section(QLatin1Char('_'), 0, 0) == lang) return h;
    return QStringLiteral("en");
}

QString Language::resolve(const QString& requested) {
    if (!requested.isEmpty()) return normalize(requested);
    const QString s = saved();
    if (!s.isEmpty()) return s;
    // The first of the user's preferred languages we have.
    for (const QString& ui : QLocale::system().uiLanguages()) {
        const QString m = match(ui);
        if (m != QLatin1String("en") || ui.startsWith(QLatin1String("en"))) return m;
    }
    return match(QLocale::system().name());
}

QString Language::install(const QString& raw) {
    const QString code = normalize(raw);
    const QLocale locale = code.isEmpty() ? QLocale::system() : QLocale(code);
    QLocale::setDefault(locale);
    const QString lang = match(code.isEmpty() ? locale.name() : code);

    if (g_qt) {
        QCoreApplication::removeTranslator(g_qt);
        delete g_qt;
    }
    if (g_ours) {
        QCoreApplication::removeTranslator(g_ours);
        delete g_ours;
    }
    g_current = lang;
    if (lang == QLatin1String("en")) {
        // Removing the translators sent LanguageChange already, unless
        // there were none: send it anyway so that a switch always retranslates.
        QEvent ev(QEvent::LanguageChange);
        QCoreApplication::sendEvent(QCoreApplication::instance(), &ev);
        return lang;
    }
    auto* qt = new QTranslator(QCoreApplication::instance());
    if (qt->load(QLocale(lang), QStringLiteral("qtbase"), QStringLiteral("_"),
                 QLibraryInfo::path(QLibraryInfo::TranslationsPath))) {
        QCoreApplication::installTranslator(qt);
        g_qt = qt;
    } else {
        delete qt;
    }
    auto* ours = new QTranslator(QCoreApplication::instance());
    const QStringList dirs{kTranslations,
                           QCoreApplication::applicationDirPath() + QStringLiteral("/translations"),
                           QCoreApplication::applicationDirPath() + QStringLiteral("/../share/coroscope/translations")};
    bool loaded = false;
    for (const QString& dir : dirs) {
        if (ours->load(QStringLiteral("coroscope_") + lang, dir)) {
            QCoreApplication::installTranslator(ours);
            g_ours = ours;
            loaded = true;
            break;
        }
    }
    if (!loaded) {
        delete ours;
        g_current = QStringLiteral("en");
    }
    return g_current;
}

QString Language::current() { return g_current; }

QString Language::sentences(const QString& text, const QString& sentence) {
    if (text.isEmpty() || sentence.isEmpty()) return text + sentence;
    // From U+2E80: CJK radicals, punctuation, ideographs, full-width forms.
    const auto wide = [](QChar c) { return c.unicode() >= 0x2E80; };
    return wide(text.back()) || wide(sentence.front()) ? text + sentence : text + QLatin1Char(' ') + sentence;
}

QString Language::saved() { return QSettings().value(kSettingsKey).toString(); }

void Language::save(const QString& code) {
    QSettings s;
    if (code.isEmpty())
        s.remove(kSettingsKey);
    else
        s.setValue(kSettingsKey, code);
}

}  // namespace cs::ui
