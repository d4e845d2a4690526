"""Queue + workers: three workers take nine jobs from an asyncio.Queue.

Look at: each job is a lane (the tracer follows the items of the program's
own queues), queued from the start until a worker is free to take it; the
workers track shows which worker ran which job. So the nine 1-second jobs
take 3 seconds, three at a time, and the run counts nine jobs done.
queue.join() returns when every job is task_done(); then main cancels the
idle workers, which have no lanes of their own (they only loop on get()).
"""
import asyncio


async def worker(name, queue):
    while True:
        job = await queue.get()
        await asyncio.sleep(1.0)
        print(name, "finished job", job)
        queue.task_done()


async def main():
    queue = asyncio.Queue()
    for job in range(9):
        queue.put_nowait(job)
    workers = [asyncio.create_task(worker("worker-%d" % i, queue), name="worker-%d" % i) for i in range(3)]
    await queue.join()
    for w in workers:
        w.cancel()
    await asyncio.gather(*workers, return_exceptions=True)


asyncio.run(main())
