#include "i18n/scenario_title.h"

#include <QFile>
#include <QFileInfo>

#include "i18n/language.h"
#include "scenario/loader.h"

namespace cs::ui {

namespace {
std::string langOf(const QString& lang) { return (lang.isEmpty() ? Language::current() : lang).toStdString(); }
}  // namespace

QString ScenarioTitle::of(const Scenario& s, const QString& lang) {
    return QString::fromStdString(s.titleIn(langOf(lang)));
}

QString ScenarioTitle::descriptionOf(const Scenario& s, const QString& lang) {
    return QString::fromStdString(s.descriptionIn(langOf(lang)));
}

QString ScenarioTitle::ofFile(const QString& path, const QString& lang) {
    QFile f(path);
    if (f.open(QIODevice::ReadOnly)) {
        const QByteArray bytes = f.readAll();
        const LoadResult r = parseScenario(std::string_view(bytes.constData(), static_cast<std::size_t>(bytes.size())));
        if (r.ok()) {
            const QString title = of(*r.scenario, lang);
            if (!title.isEmpty()) return title;
        }
    }
    return QFileInfo(path).completeBaseName();
}

}  // namespace cs::ui
