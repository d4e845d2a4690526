"""A blocking call: time.sleep inside a task freezes the whole event loop.

Look at: "blocker" holds the loop (a cpu slice) for 2 s; "ticker", which
only wanted to sleep 1 s, cannot resume until the loop is free: it ends at
t=2, not t=1. Replace time.sleep by await asyncio.sleep (or see
to_thread.py) and it ends at t=1.
"""
import asyncio
import time


async def blocker():
    time.sleep(2)


async def ticker():
    await asyncio.sleep(1)
    print("ticker woke at", asyncio.get_running_loop().time())


async def main():
    await asyncio.gather(asyncio.create_task(ticker(), name="ticker"),
                         asyncio.create_task(blocker(), name="blocker"))


asyncio.run(main())
