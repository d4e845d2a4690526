#include "trace/trace_line_parser.h"

#include "text/json_scan.h"

#include <simdjson.h>

#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>

namespace cs {

struct TraceLineParser::Simd {
    simdjson::dom::parser parser;
};

const std::size_t TraceLineParser::kPadding = simdjson::SIMDJSON_PADDING;
static_assert(simdjson::SIMDJSON_PADDING >= JsonScan::kReadAhead, "the padding covers the scanner's read-ahead");
const JsonScalar TraceLineParser::kMissing{};

namespace {

using Type = JsonScalar::Type;

bool eq(const char* k, const char* lit, std::size_t n) { return std::memcmp(k, lit, n) == 0; }

TraceKey keyOf(const char* k, std::size_t n) {
    switch (n) {
        case 1: return k[0] == 't' ? TraceKey::T : TraceKey::Count;
        case 2:
            if (eq(k, "ev", 2)) return TraceKey::Ev;
            if (eq(k, "by", 2)) return TraceKey::By;
            if (eq(k, "ok", 2)) return TraceKey::Ok;
            break;
        case 3:
            if (eq(k, "exc", 3)) return TraceKey::Exc;
            if (eq(k, "sem", 3)) return TraceKey::Sem;
            if (eq(k, "job", 3)) return TraceKey::Job;
            break;
        case 4:
            if (eq(k, "task", 4)) return TraceKey::Task;
            if (eq(k, "name", 4)) return TraceKey::Name;
            if (eq(k, "woke", 4)) return TraceKey::Woke;
            if (eq(k, "call", 4)) return TraceKey::Call;
            if (eq(k, "pool", 4)) return TraceKey::Pool;
            if (eq(k, "note", 4)) return TraceKey::Note;
            if (eq(k, "kind", 4)) return TraceKey::Kind;
            if (eq(k, "line", 4)) return TraceKey::Line;
            break;
        case 5: return eq(k, "value", 5) ? TraceKey::Value : TraceKey::Count;
        case 6:
            if (eq(k, "status", 6)) return TraceKey::Status;
            if (eq(k, "worker", 6)) return TraceKey::Worker;
            if (eq(k, "parent", 6)) return TraceKey::Parent;
            if (eq(k, "helper", 6)) return TraceKey::Helper;
            break;
        case 7:
            if (eq(k, "outcome", 7)) return TraceKey::Outcome;
            if (eq(k, "private", 7)) return TraceKey::Private;
            if (eq(k, "refused", 7)) return TraceKey::Refused;
            break;
        case 8: return eq(k, "expected", 8) ? TraceKey::Expected : TraceKey::Count;
        default: break;
    }
    return TraceKey::Count;
}

using J = JsonScan;

// A JSON number starting at p (a '-' or a digit) into v: its end, or nullptr
// when the grammar is not JSON's. Integers are kept exactly when they fit in
// an int64.
const char* scanNumber(const char* p, const char* end, JsonScalar& v) {
    bool integral = true;
    const char* e = J::numberEnd(p, end, integral);
    if (!e) return nullptr;
    v.text = std::string_view(p, static_cast<std::size_t>(e - p));
    if (!integral) {
        v.type = Type::Float;
        v.overflow = false;
        return e;
    }
    v.type = Type::Int;
    const bool negative = *p == '-';
    const char* digits = p + (negative ? 1 : 0);
    // Up to 18 digits cannot overflow an int64; more are checked.
    std::uint64_t u = 0;
    bool overflow = false;
    if (e - digits <= 18) {
        for (const char* d = digits; d < e; ++d) u = u * 10 + static_cast<std::uint64_t>(*d - '0');
    } else {
        for (const char* d = digits; d < e; ++d) {
            if (__builtin_mul_overflow(u, std::uint64_t{10}, &u) ||
                __builtin_add_overflow(u, static_cast<std::uint64_t>(*d - '0'), &u))
                overflow = true;
        }
    }
    const std::uint64_t limit = negative ? std::uint64_t{1} << 63 : (std::uint64_t{1} << 63) - 1;
    if (overflow || u > limit) {
        v.overflow = true;
        v.number = J::toDouble(p, e);
    } else {
        v.overflow = false;
        v.integer = negative ? static_cast<std::int64_t>(0 - u) : static_cast<std::int64_t>(u);
        v.number = static_cast<double>(v.integer);
    }
    return e;
}

bool literal(const char*& p, const char* end, std::string_view word) {
    const char* q = J::literal(p, end, word);
    if (q) p = q;
    return q != nullptr;
}

}  // namespace

TraceLineParser::TraceLineParser() = default;
TraceLineParser::~TraceLineParser() = default;

bool TraceLineParser::fail(std::string message) {
    error_ = std::move(message);
    return false;
}

bool TraceLineParser::parseWithSimdjson(const char* data, std::size_t size) {
    forget();
    return parseGeneral(data, size);
}

bool TraceLineParser::parse(const char* data, std::size_t size) {
    forget();
    if (scanFlat(data, data + size)) return true;
    forget();
    return parseGeneral(data, size);
}

// The value at p (after "key": ) into v: its end, or nullptr when the fast
// scanner leaves the line to simdjson.
const char* TraceLineParser::scanValue(const char* p, const char* end, TraceKey k, JsonScalar& v) {
    if (p == end) return nullptr;
    switch (*p) {
        case '"': {
            const char* s = ++p;
            p = J::plainStringEnd(p, end);
            if (!p) return nullptr;
            v.type = Type::String;
            v.text = std::string_view(s, static_cast<std::size_t>(p - s));
            return p + 1;
        }
        case 't':
            if (!literal(p, end, "true")) return nullptr;
            v.type = Type::Bool;
            v.boolean = true;
            return p;
        case 'f':
            if (!literal(p, end, "false")) return nullptr;
            v.type = Type::Bool;
            v.boolean = false;
            return p;
        case 'n':
            if (!literal(p, end, "null")) return nullptr;
            v.type = Type::Null;
            return p;
        case 'N':
        case 'I':
        case '-':
            if (literal(p, end, "NaN") || literal(p, end, "Infinity") || literal(p, end, "-Infinity")) {
                v.type = Type::NonFinite;
                strayNonFinite_ = true;
                return p;
            }
            if (*p != '-') return nullptr;
            break;
        default:
            if (!J::isDigit(*p)) return nullptr;  // '[', '{' and bad syntax: simdjson's
            break;
    }
    const char* e = scanNumber(p, end, v);
    if (!e || v.type != Type::Float) return e;
    const auto n = static_cast<std::size_t>(e - p);
    if (k == TraceKey::T && n == lastTSize_ && std::memcmp(p, lastTText_, n) == 0) {
        v.number = lastT_;
    } else {
        v.number = J::toDouble(p, e);
        if (k == TraceKey::T && n <= sizeof lastTText_) {
            std::memcpy(lastTText_, p, n);
            lastTSize_ = n;
            lastT_ = v.number;
        }
    }
    return e;
}

bool TraceLineParser::scanFlat(const char* p, const char* end) {
    // Every writer we know starts a line the same way: {"t": T, "ev": "NAME"
    // (json.dumps' separators). Matched as literals, then the generic loop
    // takes the rest.
    constexpr std::string_view kHead = "{\"t\": ", kEv = ", \"ev\": ";
    if (static_cast<std::size_t>(end - p) > kHead.size() && std::memcmp(p, kHead.data(), kHead.size()) == 0) {
        const char* q = scanValue(p + kHead.size(), end, TraceKey::T, slot(TraceKey::T));
        if (q && static_cast<std::size_t>(end - q) > kEv.size() && std::memcmp(q, kEv.data(), kEv.size()) == 0) {
            q = scanValue(q + kEv.size(), end, TraceKey::Ev, slot(TraceKey::Ev));
            if (q && q < end) {
                if (*q == '}') return J::skipWs(q + 1, end) == end;
                if (*q == ',') return scanMembers(J::skipWs(q + 1, end), end);
            }
        }
        forget();
    }
    p = J::skipWs(p, end);
    if (p == end || *p != '{') return false;
    p = J::skipWs(p + 1, end);
    if (p < end && *p == '}') return J::skipWs(p + 1, end) == end;
    return scanMembers(p, end);
}

// "key": value pairs from p (at a key's opening quote) to the object's end.
bool TraceLineParser::scanMembers(const char* p, const char* end) {
    JsonScalar ignored;
    for (;;) {
        if (p == end || *p != '"') return false;
        const char* key = ++p;
        p = J::plainStringEnd(p, end);
        if (!p) return false;
        const TraceKey k = keyOf(key, static_cast<std::size_t>(p - key));
        p = J::skipWs(p + 1, end);
        if (p == end || *p != ':') return false;
        p = J::skipWs(p + 1, end);
        p = scanValue(p, end, k, k == TraceKey::Count ? ignored : slot(k));
        if (!p) return false;
        p = J::skipWs(p, end);
        if (p == end) return false;
        if (*p == ',') {
            p = J::skipWs(p + 1, end);
            continue;
        }
        if (*p != '}') return false;
        return J::skipWs(p + 1, end) == end;
    }
}

namespace {

std::string simdjsonMessage(simdjson::error_code err) {
    switch (err) {
        case simdjson::UTF8_ERROR: return "not valid UTF-8";
        case simdjson::DEPTH_ERROR:
            return "nested more than " + std::to_string(TraceLineParser::kMaxDepth) + " levels deep";
        case simdjson::UNESCAPED_CHARS: return "not valid JSON: a control character inside a string";
        case simdjson::STRING_ERROR: return "not valid JSON: a bad string escape";
        case simdjson::NUMBER_ERROR: return "not valid JSON: a malformed or out-of-range number";
        case simdjson::UNCLOSED_STRING: return "not valid JSON: a string is not closed";
        default: return "not valid JSON";
    }
}

}  // namespace

bool TraceLineParser::parseGeneral(const char* data, std::size_t size) {
    ++slowLines_;
    if (const void* nul = std::memchr(data, '\0', size))
        return fail("a NUL byte at column " +
                    std::to_string(static_cast<const char*>(nul) - data + 1) + " (a binary file, or not UTF-8 text?)");
    if (!simd_) {
        simd_ = std::make_unique<Simd>();
        if (simd_->parser.allocate(std::max<std::size_t>(size, 4096), kMaxDepth) != simdjson::SUCCESS)
            return fail("out of memory");
    }
    simdjson::dom::element root;
    if (const auto err = simd_->parser.parse(data, size, false).get(root); err != simdjson::SUCCESS)
        return fail(simdjsonMessage(err));
    simdjson::dom::object obj;
    if (root.get_object().get(obj) != simdjson::SUCCESS) return fail("not a JSON object");
    for (const simdjson::dom::key_value_pair field : obj) {
        const TraceKey k = keyOf(field.key.data(), field.key.size());
        if (k == TraceKey::Count) continue;
        JsonScalar& v = slot(k);
        const simdjson::dom::element& x = field.value;
        switch (x.type()) {
            case simdjson::dom::element_type::NULL_VALUE: v.type = Type::Null; break;
            case simdjson::dom::element_type::BOOL:
                v.type = Type::Bool;
                v.boolean = x.get_bool().value_unsafe();
                break;
            case simdjson::dom::element_type::INT64:
                v.type = Type::Int;
                v.overflow = false;
                v.integer = x.get_int64().value_unsafe();
                v.number = static_cast<double>(v.integer);
                break;
            case simdjson::dom::element_type::UINT64:  // only values past INT64_MAX are typed so
                v.type = Type::Int;
                v.overflow = true;
                v.number = static_cast<double>(x.get_uint64().value_unsafe());
                break;
            case simdjson::dom::element_type::DOUBLE:
                v.type = Type::Float;
                v.number = x.get_double().value_unsafe();
                break;
            case simdjson::dom::element_type::STRING:
                v.type = Type::String;
                v.text = x.get_string().value_unsafe();
                break;
            case simdjson::dom::element_type::ARRAY:
            case simdjson::dom::element_type::OBJECT: v.type = Type::Container; break;
        }
    }
    return true;
}

}  // namespace cs
