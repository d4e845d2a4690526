#include "trace/trace_reader.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <condition_variable>
#include <cstring>
#include <deque>
#include <exception>
#include <fstream>
#include <limits>
#include <memory>
#include <mutex>
#include <string_view>
#include <thread>

#include "scenario/loader.h"
#include "text/message_text.h"
#include "trace/py_float.h"

namespace cs {

namespace {

using Type = JsonScalar::Type;

constexpr std::uint8_t kCreated = 1;  // state_: bit 0; bits 1-2: 1 + terminal kind - Done
constexpr std::uint8_t kAsked = 8;    // state_: the task has a `request` line
constexpr std::uint8_t kQueueWorker = 16;  // state_: a `queue_worker` line names it
constexpr std::uint8_t kDestroyed = 32;    // state_: a task_destroyed_pending warning ended it (EvKind::Destroyed)
constexpr std::uint8_t kPoolObject = 64;   // state_: a `pool_object` line names it
constexpr std::uint8_t kEnqueued = 128;    // state_: an `enqueue` line names it

// "ev" to EvKind through a small open-addressed table: one probe for
// almost every line (the linear scan over kEvInfo cost more than parsing).
class KindTable {
public:
    KindTable() {
        slots_.fill(-1);
        for (std::size_t k = 0; k < kEvKindCount; ++k) {
            std::size_t h = hash(kEvInfo[k].name);
            while (slots_[h] >= 0) h = (h + 1) % kSlots;
            slots_[h] = static_cast<std::int8_t>(k);
        }
    }
    std::optional<EvKind> find(std::string_view name) const {
        for (std::size_t h = hash(name);; h = (h + 1) % kSlots) {
            const std::int8_t k = slots_[h];
            if (k < 0) return std::nullopt;
            if (kEvInfo[k].name == name) return static_cast<EvKind>(k);
        }
    }

private:
    static constexpr std::size_t kSlots = 128;
    static_assert(kEvKindCount < kSlots / 2, "the kind table is too full");
    static std::size_t hash(std::string_view s) {
        if (s.empty()) return 0;
        return (s.size() * 31 + static_cast<unsigned char>(s[0]) * 7 + static_cast<unsigned char>(s.back()) * 3 +
                (s.size() > 2 ? static_cast<unsigned char>(s[2]) : 0)) %
               kSlots;
    }
    std::array<std::int8_t, kSlots> slots_;
};

const KindTable& kinds() {
    static const KindTable table;
    return table;
}

bool isInt32(const JsonScalar& v) {
    return v.type == Type::Int && !v.overflow && v.integer >= std::numeric_limits<std::int32_t>::min() &&
           v.integer <= std::numeric_limits<std::int32_t>::max();
}

bool isTaskId(const JsonScalar& v) { return v.type == Type::Int && !v.overflow && v.integer >= 0; }

// A request's or a release's "sem": the number of one of the program's
// "primitive" lines.
bool semInRange(const JsonScalar& v) {
    return v.type == Type::Int && !v.overflow && v.integer >= 0 && v.integer < TraceReader::kMaxPrimitives;
}
std::string semRangeMessage() {
    return "\"sem\" must be a number from 0 to " + std::to_string(TraceReader::kMaxPrimitives - 1) +
           " (a \"primitive\" line's)";
}

// "key" with its quotes, for messages (built by appending: GCC 12 warns,
// wrongly, about "literal" + std::string).
std::string quotedKey(std::string_view key) {
    std::string q(1, '"');
    q += key;
    q += '"';
    return q;
}

// Kinds that may name a task whose coroutine has not started (see the header).
bool mayPrecedeCreated(EvKind k) {
    return k == EvKind::Enqueue || k == EvKind::PutWait || k == EvKind::PutCancelled || k == EvKind::Worker ||
           k == EvKind::Result || k == EvKind::Pending;
}

}  // namespace

bool TraceReader::fail(std::size_t line, std::string message) {
    error_ = TraceReadError{line, std::move(message)};
    return false;
}

std::int32_t TraceReader::intern(std::string_view exc) {
    // Hashed: a file may name a million different classes; Symbols::intern
    // alone is a linear search.
    const auto [it, fresh] = symbolIds_.try_emplace(std::string(exc), 0);
    if (fresh) it->second = symbols_.add(exc);
    return it->second;
}

// The lane of task `id`, a new one the first time; false past the store's
// task range (no new lane).
bool TraceReader::laneOf(std::int64_t id, std::int32_t& lane) {
    if (lanes_.size() > static_cast<std::size_t>(TraceStore::kMaxTask) && lanes_.find(id) == TaskIdMap::kNone)
        return false;
    lane = lanes_.lane(id);
    if (static_cast<std::size_t>(lane) == state_.size()) state_.push_back(0);  // lanes come in order
    return true;
}

bool TraceReader::readFile(const std::string& path, TraceStore& store) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        clear(store);
        return fail(0, MessageText::printable(path) + ": cannot open");
    }
    return read(in, store);
}

void TraceReader::clear(TraceStore& store) {
    store.reset();
    lanes_ = TaskIdMap{};
    state_.clear();
    symbols_ = Symbols{};
    symbolIds_.clear();
    error_.reset();
    skipped_ = 0;
    ended_ = false;
    stopped_ = false;
    cutLine_ = 0;
    lastT_ = 0.0;
    names_.clear();
    permits_.clear();
    primitives_.clear();
    report_ = RunnerReport();
    parents_.clear();
    helpers_.clear();
    queueWorkers_.clear();
    poolObjects_.clear();
    queuedJobs_ = false;
    seen_ = 0;
    handOver_ = false;
    poolWait_ = false;
    threadPool_ = processPool_ = false;
    jobLeft_ = false;
    queuedSince_.clear();
    jobs_ = TaskIdMap{};
    jobStage_.clear();
    mainJobCounts_ = MainJobCounts{};
    semaphoresMade_ = 0;
    privateSemaphores_ = 0;
    limiter_.reset();
    renumbered_ = false;
    if (follower_) follower_->reset();
}

