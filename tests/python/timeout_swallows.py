"""asyncio.timeout() and timeout_at() whose cancel the code inside swallows
(CPython then raises no TimeoutError, and its __aexit__'s uncancel() leaves
no cancel request pending), and timeouts that work as meant: the tracer's
"swallowed cancel" note goes on the done lines of swallow_at, rescheduled,
nested_inner_swallows, outer_fires_inner_catches and renamed only
(test_tracer.py in real time, test_runner.py on the virtual clock). Times
are in units of argv[1] seconds (1)."""
import asyncio
import sys

UNIT = float(sys.argv[1]) if len(sys.argv) > 1 else 1.0


async def swallow_at():
    loop = asyncio.get_running_loop()
    async with asyncio.timeout_at(loop.time() + UNIT):
        try:
            await asyncio.sleep(10 * UNIT)
        except asyncio.CancelledError:
            pass
    return "at"


async def propagated():
    try:
        async with asyncio.timeout(UNIT):
            await asyncio.sleep(10 * UNIT)
    except TimeoutError:
        return "timeout"


async def rescheduled():
    async with asyncio.timeout(None) as cm:
        cm.reschedule(asyncio.get_running_loop().time() + UNIT)
        try:
            await asyncio.sleep(10 * UNIT)
        except asyncio.CancelledError:
            pass
    return "rescheduled"


async def moved_later():
    async with asyncio.timeout(UNIT) as cm:
        cm.reschedule(asyncio.get_running_loop().time() + 10 * UNIT)
        await asyncio.sleep(2 * UNIT)
    return "moved"


async def nested_inner_swallows():
    async with asyncio.timeout(10 * UNIT):
        async with asyncio.timeout(UNIT):
            try:
                await asyncio.sleep(10 * UNIT)
            except asyncio.CancelledError:
                pass
    return "nested"


async def outer_fires_inner_catches():
    async with asyncio.timeout(UNIT):
        async with asyncio.timeout(10 * UNIT):
            try:
                await asyncio.sleep(10 * UNIT)
            except asyncio.CancelledError:
                pass
    return "outer swallowed"


async def nested_outer_fires():
    try:
        async with asyncio.timeout(UNIT):
            async with asyncio.timeout(10 * UNIT):
                await asyncio.sleep(10 * UNIT)
    except TimeoutError:
        return "outer"


async def nested_both_fire():
    try:
        async with asyncio.timeout(UNIT):
            try:
                async with asyncio.timeout(UNIT):
                    await asyncio.sleep(10 * UNIT)
            except TimeoutError:
                return "inner"
    except TimeoutError:
        return "both"


async def swallow_then_fail():
    async with asyncio.timeout(UNIT):
        try:
            await asyncio.sleep(10 * UNIT)
        except asyncio.CancelledError:
            pass
    raise ValueError("after")


async def renamed():
    async with asyncio.timeout(UNIT):
        try:
            await asyncio.sleep(10 * UNIT)
        except asyncio.CancelledError:
            pass
    asyncio.current_task().set_name("renamed")
    await asyncio.sleep(UNIT)
    return "renamed"


async def not_expired():
    async with asyncio.timeout(10 * UNIT):
        await asyncio.sleep(UNIT)
    return "fine"


NAMES = ["swallow_at", "propagated", "rescheduled", "moved_later", "nested_inner_swallows",
         "outer_fires_inner_catches", "nested_outer_fires", "nested_both_fire", "swallow_then_fail",
         "renamed", "not_expired"]


async def main():
    tasks = [asyncio.create_task(globals()[name](), name=name if name != "renamed" else "to-rename")
             for name in NAMES]
    print(await asyncio.gather(*tasks, return_exceptions=True))
    async with asyncio.timeout(UNIT):  # main()'s own swallow: it has no lane
        try:
            await asyncio.sleep(10 * UNIT)
        except asyncio.CancelledError:
            pass

asyncio.run(main())
