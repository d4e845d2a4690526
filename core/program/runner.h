#pragma once
// asyncio.run(main()) (CPython 3.11's asyncio.Runner): run_until_complete
// of the main task, then close(): cancel and await the remaining tasks,
// shutdown_asyncgens, shutdown_default_executor. A program that can make no
// progress is interrupted as Ctrl-C would interrupt asyncio.run (Runner's
// SIGINT handler cancels the main task once; a second interrupt raises
// KeyboardInterrupt). Knows nothing of scenarios: it runs a coroutine.
#include <cstddef>
#include <cstdint>
#include <vector>

#include "loop/event_loop.h"
#include "program/trace_out.h"
#include "task/task.h"

namespace cs::detail {

class Runner {
public:
    // expectedTasks: how many tasks the program will make (all_tasks() reserved once).
    Runner(EventLoop& loop, TraceOut& out, std::size_t expectedTasks);
    Runner(const Runner&) = delete;
    Runner& operator=(const Runner&) = delete;

    // asyncio.run(main): creates the main task; the loop runs it from stepOnce().
    void start(Co<std::int64_t> main);
    // One loop iteration; false once the run has ended (`end` emitted).
    bool stepOnce();
    bool finished() const { return phase_ == Phase::Done; }

    // asyncio.create_task: the task, counted in all_tasks() (creation order).
    Ref<Task> createTask(Co<std::int64_t> co, std::int32_t label);
    Ref<Task> registerTask(Ref<Task> t);
    // How many tasks were created so far (TaskGroup orders by it).
    std::uint64_t taskSerial() const { return taskSerial_; }

    // Drops every task's frame and waits (a run thrown away before its end:
    // frames and the futures they wait on hold each other).
    void abandonAll();

    static void stopCallback(RefCounted* self, Future*);

private:
    enum class Phase : std::uint8_t { Main, CancelAll, AsyncGens, Executor, Done };
    void runUntilComplete(Future* f, Phase phase);
    bool onBlockForever();
    void afterStop();
    void startClosePhase();
    void settleMain();
    void finish();
    static void noop(RefCounted*, Future*) {}
    Co<std::int64_t> trivial() { co_return 0; }

    EventLoop& loop_;
    TraceOut& out_;
    std::vector<Ref<Task>> allTasks_;
    std::uint64_t taskSerial_ = 0;
    Ref<Task> mainTask_;
    Ref<Future> phaseFuture_;
    struct StopToken final : RefCounted { Runner* runner; };
    Ref<StopToken> stopToken_;
    Phase phase_ = Phase::Main;
    bool stopping_ = false;
    int interruptCount_ = 0;
    // The exception escaping asyncio.run(): -1 none (outcome ok),
    // kKeyboardInterrupt (outcome deadlock), else outcome raised:<class>.
    std::int32_t escaped_ = -1;
};

}  // namespace cs::detail
