#include "export/trace_file.h"

#include <algorithm>
#include <cctype>
#include <fstream>
#include <memory>

#include "model/kinds.h"
#include "trace/trace_line_parser.h"

namespace cs {

namespace {

std::string lower(std::string s) {
    for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

bool endsWith(const std::string& s, const std::string& suffix) {
    return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

}  // namespace

bool TraceFile::looksLikeTraceText(std::string_view head) {
    if (head.substr(0, 3) == "\xEF\xBB\xBF") head.remove_prefix(3);
    // A scenario is one document (often spread over lines); a trace's every
    // line is a whole event. Only the first non-blank line is looked at.
    while (!head.empty()) {
        const std::size_t nl = head.find('\n');
        if (nl == std::string_view::npos && head.size() > TraceReader::kMaxLineBytes) return false;
        const std::string_view line = head.substr(0, nl);
        head.remove_prefix(nl == std::string_view::npos ? head.size() : nl + 1);
        if (line.find_first_not_of(" \t\r") == std::string_view::npos) continue;
        if (line.size() > TraceReader::kMaxLineBytes) return false;
        // The parser reads ahead of the line's end: give it a padded copy.
        std::string padded(line);
        padded.append(TraceLineParser::kPadding, ' ');
        TraceLineParser parser;
        return parser.parse(padded.data(), line.size()) && parser[TraceKey::Ev].type != JsonScalar::Type::Missing;
    }
    return false;
}

bool TraceFile::hasTraceSuffix(const std::string& path) {
    const std::string p = lower(path);
    return endsWith(p, ".jsonl") || endsWith(p, ".ndjson");
}

bool TraceFile::looksLikeTrace(const std::string& path) {
    if (hasTraceSuffix(path)) return true;
    std::ifstream in(path, std::ios::binary);
    if (!in) return false;
    // Enough for the first line at its longest (and a few blank lines before it).
    const std::unique_ptr<char[]> buf(new char[kHeadBytes]);
    in.read(buf.get(), static_cast<std::streamsize>(kHeadBytes));
    return looksLikeTraceText(std::string_view(buf.get(), static_cast<std::size_t>(in.gcount())));
}

bool TraceFile::load(const std::string& path, bool buildModel) {
    TraceReader reader;
    followed_.reset();
    mode_ = RunModel::Mode::Full;
    if (buildModel) follow(reader, mode_);
    const bool ok = reader.readFile(path, store_);
    take(reader, ok);
    return ok;
}

bool TraceFile::loadModel(const std::string& path, RunModel::Mode mode) {
    mode_ = mode;
    {
        TraceReader reader;
        follow(reader, mode);
        reader.keepEvents(false);
        const bool ok = reader.readFile(path, store_);
        take(reader, ok);
        if (!ok) return false;
    }
    // takeModel's test, before its title: a title changes no fact.
    if (!renumbered_ && followed_->completes(runConfig(std::string()))) return true;
    followed_.reset();
    TraceReader reader;
    const bool ok = reader.readFile(path, store_);
    take(reader, ok);
    return ok;
}

void TraceFile::follow(TraceReader& reader, RunModel::Mode mode) {
    followed_ = std::make_unique<RunModel>(RunConfig{}, mode);
    reader.follow(followed_.get());
    // An engine run's limiter line comes before its events: the model counts
    // its permits from the first one, as runConfig() will have it (else a
    // second model, the whole run again: +140 MiB and twice the time for a
    // million tasks).
    RunModel* model = followed_.get();
    // So does the clock of a Python trace's meta line (its first): a real
    // clock's times a moment apart are one (RunModel::kRealClockMoment).
    auto early = std::make_shared<RunConfig>();
    reader.onLimiter([model, early](const Limiter& told) {
        early->setLimiter(told);
        model->configure(*early);
    });
    reader.onClock([model, early](const std::string& clock) {
        early->realClock = clock == "real";
        model->configure(*early);
    });
}

RunModel TraceFile::takeModel(const std::string& title) {
    std::unique_ptr<RunModel> followed = std::move(followed_);
    RunConfig config = runConfig(title);
    if (followed && !renumbered_ && followed->completeConfig(config)) return std::move(*followed);
    return RunModel::of(store_, std::move(config), mode_);
}

bool TraceFile::read(std::istream& in) {
    TraceReader reader;
    const bool ok = reader.read(in, store_);
    take(reader, ok);
    return ok;
}

void TraceFile::take(TraceReader& reader, bool ok) {
    names_ = reader.names();
    permits_ = reader.permits();
    primitives_ = reader.primitives();
    programWarnings_ = reader.programWarnings();
    neverAsked_ = reader.neverAsked();
    queueWorkers_ = reader.queueWorkers();
    poolObjects_ = reader.poolObjects();
    canHave_.threadSteps = reader.sawPool(false);
    canHave_.processSteps = reader.sawPool(true);
    canHave_.poolWaits = reader.sawPoolWait();
    canHave_.jobsLeftRunning = reader.sawJobLeftRunning();
    canHave_.cpuSteps = reader.saw(EvKind::CpuBegin) || reader.saw(EvKind::MainCpuBegin) || reader.saw(EvKind::Ready);
    canHave_.frozen = reader.saw(EvKind::Ready);
    canHave_.handOvers = reader.sawHandOver();
    canHave_.queuedJobs = reader.sawQueuedJob();
    // Arriving before a `request`, waiting after it.
    canHave_.arrivals = canHave_.permitWaits = reader.saw(EvKind::Request);
    canHave_.failures = reader.saw(EvKind::Failed);
    canHave_.cancels = reader.saw(EvKind::Cancelled);
    canHave_.destroyed = reader.saw(EvKind::Destroyed);
    canHave_.slotWaits = reader.saw(EvKind::SlotWait);
    canHave_.slotWaitHolds = canHave_.slotWaits && reader.saw(EvKind::Release);
    semaphores_ = reader.semaphoresMade();
    privateSemaphores_ = reader.privateSemaphores();
    limiter_ = reader.limiter();
    skipped_ = reader.skipped();
    error_ = ok ? std::nullopt : reader.error();
    cutLine_ = reader.cutLine();
    stop_ = reader.stop();
    realClock_ = reader.clock() == "real";
    acquiresTold_ = reader.acquiresTold();
    python_ = reader.python();
    program_ = reader.program();
    partial_ = !reader.ended() || cutLine_ > 0;
    renumbered_ = reader.renumbered();
}

std::string TraceFile::titled(const std::string& title) const {
    return partial_ ? title + " (" + std::string(status()) + ")" : title;
}

RunConfig TraceFile::runConfig(const std::string& title) const {
    RunConfig c;
    c.title = titled(title);
    c.names = names_;
    c.permits = permits_;
    c.primitives = primitives_;
    c.taskIds = store_.taskIds();
    c.programWarnings = programWarnings_;
    c.realClock = realClock_;
    c.acquiresTold = acquiresTold_;
    // A task that never asks for a permit runs from its creation: in flight
    // from then (an engine run's trace asks for every task: none).
    if (std::find(neverAsked_.begin(), neverAsked_.end(), 1) != neverAsked_.end()) c.runsFromCreation = neverAsked_;
    c.queueWorkers = queueWorkers_;
    c.poolObjects = poolObjects_;
    // Every task a line names has a lane, also one named only by the
    // caller's result or a queue event: it is "not started", not absent.
    c.tasks = static_cast<std::size_t>(store_.maxTask() + 1);
    // An engine run's trace names no task (a Python trace names every one:
    // docs/trace-extensions.md) and records what main()'s collector
    // received from the start: cut before the first of it, main() had
    // received nothing yet; it is not a recorded program whose main() is
    // its own.
    c.collectorRecorded = c.tasks > 0 && std::all_of(names_.begin(), names_.end(),
                                                     [](const std::string& n) { return n.empty(); });
    // The states and marks its lines show (the timeline's key lists those).
    c.canHave = canHave_;
    c.semaphoresMade = semaphores_;
    c.privateSemaphores = privateSemaphores_;
    // An engine run's limit and collector (its "limiter" line): its permits
    // and limit as the scenario's run counts them (its first track, Permits
    // in use of a shared semaphore or a rate limit's Semaphore(max_at_once),
    // its limit line from t = 0), its header's words for them.
    if (limiter_) {
        c.setLimiter(*limiter_);
        limiterPermits(c);
    }
    return c;
}

void TraceFile::limiterPermits(RunConfig& c) const {
    // A traced program that says its scenario's limit (the program
    // `coroscope-cli python` writes, traced by the Python tracer: its
    // "limiter" line) counts its permits as the engine's run does: a shared
    // semaphore's are that one's (the first the program made; its "held"
    // lines once a second one exists, the downstream service's slots or a
    // semaphore per host: the "permits" lines count those too), and a kind
    // with no shared semaphore (a semaphore per task, a queue's workers, no
    // limit) has none to count (the tasks in flight). A rate limit's stay
    // the tracer's.
    const PermitModel model = limitKindInfo(limiter_->limit.kind).permits;
    if (model == PermitModel::Rate) return;
    if (model != PermitModel::Shared) {
        c.permits.clear();
        return;
    }
    if (c.primitives.empty() || c.primitives.front().held.empty()) return;
    // Before its first "held" line the program had made that one alone: its
    // permits were all the "permits" lines counted.
    const std::vector<PermitSample>& held = c.primitives.front().held;
    const double since = std::min_element(held.begin(), held.end(), [](const PermitSample& a, const PermitSample& b) {
                             return a.t < b.t;
                         })->t;
    std::vector<PermitSample> own;
    for (const PermitSample& p : c.permits)
        if (p.t < since) own.push_back(p);
    own.insert(own.end(), held.begin(), held.end());
    std::stable_sort(own.begin(), own.end(), [](const PermitSample& a, const PermitSample& b) { return a.t < b.t; });
    c.permits = std::move(own);
}

std::size_t TraceFile::laneCount() const {
    return static_cast<std::size_t>(std::max(store_.maxTask() + 1, 0));
}

Scenario TraceFile::stubScenario(const std::string& title, std::size_t maxSpecs) const {
    Scenario s;
    s.title = titled(title);
    if (const std::size_t lanes = laneCount(); lanes <= maxSpecs) s.tasks.resize(lanes);
    // What the engine's "limiter" line told (its run's limit and collector):
    // the stand-in says so, not the defaults "none" and "gather".
    if (limiter_) {
        s.limit = limiter_->limit;
        s.collect = limiter_->collect;
    }
    return s;
}

}  // namespace cs
