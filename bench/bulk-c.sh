#!/usr/bin/env bash
# Gateway bulk throughput with a driver written in C (BENCHMARKS.md, section e, "Third series"): four socat senders
# stream a tmpfs file (a 48-byte preamble, then SIZE_MIB of zeros) through a proxy to one socat sink, taking turns
# between Peergate, HAProxy copying and HAProxy splicing (both bench/haproxy/gateway.cfg), ROUNDS
# times; then the same straight to the sink. socat costs a fraction of the load driver's CPU per byte, so the run
# measures the proxies more than the driver.
#
#   ./mvnw -DskipTests package
#   bench/bulk-c.sh [rounds] > bulk-c-results.txt
#
# Each proxy runs in a session of its own (setsid). The kernel's autogroup scheduling (on by default) shares the
# CPU fairly between sessions first: a proxy left in the shell's session competes with the five socat processes
# for one share, while a daemon (haproxy -D) gets a share of its own, and runs 1.4 x faster here for it.
#
# Needs socat, haproxy (2.6+) and bc. Starts the node (gateway on 6881, bench/peergate-bench.yml), both HAProxies
# (16881, 16882) and the sink (9000) itself, and stops them at the end. NODE_JAR and NODE_OPTS override the node's
# jar and JVM options.
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${1:-3}
size_mib=${SIZE_MIB:-2048}
jar=${NODE_JAR:-target/peergate-0.1.0-SNAPSHOT.jar}
node_opts=${NODE_OPTS:--Xmx384m}
data=/dev/shm/peergate-bulk.bin
hash=5eed5eed5eed5eed5eed5eed5eed5eed5eed5eed

if [ ! -f "$data" ] || [ "$(stat -c %s "$data")" -ne $((size_mib * 1048576 + 48)) ]; then
  { printf '\x13BitTorrent protocol\0\0\0\0\0\0\0\0'; printf "$(echo $hash | sed 's/../\\x&/g')";
    head -c $((size_mib * 1048576)) /dev/zero; } >"$data"
fi
bytes=$(stat -c %s "$data")

setsid java $node_opts -jar "$jar" --spring.config.additional-location=file:bench/peergate-bench.yml >/tmp/bulk-c-node.log 2>&1 &
node=$!
setsid haproxy -f bench/haproxy/gateway.cfg >/tmp/bulk-c-haproxy.log 2>&1 &
copy=$!
PEERGATE_HAPROXY_SPLICE=1 setsid haproxy -f bench/haproxy/gateway.cfg >/tmp/bulk-c-haproxy-splice.log 2>&1 &
splice=$!
socat -u -b 262144 TCP-LISTEN:9000,reuseaddr,fork OPEN:/dev/null &
sink=$!
trap 'kill $sink $copy $splice $node 2>/dev/null || true' EXIT
for _ in $(seq 1 120); do curl -sf localhost:8080/actuator/health >/dev/null && break; sleep 0.5; done
curl -sf -o /dev/null -u admin:bench -X PUT -H 'Content-Type: application/json' \
  -d '{"name":"bulk","upstream":"127.0.0.1:9000"}' "localhost:8080/admin/bittorrent/torrents/$hash"

# CPU ticks (user + system) of a process and its threads; HAProxy runs as one process with two threads
ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
# four streams of the file through a port; prints MB/s over the wall time of the slowest
run() {
  local start end pids=()
  start=$(date +%s%N)
  for _ in 1 2 3 4; do socat -u -b 262144 "OPEN:$data" "TCP:127.0.0.1:$1" & pids+=($!); done
  wait "${pids[@]}"
  end=$(date +%s%N)
  echo "scale=0; 4 * $bytes * 1000 / ($end - $start)" | bc
}
# one measured run: MB/s and the proxy's CPU seconds
measure() {
  local before after rate
  before=$(ticks "$2"); rate=$(run "$1"); after=$(ticks "$2")
  echo "$rate $(echo "scale=2; ($after - $before) / $(getconf CLK_TCK)" | bc)"
}

echo "# $(date -u +%FT%TZ), 4 x $size_mib MiB per run; MB/s and the proxy's CPU seconds per run"
echo "cold: peergate $(measure 6881 $node)"
echo "| round | Peergate MB/s | CPU | HAProxy copy MB/s | CPU | HAProxy splice MB/s | CPU | direct MB/s | Peergate / copy | splice / copy |"
echo "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |"
for r in $(seq 1 "$rounds"); do
  read -r p pc < <(measure 6881 $node)
  read -r h hc < <(measure 16881 $copy)
  read -r s sc < <(measure 16882 $splice)
  d=$(run 9000)
  echo "| $r | $p | $pc s | $h | $hc s | $s | $sc s | $d | $(echo "scale=2; $p / $h" | bc) | $(echo "scale=2; $s / $h" | bc) |"
done
