"""wait_for and asyncio.timeout: giving up after a deadline.

Look at: wait_for runs the slow call in an inner task (its lane nests under
"caller") and cancels it at t=1; asyncio.timeout cancels the awaiting code
itself at t=1 + 2 = 3; both raise TimeoutError in the caller.
"""
import asyncio


async def slow_call():
    await asyncio.sleep(10)


async def caller():
    loop = asyncio.get_running_loop()
    try:
        await asyncio.wait_for(slow_call(), timeout=1)
    except TimeoutError:
        print("wait_for gave up at", loop.time())
    try:
        async with asyncio.timeout(2):
            await slow_call()
    except TimeoutError:
        print("timeout gave up at", loop.time())


async def main():
    await asyncio.create_task(caller(), name="caller")


asyncio.run(main())
