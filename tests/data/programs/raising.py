import asyncio

async def worker(i, sem):
    async with sem:
        print("worker", i)
        await asyncio.sleep(1 + i * 0.5)
        if i == 3:
            raise ValueError("boom %d" % i)

async def main():
    sem = asyncio.Semaphore(2)
    await asyncio.gather(*(worker(i, sem) for i in range(5)))

asyncio.run(main())
