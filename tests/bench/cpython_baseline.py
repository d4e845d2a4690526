#!/usr/bin/env python3
"""The benchmark program in plain CPython 3.11 asyncio on a virtual clock.

N tasks behind one asyncio.Semaphore(LIMIT), one io step each (uniform
1.0-1.6 s, seeded), collected by asyncio.gather; every trace event is kept in
memory as a tuple, as the engine keeps its trace. Only the clock is virtual
(the selector adds the select timeout to the loop's time), so this is the
fastest honest CPython run of the same program: the peer for BENCHMARKS.md.

usage: cpython_baseline.py [N] [LIMIT]
"""
import asyncio
import random
import selectors
import sys
import time


class VirtualSelector(selectors.BaseSelector):
    def __init__(self):
        self.loop = None
        self._map = {}

    def register(self, fileobj, events, data=None):
        key = selectors.SelectorKey(fileobj, fileobj if isinstance(fileobj, int) else fileobj.fileno(), events, data)
        self._map[fileobj] = key
        return key

    def unregister(self, fileobj):
        return self._map.pop(fileobj)

    def get_map(self):
        return self._map

    def select(self, timeout=None):
        if timeout is None:
            raise RuntimeError("deadlock")
        self.loop._now += timeout
        return []

    def close(self):
        pass


class VirtualLoop(asyncio.SelectorEventLoop):
    def __init__(self):
        sel = VirtualSelector()
        super().__init__(sel)
        sel.loop = self
        self._now = 0.0

    def time(self):
        return self._now


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
    limit = int(sys.argv[2]) if len(sys.argv) > 2 else 100
    rng = random.Random(1)
    durations = [rng.uniform(1.0, 1.6) for _ in range(n)]
    trace = []

    async def job(i, sem, loop):
        trace.append((loop.time(), "created", i))
        trace.append((loop.time(), "request", i))
        async with sem:
            trace.append((loop.time(), "running", i))
            await asyncio.sleep(durations[i])
        trace.append((loop.time(), "done", i))
        return i

    async def amain():
        loop = asyncio.get_running_loop()
        sem = asyncio.Semaphore(limit)
        tasks = [asyncio.create_task(job(i, sem, loop)) for i in range(n)]
        results = await asyncio.gather(*tasks)
        for i in results:
            trace.append((loop.time(), "result", i))
        trace.append((loop.time(), "collected", -1))

    start = time.perf_counter()
    with asyncio.Runner(loop_factory=VirtualLoop) as runner:
        runner.run(amain())
        makespan = runner.get_loop().time()
    wall = time.perf_counter() - start
    print(f'{{"tasks": {n}, "events": {len(trace)}, "makespan_s": {makespan}, "wall_s": {wall:.3f}}}')


if __name__ == "__main__":
    main()
