#!/usr/bin/env bash
# The hub benchmark of BENCHMARKS.md ("Backbone relay under load"): Peergate and the Python asyncio relay
# (bench/python/relay.py) side by side on one machine, taking turns scenario by scenario, ROUNDS times.
#
#   ./mvnw -DskipTests package && ./mvnw -q test-compile
#   bench/relay-bench.sh [rounds] > relay-results.txt
#
# Needs python3. Starts both relays itself (node on 4242 with bench/peergate-bench.yml, Python on 4243) and stops
# them at the end. NODE_JAR and NODE_OPTS override the node's jar and JVM options (e.g. a JFR recording).
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${1:-3}
jar=${NODE_JAR:-target/peergate-0.1.0-SNAPSHOT.jar}
node_opts=${NODE_OPTS:--Xmx512m}
only=${ONLY:-}

cp=$(mktemp)
./mvnw -B -q dependency:build-classpath -Dmdep.outputFile="$cp" -Dmdep.includeScope=test >/dev/null
driver=(java -Xmx2g -cp "target/test-classes:target/classes:$(cat "$cp")" io.peergate.load.LoadDriver)

java $node_opts -jar "$jar" --spring.config.additional-location=file:bench/peergate-bench.yml >/tmp/relay-bench-node.log 2>&1 &
node=$!
python3 bench/python/relay.py --port 4243 >/tmp/relay-bench-python.log 2>&1 &
python=$!
trap 'kill $node $python 2>/dev/null || true' EXIT
for _ in $(seq 1 120); do curl -sf localhost:8080/actuator/health >/dev/null && break; sleep 0.5; done

# warm the node's JIT, as a node in service would be: once per frame size and peer count (the first round ran
# 1.5-2 x the node's CPU of the later ones while the compiler caught up)
for size in 64 512 4096; do
  "${driver[@]}" flood --port 4242 --peers 4 --size "$size" --frames 20000 >/dev/null
  "${driver[@]}" flood --port 4242 --peers 16 --size "$size" --frames 1000 >/dev/null
done

scenarios=(
  "flood --peers 4 --frames 200000 --size 64"
  "flood --peers 4 --frames 100000 --size 512"
  "flood --peers 4 --frames 20000 --size 4096"
  "flood --peers 16 --frames 10000 --size 64"
  "flood --peers 16 --frames 5000 --size 512"
  "flood --peers 16 --frames 1000 --size 4096"
  "flood --peers 64 --frames 600 --size 64"
  "flood --peers 64 --frames 300 --size 512"
  "flood --peers 64 --frames 60 --size 4096"
  "paced --peers 4 --rate 400 --seconds 10 --size 64"
  "paced --peers 16 --rate 400 --seconds 10 --size 64"
  "paced --peers 16 --rate 400 --seconds 10 --size 512"
  "paced --peers 16 --rate 400 --seconds 10 --size 4096"
  "paced --peers 16 --rate 100 --seconds 10 --size 512"
  "paced --peers 64 --rate 100 --seconds 10 --size 64"
  "paced --peers 64 --rate 100 --seconds 10 --size 512"
  "paced --peers 64 --rate 100 --seconds 10 --size 4096"
)
for round in $(seq 1 "$rounds"); do
  for scenario in "${scenarios[@]}"; do
    [[ -n "$only" && "$scenario" != *"$only"* ]] && continue
    # shellcheck disable=SC2086
    echo "round=$round $("${driver[@]}" $scenario --port 4242 --pid $node --label peergate | tail -1)"
    # shellcheck disable=SC2086
    echo "round=$round $("${driver[@]}" $scenario --port 4243 --pid $python --label python | tail -1)"
  done
done
