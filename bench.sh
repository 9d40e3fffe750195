#!/usr/bin/env bash
# Runs one benchmark and prints its figures as lines "RESULT <name> <value> <unit>".
#   ./bench.sh NAME        (./bench.sh with no name lists them)
#   BENCH_MAVEN_ARGS="-Dbench.rounds=30" ./bench.sh fetcher    passes options to the benchmark's JVM
# Benchmarks are JUnit classes named *Bench; they measure against a baseline taken in the same run and
# never fail on a time. The build is run first (tests skipped) so the measured jars are current.
set -euo pipefail
cd "$(dirname "$0")"

declare -A benches=(
  [gateway]="GatewayOverheadBench|suite-tests|cost of the gateway hop with authentication and rate limits on: latency percentiles and 16-client throughput, direct vs open vs authenticated, and fairness under a burst"
  [fetcher]="FetcherThroughputBench|iiif-fetcher|fetcher images/s vs a plain parallel download of the same URLs; bytes for 640 px pages vs full size"
  [classifier]="ClassifierBench|classifier-service,gateway|classify latency and 16-client throughput vs bare ONNX Runtime, ResNet18-architecture model, direct and through the gateway, vs a Python peer where it installs; 2000 x 3000 JPEGs decoded at reduced scale vs full: ms and score differences"
  [extractor]="ExtractorBench|extractor-service|extraction job pages/min with the built-in detector, fetch included, vs a local IIIF server; bytes fetched vs full-size pages"
  [extractor-eval]="ExtractorEvalBench|extractor-service|built-in illustration detector on held-out synthetic book pages: precision, recall, F1 at IoU 0.5, mean IoU per kind; false detections on text pages"
  [colorizer]="ColorizerBench|colorizer-service|colourise a 1000 px photograph through the service vs bare inference + decode + encode; the breakdown; conversion and encoding ms per MP at 12 MP"
  [colorizer-eval]="ColorizerEvalBench|colorizer-service|colour pictures turned grey and colourised (-Dbench.model=<folder>, else an untrained model): mean CIEDE2000 and colourfulness vs the grey and mean-chroma baselines"
  [documents]="DocumentMemoryBench|iiif-fetcher|heap per MB of manifest: JSON tree, model, Presentation 3 answer; the E1 million-canvas manifest parsed whole (before) and refused by its token count (after)"
  [hostile]="HostileSoakBench|suite-tests|the hostile-input cases of issue 17 replayed concurrently against the local run (-Dbench.seconds, default 60): answers per status, peak RSS and heap per service, readiness, p99 of a normal request quiet vs soak"
  [trainer]="TrainerBench|trainer-service|the default colouriser trained on this machine: steps/s and s/epoch at 128 px, batch 16; ONNX export parity; time from a resumed start to its first step"
  [jobs]="JobsThroughputBench|jobs|items/s through the job machinery with a no-op worker, one instance and two on one PostgreSQL"
)

usage() {
  echo "usage: ./bench.sh NAME" >&2
  for name in "${!benches[@]}"; do
    IFS='|' read -r _ _ what <<<"${benches[$name]}"
    printf '  %-12s %s\n' "$name" "$what" >&2
  done
  exit 2
}

[ $# -eq 1 ] || usage
entry=${benches[$1]:-}
[ -n "$entry" ] || usage
IFS='|' read -r class module _ <<<"$entry"

# Build (package) every module the benchmark needs, running no test but the benchmark class itself
# (Surefire runs a named class whatever its name). The whole log goes to target/bench-NAME.log, the RESULT
# lines to the console and target/bench-NAME.txt.
mkdir -p target
log="target/bench-$1.log"
if ! ./mvnw -B package -pl "$module" -am -DskipITs \
    -Dtest="$class" -Dsurefire.failIfNoSpecifiedTests=false ${BENCH_MAVEN_ARGS:-} >"$log" 2>&1; then
  echo "bench: the benchmark run failed; see $log" >&2
  tail -n 40 "$log" >&2
  exit 1
fi
if ! grep -E '^RESULT ' "$log" >"target/bench-$1.txt"; then
  echo "bench: $class printed no RESULT line; see $log" >&2
  exit 1
fi
cat "target/bench-$1.txt"
