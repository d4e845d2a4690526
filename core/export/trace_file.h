#pragma once
// A spec section 4 trace file read back for showing or exporting: the events
// (TraceReader), plus what a traced Python program adds on top and the
// reader skips: the task names ("name" on per-task lines) and the measured
// permits ({"ev": "permits", "value": n}).
//
// Also decides whether a file is a trace or a scenario, for the app's Open
// and the CLI's export: *.jsonl / *.ndjson are traces; otherwise a file
// whose first non-blank line is a JSON object with an "ev" key is one.
#include <cstddef>
#include <istream>
#include <optional>
#include <string>
#include <vector>

#include "model/run_config.h"
#include "model/scenario.h"
#include "trace/trace_reader.h"
#include "trace/trace_store.h"

namespace cs {

class TraceFile {
public:
    static bool looksLikeTrace(const std::string& path);

    // False on a bad line (error() says which); what came before it is kept.
    bool load(const std::string& path);
    bool read(std::istream& in);

    const TraceStore& store() const { return store_; }
    TraceStore& store() { return store_; }
    // By task id, "" where the trace named none.
    const std::vector<std::string>& names() const { return names_; }
    const std::vector<PermitSample>& permits() const { return permits_; }
    std::size_t skipped() const { return skipped_; }  // lines of kinds the reader does not know
    const std::optional<TraceReadError>& error() const { return error_; }

    // What the run model needs beside the events: the title, names and
    // measured permits; the limit line comes from the trace's own limit events.
    RunConfig runConfig(const std::string& title) const;
    // A scenario to stand for the trace where one is expected (the app's
    // header and panels): one empty task per lane, the title, no limit.
    // Nothing runs it: the events are the trace's.
    Scenario stubScenario(const std::string& title) const;

private:
    void scanExtras(const std::string& line);

    TraceStore store_;
    std::vector<std::string> names_;
    std::vector<PermitSample> permits_;
    std::size_t skipped_ = 0;
    std::optional<TraceReadError> error_;
};

}  // namespace cs
