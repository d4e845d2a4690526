#include <catch2/catch.hpp>

#include "model/run_model.h"
#include "trace/tee_sink.h"
#include "trace/trace_store.h"

using cs::EvKind;
using cs::TraceEvent;

TEST_CASE("a tee forwards every event and every reset to each of its sinks") {
    cs::TraceStore a, b;
    cs::RunModel summary({}, cs::RunModel::Mode::MetricsOnly);
    cs::TeeSink tee{&a, &summary};
    tee.add(b);
    cs::Symbols symbols;
    const auto ve = symbols.intern("ValueError");
    tee.append({0.0, 0, EvKind::Created, 0}, symbols);
    tee.append({1.0, -1, EvKind::Raise, ve}, symbols);

    REQUIRE(a.size() == 2);
    REQUIRE(b.size() == 2);
    CHECK(a.at(1) == TraceEvent{1.0, -1, EvKind::Raise, ve});
    CHECK(b.at(1) == a.at(1));
    CHECK(b.symbols().name(b.at(1).arg) == "ValueError");
    CHECK(summary.eventCount() == 2);

    tee.reset();
    CHECK(a.empty());
    CHECK(b.empty());
    CHECK(summary.eventCount() == 0);
}
