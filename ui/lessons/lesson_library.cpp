#include "lessons/lesson_library.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <algorithm>
#include <map>

namespace cs::ui {

QStringList LessonLibrary::knownGroups() {
    return {QStringLiteral("basics"),       QStringLiteral("limiting"), QStringLiteral("collecting"),
            QStringLiteral("cancellation"), QStringLiteral("pitfalls"), QStringLiteral("choosing")};
}

QString LessonLibrary::groupName(const QString& id) {
    if (id == QLatin1String("basics")) return tr("Basics");
    if (id == QLatin1String("limiting")) return tr("Limiting concurrency");
    if (id == QLatin1String("collecting")) return tr("Collecting results");
    if (id == QLatin1String("cancellation")) return tr("Cancellation and timeouts");
    if (id == QLatin1String("pitfalls")) return tr("Pitfalls");
    if (id == QLatin1String("choosing")) return tr("Choosing the limit");
    if (id.isEmpty()) return tr("Other lessons");
    return id;
}

QString LessonLibrary::groupTitle(const LessonGroup& g, const QString& lang) const {
    // The app's own translation of a known group wins over an English-only
    // index title; an index title in the asked language wins over both.
    if (!g.title.isEmpty()) {
        const QString bare = lang.section(QLatin1Char('_'), 0, 0);
        for (const QString& l : g.title.languages())
            if (l == lang || l.section(QLatin1Char('_'), 0, 0) == bare) return g.title.text(lang);
    }
    if (knownGroups().contains(g.id) || g.title.isEmpty()) return groupName(g.id);
    return g.title.text(lang);
}

QStringList LessonLibrary::ids() const {
    QStringList out;
    for (const LessonGroup& g : groups_) out << g.lessonIds;
    return out;
}

const Lesson* LessonLibrary::lesson(const QString& id) const {
    for (const auto& l : lessons_)
        if (l->id == id) return l.get();
    return nullptr;
}

const Lesson* LessonLibrary::find(const QString& key) const {
    if (const Lesson* l = findByName(key)) return l;
    return findByNumber(key);
}

const Lesson* LessonLibrary::findByName(const QString& key) const {
    if (key.isEmpty()) return nullptr;
    if (const Lesson* l = lesson(key)) return l;
    const Lesson* hit = nullptr;
    int hits = 0;
    for (const QString& id : ids()) {
        if (!id.startsWith(key)) continue;
        // "03" must not pick "030-..." over "03-...": a prefix that ends at
        // a separator wins.
        if (!id.at(key.size()).isLetterOrNumber()) return lesson(id);
        hit = lesson(id);
        ++hits;
    }
    return hits == 1 ? hit : nullptr;
}

const Lesson* LessonLibrary::findByNumber(const QString& key) const {
    // Teaching order only (`coroscope --lesson 3` is the third lesson), even
    // where an id happens to start with another number.
    bool isNumber = false;
    const int n = key.toInt(&isNumber);
    const QStringList all = ids();
    if (!isNumber || n < 1 || n > all.size()) return nullptr;
    return lesson(all.at(n - 1));
}

bool LessonLibrary::load(const QString& dirPath, QString* error) {
    groups_.clear();
    lessons_.clear();
    errors_.clear();
    listed_.clear();
    const QDir dir(dirPath);

    // 1. What the index says: groups (with titles) and the order.
    std::vector<LessonGroup> groups;
    std::vector<std::pair<QString, QString>> listed;  // id, group ("" = from the file)
    std::map<QString, QString> files;                 // id -> file name
    const QString indexPath = dir.filePath(QStringLiteral("index.json"));
    const bool haveIndex = QFile::exists(indexPath);
    if (haveIndex) {
        QFile f(indexPath);
        if (!f.open(QIODevice::ReadOnly)) {
            if (error) *error = tr("cannot read %1").arg(indexPath);
            return false;
        }
        QJsonParseError pe{};
        const QJsonDocument doc = QJsonDocument::fromJson(f.readAll(), &pe);
        if (pe.error != QJsonParseError::NoError) {
            if (error) *error = tr("%1: not JSON: %2").arg(indexPath, pe.errorString());
            return false;
        }
        auto takeLesson = [&](const QJsonValue& v, const QString& group) {
            QString id = v.isString() ? v.toString() : v.toObject().value(QStringLiteral("id")).toString();
            if (id.isEmpty()) return;
            QString g = group;
            if (v.isObject()) {
                const QJsonObject o = v.toObject();
                if (o.contains(QStringLiteral("group"))) g = o.value(QStringLiteral("group")).toString();
                if (o.contains(QStringLiteral("file"))) files[id] = o.value(QStringLiteral("file")).toString();
            }
            listed.emplace_back(id, g);
        };
        const QJsonObject root = doc.isObject() ? doc.object() : QJsonObject();
        const QJsonValue gv = root.value(QStringLiteral("groups"));
        if (gv.isArray()) {
            for (const QJsonValue& x : gv.toArray()) {
                const QJsonObject go = x.toObject();
                LessonGroup g;
                g.id = go.value(QStringLiteral("id")).toString();
                g.title = LocalizedText::fromJson(go.value(QStringLiteral("title")));
                groups.push_back(g);
                for (const QJsonValue& l : go.value(QStringLiteral("lessons")).toArray()) takeLesson(l, g.id);
            }
        } else if (gv.isObject()) {
            const QJsonObject go = gv.toObject();
            for (auto it = go.begin(); it != go.end(); ++it) {
                LessonGroup g;
                g.id = it.key();
                const QJsonValue t = it.value().isObject() && it.value().toObject().contains(QStringLiteral("title"))
                                         ? it.value().toObject().value(QStringLiteral("title"))
                                         : it.value();
                g.title = LocalizedText::fromJson(t);
                groups.push_back(g);
            }
            // An object has no order: the known groups first, in teaching order.
            const QStringList known = knownGroups();
            std::stable_sort(groups.begin(), groups.end(), [&](const LessonGroup& a, const LessonGroup& b) {
                const auto ia = known.indexOf(a.id), ib = known.indexOf(b.id);
                return (ia < 0 ? 1000 : ia) < (ib < 0 ? 1000 : ib);
            });
        }
        const QJsonArray lessonsArr =
            doc.isArray() ? doc.array() : root.value(QStringLiteral("lessons")).toArray();
        for (const QJsonValue& l : lessonsArr) takeLesson(l, QString());
    } else {
        for (const QString& f : dir.entryList({QStringLiteral("*.json")}, QDir::Files, QDir::Name))
            listed.emplace_back(QFileInfo(f).completeBaseName(), QString());
    }

    // 2. The lessons themselves.
    struct Loaded {
        QString group;
        int order;
        std::size_t pos;
        std::unique_ptr<Lesson> lesson;
    };
    std::vector<Loaded> loaded;
    for (std::size_t k = 0; k < listed.size(); ++k) {
        const auto& [id, indexGroup] = listed[k];
        if (listed_.contains(id)) continue;  // listed twice (group and lessons)
        listed_ << id;
        const QString file = files.count(id) ? files[id] : id + QStringLiteral(".json");
        QString err;
        auto l = Lesson::fromFile(dir.filePath(file), &err);
        if (!l) {
            errors_ << QStringLiteral("%1: %2").arg(id, err);
            continue;
        }
        if (l->id != id && haveIndex) {
            errors_ << tr("%1: the file's id is %2").arg(id, l->id);
            continue;
        }
        const QString g = indexGroup.isEmpty() ? l->group : indexGroup;
        if (l->group.isEmpty()) l->group = g;
        loaded.push_back({g, l->order, k, std::make_unique<Lesson>(std::move(*l))});
    }
    if (!haveIndex)
        std::stable_sort(loaded.begin(), loaded.end(), [](const Loaded& a, const Loaded& b) {
            const QStringList known = knownGroups();
            const auto ia = known.indexOf(a.group), ib = known.indexOf(b.group);
            if (ia != ib) return (ia < 0 ? 1000 : ia) < (ib < 0 ? 1000 : ib);
            return a.order < b.order;
        });

    // 3. Groups in index order, then any group only the lessons name.
    for (Loaded& x : loaded) {
        auto it = std::find_if(groups.begin(), groups.end(), [&](const LessonGroup& g) { return g.id == x.group; });
        if (it == groups.end()) {
            groups.push_back({x.group, {}, {}});
            it = groups.end() - 1;
        }
        it->lessonIds << x.lesson->id;
        lessons_.push_back(std::move(x.lesson));
    }
    for (const LessonGroup& g : groups)
        if (!g.lessonIds.isEmpty()) groups_.push_back(g);
    if (lessons_.empty()) {
        if (error)
            *error = errors_.isEmpty() ? tr("no lessons in %1").arg(dirPath) : errors_.join(QLatin1Char('\n'));
        return false;
    }
    return true;
}

}  // namespace cs::ui
