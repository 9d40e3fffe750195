#!/usr/bin/env bash
# Starts the whole suite on this machine with embedded defaults: no Docker, no database server, nothing
# installed beyond a JDK 17+. Builds what is missing, starts the six services and the demo IIIF source,
# waits until every one is ready, prints the URLs and stays in the foreground; Ctrl-C or SIGTERM stops
# every process it started.
#
# Environment (all optional):
#   GATEWAY_PORT, FETCHER_PORT, CLASSIFIER_PORT, EXTRACTOR_PORT, COLORIZER_PORT, TRAINER_PORT, DEMO_PORT
#                       ports (defaults 8080..8086)
#   SUITE_JAVA_OPTS     extra JVM options for every service
#   SUITE_HEAP_MB       heap for all seven JVMs together, in MB (default half of this machine's memory,
#                       at most 12288); each gets its share as -Xmx (see heap_weight below)
#   SUITE_SKIP_BUILD=1  never build, use the jars already under */target
#   SUITE_READY_TIMEOUT seconds to wait for every service to become ready (default 180)
#   SUITE_RUN_DIR       where logs and the embedded job databases go (default .run under the repository)
#   SUITE_WEBHOOK_SECRET signs job webhooks (default none: jobs that ask for a webhook are refused)
#   SUITE_ANONYMOUS=1   no authentication: every caller is one client with every scope (loudly logged).
#                       By default the gateway asks for an API key; the first start makes an admin key and
#                       writes it to $SUITE_RUN_DIR/admin-key (printed once).
set -euo pipefail

root=$(cd "$(dirname "$0")" && pwd)
cd "$root"

gateway_port=${GATEWAY_PORT:-8080}
declare -A port=(
  [iiif-fetcher]=${FETCHER_PORT:-8081}
  [classifier-service]=${CLASSIFIER_PORT:-8082}
  [extractor-service]=${EXTRACTOR_PORT:-8083}
  [colorizer-service]=${COLORIZER_PORT:-8084}
  [trainer-service]=${TRAINER_PORT:-8085}
  [demo-source]=${DEMO_PORT:-8086}
  [gateway]=$gateway_port
)
# Start order: the demo source and the fetcher first (the others call them), the gateway last. The demo
# source is a local stand-in for the IIIF servers of the world, served through the gateway at /demo/iiif.
services=(demo-source iiif-fetcher classifier-service extractor-service colorizer-service trainer-service gateway)
# The gateway prefix each service answers under.
declare -A prefix=(
  [iiif-fetcher]=iiif [classifier-service]=classifier [extractor-service]=extractor
  [colorizer-service]=colorizer [trainer-service]=trainer
)
run_dir=${SUITE_RUN_DIR:-$root/.run}
# Each JVM gets an explicit -Xmx, its share of one heap total that fits the machine together with the
# others (without one, each would take a quarter of the machine). The model services and the fetcher decode
# images and get the most; their decode budgets (suite.memory.decode-budget-fraction) follow their heap.
declare -A heap_weight=(
  [demo-source]=1 [gateway]=2 [iiif-fetcher]=6 [classifier-service]=6 [extractor-service]=6
  [colorizer-service]=4 [trainer-service]=4
)
machine_mb() {
  if [ -r /proc/meminfo ]; then
    awk '/^MemTotal:/ { print int($2 / 1024) }' /proc/meminfo
  elif command -v sysctl >/dev/null 2>&1 && sysctl -n hw.memsize >/dev/null 2>&1; then
    echo $(( $(sysctl -n hw.memsize) / 1048576 ))
  else
    echo 8192
  fi
}
heap_total=${SUITE_HEAP_MB:-$(( $(machine_mb) / 2 ))}
[ "$heap_total" -gt 12288 ] && [ -z "${SUITE_HEAP_MB:-}" ] && heap_total=12288
weight_sum=0
for m in "${services[@]}"; do weight_sum=$((weight_sum + ${heap_weight[$m]})); done
heap_of() {
  local mb=$(( heap_total * ${heap_weight[$1]} / weight_sum ))
  [ "$mb" -lt 128 ] && mb=128
  echo "$mb"
}
ready_timeout=${SUITE_READY_TIMEOUT:-180}

if ! command -v java >/dev/null 2>&1; then
  echo "run-local: java was not found; install a JDK 17 or newer." >&2
  exit 1
fi

jar_of() { echo "$root/$1/target/$1.jar"; }

