"""Tasks that swallow a cancel, and tasks whose cancels are asyncio's own:
the tracer's "swallowed cancel" note goes on stubborn, inner, catches and
wait_for's inner task only (test_runner.py on the virtual clock,
test_tracer.py in real time). Times are in units of argv[1] seconds (1)."""
import asyncio
import sys

UNIT = float(sys.argv[1]) if len(sys.argv) > 1 else 1.0


async def stubborn():
    try:
        await asyncio.sleep(10 * UNIT)
    except asyncio.CancelledError:
        await asyncio.sleep(0.5 * UNIT)
        return "swallowed"


async def plain():
    await asyncio.sleep(10 * UNIT)


async def awaits(task):
    return await task


async def catches(task):
    try:
        await task
    except asyncio.CancelledError:
        return "caught"


async def crash():
    await asyncio.sleep(0.1 * UNIT)
    raise ValueError


async def group():
    try:
        async with asyncio.TaskGroup() as tg:
            tg.create_task(crash())
    except* ValueError:
        pass
    return "group"


async def timed():
    try:
        async with asyncio.timeout(0.1 * UNIT):
            await asyncio.sleep(UNIT)
    except TimeoutError:
        return "timed"


async def main():
    s = asyncio.create_task(stubborn(), name="stubborn")
    inner = asyncio.create_task(stubborn(), name="inner")
    outer = asyncio.create_task(awaits(inner), name="outer")
    p = asyncio.create_task(plain(), name="plain")
    c = asyncio.create_task(catches(p), name="catches")
    g = asyncio.create_task(group(), name="group")
    t = asyncio.create_task(timed(), name="timed")
    await asyncio.sleep(UNIT)
    for x in (s, outer, c):
        x.cancel()
    print(await asyncio.gather(s, outer, c, g, t, return_exceptions=True))
    print(await asyncio.wait_for(stubborn(), timeout=UNIT))

asyncio.run(main())
