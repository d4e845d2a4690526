# A traced program for the import test (tests/ui/trace_import_test.cpp):
# named tasks behind a Semaphore collected with as_completed, a bare
# to_thread task, and wait_for (whose inner task nests under its caller).
import asyncio
import time


async def fetch(sem, i):
    async with sem:
        await asyncio.sleep(0.1 * (i + 1))
        return i


async def slow():
    await asyncio.sleep(1.0)


async def guarded():
    try:
        await asyncio.wait_for(slow(), timeout=0.25)
    except asyncio.TimeoutError:
        return "timed out"


async def main():
    sem = asyncio.Semaphore(2)
    tasks = [asyncio.create_task(fetch(sem, i), name=f"fetch-{i}") for i in range(4)]
    blocking = asyncio.create_task(asyncio.to_thread(time.sleep, 0.2), name="blocking-io")
    guard = asyncio.create_task(guarded(), name="guard")
    for fut in asyncio.as_completed(tasks):
        await fut
    await blocking
    await guard


asyncio.run(main())
