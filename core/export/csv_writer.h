#pragma once
// Two CSV tables of a run, for spreadsheets and pandas:
//
// Both read the run model (core/model/run_model.h), the one home of these facts.
//
// Tasks, one row per task the run has, as its metrics count them (scenario
// runs: every task of the scenario; traces: every task an event names, but
// a Queue item whose put() was cancelled, a Queue's worker that had a lane
// and wait_for's inner task, whose job is its parent's row):
//   id,state,created,request,running,end,waited_s,ran_s,total_s,outcome
//   state    done, failed, cancelled; for a task the trace left unfinished
//            the state it was in (waiting, running, frozen, ...; "not started")
//   created, request, running, end   seconds, empty when it never happened
//   waited_s request -> running (or -> end / trace end when it never ran); 0 without request
//   ran_s    running -> end (or -> trace end); 0 when it never ran
//   total_s  created -> end (or -> trace end); empty when never created
//   outcome  ok, swallowed cancel, the exception class of a failure, cancelled; empty while unfinished
//
// Metrics, one row per instant at which a counter changed, with the values
// after the last event of that instant (spec section 5's sampling):
//   t,in_flight,waiting,permits_in_use,completed
//   (RunModel::forEachCounterRow: waiting counts a Queue's queued jobs too;
//   permits in use are the semaphore's or measured ones; empty when the run
//   has none to count: no limit, a queue's workers, a program without one)
//
// Times are written as the shortest text that reads back as the same
// double, as in the JSON traces; durations (differences of two times) are
// rounded to the nanosecond first.
#include <ostream>
#include <string>

namespace cs {

class RunModel;

class CsvWriter {
public:
    // `model` must keep the rows (RunModel::Mode::Full or Tables).
    static void writeTasks(std::ostream& out, const RunModel& model);
    static void writeMetrics(std::ostream& out, const RunModel& model);
    // Where the metrics go when the tasks go to `tasksPath`:
    // "run.csv" -> "run-metrics.csv", "run" -> "run-metrics.csv".
    static std::string metricsPathFor(const std::string& tasksPath);
};

}  // namespace cs
