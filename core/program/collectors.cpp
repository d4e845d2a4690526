#include <optional>
#include <vector>

#include "combinators/gather.h"
#include "combinators/task_group.h"
#include "combinators/wait.h"
#include "loop/pool.h"
#include "program/collector.h"
#include "program/job.h"
#include "program/runner.h"
#include "program/task_label.h"
#include "program/trace_out.h"

namespace cs::detail {

namespace {

std::int32_t taskCount(const ProgramParts& p) { return static_cast<std::int32_t>(p.sc.tasks.size()); }

// tasks = [asyncio.create_task(runner(i)) for i in range(n)]
std::vector<Ref<Future>> createAll(ProgramParts& p) {
    const std::int32_t n = taskCount(p);
    std::vector<Ref<Future>> tasks;
    reserveHuge(tasks, static_cast<std::size_t>(n));
    for (std::int32_t i = 0; i < n; ++i) tasks.emplace_back(p.jobs->createRunnerTask(i));
    return tasks;
}

// for i in range(n): await runner(i)
class Sequential final : public Collector {
public:
    using Collector::Collector;
    Co<void> collect() override {
        for (std::int32_t i = 0, n = taskCount(p_); i < n; ++i) {
            co_await p_.jobs->runJobInline(i);
            p_.out.returned();
            p_.out.emit(EvKind::Result, i, 1);
        }
        p_.jobs->collected();
    }
};

// await asyncio.gather(*tasks, return_exceptions=...)
class Gather final : public Collector {
public:
    using Collector::Collector;
    Co<void> collect() override {
        const std::int32_t n = taskCount(p_);
        Ref<GatheringFuture> g = gather(p_.loop, createAll(p_), p_.sc.collect.returnExceptions);
        co_await AwaitFuture{g.get()};
        p_.out.returned();
        const auto& ok = g->okList();
        for (std::int32_t i = 0; i < n; ++i) p_.out.emit(EvKind::Result, i, ok[static_cast<std::size_t>(i)]);
        p_.jobs->collected();
    }
};

// done, pending = await asyncio.wait(tasks, timeout=..., return_when=...);
// on_return: cancel the pending ones and wait for them.
class Wait final : public Collector {
public:
    using Collector::Collector;
    Co<void> collect() override {
        const Collect& c = p_.sc.collect;
        std::vector<Ref<Future>> tasks = createAll(p_);
        WaitResult r = co_await wait(p_.loop, tasks, c.timeout, c.returnWhen);
        p_.out.returned();
        sortByLabel(r.done);
        sortByLabel(r.pending);
        for (auto& f : r.done) p_.out.emit(EvKind::Result, labelOf(f), f->succeeded());
        for (auto& f : r.pending) p_.out.emit(EvKind::Pending, labelOf(f));
        if (c.cancelOnReturn) {
            for (auto& f : r.pending) f->cancel();
            if (!r.pending.empty()) {
                co_await wait(p_.loop, r.pending, -1.0, ReturnWhen::AllCompleted);
                p_.out.returned();
            }
        }
        p_.jobs->collected();
    }
};

// for f in asyncio.as_completed(tasks, timeout=...): await f
class AsCompletedCollector final : public Collector {
public:
    using Collector::Collector;
    Co<void> collect() override {
        Ref<AsCompleted> ac(new AsCompleted(p_.loop, createAll(p_), p_.sc.collect.timeout));
        for (std::size_t k = 0; k < ac->count(); ++k) {
            Ref<Future> f = co_await ac->next();
            if (f->cancelled()) throw PyError{{kCancelledError}};  // f.result() raises it; not an Exception
            p_.out.returned();
            p_.out.emit(EvKind::Result, labelOf(f), f->succeeded());
        }
        p_.jobs->collected();
    }
};

// async with asyncio.TaskGroup() as tg: tg.create_task(runner(i)) ...
class TaskGroupCollector final : public Collector {
public:
    using Collector::Collector;
    Co<void> collect() override {
        const std::int32_t n = taskCount(p_);
        Ref<TaskGroup> tg(new TaskGroup(p_.loop));
        tg->enter();
        for (std::int32_t i = 0; i < n; ++i) tg->adopt(p_.jobs->createRunnerTask(i), p_.runner.taskSerial());
        co_await tg->exit(std::nullopt);
        p_.out.returned();
        for (std::int32_t i = 0; i < n; ++i) p_.out.emit(EvKind::Result, i, 1);
        p_.jobs->collected();
    }
};

}  // namespace

std::unique_ptr<Collector> Collector::make(ProgramParts& p) {
    switch (p.sc.collect.kind) {
        case CollectKind::Sequential:
            return std::make_unique<Sequential>(p);
        case CollectKind::Wait:
            return std::make_unique<Wait>(p);
        case CollectKind::AsCompleted:
            return std::make_unique<AsCompletedCollector>(p);
        case CollectKind::TaskGroup:
            return std::make_unique<TaskGroupCollector>(p);
        case CollectKind::Gather:
            break;
    }
    return std::make_unique<Gather>(p);
}

}  // namespace cs::detail
