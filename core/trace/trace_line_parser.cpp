#include "trace/trace_line_parser.h"

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
        case 3: return eq(k, "exc", 3) ? TraceKey::Exc : TraceKey::Count;
        case 4:
            if (eq(k, "task", 4)) return TraceKey::Task;
            if (eq(k, "name", 4)) return TraceKey::Name;
            if (eq(k, "woke", 4)) return TraceKey::Woke;
            if (eq(k, "call", 4)) return TraceKey::Call;
            if (eq(k, "pool", 4)) return TraceKey::Pool;
            if (eq(k, "note", 4)) return TraceKey::Note;
            break;
        case 5: return eq(k, "value", 5) ? TraceKey::Value : TraceKey::Count;
        case 6:
            if (eq(k, "status", 6)) return TraceKey::Status;
            if (eq(k, "worker", 6)) return TraceKey::Worker;
            if (eq(k, "parent", 6)) return TraceKey::Parent;
            break;
        case 7: return eq(k, "outcome", 7) ? TraceKey::Outcome : TraceKey::Count;
        case 8: return eq(k, "expected", 8) ? TraceKey::Expected : TraceKey::Count;
        default: break;
    }
    return TraceKey::Count;
}

bool isWs(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }
bool isDigit(char c) { return c >= '0' && c <= '9'; }

const char* skipWs(const char* p, const char* end) {
    while (p < end && isWs(*p)) ++p;
    return p;
}

// The closing quote of a string with nothing the fast scanner leaves to
// simdjson (escapes, control characters, bytes >= 0x80); nullptr otherwise.
// Eight bytes at a time: the lowest byte flagged by the bit tricks below is
// exactly the first special one (a borrow can only flag bytes above it).
// Reads up to 7 bytes past `end`: the caller's padding (kPadding).
const char* plainStringEnd(const char* p, const char* end) {
    constexpr std::uint64_t kOnes = 0x0101010101010101ull, kHigh = 0x8080808080808080ull;
    const auto zeroByte = [](std::uint64_t x) { return (x - kOnes) & ~x & kHigh; };
    for (; p < end; p += 8) {
        std::uint64_t w;
        std::memcpy(&w, p, sizeof w);
        const std::uint64_t special = zeroByte(w ^ (kOnes * '"')) | zeroByte(w ^ (kOnes * '\\')) |
                                      ((w - kOnes * 0x20) & ~w & kHigh) | (w & kHigh);
        if (special == 0) continue;
        const char* at = p + (__builtin_ctzll(special) >> 3);
        return at < end && *at == '"' ? at : nullptr;
    }
    return nullptr;
}

// A decimal literal as a double, as Python's float() reads it: correctly
// rounded; past DBL_MAX it is +-inf, below the smallest subnormal +-0.
double decimal(const char* b, const char* e) {
    double x = 0.0;
    const auto r = std::from_chars(b, e, x);
    if (r.ec != std::errc::result_out_of_range) return x;
    // Overflow or underflow: the decimal exponent of the first significant digit decides.
    const bool negative = *b == '-';
    const char* p = b + (negative ? 1 : 0);
    long exp10 = 0;
    bool seen = false;  // a nonzero digit so far
    long lead = 0;      // exponent of the first nonzero digit, before the e part
    long pos = 0;       // digits of the integer part minus one, then falling
    const char* q = p;
    while (q < e && isDigit(*q)) ++q;
    pos = static_cast<long>(q - p) - 1;
    for (const char* d = p; d < e && *d != 'e' && *d != 'E'; ++d) {
        if (*d == '.') continue;
        if (*d != '0') {
            lead = pos;
            seen = true;
            break;
        }
        --pos;
    }
    const char* ex = p;
    while (ex < e && *ex != 'e' && *ex != 'E') ++ex;
    if (ex < e) {
        ++ex;
        const bool eneg = *ex == '-';
        if (*ex == '-' || *ex == '+') ++ex;
        for (; ex < e && exp10 < 100000; ++ex) exp10 = exp10 * 10 + (*ex - '0');
        if (eneg) exp10 = -exp10;
    }
    const bool huge = seen && lead + exp10 > 0;
    const double mag = huge ? std::numeric_limits<double>::infinity() : 0.0;
    return negative ? -mag : mag;
}

