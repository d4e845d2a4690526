// Checks that a screenshot of the app is a full window with drawn lanes, not
// a blank or half-painted image: size, colour variety, the Okabe–Ito state
// colours of the lanes, and no single colour covering nearly everything.
// With --layout, also the app's layout report (COROSCOPE_LAYOUT_REPORT,
// ui/layout_report.h): the window frame inside the screen's available area,
// every dock shown or a tab on screen, no text cut off.
//   screenshot_check shot.png [min_width min_height] [--layout report.json]
#include <QCoreApplication>
#include <QFile>
#include <QHash>
#include <QImage>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRect>
#include <cstdio>
#include <cstdlib>
#include <string_view>
#include <vector>

namespace {
int near(const QImage& img, QRgb c, int tol) {
    int n = 0;
    for (int y = 0; y < img.height(); ++y) {
        const auto* line = reinterpret_cast<const QRgb*>(img.constScanLine(y));
        for (int x = 0; x < img.width(); ++x) {
            const QRgb p = line[x];
            n += std::abs(qRed(p) - qRed(c)) <= tol && std::abs(qGreen(p) - qGreen(c)) <= tol &&
                 std::abs(qBlue(p) - qBlue(c)) <= tol;
        }
    }
    return n;
}
}  // namespace

QRect rectOf(const QJsonValue& v) {
    const QJsonArray a = v.toArray();
    return a.size() == 4 ? QRect(a[0].toInt(), a[1].toInt(), a[2].toInt(), a[3].toInt()) : QRect();
}

// The layout report's verdict; prints what is wrong.
bool layoutOk(const char* path, const QImage& shot) {
    QFile f(QString::fromLocal8Bit(path));
    if (!f.open(QIODevice::ReadOnly)) {
        std::fprintf(stderr, "FAIL: cannot read the layout report %s\n", path);
        return false;
    }
    const QJsonObject o = QJsonDocument::fromJson(f.readAll()).object();
    const QRect screen = rectOf(o.value(QStringLiteral("screen")));
    const QRect frame = rectOf(o.value(QStringLiteral("frame")));
    const double dpr = o.value(QStringLiteral("devicePixelRatio")).toDouble(1.0);
    std::printf("screen %dx%d+%d+%d, frame %dx%d+%d+%d, device pixel ratio %g\n", screen.width(), screen.height(),
                screen.x(), screen.y(), frame.width(), frame.height(), frame.x(), frame.y(), dpr);
    bool ok = true;
    if (screen.isEmpty() || frame.isEmpty()) {
        std::fprintf(stderr, "FAIL: the report has no screen or frame\n");
        return false;
    }
    if (!screen.contains(frame)) {
        std::fprintf(stderr, "FAIL: the window frame is not inside the screen\n");
        ok = false;
    }
    // The picture is the window (in device pixels), not a part of it.
    const QRect window = rectOf(o.value(QStringLiteral("window")));
    if (std::abs(shot.width() - window.width() * dpr) > 2 || std::abs(shot.height() - window.height() * dpr) > 2) {
        std::fprintf(stderr, "FAIL: the screenshot is %dx%d, the window %dx%d at %g\n", shot.width(), shot.height(),
                     window.width(), window.height(), dpr);
        ok = false;
    }
    int docks = 0;
    for (const QJsonValue& d : o.value(QStringLiteral("docks")).toArray()) docks += d.toObject().value(QStringLiteral("open")).toBool();
    std::printf("%d docks open\n", docks);
    for (const QJsonValue& p : o.value(QStringLiteral("problems")).toArray()) {
        std::fprintf(stderr, "FAIL: %s\n", qPrintable(p.toString()));
        ok = false;
    }
    return ok;
}

int main(int argc, char** argv) {
    QCoreApplication app(argc, argv);
    if (argc < 2) {
        std::fprintf(stderr, "usage: screenshot_check PNG [min_width min_height] [--layout REPORT]\n");
        return 2;
    }
    const char* layout = nullptr;
    std::vector<const char*> pos;
    for (int i = 1; i < argc; ++i) {
        if (std::string_view(argv[i]) == "--layout" && i + 1 < argc)
            layout = argv[++i];
        else
            pos.push_back(argv[i]);
    }
    if (pos.empty()) {
        std::fprintf(stderr, "usage: screenshot_check PNG [min_width min_height] [--layout REPORT]\n");
        return 2;
    }
    const int minW = pos.size() > 2 ? std::atoi(pos[1]) : 1200;
    const int minH = pos.size() > 2 ? std::atoi(pos[2]) : 800;
    QImage img(QString::fromLocal8Bit(pos.at(0)));
    if (img.isNull()) {
        std::fprintf(stderr, "FAIL: cannot read %s\n", pos.at(0));
        return 1;
    }
    img = img.convertToFormat(QImage::Format_RGB32);
    QHash<QRgb, int> counts;
    for (int y = 0; y < img.height(); ++y) {
        const auto* line = reinterpret_cast<const QRgb*>(img.constScanLine(y));
        for (int x = 0; x < img.width(); ++x) counts[line[x] & 0xF8F8F8]++;
    }
    int top = 0;
    for (int c : counts) top = std::max(top, c);
    const double total = static_cast<double>(img.width()) * img.height();
    const int orange = near(img, 0xE69F00, 12);  // waiting for a permit
    const int blue = near(img, 0x0072B2, 12);    // running
    std::printf("%dx%d, %lld colours, dominant colour %.0f%%, orange %d px, blue %d px\n", img.width(), img.height(),
                static_cast<long long>(counts.size()), 100.0 * top / total, orange, blue);
    bool ok = true;
    auto fail = [&](const char* why) {
        std::fprintf(stderr, "FAIL: %s\n", why);
        ok = false;
    };
    if (img.width() < minW || img.height() < minH) fail("not a full window");
    if (counts.size() < 40) fail("too few colours: blank or unpainted");
    if (top / total > 0.8) fail("one colour covers more than 80%: mostly blank");
    if (orange < 1500) fail("no lanes waiting for a permit drawn");
    if (blue < 1500) fail("no running lanes drawn");
    if (layout && !layoutOk(layout, img)) ok = false;
    return ok ? 0 : 1;
}
