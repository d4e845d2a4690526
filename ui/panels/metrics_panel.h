#pragma once
// The Metrics dock: live throughput, in flight, waiting, latency percentiles
// and the Little's law check at the inspected instant, plus a Qt Charts plot
// of latency p50/p95 and throughput over time.
#include <QStringList>
#include <QWidget>

class QChart;
class QChartView;
class QLabel;
class QLineSeries;
class QValueAxis;

namespace cs::ui {

class Session;
class Viewport;

class MetricsPanel : public QWidget {
    Q_OBJECT
public:
    // `viewport`: the timeline's; its whole range sets the sliding window of
    // "recent throughput", so that the number here and the timeline's "Done
    // per second" are the same.
    MetricsPanel(Session* session, const Viewport* viewport, QWidget* parent = nullptr);
    // Recompute for instant t (the cursor).
    void refresh(double t);
    QString summaryText() const;
    // The chart's axes as shown: time, latency (left), throughput (right),
    // each "min..max/ticks" (for tests: a run and its file show the same).
    QStringList axesText() const;

private:
    void refreshChart(double t);

    double slidingWindow() const;

    Session* session_;
    const Viewport* viewport_;
    QLabel* throughput_ = nullptr;
    QLabel* inFlight_ = nullptr;
    QLabel* waiting_ = nullptr;
    QLabel* outcomes_ = nullptr;
    QLabel* latency_ = nullptr;
    QLabel* queued_ = nullptr;  // a Queue's run: the jobs' time in the queue
    QLabel* little_ = nullptr;
    QLabel* summary_ = nullptr;
    QLabel* legend_ = nullptr;  // names the chart's series and axes
    double legendWindow_ = -1.0;  // the window legend_ names
    QString legendText(double window) const;
    QChartView* chartView_ = nullptr;
    QChart* chart_ = nullptr;
    QLineSeries* p50_ = nullptr;
    QLineSeries* p95_ = nullptr;
    QLineSeries* rate_ = nullptr;
    QValueAxis* axisT_ = nullptr;
    QValueAxis* axisL_ = nullptr;
    QValueAxis* axisR_ = nullptr;
    double shownHorizon_ = -1.0;  // the time axis was ranged for this
};

}  // namespace cs::ui