// One line taken apart, with everything that does not depend on the lines
// before it already checked (decode, on the reading thread); apply() then
// checks the rest against the reader's state, in the same order as the
// checks of one line have always run: so a line's error is the same
// whichever thread decoded it.
struct TraceReader::Decoded {
    // Where a stateless error stops the line: before anything stateful
    // (Parse), before the time order (Time), before the task's lane (Task),
    // before the other tasks' lanes (Arg). The message is the batch's.
    enum class Stop : std::uint8_t { None, Parse, Time, Task, Arg };
    enum class What : std::uint8_t { Blank, Skip, Event };
    Stop stop = Stop::None;
    What what = What::Event;
    EvKind kind = EvKind::Created;
    bool permit = false;     // Skip: a well-formed "permits" line (t, value)
    bool semaphores = false; // Skip: a well-formed "semaphores" line (value in other)
    bool primitive = false;  // Skip: a well-formed "primitive" line (sem in arg, value in other,
                             // line in fileId, kind in text*)
    bool held = false;       // Skip: a well-formed "held" line (t, sem in arg, value in other)
    bool sized = false;      // Skip: a well-formed "size" line (t, sem in arg, value in other)
    bool warning = false;    // Skip: a "warning" or "meta" line (its text, for the RunnerReport)
    bool destroyed = false;  // Skip: a task_destroyed_pending warning (t, its task in fileId): EvKind::Destroyed
    bool queueWorker = false;  // Skip: a well-formed "queue_worker" line (its task in fileId)
    bool poolObject = false;   // Skip: a well-formed "pool_object" line (its task in fileId, name in name*)
    bool limiter = false;      // Skip: a "limiter" line (its text in text*)
    bool swallowed = false;  // done with "note": "swallowed cancel"
    bool helper = false;     // created with a "parent" and "helper": "wait_for"
    std::int8_t releaseSem = -1;  // release with "sem": which primitive it gives back
    bool cut = false;        // Parse: the file's last line, without a newline, an object begun and not ended
    bool hasName = false;    // "name" (text in name*)
    bool hasOther = false;   // a task the line names besides its own: woke/by >= 0, parent
    double t = 0.0;
    std::int64_t fileId = -1;  // the line's own task as the file names it
    std::int64_t other = -1;   // hasOther: that task's id; permit: the value
    std::int32_t arg = 0;
    std::int32_t task = -1;    // counter: "expected"
    std::uint32_t textBegin = 0, textSize = 0;  // exc, the raised class, a warning line
    std::uint32_t nameBegin = 0, nameSize = 0;
};

// The decoded lines of one chunk of the file, in order (blank ones too, so
// that line numbers follow), their strings, and how the chunk ended.
struct TraceReader::Batch {
    std::size_t firstLine = 1;
    std::vector<Decoded> lines;
    std::string arena;    // the strings the lines refer to
    std::string message;  // the last line's error, when its stop is set
    std::optional<TraceReadError> error;  // after the lines: a read error, a line too long
    // The chunk's last lines, after `lines`, not decoded yet: their text
    // (each with its newline but perhaps the file's last), then
    // TraceLineParser::kPadding spaces. The thread that applies the lines
    // decodes them (TraceReader::applyDeferred): it would otherwise wait for
    // the one that parses, which has the most work.
    std::string deferred;
    std::size_t deferredLines = 0;

    void clear(std::size_t first) {
        firstLine = first;
        lines.clear();
        arena.clear();
        message.clear();
        error.reset();
        deferred.clear();
        deferredLines = 0;
    }
    std::string_view text(std::uint32_t begin, std::uint32_t size) const { return {arena.data() + begin, size}; }
};

