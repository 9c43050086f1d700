#!/usr/bin/env bash
# A Spark 4.1.0 standalone cluster on loopback for the Spark runner's cluster tests: one Master and
# two Workers (1 core, 1 GiB each) on 127.0.0.1, on ports the JVMs pick themselves, run from the
# jars Maven put in spark/target/lib (no Spark download). Spark's home is a directory of our own
# whose jars/ links to those jars plus an SLF4J binding, so the cluster knows nothing of Sluice:
# the driver ships the core and runner jars (spark.jars), as it would to any cluster.
#
#   .ci/spark-cluster.sh start    starts the cluster, waits until both workers are registered, prints
#                                 the master URL (also in target/spark-cluster/master-url)
#   .ci/spark-cluster.sh status   the master URL and every process of the cluster (executors included)
#   .ci/spark-cluster.sh stop     stops every process it started, by process id (each daemon runs in
#                                 a process group of its own, which the executors a worker forks join)
#
# Needs: java 17+, `mvn -f spark/pom.xml package` done (spark/target/lib, spark/target/jvm.flags) and
# the core's jars (target/lib, for the SLF4J binding). Logs and state: target/spark-cluster/.
# Environment: JAVA (default java), SPARK_CLUSTER_TIMEOUT (seconds to wait for the master and the
# workers, default 180), SPARK_CLUSTER_WORKERS (default 2), SPARK_CLUSTER_DIR (logs and state,
# default target/spark-cluster; one cluster per directory).
set -euo pipefail
cd "$(dirname "$0")/.."
root="$(pwd)"
dir="${SPARK_CLUSTER_DIR:-$root/target/spark-cluster}"
java="${JAVA:-java}"
timeout="${SPARK_CLUSTER_TIMEOUT:-180}"
workers="${SPARK_CLUSTER_WORKERS:-2}"

log() { echo "spark-cluster: $*" >&2; }

# Process ids of the cluster's daemons (master first), one per line, from target/spark-cluster/pids.
daemon_pids() {
  [ -f "$dir/pids" ] && cut -d' ' -f1 "$dir/pids" || true
}

# Every live process in the process group of daemon $1 (the daemon and the executors it forked).
group_members() {
  ps -e -o pid=,pgid= | awk -v g="$1" '$2 == g { print $1 }'
}

alive() { kill -0 "$1" 2>/dev/null; }

stop_cluster() {
  local pids pid members waited
  pids="$(daemon_pids)"
  if [ -z "$pids" ]; then
    log "nothing to stop (no $dir/pids)"
    return 0
  fi
  # Workers first (they stop their executors), then the master; each by its process group, which
  # setsid made equal to the daemon's id.
  for pid in $(echo "$pids" | tac); do
    members="$(group_members "$pid" | tr '\n' ' ')"
    if [ -n "$members" ]; then
      echo "$(date -u +%T) stop group $pid: $members" >>"$dir/stopped"
      kill -TERM -- "-$pid" 2>/dev/null || true
    fi
  done
  waited=0
  while [ "$waited" -lt 30 ]; do
    local left=""
    for pid in $pids; do
      [ -n "$(group_members "$pid")" ] && left="$left $pid"
    done
    [ -z "$left" ] && break
    sleep 1
    waited=$((waited + 1))
  done
  for pid in $pids; do
    members="$(group_members "$pid" | tr '\n' ' ')"
    if [ -n "$members" ]; then
      log "group $pid still has $members after ${waited}s: killing"
      echo "$(date -u +%T) kill group $pid: $members" >>"$dir/stopped"
      kill -KILL -- "-$pid" 2>/dev/null || true
    fi
  done
  rm -f "$dir/pids" "$dir/master-url"
  log "stopped"
}

status_cluster() {
  local pid
  if [ -z "$(daemon_pids)" ]; then
    echo "not running"
    return 1
  fi
  echo "master $(cat "$dir/master-url" 2>/dev/null || echo '?')"
  while read -r pid role; do
    if alive "$pid"; then
      echo "$role $pid: group $(group_members "$pid" | tr '\n' ' ')"
    else
      echo "$role $pid: gone"
    fi
  done <"$dir/pids"
}

