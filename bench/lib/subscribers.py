#!/usr/bin/env python3
"""Holds N change-event streams (POST /api/v1/events/subscribe/project-events) open on a Coffer server.

  subscribers.py BASE_URL PROJECT_ID N     (the token in BENCH_TOKEN)

Prints "READY <open> <failed>" once every stream has answered its headers (or failed), then keeps reading
(heartbeats, events) until it is sent SIGTERM; then prints "OPEN <n>", the
streams still open at the end.
"""
import asyncio
import json
import os
import resource
import signal
import sys
import urllib.parse


async def subscribe(host, port, request, counts, streams):
    try:
        reader, writer = await asyncio.open_connection(host, port)
        writer.write(request)
        await writer.drain()
        status = await asyncio.wait_for(reader.readline(), 60)
        if b" 200 " not in status:
            counts["failed"] += 1
            writer.close()
            return
        while (await asyncio.wait_for(reader.readline(), 60)) not in (b"\r\n", b""):
            pass
        counts["open"] += 1
        streams.append(writer)
        while await reader.read(4096):
            pass
    except (OSError, asyncio.TimeoutError):
        counts["failed"] += 1
        return
    counts["open"] -= 1


async def main(base, project, n):
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (max(soft, min(hard, n + 256)), hard))
    u = urllib.parse.urlparse(base)
    body = json.dumps({"projectId": project, "register": [
        {"event": "secret:update", "conditions": {"environmentSlug": "dev", "secretPath": "/"}}]}).encode()
    request = (("POST /api/v1/events/subscribe/project-events HTTP/1.1\r\nHost: %s:%d\r\n"
                "Authorization: Bearer %s\r\nContent-Type: application/json\r\nAccept: text/event-stream\r\n"
                "Content-Length: %d\r\n\r\n") % (u.hostname, u.port, os.environ["BENCH_TOKEN"], len(body))).encode() + body
    counts = {"open": 0, "failed": 0}
    streams = []
    tasks = []
    for i in range(n):
        tasks.append(asyncio.ensure_future(subscribe(u.hostname, u.port, request, counts, streams)))
        if i % 50 == 49:
            await asyncio.sleep(0.05)  # not all at once: the accept queue is finite
    while counts["open"] + counts["failed"] < n:
        await asyncio.sleep(0.1)
    print("READY %d %d" % (counts["open"], counts["failed"]), flush=True)
    loop = asyncio.get_running_loop()
    stop = loop.create_future()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, lambda: stop.done() or stop.set_result(1))
    await stop
    print("OPEN %d" % counts["open"], flush=True)
    for w in streams:
        w.close()


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1], sys.argv[2], int(sys.argv[3])))
