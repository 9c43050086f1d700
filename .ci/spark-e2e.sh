#!/usr/bin/env bash
# The Spark runner end to end: builds it (the core installed, then spark/ with its own tests, which
# run on local[2]), starts a standalone cluster on loopback (.ci/spark-cluster.sh: a Master and two
# Workers from the runner's Maven jars) and runs the cluster checks against it: a program compared
# with the embedded engine (ClusterCheck), the shell tour typed into launcher/sluice in tmux
# (.ci/spark-shell-tour.py) and a notebook executed by nbconvert with the Spark kernelspec
# (.ci/spark-notebook-check.py), each compared with the same on the embedded engine. The cluster and
# every process it forked are stopped by process id when this script ends, also on failure; the two
# scripts stop the shells, tmux servers, nbconvert and kernels they start by process id.
# Logs: target/spark-cluster (the cluster), target/spark-e2e (the checks).
#
# Environment: SPARK_E2E_SKIP_BUILD=1 uses what the last build left (for reruns while working);
# SPARK_E2E_OWN_REPO=1 installs the core into a Maven repository of this checkout
# (target/spark-e2e-m2: links to ~/.m2/repository for everything else), for a machine where other
# checkouts install their own core into ~/.m2 while this runs.
set -euo pipefail
cd "$(dirname "$0")/.."
root="$(pwd)"
out="$root/target/spark-e2e"
java="${JAVA:-java}"
# Loopback only: Spark would otherwise pick the machine's first non-loopback address.
export SPARK_LOCAL_IP=127.0.0.1

step() { echo "== spark-e2e: $* ($(date -u +%T))"; }
begin=$SECONDS

# The shell tour needs tmux; the notebook check Debian's Jupyter client, nbclient and nbconvert.
need=()
command -v tmux >/dev/null 2>&1 || need+=(tmux)
/usr/bin/python3 -c 'import jupyter_client' 2>/dev/null || need+=(python3-jupyter-client)
/usr/bin/python3 -c 'import nbclient' 2>/dev/null || need+=(python3-nbclient)
/usr/bin/python3 -c 'import nbconvert' 2>/dev/null || need+=(jupyter-nbconvert)
if [ ${#need[@]} -gt 0 ]; then
  step "installing ${need[*]}"
  sudo_cmd=""
  [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
  $sudo_cmd apt-get update -q
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -q "${need[@]}"
fi

repo=()
if [ "${SPARK_E2E_OWN_REPO:-}" = 1 ]; then
  shared="$HOME/.m2/repository"
  own="$root/target/spark-e2e-m2"
  rm -rf "$own"
  mkdir -p "$own/dev"
  for d in "$shared"/*; do [ "$(basename "$d")" = dev ] || ln -s "$d" "$own/"; done
  for d in "$shared"/dev/*; do [ "$(basename "$d")" = sluice ] || ln -s "$d" "$own/dev/"; done
  repo=(-Dmaven.repo.local="$own")
fi
if [ "${SPARK_E2E_SKIP_BUILD:-}" != 1 ]; then
  step "installing the core (tests skipped: mvn verify ran them)"
  mvn -B -q "${repo[@]}" -Dmaven.test.skip=true install
  step "the runner's own tests (local[2]) and its package"
  mvn -B "${repo[@]}" -f spark/pom.xml verify
fi
build_done=$SECONDS

rm -rf "$out"
mkdir -p "$out"
# The cluster check's own jar, shipped to the executors through spark.jars as a program's jar would be.
(cd spark/target/test-classes && jar cf "$out/cluster-check.jar" dev/sluice/spark/ClusterCheck*.class)

cleanup() {
  local rc=$?
  step "stopping the cluster"
  .ci/spark-cluster.sh stop || true
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

step "starting the cluster"
.ci/spark-cluster.sh start >"$out/master-url"
master="$(cat "$out/master-url")"
cluster_up=$SECONDS

step "a program on $master: word count, window with inverse, updateStateByKey, rate window; compared with the embedded engine"
read -r -a flags <spark/target/jvm.flags
cp="$out/cluster-check.jar:spark/target/sluice-spark.jar:spark/target/lib/*:target/sluice.jar:target/lib/*"
if ! timeout 600 "$java" -Xmx768m "${flags[@]}" -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -cp "$cp" \
    dev.sluice.spark.ClusterCheck "$master" "$out/cluster-check.jar" >"$out/cluster-check.log" 2>&1; then
  grep -v -E '^\s+(at |- |\.\.\.)' "$out/cluster-check.log" | tail -n 40
  echo "spark-e2e: the cluster check failed; full log in $out/cluster-check.log" >&2
  exit 1
fi
grep -E '^(ok|cluster check|embedded:|spark://)' "$out/cluster-check.log"
program_done=$SECONDS

step "the shell tour typed into launcher/sluice in tmux, on the embedded engine and on $master, compared"
# SIGTERM at the bound lets each script stop what it started by process id; SIGKILL 60 s later.
if ! timeout -k 60 900 .ci/spark-shell-tour.py "$master" "$out/tour" >"$out/tour.log" 2>&1; then
  tail -n 60 "$out/tour.log"
  echo "spark-e2e: the shell tour failed; screens in $out/tour/tour-*.txt" >&2
  exit 1
fi
cat "$out/tour.log"
# The library the tour added to its live session reached executors in the Workers' processes: each
# executor keeps the jars it fetched in its work directory.
fetched="$(find "${SPARK_CLUSTER_DIR:-$root/target/spark-cluster}" -path '*/work-*/app-*/*/jsoup-*.jar' | sort)"
if [ -z "$fetched" ]; then
  echo "spark-e2e: no executor of the cluster fetched the jar the shell tour added (jsoup-*.jar under target/spark-cluster/work-*)" >&2
  exit 1
fi
echo "ok: executors fetched the tour's library: $(echo "$fetched" | sed "s|^$root/||" | tr '\n' ' ')"
tour_done=$SECONDS

step "a notebook executed by nbconvert with the Sluice kernel and with the Spark kernel on $master, compared"
if ! timeout -k 60 900 .ci/spark-notebook-check.py "$master" "$out/notebook" >"$out/notebook.log" 2>&1; then
  tail -n 60 "$out/notebook.log"
  echo "spark-e2e: the notebook check failed; executed notebooks and nbconvert's logs in $out/notebook" >&2
  exit 1
fi
cat "$out/notebook.log"
notebook_done=$SECONDS

.ci/spark-cluster.sh status >"$out/cluster-status" 2>&1 || true
step "timings: build $((build_done - begin))s, cluster start $((cluster_up - build_done))s, program $((program_done - cluster_up))s, shell tour $((tour_done - program_done))s, notebook $((notebook_done - tour_done))s, total $((SECONDS - begin))s"
