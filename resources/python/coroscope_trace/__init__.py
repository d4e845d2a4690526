"""Trace an asyncio program into Coroscope's JSON lines (spec section 4).

Two ways to run a program, one trace format:

    python3 -m coroscope_trace [-o OUT] program.py [args]            real time
    python3 -m coroscope_trace --virtual [-o OUT] program.py [args]  virtual clock

Real time: the program runs as `python3 program.py` would and the tracer
records what its tasks do, times from time.monotonic(). From code:

    import coroscope_trace
    with coroscope_trace.tracing("run.jsonl"):
        asyncio.run(main())

Virtual clock (Python 3.11): the program runs on an event loop whose clock
never waits: asyncio.sleep(d) takes d virtual seconds, time.sleep(d) on the
loop's thread blocks the loop for d virtual seconds, jobs of to_thread and
run_in_executor run in worker threads that take turns with the loop. The
run is instant and the same every time. See runner.py and the README's
"Tracing your own program".

What is recorded, per task (ids in creation order, "name": task.get_name()
on every line of a task):

  created    its first step ran ("parent": the id of the task that created
             it; absent when the program's main coroutine, or no task, did)
  request    its first await of Semaphore/BoundedSemaphore/Lock.acquire()
  running    its first successful acquire (it now holds a permit)
  gave_up    it stopped waiting without the permit and went on (a timed-out
             wait_for(sem.acquire(), t), or asyncio.timeout() around its
             acquire() whose TimeoutError it caught); a wait after it is a
             request again
  release    each release() by the task; "woke": the task it handed the
             permit to (-1: nobody was waiting)
  done / failed (+ failed_exc with the class) / cancelled   when it ended
  cpu_begin/cpu_end        the task blocked the loop's thread (time.sleep)
  thread_queued            its loop.run_in_executor()/asyncio.to_thread() job
                           finds every worker of the pool busy (it waits in
                           the pool's queue until its thread_begin)
  thread_begin/thread_end  a worker runs that job (a thread_end with no
                           begin: the job was cancelled before a worker took it)
  thread_left              the task stopped awaiting its running job (its
                           future was cancelled): the job runs on to its end

Each item put into one of the program's own asyncio.Queues is a lane too,
numbered with the tasks (queues.py): put_wait (its put() waits for room),
enqueue, and when a task takes it worker (that task's number on the queue),
created, request and running; the taking task's lines are the item's until
its task_done() (done, failed or cancelled), and a worker that has no line
of its own before it first gets an item has no lane.

and for the whole program: "limit" (the first Semaphore's initial value;
for a Semaphore(0), the program's only primitive, one more at each signal,
a release by one holding none of its permits, and one fewer when a task
ends holding a signal's permit: used up),
"permits" (permits held across the traced primitives), "semaphores" (how
many Semaphores and Locks the program has made, from the second on: then
"limit" is not the program's limit; at the end with "private": how many of
them one task alone used), "primitive" and "held" (from the second on,
what each of the first 16 is and its own permits held; "size": a
Semaphore(0) of theirs used as a signal, opened by each signal, closed by
each used up), "raise" when the
main coroutine raised, "main_returned" when it returned, "main_started"
when a later one starts (asyncio.run() called again), and "end" with
"ok" or "raised:Name". The first
line is "meta" (the Python that ran, and "clock": "real" or "virtual"); the
virtual runner adds "output", "warning", "error", "signal" and "stopped"
lines (docs/trace-extensions.md).

The main task that asyncio.run() (or run_until_complete) makes for the
program's coroutine plays the caller's role, as main() does in a scenario:
it gets no lane. The loop's own shutdown tasks are not traced either, nor a
task whose coroutine is a Semaphore's or Lock's acquire() made by a traced
task (wait_for(sem.acquire(), t) on 3.11): its wait and permit are its
maker's; made by main()'s wait_for(), its permit is main()'s, counted in
the permits held as main()'s own acquire() is.
A task's request/running are its first acquisition; a later acquisition
(a second semaphore, a Queue item's first permit) moves the permits count, and
when it must wait, writes request again (and running when it gets the
permit): the task waits for a permit then, not runs.
"""

from .tracer import Task, Tracer, current, install, tracing

__all__ = ["Tracer", "Task", "install", "tracing", "current", "run_virtual"]


def run_virtual(program, args=(), **options):
    """Run `program` (a path) on the virtual clock in this process; returns
    the exit status. Options are those of the command line (runner.Options).
    The process is the run's: it is changed for good (clocks, asyncio)."""
    from . import runner
    return runner.run_virtual(program, args, **options)
