#pragma once
// A lesson's scenario run to its end in the engine, kept as a trace, with
// the claims' view of it. The engine is deterministic, so this is the same
// run the app plays live and the CLI prints: the app fills a lesson's texts
// from it when the lesson loads (before the live run has got anywhere), and
// `coroscope-cli claims` checks the claims against it.
#include <memory>

#include "lessons/trace_store_facts.h"
#include "model/scenario.h"
#include "trace/trace_store.h"

namespace cs::lessons {

class LessonRun {
public:
    explicit LessonRun(const Scenario& scenario);
    LessonRun(const LessonRun&) = delete;
    LessonRun& operator=(const LessonRun&) = delete;

    const TraceStore& store() const { return *store_; }
    const RunFacts& facts() const { return *facts_; }

private:
    std::unique_ptr<TraceStore> store_;
    std::unique_ptr<TraceStoreFacts> facts_;
};

}  // namespace cs::lessons
