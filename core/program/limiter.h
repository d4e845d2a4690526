#pragma once
// One limiter per limit kind (spec section 1, `limit`; the Python each
// denotes: core/codegen). What a kind *is* (name, fields, flags) is in
// model/kinds.h; this is what it *does* in the engine:
//
//   semaphore, bounded_semaphore, connector   one shared Semaphore around each job
//   adaptive                                  the same, resized by AIMD as jobs end
//   semaphore_per_task                        a Semaphore made in each job (limits nothing)
//   rate                                      an optional Semaphore(max_at_once), then a start slot
//   none                                      nothing
//   queue, manual, chunks, scheduler          main() paces the tasks itself (drive())
//
// The job asks its limiter what to take before its steps (permits(), then
// pace()) and tells it when it got in and when it ended.
#include <cstdint>
#include <memory>

#include "program/parts.h"
#include "sync/semaphore.h"
#include "task/co.h"

namespace cs {
struct LoopSnapshot;
}

namespace cs::detail {

class Collector;

// The call_at callback of a limit.schedule entry: sem.resize(value).
void resizeOnSchedule(RefCounted* self, Future*);

class Limiter {
public:
    explicit Limiter(ProgramParts& p) : p_(p) {}
    virtual ~Limiter() = default;
    Limiter(const Limiter&) = delete;
    Limiter& operator=(const Limiter&) = delete;

    // At the start of main(), before any task exists (limit.schedule's call_at timers).
    virtual void start() {}
    // How main() starts and collects the tasks: the collector's way, unless
    // the kind paces them itself.
    virtual Co<void> drive(Collector& collector);
    // The semaphore job i acquires around its steps (`async with sem:`), or
    // null; a semaphore made for this job alone is kept in `own`.
    virtual Semaphore* permits(Ref<Semaphore>& own) { (void)own; return nullptr; }
    // After the permit, before the steps: whether the job waits for a start slot, and job i's wait.
    virtual bool paces() const { return false; }
    virtual Co<void> pace(std::int32_t i) { (void)i; co_return; }
    // Job i got in (its steps start) / ended (after its last event).
    virtual void gotIn(std::int32_t i) { (void)i; }
    virtual void ended(std::int32_t i, bool failed) { (void)i; (void)failed; }
    // The loop view's semaphores.
    virtual void snapshot(LoopSnapshot& s) const { (void)s; }

    // The limiter of the scenario's limit kind.
    static std::unique_ptr<Limiter> make(ProgramParts& p);
    // sem.release() by task i, traced with the waiter it woke.
    static void release(ProgramParts& p, std::int32_t i, Semaphore& s);
    // A semaphore as the loop view shows it (nothing for none).
    static void addToSnapshot(LoopSnapshot& s, const char* name, const Semaphore* sem);

protected:
    ProgramParts& p_;
};

}  // namespace cs::detail
