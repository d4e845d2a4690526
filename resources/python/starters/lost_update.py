"""Lost update, and the Lock that fixes it.

Look at: five tasks each read a shared counter, await (a context switch),
then write counter + 1. Without a lock every task reads 0 before any writes:
the counter ends at 1, not 5. With asyncio.Lock around read-await-write the
tasks take turns (request/running lanes) and it ends at 5.
"""
import asyncio

counter = 0


async def increment(lock):
    global counter
    if lock is None:
        value = counter
        await asyncio.sleep(0.1)
        counter = value + 1
    else:
        async with lock:
            value = counter
            await asyncio.sleep(0.1)
            counter = value + 1


async def run(lock):
    global counter
    counter = 0
    await asyncio.gather(*(asyncio.create_task(increment(lock)) for _ in range(5)))
    return counter


async def main():
    print("without a lock:", await run(None))
    print("with a lock:", await run(asyncio.Lock()))


asyncio.run(main())
