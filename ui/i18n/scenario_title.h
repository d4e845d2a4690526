#pragma once
// A scenario's title and description in the interface's language: the
// scenario's own "i18n" texts for that language when it has them (format
// extension, docs/format-extensions.md), else the spec's title/description.
// Used wherever a scenario is named: the header, the Examples menu, the
// limit lab's list of experiments.
#include <QString>

#include "model/scenario.h"

namespace cs::ui {

class ScenarioTitle {
public:
    // In `lang` ("" = Language::current()); "" when the scenario has none.
    static QString of(const Scenario& s, const QString& lang = QString());
    static QString descriptionOf(const Scenario& s, const QString& lang = QString());
    // The title of a scenario file (a bundled ":/scenarios/NAME.json"), or
    // its base name when it has no title or does not load.
    static QString ofFile(const QString& path, const QString& lang = QString());
};

}  // namespace cs::ui