needs_build() {
  local m jar
  for m in "${services[@]}"; do
    jar=$(jar_of "$m")
    [ -f "$jar" ] || return 0
    # Any source, resource or POM of the module or of the shared modules newer than its jar.
    if [ -n "$(find "$m/src" "$m/pom.xml" openapi/src service-support/src jobs/src inference/src canvas-jobs/src iiif/src pom.xml -newer "$jar" -type f 2>/dev/null | head -n 1)" ]; then
      return 0
    fi
  done
  return 1
}

if [ "${SUITE_SKIP_BUILD:-0}" != 1 ] && needs_build; then
  echo "run-local: building the suite (./mvnw package, tests skipped)..."
  ./mvnw -q -B -DskipTests package -pl "$(IFS=,; echo "${services[*]}")" -am
fi

mkdir -p "$run_dir/logs"
declare -A pid=()

# The key with which the gateway signs, for each service, whom a request is for; made once per run folder.
if [ ! -s "$run_dir/identity-secret" ]; then
  (umask 077 && head -c 48 /dev/urandom | base64 | tr -d '\n/+=' >"$run_dir/identity-secret")
fi
# Passed in the environment, not on the command line, where ps would show it.
SUITE_IDENTITY_SECRET=$(cat "$run_dir/identity-secret")
export SUITE_IDENTITY_SECRET
admin_key_file="$run_dir/admin-key"

stop_all() {
  trap - INT TERM EXIT
  local m p
  echo
  echo "run-local: stopping..."
  for m in "${services[@]}"; do
    p=${pid[$m]:-}
    [ -n "$p" ] && kill -TERM "$p" 2>/dev/null || true
  done
  # Graceful shutdown takes up to 20 s per service (spring.lifecycle.timeout-per-shutdown-phase).
  local deadline=$((SECONDS + 30))
  for m in "${services[@]}"; do
    p=${pid[$m]:-}
    [ -z "$p" ] && continue
    while kill -0 "$p" 2>/dev/null && [ $SECONDS -lt $deadline ]; do sleep 0.2; done
    if kill -0 "$p" 2>/dev/null; then
      echo "run-local: $m did not stop in time; killing it" >&2
      kill -KILL "$p" 2>/dev/null || true
    fi
    wait "$p" 2>/dev/null || true
  done
  echo "run-local: stopped."
}
trap 'stop_all; exit 130' INT
trap 'stop_all; exit 143' TERM
trap 'stop_all' EXIT

# Prints the HTTP status of GET http://127.0.0.1:PORT/PATH, or nothing; bash's /dev/tcp needs no curl.
http_status() {
  timeout 3 bash -c '
    exec 3<>"/dev/tcp/127.0.0.1/$1" || exit 1
    printf "GET %s HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n" "$2" >&3
    IFS=" " read -r _ status _ <&3 && echo "$status"' _ "$1" "$2" 2>/dev/null || true
}

