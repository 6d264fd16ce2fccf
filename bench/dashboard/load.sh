#!/usr/bin/env bash
# A mixed load for the dashboard picture (README, "Dashboard"): against a node started with
# bench/dashboard/node.yml, for MINUTES minutes (default 12). Needs the test classes built
# (./mvnw -B test-compile) and python3.
set -euo pipefail
cd "$(dirname "$0")/../.."
MINUTES=${MINUTES:-12}
SECONDS_TOTAL=$((MINUTES * 60))
CP=target/test-classes:target/classes:$(./mvnw -q dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=/dev/stdout)
drive() { java -Xmx2g -cp "$CP" io.peergate.load.LoadDriver "$@" --host 127.0.0.1 --http-port 18080 --password pw; }

# new peers of a registered torrent at a steady rate (the driver is the upstream)
drive identify --port 16881 --rate 150 --warmup-seconds 1 --seconds "$SECONDS_TOTAL" > /tmp/dashboard-identify.log 2>&1 &
# backbone: 8 peers, 400 frames/s each, relayed to the 7 others
drive paced --port 14242 --peers 8 --rate 400 --size 300 --seconds "$SECONDS_TOTAL" > /tmp/dashboard-paced.log 2>&1 &
# mirror's peers uploading for a while to a sink; peers the node refuses: a torrent whose upstream is down,
# garbage, flapping backbone peers, bad admin passwords
python3 - "$SECONDS_TOTAL" <<'PY' &
import socket, sys, time, random, threading, urllib.request, base64
end = time.time() + int(sys.argv[1])
mirror = b"\x13BitTorrent protocol" + bytes(8) + bytes.fromhex("11" * 20)

def sink(conn):  # mirror's upstream: reads everything, answers each MiB with 64 KiB
    with conn:
        got = 0
        while True:
            data = conn.recv(1 << 16)
            if not data:
                return
            got += len(data)
            while got >= 1 << 20:
                got -= 1 << 20
                conn.sendall(bytes(1 << 16))

def serve():
    server = socket.create_server(("127.0.0.1", 16997))
    while True:
        conn, _ = server.accept()
        threading.Thread(target=sink, args=(conn,), daemon=True).start()

def transfer(mib, hold):  # a mirror peer that uploads mib MiB over hold seconds
    try:
        s = socket.create_connection(("127.0.0.1", 16881))
        s.sendall(mirror + bytes(20))
        threading.Thread(target=lambda: [None for _ in iter(lambda: s.recv(1 << 16), b"")], daemon=True).start()
        for _ in range(mib):
            s.sendall(bytes(1 << 20))
            time.sleep(hold / mib)
        s.close()
    except OSError:
        pass

def stalled(source):  # a backbone peer that never reads: frames for it are shed, then it is cut
    try:
        s = socket.socket()
        s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
        s.bind((source, 0))
        s.connect(("127.0.0.1", 14242))
        time.sleep(60)
        s.close()
    except OSError:
        pass

threading.Thread(target=serve, daemon=True).start()
time.sleep(1)
demo = b"\x13BitTorrent protocol" + bytes(8) + bytes.fromhex("0123456789abcdef0123456789abcdef01234567")
tick = 0
while time.time() < end:
    tick += 1
    if tick % 3 == 0:
        threading.Thread(target=transfer, args=(random.randint(20, 120), random.randint(20, 90)), daemon=True).start()
    for payload in [demo] * random.randint(1, 4) + [b"GET / HTTP/1.0\r\n\r\n"] * random.randint(0, 3):
        try:
            s = socket.create_connection(("127.0.0.1", 16881), timeout=2); s.sendall(payload); s.recv(1); s.close()
        except OSError:
            pass
    if tick % 20 == 0:  # a new flapping address every 20 s: 6 short connections, then it is blacklisted
        source = f"127.0.{random.randint(1, 250)}.{random.randint(2, 250)}"
        for _ in range(7):
            try:
                s = socket.socket(); s.bind((source, 0)); s.connect(("127.0.0.1", 14242)); s.close()
            except OSError:
                pass
    if tick % 150 == 60:
        threading.Thread(target=stalled, args=(f"127.0.200.{tick % 250 + 2}",), daemon=True).start()
    if tick % 45 == 0:
        request = urllib.request.Request("http://127.0.0.1:18080/admin/bittorrent/settings")
        request.add_header("Authorization", "Basic " + base64.b64encode(b"admin:guess").decode())
        try:
            urllib.request.urlopen(request, timeout=2)
        except Exception:
            pass
    time.sleep(1)
PY
wait