namespace {

constexpr std::size_t kMaxKindName = 80;

// Takes a JSON line apart into a Decoded, with the stateless checks (the
// messages are those of readLine's checks, in the same order). False when
// the line stops the read (d.stop and `message` say why).
// `last`: the file's last line, with no newline after it.
bool decodeLine(TraceLineParser& p, const char* data, std::size_t size, TraceReader::Decoded& d, std::string& arena,
                std::string& message, bool last) {
    using D = TraceReader::Decoded;
    if (size > 0 && data[size - 1] == '\r') --size;  // CRLF files
    std::size_t i = 0;
    while (i < size && (data[i] == ' ' || data[i] == '\t' || data[i] == '\r')) ++i;
    if (i == size) {
        d.what = D::What::Blank;
        return true;
    }
    const auto stop = [&](D::Stop at, std::string m) {
        d.stop = at;
        message = std::move(m);
        return false;
    };
    const auto keep = [&](std::string_view text, std::uint32_t& begin, std::uint32_t& n) {
        begin = static_cast<std::uint32_t>(arena.size());
        n = static_cast<std::uint32_t>(text.size());
        arena.append(text);
    };
    if (!p.parse(data, size)) {
        // A writer killed in the middle of a line (a stream cut off): an
        // object begun, the file ends before it does.
        d.cut = last && data[i] == '{';
        return stop(D::Stop::Parse, p.error());
    }
    const JsonScalar& ev = p[TraceKey::Ev];
    const JsonScalar& t = p[TraceKey::T];
    if (t.type == Type::NonFinite) return stop(D::Stop::Parse, "\"t\" must be a finite number");
    if (p.strayNonFinite()) return stop(D::Stop::Parse, "not valid JSON: NaN and Infinity are not JSON numbers");
    if (ev.type != Type::String) return stop(D::Stop::Parse, "\"ev\" must be a string");
    std::optional<EvKind> kind = kinds().find(ev.text);
    // Swallowed and ReleaseSem are markers, not lines (isMarker): writers
    // put "note": "swallowed cancel" on the done line, "sem" on the release
    // line instead. A "swallowed" line is some other tool's kind: skipped
    // like any unknown one.
    if (kind && (isMarker(*kind) || fromWarning(*kind))) kind.reset();
    if (!kind) {
        d.what = D::What::Skip;
        // The Python tracer's measured permits: kept when well formed.
        const JsonScalar& v = p[TraceKey::Value];
        const JsonScalar& sem = p[TraceKey::Sem];
        // A measured line's time: a number, finite, not negative (else the line is skipped).
        const bool timed = (t.type == Type::Int || t.type == Type::Float) && std::isfinite(t.number) && t.number >= 0.0;
        if (ev.text == "permits" && timed && v.type == Type::Int && !v.overflow) {
            d.permit = true;
            d.t = t.number;
            d.other = v.integer;
        } else if (ev.text == "semaphores" && v.type == Type::Int && !v.overflow) {
            d.semaphores = true;
            d.other = v.integer;
            // Optional "private": how many of them one task alone used.
            const JsonScalar& priv = p[TraceKey::Private];
            constexpr std::int64_t kMax = std::numeric_limits<std::int32_t>::max();
            if (priv.type == Type::Int && !priv.overflow && priv.integer >= 0 && priv.integer <= v.integer)
                d.arg = static_cast<std::int32_t>(std::min(priv.integer, kMax));
            else
                d.arg = -1;
        } else if ((ev.text == "primitive" || ev.text == "held" || ev.text == "size") && semInRange(sem) &&
                   v.type == Type::Int && !v.overflow && v.integer >= 0) {
            d.arg = static_cast<std::int32_t>(sem.integer);
            d.other = v.integer;
            if (ev.text != "primitive") {
                if (!timed) return true;
                (ev.text == "held" ? d.held : d.sized) = true;
                d.t = t.number;
                return true;
            }
            const JsonScalar& kindOf = p[TraceKey::Kind];
            const JsonScalar& line = p[TraceKey::Line];
            if (kindOf.type != Type::String) return true;
            d.primitive = true;
            d.fileId = line.type == Type::Int && !line.overflow && line.integer > 0 ? line.integer : 0;
            // A class's name: what the band's title shows (a longer one is cut,
            // at the start of a UTF-8 character).
            std::size_t n = std::min(kindOf.text.size(), kMaxKindName);
            if (n < kindOf.text.size())
                while (n > 0 && (static_cast<unsigned char>(kindOf.text[n]) & 0xC0U) == 0x80U) --n;
            keep(kindOf.text.substr(0, n), d.textBegin, d.textSize);
        } else if (ev.text == "queue_worker") {
            // The Python tracer: a lane that turned out to be a Queue's
            // worker (no task of the run's: RunConfig::queueWorkers).
            const JsonScalar& task = p[TraceKey::Task];
            if (isTaskId(task)) {
                d.queueWorker = true;
                d.fileId = task.integer;
            }
        } else if (ev.text == "pool_object") {
            // The Python tracer: an object a Queue used as a pool held, put
            // in as a job before the first was given back and never taken
            // (no job: RunConfig::poolObjects).
            const JsonScalar& task = p[TraceKey::Task];
            if (isTaskId(task)) {
                d.poolObject = true;
                d.fileId = task.integer;
                const JsonScalar& name = p[TraceKey::Name];
                if (name.type == Type::String) {
                    d.hasName = true;
                    keep(name.text, d.nameBegin, d.nameSize);
                }
            }
        } else if (ev.text == "limiter") {
            // The engine's: its run's limit and collector, before its first
            // event (docs/trace-extensions.md), read as a scenario's
            // "limit" and "collect" (parseLimiter) where the line is applied.
            d.limiter = true;
            keep(std::string_view(data, size), d.textBegin, d.textSize);
        } else if (ev.text == "warning" || ev.text == "meta") {
            d.warning = true;
            keep(std::string_view(data, size), d.textBegin, d.textSize);
            // asyncio garbage-collected a pending task the line names: that task's end.
            const JsonScalar& kindOf = p[TraceKey::Kind];
            const JsonScalar& task = p[TraceKey::Task];
            if (ev.text == "warning" && timed && kindOf.type == Type::String &&
                kindOf.text == "task_destroyed_pending" && isTaskId(task)) {
                d.destroyed = true;
                d.t = t.number + 0.0;
                d.fileId = task.integer;
            }
        }
        return true;
    }

    d.kind = *kind;
    if (t.type != Type::Int && t.type != Type::Float) return stop(D::Stop::Time, "\"t\" must be a number");
    if (!std::isfinite(t.number)) return stop(D::Stop::Time, "\"t\" must be a finite number");  // 1e400
    d.t = t.number + 0.0;  // -0.0 is 0.0
    if (d.t < 0.0) return stop(D::Stop::Time, "\"t\" must not be negative");

    const std::string_view kindName = evName(d.kind);
    if (isPerTask(d.kind)) {
        const JsonScalar& task = p[TraceKey::Task];
        if (task.type == Type::Missing || task.type == Type::Null)
            return stop(D::Stop::Task, "\"task\" is required for " + quotedKey(kindName));
        if (!isTaskId(task)) return stop(D::Stop::Task, "\"task\" must be a task id (an integer >= 0)");
        d.fileId = task.integer;
    }

    switch (d.kind) {
        case EvKind::ThreadQueued:
        case EvKind::ThreadLeft:
        case EvKind::ThreadBegin:
        case EvKind::ThreadEnd: {
            const JsonScalar& pool = p[TraceKey::Pool];
            d.arg = pool.type == Type::String && pool.text == "process" ? 1 : 0;
            break;
        }
        case EvKind::MainThreadQueued:
        case EvKind::MainThreadBegin:
        case EvKind::MainThreadEnd: {
            // A job of main() itself (no lane): its number, and its pool.
            const JsonScalar& job = p[TraceKey::Job];
            if (job.type == Type::Missing || job.type == Type::Null)
                return stop(D::Stop::Arg, "\"job\" is required for " + quotedKey(kindName));
            if (!isTaskId(job)) return stop(D::Stop::Arg, "\"job\" must be a job id (an integer >= 0)");
            d.other = job.integer;
            const JsonScalar& pool = p[TraceKey::Pool];
            d.arg = pool.type == Type::String && pool.text == "process" ? 1 : 0;
            break;
        }
        case EvKind::Counter: {
            const JsonScalar& v = p[TraceKey::Value];
            const JsonScalar& x = p[TraceKey::Expected];
            if (!isInt32(v) || !isInt32(x))
                return stop(D::Stop::Arg, "\"counter\" needs integer \"value\" and \"expected\"");
            // "expected": the increments done, at most one per task and step.
            if (x.integer < 0 || x.integer > TraceStore::kMaxTask)
                return stop(D::Stop::Arg, "\"expected\" must be from 0 to " + std::to_string(TraceStore::kMaxTask) +
                                              " (the increments done)");
            d.arg = static_cast<std::int32_t>(v.integer);
            d.task = static_cast<std::int32_t>(x.integer);
            break;
        }
        case EvKind::Result: {
            const JsonScalar& ok = p[TraceKey::Ok];
            if (ok.type != Type::Bool) return stop(D::Stop::Arg, "\"ok\" must be true or false");
            d.arg = ok.boolean ? 1 : 0;
            break;
        }
        case EvKind::Stopped:
            // The runner's words (reason, message, place): its report reads
            // the whole line.
            keep(std::string_view(data, size), d.textBegin, d.textSize);
            break;
        case EvKind::Raise:
        case EvKind::FailedExc: {
            const JsonScalar& exc = p[TraceKey::Exc];
            if (exc.type != Type::String) return stop(D::Stop::Arg, "\"exc\" must be a string");
            keep(exc.text, d.textBegin, d.textSize);
            break;
        }
        case EvKind::End: {
            const JsonScalar& oc = p[TraceKey::Outcome];
            if (oc.type != Type::String) return stop(D::Stop::Arg, "\"outcome\" must be a string");
            const std::string_view s = oc.text;
            if (s == "ok") d.arg = static_cast<std::int32_t>(Outcome::Ok);
            else if (s == "deadlock") d.arg = static_cast<std::int32_t>(Outcome::Deadlock);
            else if (s.substr(0, 7) == "raised:") {
                d.arg = static_cast<std::int32_t>(Outcome::Raised);
                keep(s.substr(7), d.textBegin, d.textSize);
            } else
                return stop(D::Stop::Arg, "\"outcome\" must be ok, deadlock or raised:Name, not " + MessageText::quoted(s));
            break;
        }
        case EvKind::Created:
        case EvKind::PutWait: {
            // Optional, the Python tracer's: a created task's "parent" (the
            // task that created it), the task whose put() waits ("by", when
            // a task with a lane is the producer; absent: main()).
            const bool created = d.kind == EvKind::Created;
            const JsonScalar& other = p[created ? TraceKey::Parent : TraceKey::By];
            if (other.type == Type::Missing || other.type == Type::Null) break;
            if (!isTaskId(other))
                return stop(D::Stop::Arg, std::string(created ? "\"parent\"" : "\"by\"") +
                                              " must be a task id (an integer >= 0)");
            d.hasOther = true;
            d.other = other.integer;
            // Optional "helper": "wait_for" (the Python tracer): its job is
            // its parent's (EvKind::Helper). Another value is some other
            // tool's helper: a task of its own.
            const JsonScalar& helper = p[TraceKey::Helper];
            d.helper = created && helper.type == Type::String && helper.text == "wait_for";
            break;
        }
        case EvKind::Request: {
            // Optional "sem": which of the program's Semaphores and Locks it
            // asks (the Python tracer, once a program has made two or more;
            // the number of its "primitive" line).
            const JsonScalar& sem = p[TraceKey::Sem];
            if (sem.type != Type::Missing && sem.type != Type::Null) {
                if (!semInRange(sem)) return stop(D::Stop::Arg, semRangeMessage());
                d.arg = static_cast<std::int32_t>(sem.integer) + 1;
            }
            break;
        }
        case EvKind::Acquire: {
            // "sem" absent: the program's only primitive so far (-1).
            const JsonScalar& sem = p[TraceKey::Sem];
            if (sem.type == Type::Missing || sem.type == Type::Null) {
                d.arg = -1;
                break;
            }
            if (!semInRange(sem)) return stop(D::Stop::Arg, semRangeMessage());
            d.arg = static_cast<std::int32_t>(sem.integer);
            break;
        }
        case EvKind::Release:
        case EvKind::Wake: {
            const char* key = evInfo(d.kind).argKey;
            const JsonScalar& v = p[d.kind == EvKind::Release ? TraceKey::Woke : TraceKey::By];
            if (v.type != Type::Int || v.overflow || v.integer < -1)
                return stop(D::Stop::Arg, quotedKey(key) + " must be a task id or -1");
            if (d.kind == EvKind::Release) {
                // Optional "sem": which of them it gives back (as a request's).
                const JsonScalar& sem = p[TraceKey::Sem];
                if (sem.type != Type::Missing && sem.type != Type::Null) {
                    if (!semInRange(sem)) return stop(D::Stop::Arg, semRangeMessage());
                    d.releaseSem = static_cast<std::int8_t>(sem.integer);
                }
            }
            d.arg = -1;
            if (v.integer >= 0) {
                d.hasOther = true;
                d.other = v.integer;
            } else if (d.kind == EvKind::Release) {
                // "refused": true: a BoundedSemaphore's release that raised ValueError.
                const JsonScalar& refused = p[TraceKey::Refused];
                if (refused.type == Type::Bool && refused.boolean) d.arg = kReleaseRefused;
            }
            break;
        }
        default:
            if (const char* key = evInfo(d.kind).argKey) {
                const TraceKey k = d.kind == EvKind::Rejected ? TraceKey::Status
                                 : d.kind == EvKind::Worker   ? TraceKey::Worker
                                 : d.kind == EvKind::Returned ? TraceKey::Call
                                                              : TraceKey::Value;  // limit, read, write
                if (!isInt32(p[k])) return stop(D::Stop::Arg, quotedKey(key) + " must be a 32-bit integer");
                d.arg = static_cast<std::int32_t>(p[k].integer);
            }
            break;
    }
    if (d.fileId >= 0) {
        const JsonScalar& name = p[TraceKey::Name];
        if (name.type == Type::String) {
            d.hasName = true;
            keep(name.text, d.nameBegin, d.nameSize);
        }
    }
    if (d.kind == EvKind::Done) {
        const JsonScalar& note = p[TraceKey::Note];
        d.swallowed = note.type == Type::String && note.text == "swallowed cancel";
    }
    return true;
}

}  // namespace

