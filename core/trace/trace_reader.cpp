#include "trace/trace_reader.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstring>
#include <fstream>
#include <limits>
#include <memory>
#include <string_view>

#include "text/message_text.h"
#include "trace/py_float.h"

namespace cs {

namespace {

using Type = JsonScalar::Type;

constexpr std::uint8_t kCreated = 1;  // state_: bit 0; bits 1-2: 1 + terminal kind - Done
constexpr std::uint8_t kAsked = 8;    // state_: the task has a `request` line

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
    return k == EvKind::Enqueue || k == EvKind::PutWait || k == EvKind::Worker || k == EvKind::Result ||
           k == EvKind::Pending;
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
    lastT_ = 0.0;
    names_.clear();
    permits_.clear();
    report_ = RunnerReport();
    parents_.clear();
}

bool TraceReader::read(std::istream& in, TraceStore& store) {
    clear(store);
    // One buffer for the whole file: a chunk plus room for the longest line
    // carried over from the chunk before, plus simdjson's read-ahead.
    const std::size_t cap = kChunkBytes + kMaxLineBytes + 1 + TraceLineParser::kPadding;
    const std::unique_ptr<char[]> buf(new char[cap]);
    std::size_t have = 0;   // bytes in buf
    std::size_t start = 0;  // first byte not consumed
    std::size_t lineNo = 0;
    bool eof = false;
    bool first = true;
    bool ok = true;
    while (ok) {
        if (!eof) {
            std::memmove(buf.get(), buf.get() + start, have - start);
            have -= start;
            start = 0;
            in.read(buf.get() + have, static_cast<std::streamsize>(cap - TraceLineParser::kPadding - have));
            const auto n = static_cast<std::size_t>(in.gcount());
            have += n;
            if (in.bad()) {
                ok = fail(lineNo + 1, "read error");
                break;
            }
            if (!in) eof = true;
            if (first && have >= 3 && std::memcmp(buf.get(), "\xEF\xBB\xBF", 3) == 0) start = 3;  // BOM
            if (first && have >= 2 && (std::memcmp(buf.get(), "\xFF\xFE", 2) == 0 || std::memcmp(buf.get(), "\xFE\xFF", 2) == 0)) {
                ok = fail(1, "UTF-16 text? save it as UTF-8");  // a UTF-16 byte order mark
                break;
            }
            first = false;
        }
        for (;;) {
            const char* b = buf.get() + start;
            const auto* nl = static_cast<const char*>(std::memchr(b, '\n', have - start));
            if (!nl) break;
            const auto size = static_cast<std::size_t>(nl - b);
            ++lineNo;
            if (size > kMaxLineBytes) {
                ok = fail(lineNo, "longer than " + std::to_string(kMaxLineBytes) + " bytes (the limit for one line)");
                break;
            }
            start += size + 1;
            if (!readLine(b, size, lineNo, store)) {
                ok = false;
                break;
            }
        }
        if (!ok) break;
        const std::size_t rest = have - start;
        if (rest > kMaxLineBytes) {
            ok = fail(lineNo + 1, "longer than " + std::to_string(kMaxLineBytes) + " bytes (the limit for one line)");
            break;
        }
        if (eof) {
            if (rest > 0) ok = readLine(buf.get() + start, rest, ++lineNo, store);
            break;
        }
    }
    finish(store);
    return ok;
}

bool TraceReader::readLine(const char* data, std::size_t size, std::size_t lineNo, TraceStore& store) {
    const std::size_t lanes = lanes_.size();
    if (readLineFields(data, size, lineNo, store)) return true;
    // The refused line may have named tasks first seen on it: forget them.
    lanes_.truncate(lanes);
    state_.resize(std::min(state_.size(), lanes));
    names_.resize(std::min(names_.size(), lanes));
    return false;
}

bool TraceReader::readLineFields(const char* data, std::size_t size, std::size_t lineNo, TraceStore& store) {
    if (size > 0 && data[size - 1] == '\r') --size;  // CRLF files
    std::size_t i = 0;
    while (i < size && (data[i] == ' ' || data[i] == '\t' || data[i] == '\r')) ++i;
    if (i == size) return true;  // blank

    TraceLineParser& p = parser_;
    if (!p.parse(data, size)) return fail(lineNo, p.error());
    const JsonScalar& ev = p[TraceKey::Ev];
    const JsonScalar& t = p[TraceKey::T];
    if (t.type == Type::NonFinite) return fail(lineNo, "\"t\" must be a finite number");
    if (p.strayNonFinite()) return fail(lineNo, "not valid JSON: NaN and Infinity are not JSON numbers");
    if (ev.type != Type::String) return fail(lineNo, "\"ev\" must be a string");
    std::optional<EvKind> kind = kinds().find(ev.text);
    // Swallowed is the engine's marker, not a line: writers put "note":
    // "swallowed cancel" on the done line instead. A "swallowed" line is
    // some other tool's kind: skipped like any unknown one.
    if (kind == EvKind::Swallowed) kind.reset();
    if (!kind) {
        ++skipped_;
        // The Python tracer's measured permits: kept when well formed.
        const JsonScalar& v = p[TraceKey::Value];
        if (ev.text == "permits" && (t.type == Type::Int || t.type == Type::Float) && v.type == Type::Int &&
            !v.overflow)
            permits_.push_back({t.number, v.integer});
        else if (ev.text == "warning")
            report_.addLine(std::string_view(data, size));
        return true;
    }

    TraceEvent e;
    e.kind = *kind;
    if (t.type != Type::Int && t.type != Type::Float) return fail(lineNo, "\"t\" must be a number");
    if (!std::isfinite(t.number)) return fail(lineNo, "\"t\" must be a finite number");  // 1e400
    e.t = t.number + 0.0;  // -0.0 is 0.0
    if (e.t < 0.0) return fail(lineNo, "\"t\" must not be negative");
    if (e.t < lastT_)
        return fail(lineNo, "\"t\" goes back in time: " + PyFloat::repr(e.t) + " after " + PyFloat::repr(lastT_) +
                                " (events must be in time order)");
    if (ended_) return fail(lineNo, quotedKey(evName(e.kind)) + " after the \"end\" line");
    lastT_ = e.t;

    const std::string_view kindName = evName(e.kind);
    std::int64_t fileId = -1;  // the task as the file names it
    if (isPerTask(e.kind)) {
        const JsonScalar& task = p[TraceKey::Task];
        if (task.type == Type::Missing || task.type == Type::Null)
            return fail(lineNo, "\"task\" is required for " + quotedKey(kindName));
        if (!isTaskId(task)) return fail(lineNo, "\"task\" must be a task id (an integer >= 0)");
        fileId = task.integer;
        if (!laneOf(fileId, e.task))
            return fail(lineNo, "more than " + std::to_string(TraceStore::kMaxTask + 1) + " different task ids");
    }
    // A task named by another's line (woke, by, parent): its lane, made if new.
    const auto otherTask = [&](const JsonScalar& v, std::int32_t& lane) { return laneOf(v.integer, lane); };
    const auto taskName = [&] { return "task " + std::to_string(fileId); };  // for messages only

    switch (e.kind) {
        case EvKind::ThreadBegin:
        case EvKind::ThreadEnd: {
            const JsonScalar& pool = p[TraceKey::Pool];
            e.arg = pool.type == Type::String && pool.text == "process" ? 1 : 0;
            break;
        }
        case EvKind::Counter: {
            const JsonScalar& v = p[TraceKey::Value];
            const JsonScalar& x = p[TraceKey::Expected];
            if (!isInt32(v) || !isInt32(x))
                return fail(lineNo, "\"counter\" needs integer \"value\" and \"expected\"");
            e.arg = static_cast<std::int32_t>(v.integer);
            e.task = static_cast<std::int32_t>(x.integer);
            break;
        }
        case EvKind::Result: {
            const JsonScalar& ok = p[TraceKey::Ok];
            if (ok.type != Type::Bool) return fail(lineNo, "\"ok\" must be true or false");
            e.arg = ok.boolean ? 1 : 0;
            break;
        }
        case EvKind::Raise:
        case EvKind::FailedExc: {
            const JsonScalar& exc = p[TraceKey::Exc];
            if (exc.type != Type::String) return fail(lineNo, "\"exc\" must be a string");
            e.arg = intern(exc.text);
            break;
        }
        case EvKind::End: {
            const JsonScalar& oc = p[TraceKey::Outcome];
            if (oc.type != Type::String) return fail(lineNo, "\"outcome\" must be a string");
            const std::string_view s = oc.text;
            if (s == "ok") e.arg = static_cast<std::int32_t>(Outcome::Ok);
            else if (s == "deadlock") e.arg = static_cast<std::int32_t>(Outcome::Deadlock);
            else if (s.substr(0, 7) == "raised:") {
                e.arg = static_cast<std::int32_t>(Outcome::Raised);
                e.task = intern(s.substr(7));
            } else
                return fail(lineNo, "\"outcome\" must be ok, deadlock or raised:Name, not " + MessageText::quoted(s));
            ended_ = true;
            break;
        }
        case EvKind::Created: {
            // Optional "parent": the task that created it (the Python tracer).
            const JsonScalar& parent = p[TraceKey::Parent];
            if (parent.type != Type::Missing && parent.type != Type::Null) {
                std::int32_t lane = 0;
                if (!isTaskId(parent)) return fail(lineNo, "\"parent\" must be a task id (an integer >= 0)");
                if (!otherTask(parent, lane))
                    return fail(lineNo, "more than " + std::to_string(TraceStore::kMaxTask + 1) + " different task ids");
                e.arg = lane + 1;
            }
            break;
        }
        case EvKind::Release:
        case EvKind::Wake: {
            const char* key = evInfo(e.kind).argKey;
            const JsonScalar& v = p[e.kind == EvKind::Release ? TraceKey::Woke : TraceKey::By];
            if (v.type != Type::Int || v.overflow || v.integer < -1)
                return fail(lineNo, quotedKey(key) + " must be a task id or -1");
            e.arg = -1;
            if (v.integer >= 0 && !otherTask(v, e.arg))
                return fail(lineNo, "more than " + std::to_string(TraceStore::kMaxTask + 1) + " different task ids");
            break;
        }
        default:
            if (const char* key = evInfo(e.kind).argKey) {
                const TraceKey k = e.kind == EvKind::Rejected ? TraceKey::Status
                                 : e.kind == EvKind::Worker   ? TraceKey::Worker
                                 : e.kind == EvKind::Returned ? TraceKey::Call
                                                              : TraceKey::Value;  // limit, read, write
                if (!isInt32(p[k])) return fail(lineNo, quotedKey(key) + " must be a 32-bit integer");
                e.arg = static_cast<std::int32_t>(p[k].integer);
            }
            break;
    }

    if (fileId >= 0) {
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
        const JsonScalar& name = p[TraceKey::Name];
        if (name.type == Type::String) {
            const auto lane = static_cast<std::size_t>(e.task);
            if (lane >= names_.size()) names_.resize(lane + 1);
            // The last name wins: a program may rename a task (set_name) as it goes.
            names_[lane].assign(name.text);
        }
    }

    if (e.kind == EvKind::Done) {
        const JsonScalar& note = p[TraceKey::Note];
        if (note.type == Type::String && note.text == "swallowed cancel")
            store.append(TraceEvent{e.t, e.task, EvKind::Swallowed, 0}, symbols_);
    }
    store.append(e, symbols_);
    if (e.kind == EvKind::Created && e.arg > 0) parents_.emplace_back(e.task, e.arg - 1);
    if (e.kind == EvKind::Request) state_[static_cast<std::size_t>(e.task)] |= kAsked;
    return true;
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
    std::vector<std::int64_t> ids = lanes_.ids();
    neverAsked_.assign(ids.size(), 1);
    for (std::size_t l = 0; l < ids.size() && l < state_.size(); ++l)
        if (state_[l] & kAsked) neverAsked_[l] = 0;
    const auto renumber = [&](const std::vector<std::int32_t>& to) {
        store.renumberTasks(to);
        std::vector<std::uint8_t> movedAsked(neverAsked_.size());
        for (std::size_t l = 0; l < neverAsked_.size(); ++l) movedAsked[static_cast<std::size_t>(to[l])] = neverAsked_[l];
        neverAsked_ = std::move(movedAsked);
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
    if (const std::vector<std::int32_t> to = lanes_.sortedOrder(); !to.empty()) renumber(to);
    if (const std::vector<std::int32_t> to = besideParents(ids.size()); !to.empty()) renumber(to);
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
