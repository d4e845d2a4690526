#pragma once
// The few JSON text pieces written by hand: trace lines and the exporters.
// They stream (a million-task Chrome trace is hundreds of megabytes), so no
// DOM.
#include <string>
#include <string_view>

namespace cs {

class JsonText {
public:
    // A JSON string literal, quotes included. Task names come from user
    // programs: anything JSON requires is escaped so the output always parses.
    // escapeDel: DEL (0x7f) as \u007f too (the scenario writer's choice).
    // Other bytes pass through: UTF-8 stays as it is.
    static void appendString(std::string& out, std::string_view s, bool escapeDel = false);
    // The shortest text that reads back as the same double ("0.5", "1e-07").
    // Non-finite values are not JSON: they print as null.
    static void appendNumber(std::string& out, double x);
};

}  // namespace cs