// The file, chunk by chunk, into Batches of decoded lines: never the whole
// file in memory, a line at most kMaxLineBytes.
class TraceReader::LineSource {
public:
    explicit LineSource(std::istream& in)
        : in_(in), cap_(kChunkBytes + kMaxLineBytes + 1 + TraceLineParser::kPadding), buf_(new char[cap_]) {}

    // Fills `b` with the lines of the next chunk (maybe none, when a long
    // line spans chunks), the last kDeferredPart of its bytes left for the
    // applying thread to decode. False when nothing follows `b`: the end of
    // the file, or `b` ends in an error.
    bool next(Batch& b) {
        const bool more = nextLines(b);
        if (b.deferredLines > 0) b.deferred.append(TraceLineParser::kPadding, ' ');
        return more;
    }

private:
    // The share of a chunk the applying thread decodes: decoding a line
    // costs about twice what applying it costs (run model followed, events
    // stored or not), so a quarter keeps both threads about equally busy.
    static constexpr std::size_t kDeferredQuarters = 1;

    bool nextLines(Batch& b) {
        b.clear(lineNo_ + 1);
        if (done_) return false;
        if (!eof_) {
            std::memmove(buf_.get(), buf_.get() + start_, have_ - start_);
            have_ -= start_;
            start_ = 0;
            in_.read(buf_.get() + have_, static_cast<std::streamsize>(cap_ - TraceLineParser::kPadding - have_));
            have_ += static_cast<std::size_t>(in_.gcount());
            if (in_.bad()) return stopWith(b, lineNo_ + 1, "read error");
            if (!in_) eof_ = true;
            if (first_ && have_ >= 3 && std::memcmp(buf_.get(), "\xEF\xBB\xBF", 3) == 0) start_ = 3;  // BOM
            if (first_ && have_ >= 2 &&
                (std::memcmp(buf_.get(), "\xFF\xFE", 2) == 0 || std::memcmp(buf_.get(), "\xFE\xFF", 2) == 0))
                return stopWith(b, 1, "UTF-16 text? save it as UTF-8");  // a UTF-16 byte order mark
            first_ = false;
        }
        const std::size_t deferFrom = have_ - (have_ - start_) / 4 * kDeferredQuarters;
        for (;;) {
            const char* line = buf_.get() + start_;
            const auto* nl = static_cast<const char*>(std::memchr(line, '\n', have_ - start_));
            if (!nl) break;
            const auto size = static_cast<std::size_t>(nl - line);
            ++lineNo_;
            if (size > kMaxLineBytes) return stopWith(b, lineNo_, tooLong());
            start_ += size + 1;
            if (start_ > deferFrom) {
                b.deferred.append(line, size + 1);
                ++b.deferredLines;
            } else if (!decode(b, line, size)) {
                return false;
            }
        }
        const std::size_t rest = have_ - start_;
        if (rest > kMaxLineBytes) return stopWith(b, lineNo_ + 1, tooLong());
        if (eof_) {
            done_ = true;
            if (rest > 0) {
                ++lineNo_;
                if (b.deferredLines > 0) {  // after them, in order
                    b.deferred.append(buf_.get() + start_, rest);
                    ++b.deferredLines;
                } else {
                    decode(b, buf_.get() + start_, rest, true);
                }
            }
            return false;
        }
        return true;
    }

