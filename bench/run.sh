#!/usr/bin/env bash
# Runs the Sluice vs Spark Streaming benchmarks and writes bench/RESULTS.md.
#
#   bench/run.sh            full run: the JMH microbenchmarks, then 3 rounds of every workload
#   bench/run.sh quick      one short round for iteration (5-10 minutes), no JMH
#   bench/run.sh full --runs 5 --only W1,W3     any Bench options after the mode
#   bench/run.sh jmh        only the JMH microbenchmarks
#
# Needs Java 17 and Maven; the first run downloads Spark's dependencies from Maven Central.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/.." && pwd)"
mode="${1:-full}"
[ $# -gt 0 ] && shift
cd "$root"

echo "[bench] building and installing Sluice"
mvn -B -q -DskipTests install
echo "[bench] building the benchmarks"
mvn -B -q -f "$here/pom.xml" -DskipTests package

jar="$root/target/sluice.jar"
[ -f "$jar" ] || { echo "bench: $jar was not built" >&2; exit 1; }
# Sluice's runtime classpath is the one the launcher uses: the jar and the runtime dependencies the
# build copies into target/lib (no test-scope jars).
deps="$(find "$root/target/lib" -maxdepth 1 -name '*.jar' | sort | paste -sd: -)"
[ -n "$deps" ] || { echo "bench: no runtime dependencies in $root/target/lib" >&2; exit 1; }
echo "$here/target/classes:$jar:$deps" > "$here/target/sluice.classpath"
echo "$here/target/classes:$(cat "$here/target/bench.classpath")" > "$here/target/spark.classpath"

commit="$(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo unknown)"
run_jmh() {
    echo "[bench] JMH microbenchmarks"
    java -cp "$(cat "$here/target/spark.classpath")" org.openjdk.jmh.Main -f 1 -wi 3 -w 1s -i 5 -r 1s \
        -rf text -rff "$here/target/jmh.txt" "$@" 'dev.sluice.bench.jmh.*' | tee "$here/target/jmh.log"
}

case "$mode" in
  jmh) run_jmh "$@" ;;
  quick|full)
    jmh_opt=()
    if [ "$mode" = full ]; then
        rm -f "$here/target/jmh.txt"
        run_jmh
        jmh_opt=(-Dbench.jmh="$here/target/jmh.txt")
    fi
    java -Dbench.commit="$commit" "${jmh_opt[@]}" -cp "$here/target/classes" dev.sluice.bench.Bench \
        --mode "$mode" --spark-cp "$here/target/spark.classpath" --sluice-cp "$here/target/sluice.classpath" \
        --out "$here/RESULTS.md" --log "$here/target/bench.log" --launcher "$root/launcher/sluice" "$@"
    ;;
  *) echo "usage: bench/run.sh [quick|full|jmh] [options]" >&2; exit 2 ;;
esac
