// Catch2 main for the export UI tests: a QApplication on the offscreen
// platform, settings of the process's own (support/qt_test_main.h).
#include <QApplication>

#include "support/qt_test_main.h"

int main(int argc, char** argv) {
    QApplication::setApplicationName(QStringLiteral("export_ui_tests"));
    return cs::test::runQtTests(argc, argv, "offscreen", "coroscope-export-tests");
}
