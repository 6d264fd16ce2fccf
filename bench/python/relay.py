#!/usr/bin/env python3
"""The baseline hub of BENCHMARKS.md: accept, split on the HDLC flag byte 0x7E, write each
frame to every other connection. Plain asyncio, as a few lines of Python would do it: no
deduplication, no limits, nothing dropped and nobody cut (a slow reader's backlog simply
grows in memory).

    python3 bench/python/relay.py [--host 127.0.0.1] [--port 4243]
"""
import argparse
import asyncio

FLAG = b"\x7e"


async def main(host: str, port: int) -> None:
    clients: set[asyncio.StreamWriter] = set()

    async def serve(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        clients.add(writer)
        pending = b""
        try:
            while data := await reader.read(65536):
                parts = (pending + data).split(FLAG)
                pending = parts.pop()
                for part in parts:
                    if part:
                        frame = FLAG + part + FLAG
                        for other in clients:
                            if other is not writer:
                                other.write(frame)
        except ConnectionError:
            pass
        finally:
            clients.discard(writer)
            writer.close()

    server = await asyncio.start_server(serve, host, port, backlog=1024)
    print(f"relay listening on {host}:{port}", flush=True)
    async with server:
        await server.serve_forever()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=4243)
    options = parser.parse_args()
    asyncio.run(main(options.host, options.port))
