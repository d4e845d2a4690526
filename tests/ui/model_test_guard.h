#pragma once
// QAbstractItemModelTester reports through qWarning (category qt.modeltest)
// in Warning mode. While a ModelTestGuard lives, those reports and any
// critical or fatal message are collected in g_problems, so a test can fail
// on any of them. Shared by the UI and Limit lab tests.
#include <QByteArray>
#include <QString>
#include <QStringList>
#include <QtGlobal>

namespace cs::ui::test {

inline QStringList g_problems;
inline QtMessageHandler g_previousHandler = nullptr;

inline void collectModelProblems(QtMsgType type, const QMessageLogContext& ctx, const QString& msg) {
    if (ctx.category && QByteArray(ctx.category).startsWith("qt.modeltest")) g_problems << msg;
    if (type == QtFatalMsg || type == QtCriticalMsg) g_problems << msg;
    if (g_previousHandler) g_previousHandler(type, ctx, msg);
}

struct ModelTestGuard {
    ModelTestGuard() {
        g_problems.clear();
        g_previousHandler = qInstallMessageHandler(collectModelProblems);
    }
    ~ModelTestGuard() { qInstallMessageHandler(g_previousHandler); }
    ModelTestGuard(const ModelTestGuard&) = delete;
    ModelTestGuard& operator=(const ModelTestGuard&) = delete;
};

}  // namespace cs::ui::test
