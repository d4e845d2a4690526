"""asyncio debug mode: the warnings it gives, each on its line.

asyncio.run(main(), debug=True). Look at the warning lines: a coroutine
that was never awaited (the forgotten `await` below) and a step that held
the loop longer than 100 ms (the time.sleep(0.2)): asyncio's own messages,
each with the line it concerns.
"""
import asyncio
import time


async def save():
    await asyncio.sleep(0.1)


async def main():
    save()              # forgotten await: "coroutine 'save' was never awaited"
    time.sleep(0.2)     # blocks the loop: "Executing <Task ...> took 0.200 seconds"
    await asyncio.sleep(1)


asyncio.run(main(), debug=True)