    static std::string tooLong() {
        return "longer than " + std::to_string(kMaxLineBytes) + " bytes (the limit for one line)";
    }
    bool stopWith(Batch& b, std::size_t line, std::string message) {
        b.error = TraceReadError{line, std::move(message)};
        done_ = true;
        return false;
    }
    bool decode(Batch& b, const char* line, std::size_t size, bool last = false) {
        b.lines.emplace_back();
        if (decodeLine(parser_, line, size, b.lines.back(), b.arena, b.message, last)) return true;
        done_ = true;
        return false;
    }

    std::istream& in_;
    const std::size_t cap_;  // a chunk, the longest line carried over, simdjson's read-ahead
    const std::unique_ptr<char[]> buf_;
    std::size_t have_ = 0;   // bytes in buf_
    std::size_t start_ = 0;  // first byte not consumed
    std::size_t lineNo_ = 0;
    bool eof_ = false;
    bool first_ = true;
    bool done_ = false;
    TraceLineParser parser_;
};

bool TraceReader::read(std::istream& in, TraceStore& store) {
    clear(store);
    LineSource source(in);
    Batch batch;
    const bool more = source.next(batch);
    bool ok = applyBatch(batch, store);
    // A file bigger than one chunk: the next chunks are read and decoded on
    // a second thread while this one applies them (parsing is most of the
    // work; applying needs the lines in order). A small file, the usual
    // test or fuzz input, starts no thread.
    if (ok && more) ok = readRest(source, store);
    finish(store);
    return ok;
}

bool TraceReader::readRest(LineSource& source, TraceStore& store) {
    std::mutex mutex;
    std::condition_variable changed;
    std::deque<Batch> full;     // decoded, in file order
    std::vector<Batch> spare;   // applied, their memory reused
    bool sourceDone = false;
    bool stop = false;          // this thread stopped at a bad line
    std::exception_ptr thrown;  // the reading thread's (bad_alloc)
    constexpr std::size_t kAhead = 2;
    std::thread reader([&] {
        try {
            for (bool more = true; more;) {
                Batch b;
                {
                    std::unique_lock<std::mutex> lock(mutex);
                    changed.wait(lock, [&] { return full.size() < kAhead || stop; });
                    if (stop) break;
                    if (!spare.empty()) {
                        b = std::move(spare.back());
                        spare.pop_back();
                    }
                }
                more = source.next(b);
                std::lock_guard<std::mutex> lock(mutex);
                full.push_back(std::move(b));
                changed.notify_all();
            }
        } catch (...) {
            std::lock_guard<std::mutex> lock(mutex);
            thrown = std::current_exception();
        }
        std::lock_guard<std::mutex> lock(mutex);
        sourceDone = true;
        changed.notify_all();
    });
    bool ok = true;
    // Stops the reading thread and waits for it, also when applying throws
    // (out of memory): a thread left running would end the process.
    const auto stopReader = [&] {
        {
            std::lock_guard<std::mutex> lock(mutex);
            stop = true;
            changed.notify_all();
        }
        reader.join();
    };
    try {
        for (;;) {
            Batch b;
            {
                std::unique_lock<std::mutex> lock(mutex);
                changed.wait(lock, [&] { return !full.empty() || sourceDone; });
                if (full.empty()) break;
                b = std::move(full.front());
                full.pop_front();
                changed.notify_all();
            }
            ok = applyBatch(b, store);
            std::lock_guard<std::mutex> lock(mutex);
            spare.push_back(std::move(b));
            if (!ok) break;
        }
    } catch (...) {
        stopReader();
        throw;
    }
    stopReader();
    if (thrown) std::rethrow_exception(thrown);
    return ok;
}

bool TraceReader::applyBatch(const Batch& b, TraceStore& store) {
    for (std::size_t k = 0; k < b.lines.size(); ++k)
        if (!readLine(b.lines[k], b, b.firstLine + k, store)) return false;
    if (b.deferredLines > 0 && !applyDeferred(b, store)) return false;
    if (b.error) {
        error_ = b.error;
        return false;
    }
    return true;
}

bool TraceReader::applyDeferred(const Batch& b, TraceStore& store) {
    // As the parsing thread would have: a line that does not decode stops
    // the read there (its Decoded's stop makes applyLine refuse it).
    Batch one;  // each line's strings and message
    const char* p = b.deferred.data();
    const char* const end = p + (b.deferred.size() - TraceLineParser::kPadding);
    std::size_t lineNo = b.firstLine + b.lines.size();
    for (std::size_t k = 0; k < b.deferredLines; ++k, ++lineNo) {
        const auto* nl = static_cast<const char*>(std::memchr(p, '\n', static_cast<std::size_t>(end - p)));
        const auto size = static_cast<std::size_t>((nl ? nl : end) - p);
        one.arena.clear();
        Decoded d;
        decodeLine(deferredParser_, p, size, d, one.arena, one.message, nl == nullptr);
        if (!readLine(d, one, lineNo, store)) return false;
        p += size + 1;
    }
    return true;
}

bool TraceReader::readLine(const Decoded& d, const Batch& b, std::size_t lineNo, TraceStore& store) {
    const std::size_t lanes = lanes_.size();
    if (applyLine(d, b, lineNo, store)) return true;
    // The refused line may have named tasks first seen on it: forget them.
    lanes_.truncate(lanes);
    state_.resize(std::min(state_.size(), lanes));
    names_.resize(std::min(names_.size(), lanes));
    return false;
}

