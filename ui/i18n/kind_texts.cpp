#include "i18n/kind_texts.h"

#include <QCoreApplication>

#include "model/kinds.h"

namespace cs::ui {

namespace {

// The contexts the words had when each class held them: the translations
// file keeps its entries.
constexpr const char* kControls = "cs::ui::ControlsPanel";

struct LimitWords {
    const char* label;
    const char* size;
};

// Rows in the order of LimitKind (and of kLimitKindInfo).
constexpr LimitWords kLimitWords[kLimitKindCount] = {
    {QT_TRANSLATE_NOOP("cs::ui::ControlsPanel", "none (all at once)"), QT_TRANSLATE_NOOP("cs::ui::ControlsPanel", "Permits")},
    {QT_TRANSLATE_NOOP("cs::ui::ControlsPanel", "Semaphore"), QT_TRANSLATE_NOOP("cs::ui::ControlsPanel", "Permits")},
    {QT_TRANSLATE_NOOP("cs::ui::ControlsPanel", "BoundedSemaphore"), QT_TRANSLATE_NOOP("cs::ui::ControlsPanel", "Permits")},
    {QT_TRANSLATE_NOOP("cs::ui::ControlsPanel", "Semaphore made per task (pitfall)"),
     QT_TRANSLATE_NOOP("cs::ui::ControlsPanel", "Permits")},
    {QT_TRANSLATE_NOOP("cs::ui::ControlsPanel", "Queue + workers"), QT_TRANSLATE_NOOP("cs::ui::ControlsPanel", "Workers")},
    {QT_TRANSLATE_NOOP("cs::ui::ControlsPanel", "manual counter (wait FIRST_COMPLETED)"),
     QT_TRANSLATE_NOOP("cs::ui::ControlsPanel", "At once")},
    {QT_TRANSLATE_NOOP("cs::ui::ControlsPanel", "chunks (gather chunk by chunk)"),
     QT_TRANSLATE_NOOP("cs::ui::ControlsPanel", "Chunk size")},
    {QT_TRANSLATE_NOOP("cs::ui::ControlsPanel", "rate limiter"), QT_TRANSLATE_NOOP("cs::ui::ControlsPanel", "Max at once")},
    // (Its box follows the limit in force at the live time, which the rule moves: not the initial one.)
    {QT_TRANSLATE_NOOP("cs::ui::ControlsPanel", "adaptive (AIMD)"),
     QT_TRANSLATE_NOOP("cs::ui::ControlsPanel", "Limit now")},
    {QT_TRANSLATE_NOOP("cs::ui::ControlsPanel", "aiohttp TCPConnector"),
     QT_TRANSLATE_NOOP("cs::ui::ControlsPanel", "Connections")},
    {QT_TRANSLATE_NOOP("cs::ui::ControlsPanel", "aiojobs Scheduler"),
     QT_TRANSLATE_NOOP("cs::ui::ControlsPanel", "Jobs at once")},
};

constexpr const char* kCollectWords[kCollectKindCount] = {
    QT_TRANSLATE_NOOP("cs::ui::ControlsPanel", "asyncio.gather"),
    QT_TRANSLATE_NOOP("cs::ui::ControlsPanel", "asyncio.wait"),
    QT_TRANSLATE_NOOP("cs::ui::ControlsPanel", "asyncio.as_completed"),
    QT_TRANSLATE_NOOP("cs::ui::ControlsPanel", "asyncio.TaskGroup"),
    QT_TRANSLATE_NOOP("cs::ui::ControlsPanel", "sequential await (no tasks)"),
};

std::size_t row(LimitKind k) { return static_cast<std::size_t>(limitKindInfo(k).kind); }
std::size_t row(CollectKind k) { return static_cast<std::size_t>(collectKindInfo(k).kind); }

}  // namespace

QString limitKindLabel(LimitKind k) { return QCoreApplication::translate(kControls, kLimitWords[row(k)].label); }
QString limitSizeLabel(LimitKind k) { return QCoreApplication::translate(kControls, kLimitWords[row(k)].size); }
QString collectKindLabel(CollectKind k) { return QCoreApplication::translate(kControls, kCollectWords[row(k)]); }

QString limitText(const Limit& l) {
    switch (l.kind) {
        case LimitKind::None: return QCoreApplication::translate("cs::ui::MainWindow", "no limit");
        case LimitKind::Semaphore: return QStringLiteral("Semaphore(%1)").arg(l.value);
        case LimitKind::BoundedSemaphore: return QStringLiteral("BoundedSemaphore(%1)").arg(l.value);
        case LimitKind::SemaphorePerTask:
            return QCoreApplication::translate("cs::ui::MainWindow", "Semaphore(%1) per task").arg(l.value);
        case LimitKind::Queue: return QCoreApplication::translate("cs::ui::MainWindow", "Queue + %1 workers").arg(l.workers);
        case LimitKind::Manual: return QCoreApplication::translate("cs::ui::MainWindow", "manual counter (%1)").arg(l.value);
        case LimitKind::Chunks: return QCoreApplication::translate("cs::ui::MainWindow", "chunks of %1").arg(l.size);
        case LimitKind::Rate:
            // (Its max_at_once: a Semaphore beside the rate, which the header hid.)
            return l.maxAtOnce > 0 ? QCoreApplication::translate("cs::ui::MainWindow", "rate %1/s, at most %2 at once")
                                         .arg(l.maxPerSecond)
                                         .arg(l.maxAtOnce)
                                   : QCoreApplication::translate("cs::ui::MainWindow", "rate %1/s").arg(l.maxPerSecond);
        case LimitKind::Adaptive: return QCoreApplication::translate("cs::ui::MainWindow", "adaptive %1..%2").arg(l.min).arg(l.max);
        case LimitKind::Connector: return QStringLiteral("TCPConnector(limit=%1)").arg(l.value);
        case LimitKind::Scheduler:
            return l.pendingLimit > 0
                       ? QStringLiteral("aiojobs Scheduler(limit=%1, pending_limit=%2)").arg(l.value).arg(l.pendingLimit)
                       : QStringLiteral("aiojobs Scheduler(limit=%1)").arg(l.value);
    }
    return {};
}

QString collectText(const Collect& c) {
    switch (c.kind) {
        case CollectKind::Gather:
            return c.returnExceptions ? QStringLiteral("gather(return_exceptions=True)") : QStringLiteral("gather()");
        case CollectKind::Wait: {
            // Its timeout and what main() does with the pending tasks: "wait(ALL_COMPLETED)" said nothing
            // of a wait that stops at 1.5 s.
            const std::string_view name = returnWhenName(c.returnWhen);
            const QLatin1String when(name.data(), static_cast<qsizetype>(name.size()));
            const QString call = c.hasTimeout()
                                     ? QStringLiteral("wait(%1, timeout=%2)").arg(when, QString::number(c.timeout))
                                     : QStringLiteral("wait(%1)").arg(when);
            if (!c.cancelOnReturn) return call;
            return QCoreApplication::translate("cs::ui::MainWindow", "%1, then the pending are cancelled").arg(call);
        }
        case CollectKind::AsCompleted:
            return c.hasTimeout() ? QStringLiteral("as_completed(timeout=%1)").arg(QString::number(c.timeout))
                                  : QStringLiteral("as_completed()");
        case CollectKind::TaskGroup: return QStringLiteral("TaskGroup");
        case CollectKind::Sequential: return QCoreApplication::translate("cs::ui::MainWindow", "sequential await");
    }
    return {};
}

QString limitAndCollectText(const Limit& l, const Collect& c) {
    if (limitKindInfo(l.kind).ownsCollect) return limitText(l);
    return QStringLiteral("%1 · %2").arg(limitText(l), collectText(c));
}

}  // namespace cs::ui
