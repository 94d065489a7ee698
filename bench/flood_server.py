"""A loopback stand-in for the server's Socket.IO side that floods ``invocation_progress`` events.

Socket.IO (python-socketio on aiohttp) answers at /ws/socket.io like InvokeAI; every other path is
forwarded to the real server, so the app connects to this one URL and works as usual, but its event
stream comes from here. POST /_bench/flood {"count": N, "item_id": ...} sends N progress events with
real 256x256 JPEG previews to the queue room as fast as it can and answers when all are sent with
{"started": t, "finished": t} (time.monotonic(), shared by the processes of this machine).
Prints ``LISTENING <url>`` when ready.

    python -m bench.flood_server REAL_SERVER_URL
"""

from __future__ import annotations

import base64
import io
import json
import random
import sys
import time

import aiohttp
import socketio
from aiohttp import web
from PIL import Image, ImageFilter

HOP_HEADERS = {"connection", "keep-alive", "transfer-encoding", "content-length", "host"}


def preview_urls(count: int = 8) -> list[str]:
    """Distinct 256x256 JPEGs like a denoise preview: smooth colour fields with some grain."""
    rng = random.Random(7)
    urls = []
    for _ in range(count):
        grain = Image.effect_noise((256, 256), 40).convert("RGB")
        x, y = Image.linear_gradient("L"), Image.linear_gradient("L").rotate(90)
        colour = Image.merge("RGB", (x, y, Image.new("L", (256, 256), rng.randrange(40, 220))))
        image = Image.blend(grain.filter(ImageFilter.GaussianBlur(1.2)), colour, 0.55)
        buffer = io.BytesIO()
        image.save(buffer, format="JPEG", quality=85)
        urls.append("data:image/jpeg;base64," + base64.b64encode(buffer.getvalue()).decode())
    return urls


def progress_payload(number: int, total: int, item: dict, preview: str) -> dict:
    return {
        "timestamp": int(time.time()), "queue_id": "default", "item_id": item["item_id"],
        "batch_id": item["batch_id"], "origin": "bench", "destination": "gallery", "user_id": "system",
        "session_id": item["session_id"],
        "invocation": {"id": "denoise-prepared", "type": "denoise_latents", "steps": total,
                       "is_intermediate": True, "use_cache": False},
        "invocation_source_id": "denoise", "message": "Denoising", "percentage": (number + 1) / total,
        "image": {"width": 256, "height": 256, "dataURL": preview}, "device": None,
    }


def make_app(real: str) -> web.Application:
    sio = socketio.AsyncServer(async_mode="aiohttp", cors_allowed_origins="*", max_http_buffer_size=10_000_000)
    app = web.Application(client_max_size=100 * 1024 * 1024)
    sio.attach(app, socketio_path="/ws/socket.io")
    previews = preview_urls()

    @sio.on("subscribe_queue")
    async def _subscribe(sid, data):
        await sio.enter_room(sid, (data or {}).get("queue_id", "default"))

    @sio.on("*")
    async def _other(event, sid, data):  # unsubscribe_queue, subscribe_bulk_download...: accepted, ignored
        return None

    async def flood(request: web.Request) -> web.Response:
        body = await request.json()
        count = int(body.get("count", 10_000))
        item = {"item_id": body.get("item_id", 1), "batch_id": body.get("batch_id", "bench-batch"),
                "session_id": body.get("session_id", "bench-session")}
        started = time.monotonic()
        # Encoded here once per event and handed to engine.io directly (what sio.emit does, minus
        # its per-recipient overhead): the sender must be faster than the app it floods.
        targets = [eio_sid for _, eio_sid in sio.manager.get_participants("/", "default")]
        for number in range(count):
            payload = progress_payload(number, count, item, previews[number % len(previews)])
            packet = '2["invocation_progress",' + json.dumps(payload, separators=(",", ":")) + "]"
            for eio_sid in targets:
                await sio.eio.send(eio_sid, packet)
        finished = time.monotonic()
        return web.json_response({"started": started, "finished": finished, "sent": count,
                                  "bytes_per_event": len(json.dumps(payload))})

    async def forward(request: web.Request) -> web.StreamResponse:
        session: aiohttp.ClientSession = request.app["session"]
        headers = {k: v for k, v in request.headers.items() if k.lower() not in HOP_HEADERS}
        async with session.request(request.method, real + request.path_qs, headers=headers,
                                   data=await request.read(), allow_redirects=False) as upstream:
            data = await upstream.read()
            out = {k: v for k, v in upstream.headers.items() if k.lower() not in HOP_HEADERS}
            return web.Response(status=upstream.status, body=data, headers=out)

    async def on_startup(app):
        app["session"] = aiohttp.ClientSession(auto_decompress=False)

    async def on_cleanup(app):
        await app["session"].close()

    app.on_startup.append(on_startup)
    app.on_cleanup.append(on_cleanup)
    app.router.add_post("/_bench/flood", flood)
    app.router.add_route("*", "/{tail:.*}", forward)
    return app


async def serve(real: str) -> None:
    runner = web.AppRunner(make_app(real.rstrip("/")), access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]
    print(f"LISTENING http://127.0.0.1:{port}", flush=True)
    while True:
        await asyncio.sleep(3600)


if __name__ == "__main__":
    import asyncio

    try:
        asyncio.run(serve(sys.argv[1]))
    except KeyboardInterrupt:
        pass
