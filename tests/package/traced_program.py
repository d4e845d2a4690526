"""The asyncio program the installation checks trace: four tasks, at most two
at a time (package_support.check_trace knows its shape)."""
import asyncio

TASKS = 4


async def job(sem, i):
    async with sem:
        await asyncio.sleep(0.01 * (i + 1))


async def main():
    sem = asyncio.Semaphore(2)
    await asyncio.gather(*(job(sem, i) for i in range(TASKS)))


if __name__ == "__main__":
    asyncio.run(main())
