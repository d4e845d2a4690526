// Checks that a screenshot of the app is a full window with drawn lanes, not
// a blank or half-painted image: size, colour variety, the Okabe–Ito state
// colours of the lanes, and no single colour covering nearly everything.
//   screenshot_check shot.png [min_width min_height]
#include <QCoreApplication>
#include <QHash>
#include <QImage>
#include <cstdio>
#include <cstdlib>

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

int main(int argc, char** argv) {
    QCoreApplication app(argc, argv);
    if (argc < 2) {
        std::fprintf(stderr, "usage: screenshot_check PNG [min_width min_height]\n");
        return 2;
    }
    const int minW = argc > 3 ? std::atoi(argv[2]) : 1200;
    const int minH = argc > 3 ? std::atoi(argv[3]) : 800;
    QImage img(QString::fromLocal8Bit(argv[1]));
    if (img.isNull()) {
        std::fprintf(stderr, "FAIL: cannot read %s\n", argv[1]);
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
    return ok ? 0 : 1;
}
