#include "export/csv_writer.h"

#include <cmath>

#include "export/metric_series.h"
#include "export/trace_facts.h"
#include "trace/py_float.h"
#include "trace/trace_store.h"

namespace cs {

namespace {

void num(std::string& s, double x) {
    if (!std::isnan(x)) PyFloat::appendRepr(s, x);
}

// A difference of two times: rounded to the nanosecond, so that 0.3 - 0.1
// reads 0.2 rather than 0.19999999999999998 (times themselves are exact).
void duration(std::string& s, double x) {
    if (!std::isnan(x)) PyFloat::appendRepr(s, std::round(x * 1e9) / 1e9);
}

// RFC 4180: quote a field holding a comma, quote or line break.
void text(std::string& s, const std::string& v) {
    if (v.find_first_of(",\"\r\n") == std::string::npos) {
        s += v;
        return;
    }
    s += '"';
    for (char c : v) {
        if (c == '"') s += '"';
        s += c;
    }
    s += '"';
}

bool happened(double t) { return !std::isnan(t); }

}  // namespace

void CsvWriter::writeTasks(std::ostream& out, const TraceStore& store) {
    const TraceFacts facts(store);
    const double until = facts.endTime();
    std::string s = "id,state,created,request,running,end,waited_s,ran_s,total_s,outcome\n";
    const auto& tasks = facts.tasks();
    for (std::size_t i = 0; i < tasks.size(); ++i) {
        const TraceFacts::Task& t = tasks[i];
        const double stop = t.ended() ? t.end : until;
        double waited = 0.0;
        if (happened(t.request)) waited = (happened(t.running) && t.running >= t.request ? t.running : stop) - t.request;
        const double ran = happened(t.running) ? stop - t.running : 0.0;
        s += std::to_string(store.taskId(static_cast<std::int32_t>(i)));  // the trace's own id
        s += ',';
        text(s, TraceFacts::finalStateName(t));
        for (double x : {t.created, t.request, t.running, t.end}) {
            s += ',';
            num(s, x);
        }
        s += ',';
        duration(s, waited);
        s += ',';
        duration(s, ran);
        s += ',';
        if (happened(t.created)) duration(s, stop - t.created);
        s += ',';
        text(s, facts.outcomeOf(t));
        s += '\n';
        if (s.size() > (1u << 20)) {
            out << s;
            s.clear();
        }
    }
    out << s;
}

void CsvWriter::writeMetrics(std::ostream& out, const TraceStore& store, const ExportOptions& options) {
    const MetricSeries series(store, options);
    std::string s = "t,in_flight,waiting,permits_in_use,completed\n";
    for (const auto& r : series.rows()) {
        num(s, r.t);
        for (std::int64_t v : {r.inFlight, r.waiting, r.permitsInUse, r.completed}) {
            s += ',';
            s += std::to_string(v);
        }
        s += '\n';
        if (s.size() > (1u << 20)) {
            out << s;
            s.clear();
        }
    }
    out << s;
}

std::string CsvWriter::metricsPathFor(const std::string& tasksPath) {
    std::string base = tasksPath;
    const auto slash = base.find_last_of("/\\");
    const auto dot = base.rfind('.');
    if (dot != std::string::npos && (slash == std::string::npos || dot > slash) && dot != 0 &&
        (slash == std::string::npos || dot > slash + 1))
        base.erase(dot);
    return base + "-metrics.csv";
}

}  // namespace cs