bool TraceReader::applyLine(const Decoded& d, const Batch& b, std::size_t lineNo, TraceStore& store) {
    using Stop = Decoded::Stop;
    if (d.what == Decoded::What::Blank) return true;
    if (d.stop == Stop::Parse) {
        // A last line cut off after whole ones: the run up to it, partial.
        if (d.cut && lineNo > 1 && !ended_) {
            cutLine_ = lineNo;
            return true;
        }
        return fail(lineNo, b.message);
    }
    if (d.what == Decoded::What::Skip) {
        if (d.limiter) {
            if (limiter_) return fail(lineNo, "a second \"limiter\" line");
            if (seen_ != 0) return fail(lineNo, "\"limiter\" after the first event (it comes before them all)");
            Limiter told;
            if (const std::optional<LoadError> bad = parseLimiter(b.text(d.textBegin, d.textSize), told))
                return fail(lineNo, "\"limiter\": " + bad->what());
            limiter_ = std::move(told);
            if (onLimiter_) onLimiter_(*limiter_);
        }
        ++skipped_;
        if (d.permit)
            permits_.push_back({d.t, d.other});
        else if (d.semaphores) {
            semaphoresMade_ = std::max(semaphoresMade_, d.other);
            if (d.arg >= 0) privateSemaphores_ = d.arg;  // the last word (the tracer's, at the end)
        }
        else if (d.primitive || d.held || d.sized) {
            const auto k = static_cast<std::size_t>(d.arg);
            if (primitives_.size() <= k) primitives_.resize(k + 1);
            PrimitiveInfo& info = primitives_[k];
            if (d.held) {
                info.held.push_back({d.t, d.other});
            } else if (d.sized) {
                info.sizes.push_back({d.t, d.other});
            } else {
                info.kind = std::string(b.text(d.textBegin, d.textSize));
                info.size = d.other;
                info.line = d.fileId;
            }
        }
        else if (d.warning) {
            const bool clockKnown = !report_.clock().empty();
            report_.addLine(b.text(d.textBegin, d.textSize));
            if (d.destroyed) noteDestroyed(d, store);
            if (onClock_ && !clockKnown && !report_.clock().empty() && seen_ == 0) onClock_(report_.clock());
        }
        else if (d.queueWorker) {
            // (Of a lane a line made before: one it names first is no lane.)
            if (const std::int32_t lane = lanes_.find(d.fileId); lane != TaskIdMap::kNone)
                state_[static_cast<std::size_t>(lane)] |= kQueueWorker;
        }
        else if (d.poolObject) {
            // (Of a lane an `enqueue` made: a borrowing, or an idle object,
            // whose name, the object's, labels the lane unless a line
            // named it.)
            if (const std::int32_t lane = lanes_.find(d.fileId); lane != TaskIdMap::kNone) {
                const auto l = static_cast<std::size_t>(lane);
                if (state_[l] & kEnqueued) {
                    state_[l] |= kPoolObject;
                    if (d.hasName && !(state_[l] & kCreated) && (l >= names_.size() || names_[l].empty())) {
                        if (l >= names_.size()) names_.resize(l + 1);
                        names_[l].assign(b.text(d.nameBegin, d.nameSize));
                    }
                }
            }
        }
        return true;
    }
    if (d.stop == Stop::Time) return fail(lineNo, b.message);

    TraceEvent e;
    e.kind = d.kind;
    e.t = d.t;
    if (e.t < lastT_)
        return fail(lineNo, "\"t\" goes back in time: " + PyFloat::repr(e.t) + " after " + PyFloat::repr(lastT_) +
                                " (events must be in time order)");
    if (ended_) return fail(lineNo, quotedKey(evName(e.kind)) + " after the \"end\" line");
    if (stopped_) return fail(lineNo, quotedKey(evName(e.kind)) + " after the \"stopped\" line");
    lastT_ = e.t;
    if (d.stop == Stop::Task) return fail(lineNo, b.message);

    const std::string_view kindName = evName(e.kind);
    const auto tooMany = [] {
        return "more than " + std::to_string(TraceStore::kMaxTask + 1) + " different task ids";
    };
    if (d.fileId >= 0 && !laneOf(d.fileId, e.task)) return fail(lineNo, tooMany());
    if (d.stop == Stop::Arg) return fail(lineNo, b.message);
    const auto taskName = [&] { return "task " + std::to_string(d.fileId); };  // for messages only

    e.arg = d.arg;
    switch (e.kind) {
        case EvKind::Counter: e.task = d.task; break;
        case EvKind::Raise:
        case EvKind::FailedExc: e.arg = intern(b.text(d.textBegin, d.textSize)); break;
        case EvKind::End:
            if (e.arg == static_cast<std::int32_t>(Outcome::Raised)) e.task = intern(b.text(d.textBegin, d.textSize));
            ended_ = true;
            break;
        case EvKind::Stopped:
            report_.addLine(b.text(d.textBegin, d.textSize));
            stopped_ = true;
            break;
        case EvKind::Created:
        case EvKind::PutWait:
            if (d.hasOther) {
                std::int32_t lane = 0;
                if (!laneOf(d.other, lane)) return fail(lineNo, tooMany());
                e.arg = lane + 1;
            }
            break;
        case EvKind::Release:
        case EvKind::Wake:
            if (d.hasOther && !laneOf(d.other, e.arg)) return fail(lineNo, tooMany());
            break;
        case EvKind::MainThreadQueued:
        case EvKind::MainThreadBegin:
        case EvKind::MainThreadEnd:
            if (!mainJob(d.other, d.arg == 1, lineNo, e)) return false;
            break;
        default: break;
    }

    if (d.fileId >= 0) {
        std::uint8_t& st = state_[static_cast<std::size_t>(e.task)];
        if (e.kind == EvKind::Created) {
            if (st & kCreated) return fail(lineNo, taskName() + " is created twice");
            st |= kCreated;
        } else if (!(st & kCreated) && !mayPrecedeCreated(e.kind)) {
            return fail(lineNo, taskName() + ": " + quotedKey(kindName) + " before its \"created\"");
        }
        if (isTerminal(e.kind)) {
            if ((st >> 1) & 3) {
                const auto before = static_cast<EvKind>(static_cast<int>(EvKind::Done) + ((st >> 1) & 3) - 1);
                return fail(lineNo, taskName() + " ends twice (" + quotedKey(kindName) + " after " +
                                        quotedKey(evName(before)) + ")");
            }
            st |= static_cast<std::uint8_t>((static_cast<int>(e.kind) - static_cast<int>(EvKind::Done) + 1) << 1);
        }
        if (d.hasName) {
            const auto lane = static_cast<std::size_t>(e.task);
            if (lane >= names_.size()) names_.resize(lane + 1);
            // The last name wins: a program may rename a task (set_name) as it goes.
            names_[lane].assign(b.text(d.nameBegin, d.nameSize));
        }
    }

    if (d.swallowed || d.releaseSem >= 0 || d.helper) {
        const TraceEvent marker = d.swallowed ? TraceEvent{e.t, e.task, EvKind::Swallowed, 0}
                                  : d.helper  ? TraceEvent{e.t, e.task, EvKind::Helper, e.arg}
                                              : TraceEvent{e.t, e.task, EvKind::ReleaseSem, d.releaseSem + 1};
        if (keepEvents_) store.append(marker, symbols_);
        if (follower_) follower_->append(marker, symbols_);
    }
    if (keepEvents_)
        store.append(e, symbols_);
    else
        TraceStore::checkTask(e.task);  // what the store refuses, refused alike
    if (follower_) follower_->append(e, symbols_);
    if (e.kind == EvKind::Created && e.arg > 0) {
        parents_.emplace_back(e.task, e.arg - 1);
        if (d.helper) helpers_.emplace_back(e.task, e.arg - 1);
    }
    if (e.kind == EvKind::Request) state_[static_cast<std::size_t>(e.task)] |= kAsked;
    if (e.kind == EvKind::Enqueue) state_[static_cast<std::size_t>(e.task)] |= kEnqueued;
    static_assert(kEvKindCount <= 64);
    seen_ |= std::uint64_t{1} << static_cast<unsigned>(e.kind);
    handOver_ |= e.kind == EvKind::Release && e.arg >= 0;
    if (!queuedSince_.empty() && d.fileId >= 0 && e.kind != EvKind::ThreadQueued) notePoolWait(e);
    notePool(e);
    return true;
}

