#!/usr/bin/env bash
# End-to-end checks of the Jupyter kernel with real Jupyter clients:
#   1. installs the Debian Jupyter client packages when missing,
#   2. installs the sluice kernelspec into a temporary prefix,
#   3. executes every notebook in notebooks/ with nbconvert,
#   4. runs the jupyter_kernel_test protocol suite and the live-output/interrupt tests.
# Usage: .ci/kernel-e2e.sh   (from anywhere; builds target/sluice.jar first when it is missing)
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

if [ ! -f target/sluice.jar ] || [ ! -d target/lib ]; then
  echo "kernel-e2e: building target/sluice.jar"
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
jupyter kernelspec list | grep -q '^ *sluice ' || { echo "kernel-e2e: kernelspec not visible"; exit 1; }

status=0
for nb in notebooks/*.ipynb; do
  echo "kernel-e2e: executing $nb"
  if ! (cd notebooks && jupyter nbconvert --to notebook --execute \
        --ExecutePreprocessor.kernel_name=sluice --ExecutePreprocessor.timeout=180 \
        --output-dir "$work/executed" "$(basename "$nb")" >"$work/nbconvert.log" 2>&1); then
    echo "kernel-e2e: FAILED $nb"; tail -40 "$work/nbconvert.log"; status=1
  fi
done

echo "kernel-e2e: protocol and live-output tests"
"$PY" -m unittest discover -v -s src/test/python -p "test_kernel_*.py" || status=1

[ $status -eq 0 ] && echo "kernel-e2e: OK" || echo "kernel-e2e: FAILED"
exit $status
