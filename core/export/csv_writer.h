#pragma once
// Two CSV tables of a run, for spreadsheets and pandas:
//
// Tasks, one row per task id:
//   id,state,created,request,running,end,waited_s,ran_s,total_s,outcome
//   state    done, failed, cancelled; for a task the trace left unfinished
//            the state it was in (waiting, running, ...; "not started")
//   created, request, running, end   seconds, empty when it never happened
//   waited_s request -> running (or -> end / trace end when it never ran); 0 without request
//   ran_s    running -> end (or -> trace end); 0 when it never ran
//   total_s  created -> end (or -> trace end); empty when never created
//   outcome  ok, swallowed cancel, the exception class of a failure, cancelled; empty while unfinished
//
// Metrics, one row per instant at which a counter changed (MetricSeries):
//   t,in_flight,waiting,permits_in_use,completed
//
// Times are written as the shortest text that reads back as the same
// double, as in the JSON traces; durations (differences of two times) are
// rounded to the nanosecond first.
#include <ostream>
#include <string>

#include "export/export_options.h"

namespace cs {

class TraceStore;

class CsvWriter {
public:
    static void writeTasks(std::ostream& out, const TraceStore& store);
    static void writeMetrics(std::ostream& out, const TraceStore& store, const ExportOptions& options);
    // Where the metrics go when the tasks go to `tasksPath`:
    // "run.csv" -> "run-metrics.csv", "run" -> "run-metrics.csv".
    static std::string metricsPathFor(const std::string& tasksPath);
};

}  // namespace cs
