#!/usr/bin/env bash
# Issue 15's benchmark: three server nodes on this machine (HTTP 18090-18092, UDP 11100-11102, cluster on,
# the Redis at $REDIS under a key prefix of this run's own) and the load generator's show against them: the
# publisher and a third of the subscribers on node A, the rest spread over B and C, which receive the show
# through their relays. Every argument goes to `livestage-loadtest.jar show` after the nodes' URLs and pids,
# e.g. loadtest/cluster-show.sh --subscribers 600 --ramp-per-second 10 --warmup 30s --duration 20s
# Build first: mvn -B -q package -DskipTests. Environment: REDIS (redis://127.0.0.1:6379/0), HEAP (1g),
# NICE (-15: the nodes, the generator and Redis at one priority, so no bus append waits behind them;
# needs root), KILL_AFTER=S with FAILOVER=1 kills node B S seconds in (the failover run of docs/benchmarks.md),
# DRAIN_AFTER=S with FAILOVER=1 drains it instead (POST /api/node/drain with the dev service key): its
# subscribers follow its reconnect hint through the next node.
# The nodes' logs stay in target/cluster-show/.
set -euo pipefail
cd "$(dirname "$0")/.."

redis="${REDIS:-redis://127.0.0.1:6379/0}"
heap="${HEAP:-1g}"
nice_level="${NICE:--15}"
server_jar=streaming-server/target/livestage.jar
loadtest_jar=loadtest/target/livestage-loadtest.jar
for jar in "$server_jar" "$loadtest_jar"; do
  [[ -f "$jar" ]] || { echo "[cluster-show] $jar is missing: mvn -B -q package -DskipTests first" >&2; exit 1; }
done
prefix="livestage-bench-$(date +%s)"
logs=target/cluster-show
mkdir -p "$logs"

pids=()
stop_nodes() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  redis-cli -u "$redis" --scan --pattern "$prefix*" | xargs -r redis-cli -u "$redis" del >/dev/null || true
}
trap stop_nodes EXIT

renice_group() {
  # Autogroup nice: the whole process (every thread) at one priority; skipped without the right to raise it.
  echo "$nice_level" > "/proc/$1/autogroup" 2>/dev/null || renice -n "$nice_level" -p "$1" >/dev/null 2>&1 || true
}

for n in 0 1 2; do
  node="node-$(printf "\\x$(printf %x $((97 + n)))")"
  LIVESTAGE_HTTP_PORT=$((18090 + n)) LIVESTAGE_MEDIA_UDP_PORT=$((11100 + n)) LIVESTAGE_REDIS_URI="$redis" \
    LIVESTAGE_GIFTS_KEY_PREFIX="$prefix" LIVESTAGE_CLUSTER_ENABLED=true LIVESTAGE_CLUSTER_NODE_ID="$node" \
    java "-Xmx$heap" -jar "$server_jar" >"$logs/$node.log" 2>&1 &
  pids+=($!)
  renice_group $!
done
redis_pid=$(pgrep -x redis-server | head -1 || true)
[[ -n "$redis_pid" ]] && renice_group "$redis_pid"

for n in 0 1 2; do
  for _ in $(seq 1 120); do
    curl -fs "http://127.0.0.1:$((18090 + n))/ready" >/dev/null 2>&1 && break
    sleep 0.5
  done
  curl -fs "http://127.0.0.1:$((18090 + n))/ready" >/dev/null || { echo "[cluster-show] node $n not ready; see $logs" >&2; exit 1; }
done
echo "[cluster-show] nodes ready: A ${pids[0]}, B ${pids[1]}, C ${pids[2]} (prefix $prefix)"

if [[ -n "${KILL_AFTER:-}" ]]; then
  (sleep "$KILL_AFTER" && echo "[cluster-show] killing node B" && kill -9 "${pids[1]}") &
fi
if [[ -n "${DRAIN_AFTER:-}" ]]; then
  (sleep "$DRAIN_AFTER" && echo "[cluster-show] draining node B" && curl -fs -X POST \
    -H "Authorization: Bearer livestage-dev-service-key" "http://127.0.0.1:18091/api/node/drain" >/dev/null) &
fi
failover=()
[[ -n "${FAILOVER:-}" ]] && failover=(--failover)
java -jar "$loadtest_jar" show --url ws://127.0.0.1:18090/ws \
  --edge-url ws://127.0.0.1:18091/ws --edge-url ws://127.0.0.1:18092/ws \
  --server-pid "${pids[0]}" --edge-pid "${pids[1]}" --edge-pid "${pids[2]}" ${failover[@]+"${failover[@]}"} "$@" &
generator=$!
renice_group "$generator"
wait "$generator"
