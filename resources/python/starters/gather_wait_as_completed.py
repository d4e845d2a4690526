"""gather, wait and as_completed: three ways to collect the same tasks.

Look at: gather returns the results in the order given (slow first), even
though the fast one ends first; as_completed yields them in the order they
finish; wait(FIRST_COMPLETED) returns as soon as one is done and leaves the
others pending (main cancels them).
"""
import asyncio


async def job(name, seconds):
    await asyncio.sleep(seconds)
    return name


async def main():
    print("gather:", await asyncio.gather(job("slow", 3), job("medium", 2), job("fast", 1)))
    order = [await f for f in asyncio.as_completed([job("slow", 3), job("medium", 2), job("fast", 1)])]
    print("as_completed:", order)
    tasks = [asyncio.create_task(job(n, s), name=n) for n, s in (("slow", 3), ("medium", 2), ("fast", 1))]
    done, pending = await asyncio.wait(tasks, return_when=asyncio.FIRST_COMPLETED)
    print("wait: done", sorted(t.get_name() for t in done), "pending", sorted(t.get_name() for t in pending))
    for t in pending:
        t.cancel()
    await asyncio.gather(*pending, return_exceptions=True)


asyncio.run(main())
