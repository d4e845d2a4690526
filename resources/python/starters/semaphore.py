"""Semaphore: six downloads, at most two at a time.

Look at: only two lanes are blue at once; the other four wait (orange) for
a permit, and each release hands its permit to the longest waiter (an arrow).
Change LIMIT and run again: the total time is ceil(6 / LIMIT) seconds.
"""
import asyncio

LIMIT = 2


async def download(i, sem):
    async with sem:
        await asyncio.sleep(1.0)
        return i


async def main():
    sem = asyncio.Semaphore(LIMIT)
    tasks = [asyncio.create_task(download(i, sem), name="download-%d" % i) for i in range(6)]
    print("got", await asyncio.gather(*tasks))


asyncio.run(main())
