#include "lab/sweep_chart.h"

#include <QApplication>
#include <QBuffer>
#include <QFile>
#include <QGraphicsScene>
#include <QImage>
#include <QPainter>
#include <QtCharts/QChart>
#include <QtCharts/QLegend>
#include <QtCharts/QLegendMarker>
#include <QtCharts/QLineSeries>
#include <QtCharts/QLogValueAxis>
#include <QtCharts/QScatterSeries>
#include <QtCharts/QValueAxis>
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <memory>

namespace cs::ui {

namespace {
// Colours that stay apart for colour-blind readers (Okabe-Ito blue/vermillion).
const QColor kThroughputColor(0, 114, 178);
const QColor kLatencyColor(213, 94, 0);
const QColor kRecommendedColor(0, 158, 115);
const QColor kErrorColor(204, 121, 167);  // Okabe-Ito reddish purple

bool powersOfTwo(const std::vector<lab::SweepValue>& values) {
    return std::all_of(values.begin(), values.end(), [](const lab::SweepValue& v) {
        int e = 0;
        return v.value > 0 && std::frexp(v.value, &e) == 0.5;
    });
}
}  // namespace

SweepChart::SweepChart(QChart* chart) : chart_(chart) {
    throughput_ = new QLineSeries;
    throughput_->setName(QObject::tr("throughput (tasks/s)"));
    throughput_->setPointsVisible(true);
    throughput_->setPen(QPen(kThroughputColor, 2));
    p95_ = new QLineSeries;
    p95_->setName(QObject::tr("p95 latency (s)"));
    p95_->setPointsVisible(true);
    p95_->setPen(QPen(kLatencyColor, 2, Qt::DashLine));
    errors_ = new QLineSeries;
    errors_->setName(QObject::tr("errors (% of tasks)"));
    errors_->setPointsVisible(true);
    errors_->setPen(QPen(kErrorColor, 2, Qt::DotLine));
    recommended_ = new QScatterSeries;
    recommended_->setName(QObject::tr("recommended"));
    recommended_->setMarkerSize(16);
    recommended_->setColor(Qt::transparent);
    recommended_->setBorderColor(kRecommendedColor);
    recommended_->setPen(QPen(kRecommendedColor, 3));
    recommended_->setPointLabelsVisible(true);
    recommended_->setPointLabelsColor(kRecommendedColor);
    chart_->addSeries(throughput_);
    chart_->addSeries(p95_);
    chart_->addSeries(errors_);
    chart_->addSeries(recommended_);

    yThroughput_ = new QValueAxis;
    yThroughput_->setTitleText(QObject::tr("throughput (tasks/s)"));
    yThroughput_->setLabelFormat(QStringLiteral("%g"));
    yThroughput_->setLinePenColor(kThroughputColor);
    yThroughput_->setLabelsColor(kThroughputColor);
    yLatency_ = new QValueAxis;
    yLatency_->setTitleText(QObject::tr("p95 latency (s)"));
    yLatency_->setLabelFormat(QStringLiteral("%g"));
    yLatency_->setLinePenColor(kLatencyColor);
    yLatency_->setLabelsColor(kLatencyColor);
    yErrors_ = new QValueAxis;
    yErrors_->setTitleText(QObject::tr("errors (%)"));
    yErrors_->setLabelFormat(QStringLiteral("%g"));
    yErrors_->setLinePenColor(kErrorColor);
    yErrors_->setLabelsColor(kErrorColor);
    chart_->addAxis(yThroughput_, Qt::AlignLeft);
    chart_->addAxis(yLatency_, Qt::AlignRight);
    chart_->addAxis(yErrors_, Qt::AlignRight);
    errors_->attachAxis(yErrors_);
    throughput_->attachAxis(yThroughput_);
    recommended_->attachAxis(yThroughput_);
    p95_->attachAxis(yLatency_);
    auto* x = new QValueAxis;
    x->setLabelFormat(QStringLiteral("%g"));
    attachX(x);
    chart_->legend()->setAlignment(Qt::AlignBottom);
    showErrors(false);  // until a point has failures (setPoints): no empty axis taking the others' room
}

void SweepChart::attachX(QAbstractAxis* axis) {
    if (x_) {
        for (QAbstractSeries* s : {static_cast<QAbstractSeries*>(throughput_),
                                   static_cast<QAbstractSeries*>(p95_),
                                   static_cast<QAbstractSeries*>(errors_),
                                   static_cast<QAbstractSeries*>(recommended_)})
            s->detachAxis(x_);
        chart_->removeAxis(x_);  // the chart gives the axis back: ours to delete
        delete x_;
    }
    x_ = axis;
    chart_->addAxis(x_, Qt::AlignBottom);
    throughput_->attachAxis(x_);
    p95_->attachAxis(x_);
    errors_->attachAxis(x_);
    recommended_->attachAxis(x_);
}

void SweepChart::reset(const QString& param, const std::vector<lab::SweepValue>& values) {
    double lo = 0.0, hi = 1.0;
    if (!values.empty()) {
        const auto [mn, mx] = std::minmax_element(values.begin(), values.end(),
                                                  [](const auto& a, const auto& b) { return a.value < b.value; });
        lo = mn->value;
        hi = mx->value;
    }
    // 1..64x2 on a linear axis crowds the first five points into one corner;
    // 1..64 on a log axis crowds the last fifty. Log only for few values
    // spread over a wide ratio (about two per doubling at most).
    const bool wantLog = lo > 0.0 && hi / lo >= 16.0 &&
                         static_cast<double>(values.size()) <= 2.0 * std::log2(hi / lo) + 1.0;
    if (wantLog != logX_ || !x_) {
        logX_ = wantLog;
        if (logX_) {
            auto* x = new QLogValueAxis;
            x->setLabelFormat(QStringLiteral("%g"));
            attachX(x);
        } else {
            auto* x = new QValueAxis;
            x->setLabelFormat(QStringLiteral("%g"));
            attachX(x);
        }
    }
    if (logX_) {
        auto* x = static_cast<QLogValueAxis*>(x_);
        x->setBase(powersOfTwo(values) ? 2.0 : 10.0);
        x->setRange(lo / 1.25, hi * 1.25);
    } else {
        const double pad = hi > lo ? (hi - lo) * 0.04 : 0.5;
        auto* x = static_cast<QValueAxis*>(x_);
        x->setRange(lo - pad, hi + pad);
        x->applyNiceNumbers();  // ticks at 0, 2, 4, ... rather than 0.4, 4.45, ...
    }
    x_->setTitleText(param);
    throughput_->clear();
    p95_->clear();
    errors_->clear();
    recommended_->clear();
    showErrors(false);
}

void SweepChart::setCompact(bool compact) {
    for (QValueAxis* a : {yThroughput_, yLatency_, yErrors_}) a->setTitleVisible(!compact);
}

QString SweepChart::keyHtml() const {
    QStringList items;
    for (const auto& [series, axis] : {std::pair{throughput_, yThroughput_}, std::pair{p95_, yLatency_},
                                       std::pair{errors_, yErrors_}}) {
        if (!series->isVisible()) continue;
        // A line's swatch and its axis's title, kept together on one line.
        items << QStringLiteral("<span style=\"white-space: nowrap\"><span style=\"color: %1\">\u25A0</span> "
                                "<span style=\"color: %1\">%2</span></span>")
                     .arg(series->pen().color().name(), axis->titleText().toHtmlEscaped());
    }
    return items.join(QStringLiteral(" &nbsp; "));
}

void SweepChart::showErrors(bool on) {
    errors_->setVisible(on);
    yErrors_->setVisible(on);
    for (QLegendMarker* m : chart_->legend()->markers(errors_)) m->setVisible(on);
}

void SweepChart::setPoints(const std::vector<lab::SweepPoint>& points, const std::vector<bool>& finished,
                           std::optional<std::size_t> recommended) {
    // Series are drawn in x order (LIST order may be any order).
    std::vector<std::size_t> order;
    for (std::size_t i = 0; i < points.size(); ++i)
        if (i < finished.size() ? finished[i] : true) order.push_back(i);
    std::stable_sort(order.begin(), order.end(),
                     [&](std::size_t a, std::size_t b) { return points[a].value.value < points[b].value.value; });
    QList<QPointF> tp, lat, err;
    double maxTp = 0.0, maxLat = 0.0, maxErr = 0.0;
    for (std::size_t i : order) {
        const lab::SweepPoint& p = points[i];
        tp.append(QPointF(p.value.value, p.throughput));
        maxTp = std::max(maxTp, p.throughput);
        err.append(QPointF(p.value.value, 100.0 * p.errorRate()));
        maxErr = std::max(maxErr, 100.0 * p.errorRate());
        if (p.p95) {
            lat.append(QPointF(p.value.value, *p.p95));
            maxLat = std::max(maxLat, *p.p95);
        }
    }
    throughput_->replace(tp);
    p95_->replace(lat);
    errors_->replace(err);
    showErrors(maxErr > 0.0);
    yErrors_->setRange(0.0, std::min(100.0, std::max(5.0, maxErr * 1.1)));
    yErrors_->applyNiceNumbers();  // 0, 20, 40, 60 rather than 13.64, 27.28, ...
    QList<QPointF> rec;
    if (recommended && *recommended < points.size()) {
        const lab::SweepPoint& p = points[*recommended];
        rec.append(QPointF(p.value.value, p.throughput));
        recommended_->setPointLabelsFormat(
            QObject::tr("recommended %1").arg(QString::fromStdString(p.value.text)));
    }
    recommended_->replace(rec);
    yThroughput_->setRange(0.0, maxTp > 0.0 ? maxTp * 1.1 : 1.0);
    yLatency_->setRange(0.0, maxLat > 0.0 ? maxLat * 1.1 : 1.0);
    yThroughput_->applyNiceNumbers();
    yLatency_->applyNiceNumbers();
}

bool SweepChart::renderPng(const std::string& param, const std::vector<lab::SweepPoint>& points,
                           std::optional<std::size_t> recommended, const std::string& path,
                           std::string& error, int width, int height) {
    std::string png;
    if (!renderPngBytes(param, points, recommended, png, error, width, height)) return false;
    QFile file(QString::fromStdString(path));
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate) ||
        file.write(png.data(), static_cast<qint64>(png.size())) != static_cast<qint64>(png.size()) || !file.flush()) {
        error = "cannot write the PNG";
        return false;
    }
    return true;
}

