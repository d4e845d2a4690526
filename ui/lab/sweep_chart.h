#pragma once
// The chart of a sweep (Qt Charts): throughput (left axis) and p95 latency
// (right axis) against the swept value, the recommended point marked. The
// Limit lab panel keeps one live and refills it as points arrive;
// `coroscope-cli sweep --png` renders one offscreen.
#include <QString>
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "lab/sweep_point.h"

class QChart;
class QLineSeries;
class QScatterSeries;
class QAbstractAxis;
class QValueAxis;

namespace cs::ui {

class SweepChart {
public:
    // Fills `chart` (not owned) with the series and axes.
    explicit SweepChart(QChart* chart);

    QChart* chart() const { return chart_; }
    QLineSeries* throughputSeries() const { return throughput_; }
    QLineSeries* p95Series() const { return p95_; }
    QScatterSeries* recommendedSeries() const { return recommended_; }
    // Failed + cancelled tasks, % of all (the median over the seeds), on an
    // axis of its own: shown when some value has failures.
    QLineSeries* errorSeries() const { return errors_; }

    // Sets the x axis for these values (logarithmic for a few values > 0
    // spread over a factor of 16 or more, as 1..64x2 is) and empties the series.
    void reset(const QString& param, const std::vector<lab::SweepValue>& values);
    // Redraws from the points that ran (finished[i]); `recommended` indexes points.
    void setPoints(const std::vector<lab::SweepPoint>& points, const std::vector<bool>& finished,
                   std::optional<std::size_t> recommended);

    // A side column's chart: no titles on the vertical axes (Qt Charts gives
    // its axes at most 40 % of the width, and three with titles overflow a
    // side column of a 1280x720 screen, in Chinese first); keyHtml() names
    // the series above the chart instead.
    void setCompact(bool compact);
    // Each series shown, in its colour and by the name its axis title has
    // (Qt rich text; no legend: a side column's one-row legend elides).
    QString keyHtml() const;

    // A whole chart as PNG bytes (the CLI writes them through its own
    // checked output). Needs a QApplication: creates one (for the CLI, with
    // whatever QT_QPA_PLATFORM says) when there is none.
    static bool renderPngBytes(const std::string& param, const std::vector<lab::SweepPoint>& points,
                               std::optional<std::size_t> recommended, std::string& png, std::string& error,
                               int width = 1000, int height = 600);
    // The same, written to the file `path`.
    static bool renderPng(const std::string& param, const std::vector<lab::SweepPoint>& points,
                          std::optional<std::size_t> recommended, const std::string& path,
                          std::string& error, int width = 1000, int height = 600);

private:
    void attachX(QAbstractAxis* axis);
    void showErrors(bool on);

    QChart* chart_;
    QLineSeries* throughput_;
    QLineSeries* p95_;
    QLineSeries* errors_;
    QScatterSeries* recommended_;
    QAbstractAxis* x_ = nullptr;
    QValueAxis* yThroughput_;
    QValueAxis* yLatency_;
    QValueAxis* yErrors_;
    bool logX_ = false;
};

}  // namespace cs::ui
