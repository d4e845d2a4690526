"""TaskGroup: when one task fails, the group cancels its siblings.

Look at: "payment" fails at t=1; "email" and "report" (which would have run
until t=3) are cancelled at that moment; the block raises an ExceptionGroup
that main catches.
"""
import asyncio


async def step(seconds, fail=False):
    await asyncio.sleep(seconds)
    if fail:
        raise ValueError("card declined")


async def main():
    try:
        async with asyncio.TaskGroup() as tg:
            tg.create_task(step(3), name="email")
            tg.create_task(step(1, fail=True), name="payment")
            tg.create_task(step(3), name="report")
    except* ValueError as group:
        print("caught:", [str(e) for e in group.exceptions], "at", asyncio.get_running_loop().time())


asyncio.run(main())