for m in "${services[@]}"; do
  jar=$(jar_of "$m")
  if [ ! -f "$jar" ]; then
    echo "run-local: $jar is missing; run without SUITE_SKIP_BUILD to build it." >&2
    exit 1
  fi
  args=("--server.port=${port[$m]}")
  if [ "$m" = demo-source ]; then
    # Its documents name the gateway's /demo/iiif, which routes to it.
    args+=("--suite.demo.base-url=http://localhost:$gateway_port/demo/iiif")
  elif [ "$m" = gateway ]; then
    # The demo IIIF source, so every capability can be tried without internet.
    args+=("--suite.gateway.demo-source=http://127.0.0.1:${port[demo-source]}")
    for s in "${!prefix[@]}"; do
      args+=("--suite.gateway.services.${prefix[$s]}=http://127.0.0.1:${port[$s]}")
    done
    # API keys in its own embedded PostgreSQL under the run folder; the first start makes an admin key.
    args+=("--suite.jobs.database.embedded-directory=$run_dir/postgres/gateway"
      "--suite.gateway.keys.bootstrap-file=$admin_key_file")
    if [ "${SUITE_ANONYMOUS:-0}" = 1 ]; then
      echo "run-local: SUITE_ANONYMOUS=1: authentication is OFF; anyone who reaches port $gateway_port can run every operation" >&2
      args+=("--suite.gateway.auth.enabled=false")
    fi
  elif [ "$m" = iiif-fetcher ]; then
    # Locally, a IIIF source on this machine may be used; link-local and metadata addresses stay refused.
    args+=("--suite.outbound.allow-loopback=true")

  else
    args+=("--suite.fetcher.base-url=http://127.0.0.1:${port[iiif-fetcher]}")
    # Models an operator imports go to the run folder's model store.
    args+=("--suite.classifier.model-directory=$run_dir/models" "--suite.extractor.model-directory=$run_dir/models"
      "--suite.colorizer.model-directory=$run_dir/models" "--suite.colorizer.results-directory=$run_dir/colorizer-results"
      "--suite.trainer.model-directory=$run_dir/models" "--suite.trainer.work-directory=$run_dir/trainer")
  fi
  if [ "$m" != gateway ]; then
    # Only the gateway is a door: every other process listens on loopback, where only this machine reaches it.
    args+=("--server.address=127.0.0.1")
  fi
  if [ "$m" != gateway ] && [ "$m" != demo-source ]; then
    # Jobs in an embedded PostgreSQL per service whose data stays under the run folder, so they survive a restart.
    args+=("--suite.jobs.database.embedded-directory=$run_dir/postgres/$m")
    # Webhooks are signed with SUITE_WEBHOOK_SECRET; without one, jobs asking for a webhook are refused.
    if [ -n "${SUITE_WEBHOOK_SECRET:-}" ]; then args+=("--suite.jobs.webhooks.secret=$SUITE_WEBHOOK_SECRET"); fi
  fi
  # shellcheck disable=SC2086
  java "-Xmx$(heap_of "$m")m" -XX:+ExitOnOutOfMemoryError -Dai.djl.offline=true ${SUITE_JAVA_OPTS:-} -jar "$jar" "${args[@]}" \
    >"$run_dir/logs/$m.log" 2>&1 &
  pid[$m]=$!
  echo "run-local: started $m (pid ${pid[$m]}, port ${port[$m]}, heap $(heap_of "$m") MB, log $run_dir/logs/$m.log)"
done

deadline=$((SECONDS + ready_timeout))
for m in "${services[@]}"; do
  until [ "$(http_status "${port[$m]}" /actuator/health/readiness)" = 200 ]; do
    if ! kill -0 "${pid[$m]}" 2>/dev/null; then
      echo "run-local: $m exited before it was ready; the end of its log:" >&2
      tail -n 30 "$run_dir/logs/$m.log" >&2
      exit 1
    fi
    if [ $SECONDS -ge $deadline ]; then
      echo "run-local: $m was not ready after ${ready_timeout}s; see $run_dir/logs/$m.log" >&2
      exit 1
    fi
    sleep 0.5
  done
done

cat <<EOF

IIIF ML Suite is ready.
  Gateway            http://localhost:$gateway_port/
  API documentation  http://localhost:$gateway_port/swagger-ui.html
  IIIF fetcher       http://localhost:$gateway_port/api/iiif/about
  Demo IIIF source   http://localhost:$gateway_port/demo/iiif/collection.json
  Try it             http://localhost:$gateway_port/api/iiif/manifest?url=http://localhost:$gateway_port/demo/iiif/book/manifest.json
  Classifier         http://localhost:$gateway_port/api/classifier/about
  Extractor          http://localhost:$gateway_port/api/extractor/about
  Colorizer          http://localhost:$gateway_port/api/colorizer/about
  Trainer            http://localhost:$gateway_port/api/trainer/about
  Logs               $run_dir/logs/
For the examples of docs/api.md:  export BASE=http://localhost:$gateway_port
EOF
if [ "${SUITE_ANONYMOUS:-0}" = 1 ]; then
  echo "  Authentication     OFF (SUITE_ANONYMOUS=1)"
else
  cat <<EOF
  API key (admin)    in $admin_key_file; send it as a bearer token:
                     export KEY=\$(cat $admin_key_file)
                     curl -H "Authorization: Bearer \$KEY" http://localhost:$gateway_port/api/iiif/about
EOF
fi
echo "Press Ctrl-C to stop."
echo "run-local: all services ready"

# Stay in the foreground; if any service dies, stop the rest and say which.
while true; do
  wait -n "${pid[@]}" || true
  for m in "${services[@]}"; do
    if ! kill -0 "${pid[$m]}" 2>/dev/null; then
      echo "run-local: $m stopped unexpectedly; the end of its log:" >&2
      tail -n 30 "$run_dir/logs/$m.log" >&2
      exit 1
    fi
  done
done