// A JSON number starting at p (a '-' or a digit): its end, or nullptr when
// the grammar is not JSON's (leading zeros, "1.", "-", ...).
const char* scanNumber(const char* p, const char* end, JsonScalar& v) {
    const char* b = p;
    bool negative = false;
    if (*p == '-') {
        negative = true;
        ++p;
    }
    if (p == end || !isDigit(*p)) return nullptr;
    const char* digits = p;
    if (*p == '0') {
        ++p;
    } else {
        while (p < end && isDigit(*p)) ++p;
    }
    const char* intEnd = p;
    bool integral = true;
    if (p < end && *p == '.') {
        ++p;
        if (p == end || !isDigit(*p)) return nullptr;
        while (p < end && isDigit(*p)) ++p;
        integral = false;
    }
    if (p < end && (*p == 'e' || *p == 'E')) {
        ++p;
        if (p < end && (*p == '+' || *p == '-')) ++p;
        if (p == end || !isDigit(*p)) return nullptr;
        while (p < end && isDigit(*p)) ++p;
        integral = false;
    }
    v.text = std::string_view(b, static_cast<std::size_t>(p - b));
    if (!integral) {
        v.type = Type::Float;
        v.overflow = false;
        return p;
    }
    v.type = Type::Int;
    // Up to 18 digits cannot overflow an int64; more are checked.
    std::uint64_t u = 0;
    bool overflow = false;
    if (intEnd - digits <= 18) {
        for (const char* d = digits; d < intEnd; ++d) u = u * 10 + static_cast<std::uint64_t>(*d - '0');
    } else {
        for (const char* d = digits; d < intEnd; ++d) {
            if (__builtin_mul_overflow(u, std::uint64_t{10}, &u) ||
                __builtin_add_overflow(u, static_cast<std::uint64_t>(*d - '0'), &u))
                overflow = true;
        }
    }
    const std::uint64_t limit = negative ? std::uint64_t{1} << 63 : (std::uint64_t{1} << 63) - 1;
    if (overflow || u > limit) {
        v.overflow = true;
        v.number = decimal(b, p);
    } else {
        v.overflow = false;
        v.integer = negative ? static_cast<std::int64_t>(0 - u) : static_cast<std::int64_t>(u);
        v.number = static_cast<double>(v.integer);
    }
    return p;
}

bool literal(const char*& p, const char* end, const char* word, std::size_t n) {
    if (static_cast<std::size_t>(end - p) < n || std::memcmp(p, word, n) != 0) return false;
    p += n;
    return true;
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
            p = plainStringEnd(p, end);
            if (!p) return nullptr;
            v.type = Type::String;
            v.text = std::string_view(s, static_cast<std::size_t>(p - s));
            return p + 1;
        }
        case 't':
            if (!literal(p, end, "true", 4)) return nullptr;
            v.type = Type::Bool;
            v.boolean = true;
            return p;
        case 'f':
            if (!literal(p, end, "false", 5)) return nullptr;
            v.type = Type::Bool;
            v.boolean = false;
            return p;
        case 'n':
            if (!literal(p, end, "null", 4)) return nullptr;
            v.type = Type::Null;
            return p;
        case 'N':
        case 'I':
        case '-':
            if (literal(p, end, "NaN", 3) || literal(p, end, "Infinity", 8) || literal(p, end, "-Infinity", 9)) {
                v.type = Type::NonFinite;
                if (k == TraceKey::Count) strayNonFinite_ = true;
                return p;
            }
            if (*p != '-') return nullptr;
            break;
        default:
            if (!isDigit(*p)) return nullptr;  // '[', '{' and bad syntax: simdjson's
            break;
    }
    const char* e = scanNumber(p, end, v);
    if (!e || v.type != Type::Float) return e;
    const auto n = static_cast<std::size_t>(e - p);
    if (k == TraceKey::T && n == lastTSize_ && std::memcmp(p, lastTText_, n) == 0) {
        v.number = lastT_;
    } else {
        v.number = decimal(p, e);
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
                if (*q == '}') return skipWs(q + 1, end) == end;
                if (*q == ',') return scanMembers(skipWs(q + 1, end), end);
            }
        }
        forget();
    }
    p = skipWs(p, end);
    if (p == end || *p != '{') return false;
    p = skipWs(p + 1, end);
    if (p < end && *p == '}') return skipWs(p + 1, end) == end;
    return scanMembers(p, end);
}

// "key": value pairs from p (at a key's opening quote) to the object's end.
bool TraceLineParser::scanMembers(const char* p, const char* end) {
    JsonScalar ignored;
    for (;;) {
        if (p == end || *p != '"') return false;
        const char* key = ++p;
        p = plainStringEnd(p, end);
        if (!p) return false;
        const TraceKey k = keyOf(key, static_cast<std::size_t>(p - key));
        p = skipWs(p + 1, end);
        if (p == end || *p != ':') return false;
        p = skipWs(p + 1, end);
        p = scanValue(p, end, k, k == TraceKey::Count ? ignored : slot(k));
        if (!p) return false;
        p = skipWs(p, end);
        if (p == end) return false;
        if (*p == ',') {
            p = skipWs(p + 1, end);
            continue;
        }
        if (*p != '}') return false;
        return skipWs(p + 1, end) == end;
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
