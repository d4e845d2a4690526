// Checks a lesson screenshot in Chinese against the same shot in English:
// both are full windows; a CJK font is installed and draws a known Chinese
// string (not blank, not the same as a missing-glyph box); the texts of the
// Chinese shot (header, lesson panel, menus) differ from the English one's.
//   lesson_shot_check ZH.png EN.png
#include <QFontDatabase>
#include <QGuiApplication>
#include <QImage>
#include <QPainter>
#include <cstdio>

namespace {
int ink(const QImage& img) {
    int n = 0;
    for (int y = 0; y < img.height(); ++y)
        for (int x = 0; x < img.width(); ++x) n += qGray(img.pixel(x, y)) < 128;
    return n;
}

QImage render(const QString& text, const QFont& font) {
    QImage img(400, 80, QImage::Format_RGB32);
    img.fill(Qt::white);
    QPainter p(&img);
    p.setFont(font);
    p.setPen(Qt::black);
    p.drawText(img.rect(), Qt::AlignCenter, text);
    return img;
}

// Share of pixels that differ between a and b inside r.
double differing(const QImage& a, const QImage& b, const QRect& r) {
    int diff = 0, all = 0;
    for (int y = r.top(); y <= r.bottom(); ++y)
        for (int x = r.left(); x <= r.right(); ++x) {
            ++all;
            const QRgb p = a.pixel(x, y), q = b.pixel(x, y);
            diff += std::abs(qRed(p) - qRed(q)) + std::abs(qGreen(p) - qGreen(q)) + std::abs(qBlue(p) - qBlue(q)) > 30;
        }
    return all ? double(diff) / all : 0.0;
}
}  // namespace

int main(int argc, char** argv) {
    QGuiApplication app(argc, argv);
    if (argc < 3) {
        std::fprintf(stderr, "usage: lesson_shot_check ZH.png EN.png\n");
        return 2;
    }
    const QImage zh = QImage(QString::fromLocal8Bit(argv[1])).convertToFormat(QImage::Format_RGB32);
    const QImage en = QImage(QString::fromLocal8Bit(argv[2])).convertToFormat(QImage::Format_RGB32);
    if (zh.isNull() || en.isNull()) {
        std::fprintf(stderr, "FAIL: cannot read the screenshots\n");
        return 1;
    }
    // (The two windows may differ a little in size: a language's longer
    // texts can widen a dock. Their common part is compared.)
    if (zh.width() < 1200 || zh.height() < 800 || en.width() < 1200 || en.height() < 800) {
        std::fprintf(stderr, "FAIL: sizes %dx%d and %dx%d\n", zh.width(), zh.height(), en.width(), en.height());
        return 1;
    }
    const QStringList cjk = QFontDatabase::families(QFontDatabase::SimplifiedChinese);
    if (cjk.isEmpty()) {
        std::fprintf(stderr, "FAIL: no font for Simplified Chinese is installed (fonts-wqy-microhei)\n");
        return 1;
    }
    QFont f(cjk.front());
    f.setPixelSize(40);
    const QImage known = render(QStringLiteral("并发课程"), f);
    const QImage other = render(QStringLiteral("等待许可"), f);
    const int inkKnown = ink(known);
    // Distinct glyphs draw distinct pictures (missing glyphs draw equal boxes).
    const double glyphsDiffer = differing(known, other, known.rect());
    if (inkKnown < 300 || glyphsDiffer < 0.01) {
        std::fprintf(stderr, "FAIL: %s does not draw Chinese (ink %d, glyphs differ %.3f)\n",
                     qPrintable(cjk.front()), inkKnown, glyphsDiffer);
        return 1;
    }
    // The window's upper part holds the menus, the header with the lesson's
    // title and the lesson panel: in Chinese it must not look like English.
    const QRect top(0, 0, std::min(zh.width(), en.width()), std::min(zh.height(), en.height()) / 4);
    const double d = differing(zh, en, top);
    std::printf("lesson_shot_check: CJK font %s, %.1f%% of the upper window differs from English\n",
                qPrintable(cjk.front()), d * 100);
    if (d < 0.01) {
        std::fprintf(stderr, "FAIL: the Chinese screenshot's texts look like the English one's\n");
        return 1;
    }
    return 0;
}
