#!/usr/bin/env bash
# A classroom on this machine (./mnistlab test --classroom): a real JupyterHub (classroom/jupyterhub_config.py) with
# configurable-http-proxy from npm spawns one mnist-lab container per student with DockerSpawner, through podman's
# Docker-compatible API (podman system service). A test-only login (DummyAuthenticator, one random password) lets N
# simulated students in; all at once, each in its own browser page, they run lesson 02
# (scripts/browser/classroom_students.mjs). Measured: students served without failure, the time until the last one
# finished, each container's peak memory (cgroup) and its kernel JVM's peak resident memory (VmHWM).
#   CLASSROOM_STUDENTS=N (default 4), CLASSROOM_MODE=quick|full (default quick),
#   CLASSROOM_KERNEL_JAVA_OPTS="..." (the kernel JVM's options; default: the image's), CLASSROOM_MEM_LIMIT (3G)
# Needs the image (scripts/container_test.sh builds it) and root. Output: target/classroom (MNIST_LAB_CLASSROOM_OUT),
# with classroom-summary.json and .txt; commit them under results/classroom/RUN/ when they are the figures to quote
# (not as summary.json: under results/ that name marks a training run, which the lessons read).
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
OUT=$(realpath -m "${MNIST_LAB_CLASSROOM_OUT:-$ROOT/target/classroom}")
IMAGE=${MNIST_LAB_IMAGE:-localhost/mnist-lab:latest}
N=${CLASSROOM_STUDENTS:-4}
MODE=${CLASSROOM_MODE:-quick}
STEP=start
say() { printf 'classroom test: %s\n' "$*" >&2; }
fail() { say "FAILED at step '$STEP': $*"; exit 1; }
begin() { STEP=$1; say "[$STEP] $2 ..."; }
[[ "$N" =~ ^[1-9][0-9]*$ ]] || { say "CLASSROOM_STUDENTS must be a positive number"; exit 2; }
((EUID == 0)) || fail "runs podman as root"
mkdir -p "$OUT"
STATE=$(mktemp -d "${TMPDIR:-/tmp}/mnistlab-classroom.XXXXXX")
USERS=$(for i in $(seq -w 1 "$N"); do printf 'student%s,' "$i"; done)
USERS=${USERS%,}

