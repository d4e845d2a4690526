"""to_thread: the same blocking call, moved to a worker thread.

Look at: "blocker"'s time.sleep(2) runs in a thread (a thread slice) while
the loop stays free, so "ticker" ends at t=1 and "blocker" at t=2.
Compare with blocking_call.py.
"""
import asyncio
import time


async def blocker():
    await asyncio.to_thread(time.sleep, 2)


async def ticker():
    await asyncio.sleep(1)
    print("ticker woke at", asyncio.get_running_loop().time())


async def main():
    await asyncio.gather(asyncio.create_task(ticker(), name="ticker"),
                         asyncio.create_task(blocker(), name="blocker"))


asyncio.run(main())