# Waits until file $1 has a line matching $2 (extended regex), or daemon $3 exits, or the timeout.
await_line() {
  local file="$1" pattern="$2" pid="$3" what="$4" waited=0
  while ! grep -q -E "$pattern" "$file" 2>/dev/null; do
    if ! alive "$pid"; then
      log "$what exited before it was ready; the end of $file:"
      tail -n 30 "$file" >&2 || true
      return 1
    fi
    if [ "$waited" -ge "$((timeout * 2))" ]; then
      log "$what not ready after ${timeout}s; the end of $file:"
      tail -n 30 "$file" >&2 || true
      return 1
    fi
    sleep 0.5
    waited=$((waited + 1))
  done
}

start_cluster() {
  local lib="$root/spark/target/lib" flags_file="$root/spark/target/jvm.flags" binding home
  if [ -n "$(daemon_pids)" ]; then
    log "already started (see $dir/pids); stop it first"
    return 1
  fi
  if [ ! -d "$lib" ] || [ ! -f "$flags_file" ]; then
    log "no $lib or $flags_file: build the runner first (mvn -B -f spark/pom.xml package)"
    return 1
  fi
  binding="$(ls "$root"/target/lib/slf4j-simple-*.jar 2>/dev/null | head -n 1 || true)"
  if [ -z "$binding" ]; then
    log "no target/lib/slf4j-simple-*.jar: build the core first (mvn -B -Dmaven.test.skip=true install)"
    return 1
  fi
  rm -rf "$dir"
  home="$dir/home"
  mkdir -p "$home/jars" "$home/conf" "$dir/local"
  ln -s "$lib"/*.jar "$home/jars/"
  ln -s "$binding" "$home/jars/"
  : >"$dir/pids"
  # Until the workers are registered, a failure (or Ctrl-C) stops whatever was started.
  trap 'log "start failed: stopping what was started"; stop_cluster' EXIT
  trap 'exit 130' INT TERM

  local -a flags
  read -r -a flags <"$flags_file"
  export SPARK_HOME="$home" SPARK_SCALA_VERSION=2.13 SPARK_LOCAL_IP=127.0.0.1 SPARK_LOCAL_DIRS="$dir/local"
  local -a daemon=("$java" -Xmx256m "${flags[@]}" -Dorg.slf4j.simpleLogger.showDateTime=true
    -Dspark.worker.cleanup.enabled=false -cp "$home/conf:$home/jars/*")

  local begin=$SECONDS
  setsid "${daemon[@]}" org.apache.spark.deploy.master.Master --host 127.0.0.1 --port 0 --webui-port 0 \
    >"$dir/master.log" 2>&1 </dev/null &
  local master=$!
  echo "$master master" >>"$dir/pids"
  await_line "$dir/master.log" 'Starting Spark master at spark://' "$master" "the master"
  await_line "$dir/master.log" 'elected leader' "$master" "the master"
  local url
  url="$(grep -o -E 'spark://127\.0\.0\.1:[0-9]+' "$dir/master.log" | head -n 1)"
  echo "$url" >"$dir/master-url"
  log "master $url (pid $master) up in $((SECONDS - begin))s"

  local i pid
  for i in $(seq 1 "$workers"); do
    mkdir -p "$dir/work-$i"
    setsid "${daemon[@]}" org.apache.spark.deploy.worker.Worker --host 127.0.0.1 --port 0 --webui-port 0 \
      --cores 1 --memory 1g --work-dir "$dir/work-$i" "$url" >"$dir/worker-$i.log" 2>&1 </dev/null &
    pid=$!
    echo "$pid worker-$i" >>"$dir/pids"
  done
  i=1
  for pid in $(awk '$2 ~ /^worker-/ { print $1 }' "$dir/pids"); do
    await_line "$dir/worker-$i.log" 'Successfully registered with master' "$pid" "worker $i"
    i=$((i + 1))
  done
  trap - EXIT INT TERM
  log "$workers workers registered, cluster up in $((SECONDS - begin))s; logs in $dir"
  echo "$url"
}

case "${1:-}" in
  start) start_cluster ;;
  stop) stop_cluster ;;
  status) status_cluster ;;
  *) echo "usage: $0 start|stop|status" >&2; exit 2 ;;
esac
