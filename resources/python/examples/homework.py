"""Homework: download eight pages politely, at most three at a time.

Run it as is:
    python3 homework.py

Trace it for Coroscope (from the repository root):
    PYTHONPATH=resources/python python3 -m coroscope_trace -o homework.jsonl resources/python/examples/homework.py
then open homework.jsonl in Coroscope (File > Import Python trace...).

Questions to answer with the timeline:
  1. Which pages had to wait for a permit, and for how long?
  2. Change LIMIT to 1, then to 8. How do the total time and the waits change?
  3. Replace `await asyncio.sleep(seconds)` in fetch() by `time.sleep(seconds)`.
     What happens to the other tasks while one page "downloads"? Why?
  4. Page "slow.example" has a 0.5 s timeout. What state does it end in, and
     does it give its permit back?
"""
import asyncio
import time  # for question 3

LIMIT = 3

# (page, seconds the server takes to answer)
PAGES = [
    ("python.org", 0.20),
    ("docs.python.org", 0.15),
    ("pypi.org", 0.30),
    ("slow.example", 0.90),
    ("peps.python.org", 0.10),
    ("wiki.python.org", 0.25),
    ("mail.python.org", 0.20),
    ("bugs.python.org", 0.15),
]


async def fetch(sem, page, seconds):
    async with sem:                      # wait here for one of the LIMIT permits
        await asyncio.sleep(seconds)     # the "download": the loop runs others meanwhile
        return f"{page}: {int(seconds * 1000)} ms"


async def fetch_with_timeout(sem, page, seconds):
    if page == "slow.example":
        return await asyncio.wait_for(fetch(sem, page, seconds), timeout=0.5)
    return await fetch(sem, page, seconds)


async def main():
    sem = asyncio.Semaphore(LIMIT)
    started = time.perf_counter()
    tasks = [asyncio.create_task(fetch_with_timeout(sem, page, s), name=page) for page, s in PAGES]
    results = await asyncio.gather(*tasks, return_exceptions=True)
    for (page, _), r in zip(PAGES, results):
        print(f"{page:18} {r if not isinstance(r, Exception) else type(r).__name__}")
    print(f"total: {time.perf_counter() - started:.2f} s")


if __name__ == "__main__":
    asyncio.run(main())
