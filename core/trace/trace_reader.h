#pragma once
// Reads spec section 4 JSON lines back into events (the inverse of
// JsonlWriter). Lines with an unknown "ev" are skipped, as the spec asks of
// readers; blank lines too. A line that is not a JSON object, or a known
// kind missing a field it needs, stops the read with an error naming the
// line: "line 12: "t" must be a number".
//
// Inverse details: "exc" names are interned into symbols(); a done line with
// "note": "swallowed cancel" becomes Swallowed + Done; "outcome"
// "raised:Name" becomes End with Outcome::Raised (the Raise event before it
// carries the name).
#include <cstddef>
#include <istream>
#include <optional>
#include <string>

#include "trace/symbols.h"
#include "trace/trace_event.h"
#include "trace/trace_sink.h"

namespace cs {

struct TraceReadError {
    std::size_t line = 0;  // 1-based; 0 for the whole file (cannot open)
    std::string message;
    std::string what() const {
        return line == 0 ? message : "line " + std::to_string(line) + ": " + message;
    }
};

class TraceReader {
public:
    // Appends every event of `in` to `sink`. Returns false at the first bad
    // line; events before it have been appended. error() says what went wrong.
    bool read(std::istream& in, TraceSink& sink);
    bool readFile(const std::string& path, TraceSink& sink);

    const std::optional<TraceReadError>& error() const { return error_; }
    const Symbols& symbols() const { return symbols_; }
    std::size_t skipped() const { return skipped_; }  // lines of unknown kinds

private:
    bool fail(std::size_t line, std::string message);

    Symbols symbols_;
    std::optional<TraceReadError> error_;
    std::size_t skipped_ = 0;
};

}  // namespace cs
