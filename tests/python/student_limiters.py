"""A student's limiter that test_runner.py and test_tracer.py both run
(one copy): a leaky bucket whose waiters wait for a future of their own that
a loop.call_later() drip completes when the bucket has room (aiolimiter
1.2's way, written by hand: no package here). Its module needs `asyncio`
imported before it."""

LEAKY_DRIP = """
import collections

class LeakyBucket:
    def __init__(self, max_rate, time_period):
        self.max_rate, self.rate = max_rate, max_rate / time_period
        self.level, self.last, self.waiters, self.timer = 0.0, 0.0, collections.deque(), None

    def _leak(self):
        now = asyncio.get_running_loop().time()
        self.level = max(self.level - (now - self.last) * self.rate, 0.0)
        self.last = now

    def _arm(self, loop):
        delay = (self.level + 1 - self.max_rate) / self.rate
        self.timer = loop.call_later(max(delay, 0.0), self._drip)

    def _drip(self):
        self.timer = None
        self._leak()
        while self.waiters and self.level + 1 <= self.max_rate + 1e-9:
            fut = self.waiters.popleft()
            if not fut.done():
                self.level += 1
                fut.set_result(None)
        if self.waiters:
            self._arm(asyncio.get_running_loop())

    async def acquire(self):
        loop = asyncio.get_running_loop()
        self._leak()
        if not self.waiters and self.level + 1 <= self.max_rate:
            self.level += 1
            return
        fut = loop.create_future()
        self.waiters.append(fut)
        if self.timer is None:
            self._arm(loop)
        await fut

    async def __aenter__(self):
        await self.acquire()

    async def __aexit__(self, *exc):
        pass
"""
