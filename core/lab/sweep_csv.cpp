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
    return "value,makespan_s,throughput_per_s,ok,failed,cancelled,p50_s,p95_s,p99_s,"
           "peak_in_flight,peak_waiting";
}

std::string SweepCsv::row(const SweepPoint& p) {
    std::string out;
    out.reserve(128);
    out += p.value.text;
    out += ',';
    number(out, p.makespan);
    out += ',';
    number(out, p.throughput);
    out += ',';
    count(out, p.ok);
    out += ',';
    count(out, p.failed);
    out += ',';
    count(out, p.cancelled);
    out += ',';
    optional(out, p.p50);
    out += ',';
    optional(out, p.p95);
    out += ',';
    optional(out, p.p99);
    out += ',';
    count(out, p.peakInFlight);
    out += ',';
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
