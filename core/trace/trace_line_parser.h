#pragma once
// One line of a JSON-lines trace (spec section 4) taken apart into the
// fields a trace reader knows ("t", "ev", "task", each kind's argument, the
// Python tracer's "name"), each as a JSON scalar; other keys are checked for
// syntax and skipped.
//
// Two parsers, one result. Every writer we know prints a flat object of
// plain scalars ({"t": 0.5, "ev": "done", "task": 3}): a hand-written
// scanner reads exactly that subset of JSON — no escapes, no bytes >= 0x80,
// no nested values — in one pass over the bytes. Anything else (an escaped
// or non-ASCII string, a nested value, bad syntax) goes to simdjson, which
// validates the whole line (UTF-8 included) and reports what is wrong. So
// the fast scanner never has to be right about hard JSON: it only has to
// hand over what it does not fully understand.
//
// Beyond JSON: NaN, Infinity and -Infinity (what Python's json.dumps writes
// for non-finite floats) are recognised so that the reader can say which
// field holds one; they make the line invalid unless the reader says
// otherwise. A line may nest at most kMaxDepth levels.
#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

namespace cs {

// The keys a trace reader looks at.
enum class TraceKey : std::uint8_t {
    T, Ev, Task, Name,
    Woke, By, Value, Status, Worker, Call, Parent,  // plain integer arguments
    Ok, Exc, Outcome, Pool, Expected, Note, Private,
    Sem, Kind, Line,  // a "primitive" or "held" line's
    Job,              // a main_thread_* line's
    Helper,           // a created line's
    Refused,          // a release line's (a BoundedSemaphore's ValueError)
    Count
};

struct JsonScalar {
    enum class Type : std::uint8_t {
        Missing,    // the key is not in the line
        Null,
        Bool,
        Int,        // an integer literal; `integer` holds it unless overflow
        Float,      // a literal with a fraction or exponent; `number` may be +-inf past DBL_MAX
        NonFinite,  // NaN, Infinity, -Infinity: not JSON
        String,
        Container,  // an array or object
    };
    Type type = Type::Missing;
    bool boolean = false;
    bool overflow = false;    // Int: the literal does not fit in an int64
    std::int64_t integer = 0;
    double number = 0.0;      // Int and Float, as Python's float() of the literal
    std::string_view text;    // String: its (unescaped) value; valid until the next parse
};

class TraceLineParser {
public:
    static constexpr std::size_t kMaxDepth = 64;
    // Bytes that must be readable after the end of every line handed to
    // parse() (simdjson reads ahead; their content does not matter).
    static const std::size_t kPadding;

    TraceLineParser();
    ~TraceLineParser();
    TraceLineParser(const TraceLineParser&) = delete;
    TraceLineParser& operator=(const TraceLineParser&) = delete;

    // Parses one line (no newline). False when it is not a JSON object:
    // error() says why ("not valid JSON: ...", "not a JSON object", ...).
    bool parse(const char* data, std::size_t size);
    // The same through simdjson alone: what the fast scanner must agree with
    // (the tests and the fuzzer compare them).
    bool parseWithSimdjson(const char* data, std::size_t size);

    const JsonScalar& operator[](TraceKey k) const {
        const auto i = static_cast<std::size_t>(k);
        return (present_ >> i) & 1u ? fields_[i] : kMissing;
    }
    // A NaN/Infinity token anywhere on the line (it is not JSON), including
    // one a repeated key overwrote ({"ev": NaN, "ev": "done"}).
    bool strayNonFinite() const { return strayNonFinite_; }
    const std::string& error() const { return error_; }
    // Lines the fast scanner handed to simdjson (a benchmark's curiosity).
    std::size_t slowLines() const { return slowLines_; }

private:
    struct Simd;  // simdjson's parser, kept out of this header

    bool scanFlat(const char* p, const char* end);
    bool scanMembers(const char* p, const char* end);
    const char* scanValue(const char* p, const char* end, TraceKey k, JsonScalar& v);
    bool parseGeneral(const char* data, std::size_t size);
    bool fail(std::string message);

    // The field of key k, marked present (fields not marked read as missing:
    // one store per line forgets them all).
    JsonScalar& slot(TraceKey k) {
        const auto i = static_cast<std::size_t>(k);
        present_ |= 1u << i;
        return fields_[i];
    }
    void forget() {
        present_ = 0;
        strayNonFinite_ = false;
    }

    static const JsonScalar kMissing;
    static_assert(static_cast<std::size_t>(TraceKey::Count) <= 32, "present_ has a bit per key");
    std::array<JsonScalar, static_cast<std::size_t>(TraceKey::Count)> fields_;
    std::uint32_t present_ = 0;
    bool strayNonFinite_ = false;
    std::string error_;
    std::size_t slowLines_ = 0;
    // The last "t" literal and its value: the events of one loop iteration
    // share their time, so most lines repeat the line before's.
    char lastTText_[32] = {};
    std::size_t lastTSize_ = 0;
    double lastT_ = 0.0;
    std::unique_ptr<Simd> simd_;
};

}  // namespace cs
