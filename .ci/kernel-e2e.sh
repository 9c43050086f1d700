#!/usr/bin/env bash
# End-to-end checks of the Jupyter kernel with real Jupyter clients:
#   1. installs the Debian Jupyter client packages when missing,
#   2. installs the sluice kernelspec into a temporary prefix,
#   3. runs the Python tests: every notebook in notebooks/ executed with nbclient and its live views
#      watched after the last cell (the Kafka notebook twice: without a broker, and against a real
#      single-node Kafka broker on 127.0.0.1 that src/test/python/kafka_broker.py starts from the
#      test class path and stops by its PID), the jupyter_kernel_test protocol suite, live outputs,
#      interrupts, and a kernel whose server died.
# Usage: .ci/kernel-e2e.sh   (from anywhere; builds target/sluice.jar and the test classes first when
# they are missing or stale)
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
PY=/usr/bin/python3

need=()
"$PY" -c 'import jupyter_client' 2>/dev/null || need+=(python3-jupyter-client)
"$PY" -c 'import nbclient' 2>/dev/null || need+=(python3-nbclient)
command -v jupyter-nbconvert >/dev/null 2>&1 || need+=(jupyter-nbconvert)
"$PY" -c 'import jupyter_kernel_test' 2>/dev/null || need+=(python3-jupyter-kernel-test)
if [ ${#need[@]} -gt 0 ]; then
  echo "kernel-e2e: installing ${need[*]}"
  sudo_cmd=""
  [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
  $sudo_cmd apt-get update -q
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -q "${need[@]}"
fi

if [ ! -f target/sluice.jar ] || [ ! -d target/lib ] \
   || [ ! -f target/test-classes/dev/sluice/streaming/KafkaBrokerMain.class ] \
   || [ src/test/java/dev/sluice/streaming/KafkaBrokerMain.java -nt target/test-classes/dev/sluice/streaming/KafkaBrokerMain.class ] \
   || [ -n "$(find pom.xml src/main kernel -newer target/sluice.jar -print -quit)" ]; then
  echo "kernel-e2e: building target/sluice.jar and the test classes (missing or older than the sources)"
  mvn -B -q -o -DskipTests package || mvn -B -q -DskipTests package
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
java -cp "target/sluice.jar:target/lib/*" dev.sluice.Main --install-kernel --prefix "$work/prefix"
export JUPYTER_PATH="$work/prefix/share/jupyter"
export JUPYTER_RUNTIME_DIR="$work/runtime"
export JUPYTER_DATA_DIR="$work/data"
export JUPYTER_CONFIG_DIR="$work/config"
export JUPYTER_PLATFORM_DIRS=1
export PYTHONDONTWRITEBYTECODE=1
"$PY" -c 'import sys; from jupyter_client.kernelspec import KernelSpecManager as M; sys.exit("sluice" not in M().find_kernel_specs())' \
  || { echo "kernel-e2e: the installed kernelspec is not visible to Jupyter"; exit 1; }

status=0
# The notebooks run in test_kernel_notebooks.py (nbclient plus a second client that records the live
# updates after "Run All"), with the protocol, live-output, interrupt and orphan tests.
echo "kernel-e2e: protocol and live-output tests"
"$PY" -m unittest discover -v -s src/test/python -p "test_kernel_*.py" 2>&1 | tee "$work/unittest.log"
[ "${PIPESTATUS[0]}" -eq 0 ] || status=1
# A skipped test is not a passing one.
if grep -qE "skipped=[0-9]|\.\.\. skipped" "$work/unittest.log"; then
  echo "kernel-e2e: FAILED: tests were skipped"; status=1
fi

[ $status -eq 0 ] && echo "kernel-e2e: OK" || echo "kernel-e2e: FAILED"
exit $status