// A task_destroyed_pending warning: the end of the task it names (EvKind::Destroyed), when that task
// was created and has not ended, and the warning is in time order and before the "end" (or "stopped")
// line. Otherwise it is a warning only: a warning line is never refused.
void TraceReader::noteDestroyed(const Decoded& d, TraceStore& store) {
    if (ended_ || stopped_ || d.t < lastT_) return;
    const std::int32_t lane = lanes_.find(d.fileId);
    if (lane == TaskIdMap::kNone) return;
    std::uint8_t& st = state_[static_cast<std::size_t>(lane)];
    if (!(st & kCreated) || ((st >> 1) & 3) || (st & kDestroyed)) return;
    st |= kDestroyed;
    lastT_ = d.t;
    const TraceEvent e{d.t, lane, EvKind::Destroyed, 0};
    if (keepEvents_) store.append(e, symbols_);
    if (follower_) follower_->append(e, symbols_);
    seen_ |= std::uint64_t{1} << static_cast<unsigned>(e.kind);
}

// A line of main()'s job `id` (as the file names it): handed over once
// (its main_thread_queued, or its main_thread_begin when a worker took it
// at once), begun at most once and not after its end, ended once. e.arg:
// the job's dense number (jobs_: sparse ids cost nothing) and its pool.
bool TraceReader::mainJob(std::int64_t id, bool process, std::size_t lineNo, TraceEvent& e) {
    const auto job = [&] { return "main()'s job " + std::to_string(id); };
    std::int32_t k = jobs_.find(id);
    if (k == TaskIdMap::kNone) {
        if (e.kind == EvKind::MainThreadEnd)
            return fail(lineNo, job() + ": \"main_thread_end\" of a job never handed over (no \"main_thread_queued\""
                                        " or \"main_thread_begin\" before it)");
        if (jobs_.size() > static_cast<std::size_t>(TraceStore::kMaxTask))
            return fail(lineNo, "more than " + std::to_string(TraceStore::kMaxTask + 1) + " different job ids");
        k = jobs_.lane(id);
        jobStage_.push_back(MainJobCounts::Stage::Unseen);
    }
    using Stage = MainJobCounts::Stage;
    Stage& st = jobStage_[static_cast<std::size_t>(k)];
    switch (e.kind) {
        case EvKind::MainThreadQueued:
            if (st != Stage::Unseen)
                return fail(lineNo, job() + " is handed over twice (a second \"main_thread_queued\")");
            break;
        case EvKind::MainThreadBegin:
            if (st == Stage::Ended) return fail(lineNo, job() + " begins after its \"main_thread_end\"");
            if (st == Stage::Running) return fail(lineNo, job() + " begins twice");
            break;
        default:  // MainThreadEnd
            if (st == Stage::Ended) return fail(lineNo, job() + " ends twice");
            break;
    }
    st = mainJobCounts_.move(e.t, st, e.kind);
    e.arg = mainJobArg(k, process);
    return true;
}

// What a trace's pool lines show its run had (TraceFile: the timeline's key).
void TraceReader::notePool(const TraceEvent& e) {
    switch (e.kind) {
        case EvKind::MainThreadQueued:
        case EvKind::MainThreadBegin:
            (mainJobProcess(e.arg) ? processPool_ : threadPool_) = true;
            [[fallthrough]];
        case EvKind::MainThreadEnd: break;  // mainJob() counted it
        case EvKind::ThreadQueued:
            queuedSince_[e.task] = e.t;
            [[fallthrough]];
        case EvKind::ThreadBegin: (e.arg == 1 ? processPool_ : threadPool_) = true; break;
        case EvKind::ThreadLeft: jobLeft_ = true; break;
        case EvKind::ThreadEnd:
            // After its task's end: the job ran on.
            jobLeft_ |= ((state_[static_cast<std::size_t>(e.task)] >> 1) & 3) != 0;
            break;
        default: break;
    }
}

// A job handed to a busy pool waited for a worker when the task's next event
// (its thread_begin, a dropped job's thread_end, its end) came later.
void TraceReader::notePoolWait(const TraceEvent& e) {
    const auto it = queuedSince_.find(e.task);
    if (it == queuedSince_.end()) return;
    poolWait_ |= e.t > it->second;
    queuedSince_.erase(it);
}

