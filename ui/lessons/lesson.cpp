#include "lessons/lesson.h"

#include <QCoreApplication>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <algorithm>
#include <cmath>

#include "scenario/loader.h"

namespace cs::ui {

namespace {
bool fail(QString* error, const QString& msg) {
    if (error) *error = msg;
    return false;
}
}  // namespace

std::optional<Lesson> Lesson::fromJson(const QByteArray& bytes, QString* error) {
    QJsonParseError pe{};
    const QJsonDocument doc = QJsonDocument::fromJson(bytes, &pe);
    if (pe.error != QJsonParseError::NoError) {
        fail(error, tr("not JSON: %1 (at byte %2)").arg(pe.errorString()).arg(pe.offset));
        return std::nullopt;
    }
    if (!doc.isObject()) {
        fail(error, tr("a lesson must be a JSON object"));
        return std::nullopt;
    }
    const QJsonObject o = doc.object();
    Lesson l;
    l.id = o.value(QStringLiteral("id")).toString();
    if (l.id.isEmpty()) {
        fail(error, tr("id: missing"));
        return std::nullopt;
    }
    l.group = o.value(QStringLiteral("group")).toString();
    l.order = o.value(QStringLiteral("order")).toInt();
    l.title = LocalizedText::fromJson(o.value(QStringLiteral("title")));
    if (l.title.isEmpty()) l.title = LocalizedText::plain(l.id);
    l.explanation = LocalizedText::fromJson(o.value(QStringLiteral("explanation")));
    l.notice = LocalizedList::fromJson(o.value(QStringLiteral("notice")));

    const QJsonValue expected = o.value(QStringLiteral("expected_outcome"));
    if (expected.isString())
        l.expectedOutcome = expected.toString();
    else if (expected.isObject() || expected.isArray())
        l.expectedOutcome = QString::fromUtf8(QJsonDocument(expected.isObject() ? QJsonDocument(expected.toObject())
                                                                                  : QJsonDocument(expected.toArray()))
                                                  .toJson(QJsonDocument::Compact));

    const QJsonValue pv = o.value(QStringLiteral("predict"));
    if (pv.isObject()) {
        const QJsonObject p = pv.toObject();
        LessonPredict pr;
        pr.question = LocalizedText::fromJson(p.value(QStringLiteral("question")));
        for (const QJsonValue& c : p.value(QStringLiteral("choices")).toArray())
            pr.choices.push_back(LocalizedText::fromJson(c));
        pr.answer = p.value(QStringLiteral("answer")).toInt(-1);
        pr.revealAt = p.value(QStringLiteral("reveal_at")).toDouble(0.0);
        if (pr.question.isEmpty()) {
            fail(error, tr("predict.question: missing"));
            return std::nullopt;
        }
        if (pr.choices.size() < 2) {
            fail(error, tr("predict.choices: needs at least two choices"));
            return std::nullopt;
        }
        if (pr.answer < 0 || pr.answer >= static_cast<int>(pr.choices.size())) {
            fail(error, tr("predict.answer: must be the index of one of the choices"));
            return std::nullopt;
        }
        if (!std::isfinite(pr.revealAt) || pr.revealAt < 0) {
            fail(error, tr("predict.reveal_at: must be >= 0"));
            return std::nullopt;
        }
        l.predict = std::move(pr);
    } else if (!pv.isUndefined() && !pv.isNull()) {
        fail(error, tr("predict: must be an object"));
        return std::nullopt;
    }

    const QJsonArray callouts = o.value(QStringLiteral("callouts")).toArray();
    for (int k = 0; k < callouts.size(); ++k) {
        const QJsonObject c = callouts[k].toObject();
        LessonCallout co;
        co.t = c.value(QStringLiteral("t")).toDouble(-1.0);
        co.text = LocalizedText::fromJson(c.value(QStringLiteral("text")));
        if (!std::isfinite(co.t) || co.t < 0) {
            fail(error, tr("callouts[%1].t: must be >= 0").arg(k));
            return std::nullopt;
        }
        if (co.text.isEmpty()) {
            fail(error, tr("callouts[%1].text: missing").arg(k));
            return std::nullopt;
        }
        l.callouts.push_back(std::move(co));
    }
    std::stable_sort(l.callouts.begin(), l.callouts.end(),
                     [](const LessonCallout& a, const LessonCallout& b) { return a.t < b.t; });

    const QJsonValue sv = o.value(QStringLiteral("scenario"));
    if (!sv.isObject()) {
        fail(error, tr("scenario: missing"));
        return std::nullopt;
    }
    const QByteArray sj = QJsonDocument(sv.toObject()).toJson(QJsonDocument::Compact);
    LoadResult r = parseScenario(std::string_view(sj.constData(), static_cast<std::size_t>(sj.size())));
    if (!r.ok()) {
        fail(error, QStringLiteral("scenario: %1")
                        .arg(QString::fromStdString(r.error ? r.error->what() : std::string("?"))));
        return std::nullopt;
    }
    l.scenario = std::move(*r.scenario);
    return l;
}

std::optional<Lesson> Lesson::fromFile(const QString& path, QString* error) {
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) {
        fail(error, tr("cannot read %1: %2").arg(path, f.errorString()));
        return std::nullopt;
    }
    return fromJson(f.readAll(), error);
}

Scenario Lesson::scenarioFor(const QString& lang) const {
    Scenario s = scenario;
    s.title = title.text(lang).toStdString();
    s.description.clear();  // the lesson panel shows the explanation
    return s;
}

QString Lesson::searchText() const {
    QStringList parts{id, title.allTexts(), explanation.allTexts(), notice.allTexts()};
    if (predict) parts << predict->question.allTexts();
    return parts.join(QLatin1Char('\n'));
}

}  // namespace cs::ui
