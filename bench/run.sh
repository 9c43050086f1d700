#!/usr/bin/env bash
# Runs the Sluice vs Spark Streaming benchmarks and writes bench/RESULTS.md.
#
#   bench/run.sh            full run: the JMH microbenchmarks, W7, the start-up race and the kernel's round
#                           trip (BENCH_NO_EXTRAS=1 leaves these three out), then 3 rounds of every workload
#   bench/run.sh quick      one short round for iteration (about 15 minutes), no JMH
#   bench/run.sh full --runs 5 --only W1,W3     any Bench options after the mode
#   bench/run.sh jmh        only the JMH microbenchmarks
#   bench/run.sh ab W1_WORD_COUNT 2500000 a06125a .   builds side by side at one fixed rate
#   bench/run.sh ab-jvm a06125a .    builds taking turns at a W1 word count inside one JVM
#   bench/run.sh ab-jvm a06125a . --job w3lines    the same for W3 as specified up to its groupByKey (w3keys: pooled keys)
#   bench/run.sh ab-jvm .@methodref .@lambda .@static    W1's reduce written three ways, one JVM
#   bench/run.sh runner [--rounds N]    the Spark runner against the same workloads written for Spark
#   bench/run.sh latency [--seconds 60] [--rate 100000] [--all] ...   W7 end-to-end latency, both engines
#   bench/run.sh latency --source kafka [--partitions 2] [--kafka-linger-ms 0] ...   W7 through a Kafka broker it starts
#   bench/run.sh empty cfabe95 . [--rounds 5] [--seconds 10]   an empty 1 ms batch's bytes and CPU, builds taking turns
#   bench/run.sh kafka-floor [RATE] [SECONDS]   Kafka's own clients, send to poll, against the W7 broker (no engine)
#   BENCH_NO_BUILD=1 bench/run.sh ...    the same without rebuilding (the last builds are used)
#
# Needs Java 17 and Maven; the first run downloads Spark's dependencies from Maven Central.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/.." && pwd)"
mode="${1:-full}"
[ $# -gt 0 ] && shift
cd "$root"

if [ -n "${BENCH_NO_BUILD:-}" ]; then
    echo "[bench] BENCH_NO_BUILD: using the last builds of Sluice, sluice-spark and the benchmarks"
else
    echo "[bench] building and installing Sluice"
    mvn -B -q -DskipTests install
    echo "[bench] building and installing the Spark runner (sluice-spark)"
    mvn -B -q -f "$root/spark/pom.xml" -Dmaven.test.skip=true install
    echo "[bench] building the benchmarks"
    mvn -B -q -f "$here/pom.xml" -DskipTests package
    echo "[bench] building the Kafka broker of W7 through Kafka"
    mvn -B -q -f "$here/kafka-broker/pom.xml" -DskipTests package
fi

jar="$root/target/sluice.jar"
[ -f "$jar" ] || { echo "bench: $jar was not built" >&2; exit 1; }
# Sluice's runtime classpath is the one the launcher uses: the jar and the runtime dependencies the
# build copies into target/lib (no test-scope jars).
deps="$(find "$root/target/lib" -maxdepth 1 -name '*.jar' | sort | paste -sd: -)"
[ -n "$deps" ] || { echo "bench: no runtime dependencies in $root/target/lib" >&2; exit 1; }
echo "$here/target/classes:$jar:$deps" > "$here/target/sluice.classpath"
# Spark's JVMs: these classes and the project's runtime dependencies, with Sluice and its Spark runner
# taken from this tree's builds rather than from ~/.m2 (which another build may replace meanwhile).
runner_jar="$root/spark/target/sluice-spark.jar"
[ -f "$runner_jar" ] || { echo "bench: $runner_jar was not built" >&2; exit 1; }
echo "$here/target/classes:$(tr : '\n' < "$here/target/bench.classpath" \
    | sed -e "s|.*/dev/sluice/sluice/[^/]*/sluice-[^/]*\.jar\$|$jar|" -e "s|.*/dev/sluice/sluice-spark/[^/]*/sluice-spark-[^/]*\.jar\$|$runner_jar|" \
    | paste -sd: -)" > "$here/target/spark.classpath"

commit="$(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo unknown)"
run_jmh() {
    echo "[bench] JMH microbenchmarks"
    java -cp "$(cat "$here/target/spark.classpath")" org.openjdk.jmh.Main -f 1 -wi 3 -w 1s -i 5 -r 1s \
        -rf text -rff "$here/target/jmh.txt" "$@" 'dev.sluice.bench.jmh.*' | tee "$here/target/jmh.log"
}

# The median of one key=value field over the lines on stdin, divided by $3 (default 1), printed with
# the printf format $2.
ab_median() {
    grep -o " $1=[^ ]*" | cut -d= -f2 | sort -g | awk -v fmt="$2" -v div="${3:-1}" '{ v[NR] = $1 }
        END { if (NR == 0) { print "?"; exit } m = NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2; printf fmt "\n", m / div }'
}

# Sets labels, cps (each build's classpath: these benchmark classes, its jar and its runtime
# dependencies) and props (its JVM options) for the revisions given. A revision is built from
# `git archive` into target/ab/<commit>; "." is the working tree's own build. A revision may end in
# @methodref, @lambda or @static: W1 then reduces with Long::sum, (a, b) -> a + b or a static method
# (-Dbench.reduce, see SluiceEngine.sum), so `. @lambda` style variants of one build can be compared.
build_revs() {
    labels=() cps=() props=()
    local spec rev variant sha dir
    for spec in "$@"; do
        rev="${spec%%@*}" variant=""
        [ "$rev" != "$spec" ] && variant="${spec#*@}"
        if [ "$rev" = . ]; then
            labels+=("worktree${variant:+@$variant}")
            cps+=("$(cat "$here/target/sluice.classpath")")
            props+=("${variant:+-Dbench.reduce=$variant}")
            continue
        fi
        sha="$(git -C "$root" rev-parse --short "$rev^{commit}")"
        dir="$here/target/ab/$sha"
        if [ ! -f "$dir/target/sluice.jar" ]; then
            echo "[bench] building $rev ($sha) in $dir"
            rm -rf "$dir" && mkdir -p "$dir"
            git -C "$root" archive "$sha" | tar -x -C "$dir"
            mvn -B -q -f "$dir/pom.xml" -Dmaven.test.skip=true package
        fi
        labels+=("$sha${variant:+@$variant}")
        cps+=("$here/target/classes:$dir/target/sluice.jar:$(find "$dir/target/lib" -maxdepth 1 -name '*.jar' | sort | paste -sd: -)")
        props+=("${variant:+-Dbench.reduce=$variant}")
    done
}

# The builds take turns at one W1 word count per round inside one JVM, each build in its own class
# loader (see SameJvmAb): finer than `ab`, since the machine's noise falls on every build alike.
run_ab_jvm() {
    local rounds=60 lines=1000000 job=w1 revs=() args=() i
    while [ $# -gt 0 ]; do
        case "$1" in
          --rounds) rounds="$2"; shift 2 ;;
          --lines) lines="$2"; shift 2 ;;
          --job) job="$2"; shift 2 ;;
          *) revs+=("$1"); shift ;;
        esac
    done
    [ ${#revs[@]} -ge 1 ] || { echo "usage: bench/run.sh ab-jvm REV... [--rounds N] [--lines N] [--job w1|w3lines|w3keys]" >&2; exit 2; }
    build_revs "${revs[@]}"
    for i in "${!labels[@]}"; do
        args+=("${labels[$i]}=${cps[$i]}")
    done
    java "-Dbench.abjob=$job" -cp "$here/target/classes:$(cat "$here/target/sluice.classpath")" dev.sluice.bench.SameJvmAb \
        "$rounds" "$lines" "${args[@]}"
}

# What an empty batch costs (EmptyBatchBench: 1 ms batches from a loopback socket that sends nothing,
# stateless / 10 s window with an inverse / mapWithState / mapWithState holding 100,000 keys
# (keptstate, only when asked for with --cases), each without and with a checkpoint
# directory), one fresh JVM per build, case and round, the builds' order reversed every other round;
# then per build and case the median bytes allocated and CPU microseconds per batch [range].
run_empty() {
    local rounds=5 seconds=10 warmup=5 cases="stateless window state" revs=()
    while [ $# -gt 0 ]; do
        case "$1" in
          --rounds) rounds="$2"; shift 2 ;;
          --seconds) seconds="$2"; shift 2 ;;
          --warmup) warmup="$2"; shift 2 ;;
          --cases) cases="${2//,/ }"; shift 2 ;;
          *) revs+=("$1"); shift ;;
        esac
    done
    [ ${#revs[@]} -ge 1 ] || { echo "usage: bench/run.sh empty REV... [--rounds N] [--seconds N] [--warmup N] [--cases stateless,window,state,keptstate]" >&2; exit 2; }
    build_revs "${revs[@]}"
    local log="$here/target/empty.log" n=${#labels[@]} r k i c ck out
    : > "$log"
    echo "[bench] empty 1 ms batches: $rounds round(s) of ${seconds} s (after ${warmup} s) per build and case (log: $log)"
    for r in $(seq 1 "$rounds"); do
        for c in $cases; do
            for ck in nockpt ckpt; do
                for k in $(seq 0 $((n - 1))); do
                    i=$k
                    [ $((r % 2)) -eq 0 ] && i=$((n - 1 - k))
                    out="$(java -Xmx512m -cp "${cps[$i]}" dev.sluice.bench.EmptyBatchBench "$c" "$seconds" "$ck" "$warmup" 2>&1)" \
                        || out="RESULT failed (exit $?): $(tail -3 <<<"$out" | tr "\n" " ")"
                    echo "$out" | grep -E '^(RESULT|THREAD)' | sed "s/^/${labels[$i]} round $r $c $ck: /" >> "$log"
                    echo "round $r $c $ck ${labels[$i]}: $(grep '^RESULT' <<<"$out" | sed 's/^RESULT //')"
                done
            done
        done
    done
    echo "[bench] medians over $rounds round(s) [range]"
    local lines
    for c in $cases; do
        for ck in nockpt ckpt; do
            for i in $(seq 0 $((n - 1))); do
                lines="$(grep "^${labels[$i]} round [0-9]* $c $ck: RESULT" "$log" || true)"
                printf '%-10s %-7s %-10s bytes/batch %s [%s-%s], CPU us/batch %s [%s-%s], batches/s %s\n' "$c" "$ck" "${labels[$i]}" \
                    "$(ab_median bytesPerBatch %.0f <<<"$lines")" \
                    "$(grep -o ' bytesPerBatch=[^ ]*' <<<"$lines" | cut -d= -f2 | sort -g | head -1 | xargs printf %.0f)" \
                    "$(grep -o ' bytesPerBatch=[^ ]*' <<<"$lines" | cut -d= -f2 | sort -g | tail -1 | xargs printf %.0f)" \
                    "$(ab_median cpuUsPerBatch %.0f <<<"$lines")" \
                    "$(grep -o ' cpuUsPerBatch=[^ ]*' <<<"$lines" | cut -d= -f2 | sort -g | head -1 | xargs printf %.0f)" \
                    "$(grep -o ' cpuUsPerBatch=[^ ]*' <<<"$lines" | cut -d= -f2 | sort -g | tail -1 | xargs printf %.0f)" \
                    "$(ab_median batchesPerSec %.0f <<<"$lines")"
            done
        done
    done
}

# One fixed-rate trial per build and round, the builds alternating (their order reversed every other
# round), each in a fresh JVM; then the median per build (builds as in build_revs).
run_ab() {
    local rounds=5 batches=16 jvm="" revs=()
    [ $# -ge 3 ] || { echo "usage: bench/run.sh ab WORKLOAD RATE REV... [--rounds N] [--batches N] [--jvm 'OPTIONS']" >&2; exit 2; }
    local workload="$1" rate="$2"
    shift 2
    while [ $# -gt 0 ]; do
        case "$1" in
          --rounds) rounds="$2"; shift 2 ;;
          --batches) batches="$2"; shift 2 ;;
          --jvm) jvm="$2"; shift 2 ;;
          *) revs+=("$1"); shift ;;
        esac
    done
    [ ${#revs[@]} -ge 1 ] || { echo "bench: ab needs at least one revision" >&2; exit 2; }
    build_revs "${revs[@]}"
    local log="$here/target/ab.log" n=${#labels[@]} r i k out
    : > "$log"
    echo "[bench] $workload at $rate records/s, $rounds round(s), $batches measured 1 s batches per trial${jvm:+, JVM options: $jvm}"
    for r in $(seq 1 "$rounds"); do
        for k in $(seq 0 $((n - 1))); do
            i=$k
            [ $((r % 2)) -eq 0 ] && i=$((n - 1 - k))
            # shellcheck disable=SC2086
            out="$(java $jvm ${props[$i]} -cp "${cps[$i]}" dev.sluice.bench.Child fixed sluice "$workload" 1000 4 "$batches" "$rate" 2>&1)" || out="RESULT failed (exit $?): $(tail -3 <<<"$out" | tr "\n" " ")"
            echo "$out" | sed "s/^/${labels[$i]} round $r: /" >> "$log"
            echo "round $r ${labels[$i]}: $(echo "$out" | grep '^RESULT' | sed 's/^RESULT //')"
        done
    done
    echo "[bench] medians over $rounds round(s) (all trials in $log)"
    local lines
    for i in $(seq 0 $((n - 1))); do
        lines="$(grep "^${labels[$i]} round [0-9]*: RESULT" "$log" || true)"
        printf '%-18s mean batch %s ms, per CPU-second %s records, cores %s, GC %s ms, peak RSS %s MB, sustained in %s of %s\n' \
            "${labels[$i]}" "$(ab_median meanMs %.1f <<<"$lines")" "$(ab_median perCpuSec %.0f <<<"$lines")" \
            "$(ab_median cores %.2f <<<"$lines")" "$(ab_median gcMs %.0f <<<"$lines")" \
            "$(ab_median peakRssKb %.0f 1024 <<<"$lines")" \
            "$(grep -c ' sustained=1 ' <<<"$lines" || true)" "$(grep -c . <<<"$lines" || true)"
    done
}

# The Spark runner's overhead: each workload written with Sluice's API and run through sluice-spark on
# local[2] ("sluice-on-spark") against the same workload written against Spark's Java API and fed
# the same way ("spark-parallelize": each batch sc.parallelize(batch, 2), as the runner's queue
# source ships it), each trial in a fresh JVM (Child steady: --warmup unmeasured then --batches
# measured 1 s batches at the workload's rate; a batch that falls behind waits its turn, nothing is
# aborted), the engines' order reversed every other round; per round the ratio runner/hand-written of
# the median batch processing time and of the CPU time per record, then their medians and ranges.
run_runner() {
    local rounds=3 batches=6 warmup=3 spec="W1_WORD_COUNT=5000,W3_UPDATE_STATE=5000,W3_LINES_UPDATE_STATE=1000"
    local engines=(spark-parallelize sluice-on-spark)
    while [ $# -gt 0 ]; do
        case "$1" in
          --rounds) rounds="$2"; shift 2 ;;
          --batches) batches="$2"; shift 2 ;;
          --warmup) warmup="$2"; shift 2 ;;
          --only) spec="$2"; shift 2 ;;
          *) echo "usage: bench/run.sh runner [--rounds N] [--batches N] [--warmup N] [--only WORKLOAD=RATE,...]" >&2; exit 2 ;;
        esac
    done
    local flags cp log="$here/target/runner.log" r w rate k i out pair
    flags="$(cat "$root/spark/target/jvm.flags")"
    cp="$(cat "$here/target/spark.classpath")"
    : > "$log"
    echo "[bench] Spark runner vs hand-written Spark on local[2], $rounds round(s), $warmup+$batches batches of 1 s per trial (log: $log)"
    for r in $(seq 1 "$rounds"); do
        for pair in ${spec//,/ }; do
            w="${pair%%=*}" rate="${pair#*=}"
            for k in 0 1; do
                i=$k
                [ $((r % 2)) -eq 0 ] && i=$((1 - k))
                # shellcheck disable=SC2086
                out="$(java $flags -cp "$cp" dev.sluice.bench.Child steady "${engines[$i]}" "$w" 1000 "$warmup" "$batches" "$rate" 2>&1)" \
                    || out="$out
RESULT failed (exit $?): $(grep -v '^[[:space:]]*at ' <<<"$out" | tail -3 | tr "\n" " ")"
                echo "$out" | sed "s/^/$w ${engines[$i]} round $r: /" >> "$log"
                echo "round $r $w ${engines[$i]}: $(echo "$out" | grep '^RESULT' | sed 's/^RESULT //')"
            done
        done
    done
    echo "[bench] per workload: medians over $rounds round(s) [range]; ratio = sluice-on-spark / spark-parallelize of the same round"
    for pair in ${spec//,/ }; do
        w="${pair%%=*}" rate="${pair#*=}"
        grep "^$w [a-z-]* round [0-9]*: RESULT" "$log" | awk -v w="$w" -v rate="$rate" '
            function field(name,   j) { for (j = 1; j <= NF; j++) if (index($j, name "=") == 1) return substr($j, length(name) + 2); return "" }
            function med(a, n,   i, j, t, b) { for (i = 1; i <= n; i++) b[i] = a[i]; for (i = 2; i <= n; i++) for (j = i; j > 1 && b[j-1] > b[j]; j--) { t = b[j]; b[j] = b[j-1]; b[j-1] = t }
                return n == 0 ? "nan" : (n % 2 ? b[(n+1)/2] : (b[n/2] + b[n/2+1]) / 2) }
            function lo(a, n,   i, m) { m = a[1]; for (i = 2; i <= n; i++) if (a[i] < m) m = a[i]; return m }
            function hi(a, n,   i, m) { m = a[1]; for (i = 2; i <= n; i++) if (a[i] > m) m = a[i]; return m }
            { e = $2; r = $4 + 0; ms[e, r] = field("medianMs") + 0; cpu[e, r] = field("perCpuSec") + 0; if (r > maxr) maxr = r }
            END {
                for (r = 1; r <= maxr; r++) {
                    if (ms["spark-parallelize", r] > 0 && ms["sluice-on-spark", r] > 0 && cpu["spark-parallelize", r] > 0 && cpu["sluice-on-spark", r] > 0) {
                        k++; tr[k] = ms["sluice-on-spark", r] / ms["spark-parallelize", r]; cr[k] = cpu["spark-parallelize", r] / cpu["sluice-on-spark", r]
                        a[k] = ms["spark-parallelize", r]; b[k] = ms["sluice-on-spark", r]
                    }
                }
                printf "%s at %s records/s: median batch ms spark-parallelize %.0f [%.0f-%.0f], sluice-on-spark %.0f [%.0f-%.0f]; ratio of batch times %.3f [%.3f-%.3f], of CPU per record %.3f [%.3f-%.3f] over %d rounds\n",
                    w, rate, med(a, k), lo(a, k), hi(a, k), med(b, k), lo(b, k), hi(b, k), med(tr, k), lo(tr, k), hi(tr, k), med(cr, k), lo(cr, k), hi(cr, k), k
            }'
    done
}

# The parts of a full run that Bench does not drive, measured before it, each written as a markdown
# section into target/sections (Report puts them into RESULTS.md, see -Dbench.sections): W7 through a
# loopback socket at 100,000 and 1,000,000 records/s and through Kafka at 100,000 (both engines, every
# interval of each engine's list tried, --all, so that the best stable one is chosen by its p99 rather
# than the smallest stable one taken), the launcher racing jshell to its
# prompt and to `1 + 1`, and a trivial cell's round trip through the kernel and through ipykernel.
run_extras() {
    local dir="$here/target/sections" w7="$here/target/sections/w7.md" rate spec label
    rm -rf "$dir" && mkdir -p "$dir"
    if [ -f "$here/kafka-broker/target/deps.classpath" ]; then
        echo "$here/kafka-broker/target/classes:$(cat "$here/kafka-broker/target/deps.classpath")" > "$here/target/broker.classpath"
    fi
    {
        echo "## W7: end-to-end latency (send to output, per record)"
        echo
        echo "Stamped records from a feeder at a fixed rate; each engine runs at every batch interval of its list;"
        echo "the tables give the stable interval with the lowest p99 per engine, and every run."
        echo "The cases: (a) stateless map/filter, (b) a 10 s windowed count per key updated every batch and"
        echo "joined with the batch's records, (c) mapWithState per key. Goals at 100,000 records/s: p99 at"
        echo "most 1 ms for (a), 5 ms for (b) and (c); at 1,000,000: 5 ms for (a), 20 ms for (b)."
    } > "$w7"
    for spec in "socket 100000 0.25,0.5,1,5 100,200,500" "socket 1000000 1,2,5,20 200,1000" "kafka 100000 1,5,20 -" "kafka 1000000 5,20,100 -"; do
        read -r source rate sluice_iv spark_iv <<<"$spec"
        label="$source-$rate"
        echo "[bench] W7 through $source at $rate records/s"
        # shellcheck disable=SC2046
        if java -cp "$here/target/classes" dev.sluice.bench.LatencyBench \
                --spark-cp "$here/target/spark.classpath" --sluice-cp "$here/target/sluice.classpath" \
                --broker-cp "$here/target/broker.classpath" --source "$source" --rate "$rate" --all \
                --sluice-intervals "$sluice_iv" $([ "$spark_iv" = - ] || echo --spark-intervals "$spark_iv") \
                --out "$dir/w7-$label.md" --log "$here/target/w7-$label.log"; then
            { echo; echo "### $(sed ':a;s/\B[0-9]\{3\}\>/,&/;ta' <<<"$rate") records/s through $([ "$source" = kafka ] && echo Kafka || echo "a loopback socket")"; echo; cat "$dir/w7-$label.md"; } >> "$w7"
        else
            { echo; echo "### $rate records/s through $source"; echo; echo "Failed (exit $?); see bench/target/w7-$label.log."; } >> "$w7"
        fi
        rm -f "$dir/w7-$label.md"
        if [ "$source" = kafka ]; then
            echo "[bench] Kafka's own clients at $rate records/s, no engine (the floor under W7 through Kafka)"
            {
                echo
                echo "The floor under these rows: Kafka's own producer and consumer, with no engine, against a broker"
                echo "started the same way (\`KafkaFloor\`: the same producer settings and pacing, one consumer that polls"
                echo "without pause, 60 s measured after 5 s), run right after the rows above:"
                echo
                java -Xms512m -cp "$(cat "$here/target/sluice.classpath")" dev.sluice.bench.KafkaFloor \
                    "$here/target/broker.classpath" "$rate" 60 2> "$here/target/kafka-floor.log" || echo "failed (exit $?)"
            } >> "$w7"
        fi
    done
    echo "[bench] the launcher and jshell racing to their prompts"
    {
        echo "## Interactive start-up: the launcher against jshell"
        echo
        echo "\`bench/startup.py\`: each shell started in a fresh tmux session, the screen read every 5 ms until the"
        echo "prompt shows, then \`1 + 1\` typed until \`==> 2\` shows; times from just before \`tmux new-session\`;"
        echo "the shells take turns, their order reversed every other round. Target: the launcher's prompt in at"
        echo "most half of jshell's time, \`1 + 1\` answered within 1 s."
        echo
        echo '```'
        /usr/bin/python3 "$here/startup.py" --rounds 10 --warmup 1 sluice="$root/launcher/sluice" 'sluice>' jshell=jshell 'jshell>' 2>&1 \
            || echo "failed (exit $?)"
        echo '```'
    } > "$dir/startup.md"
    echo "[bench] a trivial cell through the kernel and through ipykernel"
    local prefix
    prefix="$(mktemp -d)"
    {
        echo "## Kernel round trip: a trivial cell"
        echo
        echo "\`src/test/python/bench_kernel_roundtrip.py 300\` with Debian's jupyter_client: from sending"
        echo "execute_request to receiving its reply and the idle status, after 30 unmeasured cells. Target: 15 ms"
        echo "median for \`1 + 1\` on the sluice kernel. ipykernel (python3) for comparison, where it is installed."
        echo
        echo '```'
        java -cp "$jar:$deps" dev.sluice.Main --install-kernel --prefix "$prefix" > /dev/null || echo "installing the kernel failed"
        for kernel in sluice python3; do
            echo "$kernel:"
            PYDEVD_DISABLE_FILE_VALIDATION=1 JUPYTER_PATH="$prefix/share/jupyter" /usr/bin/python3 "$root/src/test/python/bench_kernel_roundtrip.py" 300 "$kernel" 2>&1 \
                | grep -v '^\s*$' || echo "failed (exit $?)"
        done
        echo '```'
        echo
        echo "Kernel start and first cells, with the kernelspec's class-data archive (\`sluice\`) and without it"
        echo "(\`sluice-plain\`: the same spec less its three archive options), in turn:"
        echo "\`src/test/python/bench_kernel_start.py 4 sluice sluice-plain\`."
        echo
        echo '```'
        mkdir -p "$prefix/share/jupyter/kernels/sluice-plain"
        /usr/bin/python3 -c 'import json, sys
k = json.load(open(sys.argv[1]))
k["argv"] = [a for a in k["argv"] if not a.startswith(("-XX:SharedArchiveFile=", "-Xlog:cds", "-Dsluice.classArchive="))]
k["display_name"] += " without its class-data archive"
json.dump(k, open(sys.argv[2], "w"))' "$prefix/share/jupyter/kernels/sluice/kernel.json" "$prefix/share/jupyter/kernels/sluice-plain/kernel.json"
        PYDEVD_DISABLE_FILE_VALIDATION=1 JUPYTER_PATH="$prefix/share/jupyter" /usr/bin/python3 "$root/src/test/python/bench_kernel_start.py" 4 sluice sluice-plain 2>&1 \
            | grep -v '^\s*$' || echo "failed (exit $?)"
        echo '```'
    } > "$dir/kernel.md"
    rm -rf "$prefix"
}

case "$mode" in
  latency)
    # the Kafka broker's JVM (--source kafka): its own classes and Kafka's server, nothing of the engines
    if [ -f "$here/kafka-broker/target/deps.classpath" ]; then
        echo "$here/kafka-broker/target/classes:$(cat "$here/kafka-broker/target/deps.classpath")" > "$here/target/broker.classpath"
    fi
    java -cp "$here/target/classes" dev.sluice.bench.LatencyBench \
        --spark-cp "$here/target/spark.classpath" --sluice-cp "$here/target/sluice.classpath" \
        --broker-cp "$here/target/broker.classpath" \
        --out "$here/target/latency.md" --log "$here/target/latency.log" "$@"
    ;;
  kafka-floor)
    if [ -f "$here/kafka-broker/target/deps.classpath" ]; then
        echo "$here/kafka-broker/target/classes:$(cat "$here/kafka-broker/target/deps.classpath")" > "$here/target/broker.classpath"
    fi
    java -Xms512m -cp "$(cat "$here/target/sluice.classpath")" dev.sluice.bench.KafkaFloor \
        "$here/target/broker.classpath" "${1:-100000}" "${2:-20}" 2> "$here/target/kafka-floor.log"
    ;;
  runner) run_runner "$@" ;;
  jmh) run_jmh "$@" ;;
  ab) run_ab "$@" ;;
  empty) run_empty "$@" ;;
  ab-jvm) run_ab_jvm "$@" ;;
  quick|full)
    jmh_opt=()
    began="$(date +%s)"
    if [ "$mode" = full ]; then
        rm -f "$here/target/jmh.txt"
        run_jmh
        jmh_opt=(-Dbench.jmh="$here/target/jmh.txt")
        if [ -z "${BENCH_NO_EXTRAS:-}" ]; then
            run_extras
            s="$here/target/sections"
            jmh_opt+=(-Dbench.began="$began" -Dbench.sections="$s/w7.md:$s/startup.md:$s/kernel.md")
        fi
    fi
    java -Dbench.commit="$commit" "${jmh_opt[@]}" -cp "$here/target/classes" dev.sluice.bench.Bench \
        --mode "$mode" --spark-cp "$here/target/spark.classpath" --sluice-cp "$here/target/sluice.classpath" \
        --out "$here/RESULTS.md" --log "$here/target/bench.log" --launcher "$root/launcher/sluice" "$@"
    ;;
  *) echo "usage: bench/run.sh [quick|full|jmh|ab|ab-jvm|runner|latency|empty] [options]" >&2; exit 2 ;;
esac
