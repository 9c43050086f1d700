#!/usr/bin/env bash
# Every notebook in a real browser: starts one Debian Jupyter Notebook server on 127.0.0.1 with the
# sluice kernelspec, opens each notebook in notebooks/ in turn in Debian's headless chromium (driven
# by playwright-core from npm with the system browser, never a downloaded one), runs all its cells
# and checks the page (src/test/browser/: tour.mjs for the tour, notebooks.mjs for the others); the
# Kafka notebook runs without a broker (KAFKA_BOOTSTRAP_SERVERS names a loopback port nobody listens
# on) and must say how to start one. Screenshots: target/browser/ (one of each whole notebook).
# Installs what it needs (chromium, jupyter-notebook, nodejs/npm with apt; playwright-core with npm)
# and stops every process it starts, also on failure.
# Usage: .ci/browser-e2e.sh [name-prefix...]   (e.g. `03 05`: only those notebooks; with
# BROWSER_E2E_LATER=20 each notebook but the tour is shot again 20 s later, as <name>-later.png)
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
PY=/usr/bin/python3

need=()
[ -x /usr/bin/chromium ] || need+=(chromium)
command -v jupyter-notebook >/dev/null 2>&1 || need+=(jupyter-notebook)
command -v node >/dev/null 2>&1 || need+=(nodejs)
command -v npm >/dev/null 2>&1 || need+=(npm)
"$PY" -c 'import jupyter_client' 2>/dev/null || need+=(python3-jupyter-client)
if [ ${#need[@]} -gt 0 ]; then
  echo "browser-e2e: installing ${need[*]}"
  sudo_cmd=""
  [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
  $sudo_cmd apt-get update -q
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -q --no-install-recommends "${need[@]}"
fi

deps="$root/target/browser-deps"
if [ ! -d "$deps/node_modules/playwright-core" ]; then
  echo "browser-e2e: installing playwright-core (the driver only; the browser is /usr/bin/chromium)"
  mkdir -p "$deps"
  cp src/test/browser/package.json "$deps/"
  (cd "$deps" && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm install --no-audit --no-fund --loglevel=error)
fi

if [ ! -f target/sluice.jar ] || [ ! -d target/lib ] \
   || [ -n "$(find pom.xml src/main kernel -newer target/sluice.jar -print -quit)" ]; then
  echo "browser-e2e: building target/sluice.jar"
  mvn -B -q -o -DskipTests package || mvn -B -q -DskipTests package
fi

work="$(mktemp -d)"
server_pid=""
cleanup() {
  if [ -n "$server_pid" ] && kill -0 "$server_pid" 2>/dev/null; then
    kill "$server_pid" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 "$server_pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$server_pid" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT

java -cp "target/sluice.jar:target/lib/*" dev.sluice.Main --install-kernel --prefix "$work/prefix" >/dev/null
export JUPYTER_PATH="$work/prefix/share/jupyter"
export JUPYTER_RUNTIME_DIR="$work/runtime"
export JUPYTER_DATA_DIR="$work/data"
export JUPYTER_CONFIG_DIR="$work/config"
export JUPYTER_PLATFORM_DIRS=1
mkdir -p "$work/notebooks"
cp notebooks/*.ipynb "$work/notebooks/"

port="$("$PY" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')"
token="$("$PY" -c 'import secrets; print(secrets.token_hex(16))')"
# The kernels inherit the server's environment: the Kafka notebook finds no broker there.
KAFKA_BOOTSTRAP_SERVERS="127.0.0.1:$("$PY" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')"
export KAFKA_BOOTSTRAP_SERVERS
jupyter-notebook --no-browser --ip=127.0.0.1 --port="$port" --port-retries=0 --allow-root \
  --NotebookApp.token="$token" --notebook-dir="$work/notebooks" >"$work/server.log" 2>&1 &
server_pid=$!
for _ in $(seq 1 100); do
  "$PY" -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:$port/api/status?token=$token', timeout=1)" 2>/dev/null && break
  kill -0 "$server_pid" 2>/dev/null || { echo "browser-e2e: the notebook server exited"; cat "$work/server.log"; exit 1; }
  sleep 0.2
done

mkdir -p target/browser
rm -f target/browser/*.png
status=0
# ES modules resolve packages from their own directory, so the test runs next to its node_modules.
cp src/test/browser/*.mjs "$deps/"
timeout 540 node "$deps/browser.mjs" \
  "http://127.0.0.1:$port" "$token" "$root/target/browser" "$work/notebooks" "$@" || status=$?
if [ $status -ne 0 ]; then
  echo "browser-e2e: FAILED; notebook server log:"; tail -40 "$work/server.log"
fi
# Shut the kernels down through the server before stopping it, so no kernel outlives this script.
"$PY" - "$port" "$token" <<'PYEOF' || true
import json, sys, urllib.request
port, token = sys.argv[1], sys.argv[2]
base = "http://127.0.0.1:%s/api/kernels" % port
for k in json.load(urllib.request.urlopen(base + "?token=" + token, timeout=5)):
    urllib.request.urlopen(urllib.request.Request(base + "/" + k["id"] + "?token=" + token, method="DELETE"), timeout=30)
PYEOF
ls target/browser/*.png 2>/dev/null | sed 's/^/browser-e2e: screenshot /'
exit $status
