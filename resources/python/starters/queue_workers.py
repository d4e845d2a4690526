"""Queue + workers: three workers take nine jobs from an asyncio.Queue.

Look at: only the three worker lanes exist (the jobs are not tasks); each
worker takes the next job as soon as it is free, so the nine 1-second jobs
take 3 seconds. queue.join() returns when every job is task_done(); then
main cancels the idle workers.
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
