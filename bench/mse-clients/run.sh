#!/usr/bin/env bash
# Real clients that require encryption, through a running gateway (see BENCHMARKS.md, "Real MSE clients").
# Needs Debian's python3-libtorrent and aria2, and a built jar: ./mvnw -DskipTests package
set -euo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d)
cp "$(dirname "$0")"/*.py "$work"
cd "$work"
py=/usr/bin/python3   # Debian's, which has the libtorrent module
$py make-torrents.py > hashes.txt
hash() { awk -v n="$1" '$1 == n { print $2 }' hashes.txt; }
cat > node.yml <<YML
peergate:
  admin:
    password: mse-check
  bittorrent:
    listen-address: 127.0.0.1
    port: 6881
    torrents:
      - { info-hash: $(hash plain.bin), name: plain, upstream: "127.0.0.1:7001" }
      - { info-hash: $(hash forced.bin), name: forced, upstream: "127.0.0.1:7002", encryption: mse }
      - { info-hash: $(hash v1-plain.bin), name: v1-plain, upstream: "127.0.0.1:7001" }
      - { info-hash: $(hash v1-forced.bin), name: v1-forced, upstream: "127.0.0.1:7002", encryption: mse }
  backbone:
    interfaces: []
logging.level.io.peergate.bittorrent: DEBUG
YML
$py seeders.py > seeders.log 2>&1 & seeders=$!
$py tracker.py > tracker.log 2>&1 & tracker=$!
java -jar "$repo"/target/peergate-0.1.0-SNAPSHOT.jar --spring.config.additional-location=file:node.yml \
    --server.port=8088 > node.log 2>&1 & node=$!
trap 'kill $seeders $tracker $node 2>/dev/null' EXIT
until curl -sf localhost:8088/actuator/health/readiness > /dev/null; do sleep 0.5; done
for t in plain forced; do
  $py downloader.py $t.bin | tail -2
  cmp dl-lt/$t.bin seed/$t.bin && echo "libtorrent (forced RC4) $t: identical"
  aria2c --dir=dl-aria --bt-require-crypto=true --bt-min-crypto-level=arc4 --enable-dht=false --bt-enable-lpd=false \
      --enable-peer-exchange=false --seed-time=0 --listen-port=7010 --summary-interval=0 --console-log-level=warn \
      v1-$t.bin.torrent > /dev/null
  cmp dl-aria/$t.bin seed/$t.bin && echo "aria2 (require crypto) $t: identical"
done
grep -E "completed MSE|routed to" node.log
curl -s -u admin:mse-check localhost:8088/actuator/prometheus | grep -E '^peergate_bittorrent_(mse_handshakes|routed)_total' | grep -v ' 0.0$'