// The lanes in tree order: a task without a recorded parent, then the tasks
// it created (in id order, each followed by its own), then the next. lane ->
// position; empty when that is the order already (no parents, or each
// helper already follows its parent). Only a parent with a smaller id than
// its child counts (a program's ids go in creation order, so a parent's is
// always smaller); other files keep id order, and no cycle can form.
// Iterative: a chain of a million nested tasks is fine.
std::vector<std::int32_t> TraceReader::besideParents(std::size_t lanes) const {
    if (parents_.empty()) return {};
    std::vector<std::int32_t> parentOf(lanes, -1);
    for (const auto& [child, parent] : parents_)
        if (parent < child) parentOf[static_cast<std::size_t>(child)] = parent;
    // Children lists in lane order (counting sort by parent).
    std::vector<std::int32_t> first(lanes + 1, 0);
    for (std::size_t l = 0; l < lanes; ++l)
        if (parentOf[l] >= 0) ++first[static_cast<std::size_t>(parentOf[l]) + 1];
    for (std::size_t l = 0; l < lanes; ++l) first[l + 1] += first[l];
    std::vector<std::int32_t> children(static_cast<std::size_t>(first[lanes]));
    std::vector<std::int32_t> fill(first.begin(), first.end() - 1);
    for (std::size_t l = 0; l < lanes; ++l)
        if (parentOf[l] >= 0) children[static_cast<std::size_t>(fill[static_cast<std::size_t>(parentOf[l])]++)] =
            static_cast<std::int32_t>(l);
    std::vector<std::int32_t> to(lanes, -1);
    std::int32_t next = 0;
    std::vector<std::int32_t> stack;
    const auto visit = [&](std::int32_t root) {
        stack.push_back(root);
        while (!stack.empty()) {
            const std::int32_t l = stack.back();
            stack.pop_back();
            if (to[static_cast<std::size_t>(l)] >= 0) continue;
            to[static_cast<std::size_t>(l)] = next++;
            const auto b = static_cast<std::size_t>(first[static_cast<std::size_t>(l)]);
            const auto e = static_cast<std::size_t>(first[static_cast<std::size_t>(l) + 1]);
            for (std::size_t c = e; c > b; --c) stack.push_back(children[c - 1]);  // the lowest first
        }
    };
    for (std::size_t l = 0; l < lanes; ++l)
        if (parentOf[l] < 0) visit(static_cast<std::int32_t>(l));
    for (std::size_t l = 0; l < lanes; ++l) visit(static_cast<std::int32_t>(l));  // what a cycle left
    bool identity = true;
    for (std::size_t l = 0; l < lanes && identity; ++l) identity = to[l] == static_cast<std::int32_t>(l);
    return identity ? std::vector<std::int32_t>{} : to;
}

// Lanes in id order (TaskIdMap), each task a program created beside its
// parent (its helpers right under it, then the next task), the file's ids
// kept where they differ, the permit samples in time order.
void TraceReader::finish(TraceStore& store) {
    // main()'s row draws its jobs waiting in the queue (hollow) only while
    // none of them runs: a wait the key names when that held for a while (up
    // to the trace's last line, in a partial run).
    poolWait_ |= mainJobCounts_.sawWait(lastT_);
    std::vector<std::int64_t> ids = lanes_.ids();
    neverAsked_.assign(ids.size(), 1);
    // (A pool's idle object asks nothing: it is no task.)
    for (std::size_t l = 0; l < ids.size() && l < state_.size(); ++l)
        if (state_[l] & (kAsked | kPoolObject)) neverAsked_[l] = 0;
    // By lane, 1 where state_ has `bit` (empty: nowhere).
    const auto flagged = [&](std::uint8_t bit) {
        std::vector<std::uint8_t> out;
        for (std::size_t l = 0; l < ids.size() && l < state_.size(); ++l)
            if (state_[l] & bit) {
                out.resize(ids.size(), 0);
                out[l] = 1;
            }
        return out;
    };
    queueWorkers_ = flagged(kQueueWorker);
    poolObjects_ = flagged(kPoolObject);
    for (std::size_t l = 0; l < poolObjects_.size(); ++l)
        if (poolObjects_[l] && (state_[l] & kCreated)) poolObjects_[l] = 2;  // borrowed (RunConfig::poolObjects)
    queuedJobs_ = false;
    for (std::size_t l = 0; l < state_.size(); ++l)
        queuedJobs_ |= (state_[l] & (kEnqueued | kPoolObject)) == kEnqueued;
    // A helper's wait for a permit is its parent's (EvKind::Helper): the
    // parent asks, through it (the latest made first: a helper's helper
    // asks for both).
    for (auto it = helpers_.rbegin(); it != helpers_.rend(); ++it)
        if (neverAsked_[static_cast<std::size_t>(it->first)] == 0)
            neverAsked_[static_cast<std::size_t>(it->second)] = 0;
    const auto renumber = [&](const std::vector<std::int32_t>& to) {
        store.renumberTasks(to);
        const auto moved = [&](std::vector<std::uint8_t>& byLane) {
            std::vector<std::uint8_t> out(byLane.size());
            for (std::size_t l = 0; l < byLane.size(); ++l) out[static_cast<std::size_t>(to[l])] = byLane[l];
            byLane = std::move(out);
        };
        moved(neverAsked_);
        moved(queueWorkers_);
        moved(poolObjects_);
        std::vector<std::int64_t> movedIds(ids.size());
        for (std::size_t l = 0; l < ids.size(); ++l) movedIds[static_cast<std::size_t>(to[l])] = ids[l];
        ids = std::move(movedIds);
        if (!names_.empty()) {
            std::vector<std::string> movedNames(ids.size());
            for (std::size_t l = 0; l < names_.size(); ++l) movedNames[static_cast<std::size_t>(to[l])] = std::move(names_[l]);
            names_ = std::move(movedNames);
        }
        for (auto& [child, parent] : parents_) {
            child = to[static_cast<std::size_t>(child)];
            parent = to[static_cast<std::size_t>(parent)];
        }
    };
    if (const std::vector<std::int32_t> to = lanes_.sortedOrder(); !to.empty()) {
        renumber(to);
        renumbered_ = true;
    }
    if (const std::vector<std::int32_t> to = besideParents(ids.size()); !to.empty()) {
        renumber(to);
        renumbered_ = true;
    }
    // Only a recorded program's task runs from its creation without asking:
    // the Python tracer names every task it records, an engine run's trace
    // names none (its tasks all ask, after `arrive`; one that never did was
    // cancelled while arriving).
    for (std::size_t l = 0; l < neverAsked_.size(); ++l)
        if (l >= names_.size() || names_[l].empty()) neverAsked_[l] = 0;
    store.coverLanes(static_cast<std::int32_t>(ids.size()));
    bool identity = true;
    for (std::size_t l = 0; l < ids.size() && identity; ++l) identity = ids[l] == static_cast<std::int64_t>(l);
    if (!identity) store.setTaskIds(std::move(ids));
    std::stable_sort(permits_.begin(), permits_.end(),
                     [](const PermitSample& a, const PermitSample& b) { return a.t < b.t; });
}

}  // namespace cs
