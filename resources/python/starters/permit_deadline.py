"""A permit with a deadline: wait_for(sem.acquire(), t) and asyncio.timeout.

Look at: three workers share Semaphore(1) and each needs it for a second.
"patient" takes it first. "hasty" gives up after 0.5 s (wait_for around
acquire()) and serves from its cache instead: its lane turns from waiting to
running without a permit at 0.5, and its story says it gave up waiting and
never got a permit. "retrying" tries for 0.7 s at a time (asyncio.timeout),
tries again at once and so waits on, unbroken, until "patient" releases at
1.0. On 3.11 wait_for runs acquire() in an inner task: it is no lane, since
the wait and the permit are the worker's.
"""
import asyncio


async def patient(sem):
    async with sem:
        await asyncio.sleep(1)


async def hasty(sem):
    try:
        await asyncio.wait_for(sem.acquire(), timeout=0.5)
    except TimeoutError:
        print("hasty: busy, served from the cache")
        await asyncio.sleep(0.2)
        return
    try:
        await asyncio.sleep(1)
    finally:
        sem.release()


async def retrying(sem):
    loop = asyncio.get_running_loop()
    while True:
        try:
            async with asyncio.timeout(0.7):
                await sem.acquire()
            break
        except TimeoutError:
            print("retrying: still busy at", loop.time())
    try:
        print("retrying: got it at", loop.time())
        await asyncio.sleep(1)
    finally:
        sem.release()


async def main():
    sem = asyncio.Semaphore(1)
    async with asyncio.TaskGroup() as tg:
        tg.create_task(patient(sem), name="patient")
        tg.create_task(hasty(sem), name="hasty")
        tg.create_task(retrying(sem), name="retrying")


asyncio.run(main())
