"""Five downloads through a Semaphore(2): the tracer's test program."""
import asyncio


async def download(sem, i):
    async with sem:
        await asyncio.sleep(0.05)
    return i


async def main():
    sem = asyncio.Semaphore(2)
    tasks = [asyncio.create_task(download(sem, i), name=f"download-{i}") for i in range(5)]
    print(await asyncio.gather(*tasks))


asyncio.run(main())
