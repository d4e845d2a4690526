#include "lab/sweep_csv.h"

#include <ostream>

#include "trace/py_float.h"

namespace cs::lab {

namespace {
void number(std::string& out, double v) { PyFloat::appendRepr(out, v); }
void count(std::string& out, std::size_t v) { out += std::to_string(v); }
void optional(std::string& out, const std::optional<double>& v) {
    if (v) number(out, *v);
}
}  // namespace

const char* SweepCsv::header() {
    return "value,seeds,makespan_s,throughput_per_s,throughput_min,throughput_max,"
           "ok,failed,cancelled,error_rate,error_rate_min,error_rate_max,"
           "p50_s,p95_s,p95_min_s,p95_max_s,p99_s,p99_min_s,p99_max_s,"
           "latency_samples,p99_reliable,peak_in_flight,peak_waiting";
}

std::string SweepCsv::row(const SweepPoint& p) {
    std::string out;
    out.reserve(256);
    auto sep = [&] { out += ','; };
    out += p.value.text;
    sep();
    count(out, p.seeds);
    sep();
    number(out, p.makespan);
    sep();
    number(out, p.throughput);
    sep();
    number(out, p.throughputs.min);
    sep();
    number(out, p.throughputs.max);
    for (std::size_t c : {p.ok, p.failed, p.cancelled}) {
        sep();
        count(out, c);
    }
    sep();
    number(out, p.errorRate());
    sep();
    number(out, p.errorRates.min);
    sep();
    number(out, p.errorRates.max);
    sep();
    optional(out, p.p50);
    for (const auto* s : {&p.p95s, &p.p99s}) {
        const std::optional<Spread>& v = *s;
        sep();
        if (v) number(out, v->median);
        sep();
        if (v) number(out, v->min);
        sep();
        if (v) number(out, v->max);
    }
    sep();
    count(out, p.latencySamples);
    sep();
    if (p.p99) out += p.p99Reliable() ? "true" : "false";
    sep();
    count(out, p.peakInFlight);
    sep();
    count(out, p.peakWaiting);
    return out;
}

std::string SweepCsv::write(const std::vector<SweepPoint>& points) {
    std::string out = header();
    out += '\n';
    for (const SweepPoint& p : points) {
        out += row(p);
        out += '\n';
    }
    return out;
}

void SweepCsv::write(std::ostream& out, const std::vector<SweepPoint>& points) {
    out << write(points);
}

}  // namespace cs::lab