SERVICE= HUB=
cleanup() {
  local rc=$?
  [[ -n "$HUB" ]] && kill "$HUB" 2>/dev/null && sleep 5
  local c
  for c in $(podman ps -a --format '{{.Names}}' | grep -E '^jupyter-student[0-9]+$' || true); do podman rm -f -t 5 "$c" >/dev/null 2>&1 || true; done
  for c in $(podman volume ls -q | grep -E '^mnistlab-classroom-student[0-9]+$' || true); do podman volume rm -f "$c" >/dev/null 2>&1 || true; done
  [[ -n "$SERVICE" ]] && kill "$SERVICE" 2>/dev/null || true
  rm -rf "$STATE"
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

begin prerequisites "the image, JupyterHub and DockerSpawner (PyPI), configurable-http-proxy (npm)"
podman image exists "$IMAGE" || fail "no image $IMAGE: build it first (scripts/container_test.sh)"
venv="$OUT/venv"
if [[ ! -x "$venv/bin/jupyterhub" ]]; then
  python3 -m venv "$venv" && "$venv/bin/pip" install -q --disable-pip-version-check --require-hashes -r "$ROOT/classroom/requirements.txt" \
    >"$OUT/pip.log" 2>&1 || fail "pip install -r classroom/requirements.txt failed (see $OUT/pip.log)"
fi
if [[ ! -x "$ROOT/classroom/node_modules/.bin/configurable-http-proxy" ]]; then
  (cd "$ROOT/classroom" && npm ci --no-audit --no-fund --loglevel=error) >"$OUT/npm.log" 2>&1 ||
    fail "npm ci in classroom/ failed (see $OUT/npm.log)"
fi
[[ -d "$ROOT/scripts/browser/node_modules/playwright-core" ]] || fail "playwright-core missing: npm ci --prefix scripts/browser"

begin engine "podman's Docker-compatible API"
podman system service --time=0 "unix://$STATE/podman.sock" >"$OUT/podman-service.log" 2>&1 &
SERVICE=$!
for _ in $(seq 30); do [[ -S "$STATE/podman.sock" ]] && break; sleep 1; done
[[ -S "$STATE/podman.sock" ]] || fail "podman system service did not create its socket"
gateway=$(podman network inspect podman --format '{{range .Subnets}}{{.Gateway}}{{end}}')
[[ -n "$gateway" ]] || fail "podman's default network has no gateway"

begin hub "JupyterHub with DockerSpawner, $N students allowed"
head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n' >"$STATE/password"
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
(cd "$STATE" && CLASSROOM_STATE_DIR="$STATE" CLASSROOM_BIND_URL="http://127.0.0.1:$port" \
  CLASSROOM_DOCKER_HOST="unix://$STATE/podman.sock" CLASSROOM_HUB_CONNECT_IP="$gateway" CLASSROOM_NETWORK=podman \
  CLASSROOM_IMAGE="$IMAGE" CLASSROOM_MODE="$MODE" CLASSROOM_TEST_PASSWORD="$(cat "$STATE/password")" \
  CLASSROOM_TEST_USERS="$USERS" CLASSROOM_LAB_ARGS="--LabApp.expose_app_in_browser=True" \
  exec "$venv/bin/jupyterhub" -f "$ROOT/classroom/jupyterhub_config.py") >"$OUT/hub.log" 2>&1 &
HUB=$!
for _ in $(seq 60); do curl -sf "http://127.0.0.1:$port/hub/api" >/dev/null && break; sleep 1; done
curl -sf "http://127.0.0.1:$port/hub/api" >/dev/null || fail "the hub does not answer (see $OUT/hub.log)"

begin students "$N students run lesson 02 ($MODE mode) at once"
# The containers' memory, sampled while they work: the cgroup's peak and each kernel JVM's peak RSS, read before
# the hub stops them. The kernel is the process whose command line starts with a path to java and names a kernel
# connection file (not this sampler's own shell, whose text names both).
(
  while sleep 5; do
    for c in $(podman ps --format '{{.Names}}' | grep -E '^jupyter-student[0-9]+$'); do
      podman exec "$c" sh -c 'peak=$(cat /sys/fs/cgroup/memory.peak 2>/dev/null || cat /sys/fs/cgroup/memory/memory.max_usage_in_bytes);
        hwm=0; for s in /proc/[0-9]*/status; do case "$(tr "\0" " " <"${s%status}cmdline" 2>/dev/null)" in /*java*kernel-*)
        h=$(sed -n "s/^VmHWM:[^0-9]*\([0-9]*\) kB/\1/p" "$s"); [ "${h:-0}" -gt "$hwm" ] && hwm=$h;; esac; done;
        echo "$peak $hwm"' 2>/dev/null | sed "s/^/$c /" || true
    done
  done
) >"$OUT/memory-samples.txt" &
SAMPLER=$!
t=$SECONDS
status=0
"${NODE:-node}" "$ROOT/scripts/browser/classroom_students.mjs" --hub "http://127.0.0.1:$port" --users "$USERS" \
  --password-file "$STATE/password" --out "$OUT" || status=$?
wall=$((SECONDS - t))
sleep 6
kill "$SAMPLER" 2>/dev/null || true
wait "$SAMPLER" 2>/dev/null || true

begin figures "students served, time, memory"
# Atomic: the summary appears whole or not at all.
python3 - "$OUT" "$N" "$MODE" "$wall" "${CLASSROOM_KERNEL_JAVA_OPTS:-image default}" "${CLASSROOM_MEM_LIMIT:-3G}" <<'EOF'
import json, os, sys
out, n, mode, wall, java_opts, mem_limit = sys.argv[1:]
students = json.load(open(os.path.join(out, "students.json")))
peak, hwm = {}, {}
for line in open(os.path.join(out, "memory-samples.txt")):
    parts = line.split()
    if len(parts) == 3 and parts[1].isdigit() and parts[2].isdigit():
        peak[parts[0]] = max(peak.get(parts[0], 0), int(parts[1]))
        hwm[parts[0]] = max(hwm.get(parts[0], 0), int(parts[2]))
mib = lambda b: round(b / 1048576)
summary = {
    "students": int(n), "served_without_failure": students["passed"], "mode": mode,
    "time_to_finish_s": int(wall),
    "run_all_s": sorted(r["timings"].get("runAllS") for r in students["results"] if r["ok"]),
    "login_to_lab_s": sorted(r["timings"].get("loginToLabS") for r in students["results"] if "loginToLabS" in r["timings"]),
    "container_peak_mib": {k: mib(v) for k, v in sorted(peak.items())},
    "kernel_jvm_peak_rss_mib": {k: round(v / 1024) for k, v in sorted(hwm.items())},
    "kernel_java_opts": java_opts, "mem_limit": mem_limit,
    "machine": {"cpus": os.cpu_count(), "memory_gib": round(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30, 1)},
    "failures": {r["user"]: r["failures"] for r in students["results"] if not r["ok"]},
}
tmp = os.path.join(out, "classroom-summary.json.tmp")
with open(tmp, "w") as f:
    json.dump(summary, f, indent=2)
    f.write("\n")
os.replace(tmp, os.path.join(out, "classroom-summary.json"))
lines = [f"students: {n}, served without failure: {students['passed']} ({mode} mode, lesson 02)",
         f"time until the last finished: {wall} s; Run All per student: {summary['run_all_s']} s",
         f"login to lab (spawn) per student: {summary['login_to_lab_s']} s",
         f"container peak memory (cgroup, MiB): {summary['container_peak_mib']}",
         f"kernel JVM peak RSS (MiB): {summary['kernel_jvm_peak_rss_mib']}",
         f"kernel JVM options: {java_opts}; container memory limit: {mem_limit}",
         f"machine: {summary['machine']['cpus']} CPUs, {summary['machine']['memory_gib']} GiB"]
with open(os.path.join(out, "classroom-summary.txt.tmp"), "w") as f:
    f.write("\n".join(lines) + "\n")
os.replace(os.path.join(out, "classroom-summary.txt.tmp"), os.path.join(out, "classroom-summary.txt"))
print("\n".join(lines))
EOF
((status == 0)) || fail "not every student passed (see $OUT/students.json and the screenshots in $OUT)"
say "PASSED ($OUT/classroom-summary.txt)"