bool SweepChart::renderPngBytes(const std::string& param, const std::vector<lab::SweepPoint>& points,
                                std::optional<std::size_t> recommended, std::string& png, std::string& error,
                                int width, int height) {
    struct QuietQt {  // a CLI prints its own one-line errors, not Qt's notes
        QtMessageHandler previous = nullptr;
        bool active = false;
        ~QuietQt() {
            if (active) qInstallMessageHandler(previous);
        }
    } quiet;
    // Destroyed after the scene and chart, which need it alive.
    std::unique_ptr<QApplication> ownApp;
    if (!QCoreApplication::instance()) {
        quiet.previous = qInstallMessageHandler([](QtMsgType type, const QMessageLogContext&, const QString& msg) {
            if (type == QtCriticalMsg || type == QtFatalMsg) std::fprintf(stderr, "%s\n", qPrintable(msg));
        });
        quiet.active = true;
        static int argc = 1;
        static char name[] = "coroscope-cli";
        static char* argv[] = {name, nullptr};
        ownApp = std::make_unique<QApplication>(argc, argv);
    } else if (!qobject_cast<QApplication*>(QCoreApplication::instance())) {
        error = "drawing a chart needs a QApplication";
        return false;
    }
    {
        QGraphicsScene scene;
        auto* chart = new QChart;
        scene.addItem(chart);  // the scene owns the chart
        SweepChart sc(chart);
        std::vector<lab::SweepValue> values;
        values.reserve(points.size());
        for (const auto& p : points) values.push_back(p.value);
        const QString qparam = QString::fromStdString(param);
        sc.reset(qparam, values);
        sc.setPoints(points, std::vector<bool>(points.size(), true), recommended);
        chart->setTitle(QObject::tr("Sweep of %1").arg(qparam));
        chart->setBackgroundRoundness(0);
        chart->setGeometry(QRectF(0, 0, width, height));
        // The chart lays its axes out on a posted LayoutRequest.
        QCoreApplication::processEvents();
        QImage image(width, height, QImage::Format_ARGB32_Premultiplied);
        image.fill(Qt::white);
        QPainter painter(&image);
        painter.setRenderHint(QPainter::Antialiasing);
        scene.render(&painter, QRectF(0, 0, width, height), QRectF(0, 0, width, height));
        painter.end();
        QByteArray bytes;
        QBuffer buffer(&bytes);
        buffer.open(QIODevice::WriteOnly);
        if (!image.save(&buffer, "PNG")) {
            error = "cannot encode the PNG";
            return false;
        }
        png.assign(bytes.constData(), static_cast<std::size_t>(bytes.size()));
    }
    return true;
}

}  // namespace cs::ui
