"""Graceful shutdown: a signal handler sets an Event, the server task is
cancelled and its cleanup awaited.

The comment line under this header sends Ctrl-C (SIGINT) at virtual time
2.5 s on every run (the app's Signal... button writes such lines; the
command line's --signal SIGINT@2.5 does the same for one run).

Look at: the server handles a request each second until SIGINT arrives at
t=2.5; main cancels it; its `finally` block still awaits 0.5 s of cleanup,
so the program ends at t=3.0, after "cleanup done".
"""
# coroscope: signal SIGINT at 2.5
import asyncio
import signal


async def server():
    try:
        n = 0
        while True:
            await asyncio.sleep(1)
            n += 1
            print("handled request", n)
    finally:
        print("closing connections...")
        await asyncio.sleep(0.5)
        print("cleanup done")


async def main():
    stop = asyncio.Event()
    asyncio.get_running_loop().add_signal_handler(signal.SIGINT, stop.set)
    task = asyncio.create_task(server(), name="server")
    await stop.wait()
    print("shutting down")
    task.cancel()
    try:
        await task
    except asyncio.CancelledError:
        pass


asyncio.run(main())
