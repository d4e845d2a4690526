"""Two limits at once, written as two nested semaphores: one for all
requests, one per host. (aiohttp's TCPConnector(limit=4, limit_per_host=2)
does not nest them: a request waits, holding no connection, until both
allow it.)

Look at: the Permits track draws each semaphore in a band of its own. Host
"a" gets 8 of the 12 one-second requests: its band stays full (2 of 2) to
t=4, and it sets the end (8 requests, 2 at a time). The band of all
requests is full to t=3, of requests that hold a permit of it only to wait
for host "a" (hover a3's lane at t=0.5: it holds one of #1 and waits for
#2, host "a"'s): so host "b", free half the time (1 of 2), serves one
request at a time and its last one, b11, ends at t=4.0. Swap the two
`async with` lines (the host's permit first) and run again: "b" serves two
at a time and its four requests are done at t=2.0; the end is still t=4.0.
"""
import asyncio

HOSTS = ["a", "a", "b"] * 4          # host "a" gets two requests of every three


async def fetch(everything, per_host, host):
    async with everything:           # at most 4 requests in all
        async with per_host[host]:   # at most 2 to each host
            await asyncio.sleep(1)   # the request itself


async def main():
    everything = asyncio.Semaphore(4)
    per_host = {"a": asyncio.Semaphore(2), "b": asyncio.Semaphore(2)}
    await asyncio.gather(*(asyncio.create_task(fetch(everything, per_host, host), name=f"{host}{i}")
                           for i, host in enumerate(HOSTS)))
    print("all done at", asyncio.get_running_loop().time())


asyncio.run(main())
