#!/usr/bin/env bash
# The Docker image built and tested for real, with podman (./mnistlab test --docker; .ci/run runs it):
#   engine    podman, runc, debootstrap, ... from Debian's packages when missing; /etc/containers/containers.conf
#             (runc, no default ulimits) when there is none
#   base      debian:bookworm-slim made with debootstrap when the engine has no such image (no registry needed;
#             users pull the official one, which is a debootstrap too)
#   build     the Dockerfile, timed: the first build and a rebuild from the cache (must give the same image)
#   offline   a build without network fails, with the Dockerfile's "BUILD FAILED:" message
#   image     user jovyan uid 1000, tini, JupyterLab 4, jupyterhub-singleuser, kernels, MNIST, port 8888
#   run       docker run -p 127.0.0.1:PORT:8888: the token is printed and required, the lab opens on lesson 00
#   browser   a container with --network none (reached through a loopback forwarder into its network namespace):
#             the browser test runs lesson 02 in JupyterLab in quick mode (live chart, tables, images), then kills
#             the kernel and checks that the lab restarts it without losing the saved notebook
#   compose   compose.yaml with podman-compose (PyPI, pinned with hashes): up, the token, a notebook saved in
#             work/, the container stopped mid-training (a full-mode run) and started again: the notebook is intact
# Output in target/docker (MNIST_LAB_DOCKER_OUT): logs, the browser test's report and screenshots, summary.txt.
# Options: --no-cache (a cold build even if layers are cached), --skip-compose. Needs root (or sudo for apt).
# Exit status 0 when every step passed; otherwise the message names the step that failed.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
OUT=$(realpath -m "${MNIST_LAB_DOCKER_OUT:-$ROOT/target/docker}")
IMAGE=${MNIST_LAB_IMAGE:-mnist-lab}
BASE=debian:bookworm-slim
TAG=mnistlab-test-$$
NO_CACHE=() SKIP_COMPOSE=0
for arg in "$@"; do
  case "$arg" in
    --no-cache) NO_CACHE=(--no-cache) ;;
    --skip-compose) SKIP_COMPOSE=1 ;;
    *) echo "usage: scripts/container_test.sh [--no-cache] [--skip-compose]" >&2; exit 2 ;;
  esac
done

STEP=start
STARTED=$SECONDS
say() { printf 'container test: %s\n' "$*" >&2; }
fail() { say "FAILED at step '$STEP': $*"; exit 1; }
begin() { STEP=$1; say "[$STEP] $2 ..."; }
# The figures this run measured, one "name: value" a line.
mkdir -p "$OUT"
SUMMARY="$OUT/summary.txt"
: >"$SUMMARY.tmp"
figure() { say "$1: $2"; printf '%s: %s\n' "$1" "$2" >>"$SUMMARY.tmp"; }

# Everything this run starts is named after $TAG, so cleanup removes exactly that (and nothing of anyone else's).
FORWARDER=
COMPOSE=()
cleanup() {
  local rc=$?
  [[ -n "$FORWARDER" ]] && kill "$FORWARDER" 2>/dev/null || true
  if ((${#COMPOSE[@]})); then "${COMPOSE[@]}" down -v >/dev/null 2>&1 || true; fi
  local c
  for c in $(podman ps -a --filter "name=^$TAG" --format '{{.Names}}' 2>/dev/null); do podman rm -f -t 5 "$c" >/dev/null 2>&1 || true; done
  podman volume rm -f "$TAG-work" >/dev/null 2>&1 || true
  podman rmi -f "localhost/$TAG-offline" >/dev/null 2>&1 || true
  rm -f "$OUT/token"
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

# The newest token the container's Jupyter printed (it makes a new one at every start), in its log since the
# Unix time $3 when given.
wait_token() {
  local name=$1 deadline=$((SECONDS + ${2:-180})) since=${3:-} token
  while ((SECONDS < deadline)); do
    token=$(podman logs ${since:+--since "$since"} "$name" 2>&1 | grep -oE 'token=[0-9a-f]{16,}' | tail -n 1 | cut -d= -f2 || true)
    if [[ -n "$token" ]]; then
      printf '%s' "$token"
      return 0
    fi
    [[ "$(podman inspect -f '{{.State.Running}}' "$name" 2>/dev/null)" == true ]] ||
      fail "container $name stopped: $(podman logs "$name" 2>&1 | tail -n 20)"
    sleep 1
  done
  fail "no token in the log of $name after ${2:-180} s: $(podman logs "$name" 2>&1 | tail -n 20)"
}

# HTTP status of a request to Jupyter (with the token when given).
http_status() {
  local url=$1 token=${2:-}
  curl -s -o /dev/null -w '%{http_code}' --max-time 20 ${token:+-H "Authorization: token $token"} "$url" || echo 000
}

wait_http() {
  local url=$1 token=$2 deadline=$((SECONDS + 120))
  until [[ "$(http_status "$url/api/status" "$token")" == 200 ]]; do
    ((SECONDS < deadline)) || fail "$url/api/status does not answer 200 with the token"
    sleep 1
  done
}

# The token must be required (403 without it) and accepted.
check_token() {
  local url=$1 token=$2 code
  code=$(http_status "$url/api/contents")
  [[ "$code" == 403 ]] || fail "$url/api/contents answers $code without the token (expected 403)"
  code=$(http_status "$url/api/contents" "$token")
  [[ "$code" == 200 ]] || fail "$url/api/contents answers $code with the token (expected 200)"
}

# ---------------------------------------------------------------------------------------------- engine

begin engine "podman, runc, debootstrap, socat and curl"
missing=()
for pair in podman:podman runc:runc debootstrap:debootstrap socat:socat curl:curl nsenter:util-linux \
  iptables:iptables python3:python3; do
  command -v "${pair%%:*}" >/dev/null 2>&1 || missing+=("${pair#*:}")
done
[[ -d /usr/lib/cni || -x /usr/libexec/podman/netavark ]] || missing+=(containernetworking-plugins)
python3 -c 'import venv, ensurepip' 2>/dev/null || missing+=(python3-venv)
if ((${#missing[@]})); then
  sudo=()
  ((EUID == 0)) || sudo=(sudo -n)
  say "installing ${missing[*]} (apt-get) ..."
  DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get update -q >/dev/null &&
    DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}" \
      </dev/null >"$OUT/apt.log" 2>&1 || fail "apt-get install ${missing[*]} failed (see $OUT/apt.log)"
fi
((EUID == 0)) || fail "the container test runs podman as root (rootful: the port forwarder enters the container's network namespace)"
# crun refuses some sandboxes' cgroup set-up and podman's default ulimits can exceed the machine's; runc and no
# default ulimits work everywhere. Only where no containers.conf exists: never overwrite one.
if [[ ! -f /etc/containers/containers.conf ]]; then
  mkdir -p /etc/containers
  printf '%s\n' '# Written by MNIST Lab'"'"'s scripts/container_test.sh.' '[containers]' 'default_ulimits = []' '' \
    '[engine]' 'runtime = "runc"' >/etc/containers/containers.conf.tmp
  mv /etc/containers/containers.conf.tmp /etc/containers/containers.conf
  say "wrote /etc/containers/containers.conf (runtime runc, no default ulimits)"
fi
podman info >/dev/null 2>&1 || fail "podman info failed: $(podman info 2>&1 | tail -n 5)"
figure "engine" "$(podman --version), $(podman info --format '{{.Host.OCIRuntime.Name}} runtime, {{.Host.NetworkBackend}} network')"

# ---------------------------------------------------------------------------------------------- base

begin base "$BASE"
if ! podman image exists "$BASE"; then
  t=$SECONDS
  rootfs=$(mktemp -d /var/tmp/mnistlab-rootfs.XXXXXX)
  debootstrap --variant=minbase bookworm "$rootfs" http://deb.debian.org/debian >"$OUT/debootstrap.log" 2>&1 ||
    { rm -rf "$rootfs"; fail "debootstrap failed (see $OUT/debootstrap.log)"; }
  tar -C "$rootfs" -c . | podman import - "$BASE" >>"$OUT/debootstrap.log" 2>&1 || { rm -rf "$rootfs"; fail "podman import failed"; }
  rm -rf "$rootfs"
  figure "base image (debootstrap --variant=minbase bookworm + podman import)" "$((SECONDS - t)) s"
else
  say "$BASE is there already ($(podman image inspect -f '{{.Id}}' "$BASE" | cut -c1-12)); not rebuilt"
fi
podman run --rm --network none "$BASE" true 2>"$OUT/probe.log" ||
  fail "podman cannot run a container: $(tail -n 3 "$OUT/probe.log"). Where crun fails (cgroups) or ulimits are
  refused, set runtime = \"runc\" under [engine] and default_ulimits = [] under [containers] in
  /etc/containers/containers.conf"

# ---------------------------------------------------------------------------------------------- build

# The machine's CA bundle is lent to the build's RUN steps only (a TLS-intercepting proxy's authority may be in it);
# the Dockerfile reads it from /run/build-ca and never copies it into the image.
# A snapshot of the working tree is the build context: both builds see the same files even while someone edits the
# checkout (the .dockerignore'd local state stays out of it).
CTX="$OUT/context"
rm -rf "$CTX"
mkdir -p "$CTX"
tar -C "$ROOT" --exclude=./.git --exclude=./.venv --exclude=./target --exclude='*/target' --exclude='*/node_modules' \
  --exclude=./.ci/work -cf - . | tar -C "$CTX" -xf - || fail "could not copy the working tree to $CTX"
BUILD=(podman build -t "$IMAGE" -f "$CTX/Dockerfile")
[[ -f /etc/ssl/certs/ca-certificates.crt ]] && BUILD+=(-v /etc/ssl/certs:/run/build-ca:ro)
begin build "the image $IMAGE (log: $OUT/build.log)"
# Cold when nothing but the base is in the engine's storage (a fresh CI machine) or with --no-cache.
kind="some layers may come from the cache"
if ((${#NO_CACHE[@]})) || [[ -z "$(podman images -a -q | grep -v "$(podman image inspect -f '{{.Id}}' "$BASE" | cut -c1-12)" || true)" ]]; then
  kind="cold"
fi
t=$SECONDS
"${BUILD[@]}" "${NO_CACHE[@]}" "$CTX" >"$OUT/build.log" 2>&1 ||
  fail "podman build failed; last lines of $OUT/build.log:
$(grep -E 'BUILD FAILED|Error|error' "$OUT/build.log" | tail -n 5)
$(tail -n 15 "$OUT/build.log")"
figure "build ($kind)" "$((SECONDS - t)) s"
id=$(podman image inspect -f '{{.Id}}' "$IMAGE")

begin rebuild "the same context again, every layer from the cache"
t=$SECONDS
"${BUILD[@]}" "$CTX" >"$OUT/rebuild.log" 2>&1 || fail "the rebuild failed (see $OUT/rebuild.log)"
figure "build (cached, nothing changed)" "$((SECONDS - t)) s"
[[ "$(podman image inspect -f '{{.Id}}' "$IMAGE")" == "$id" ]] ||
  fail "the rebuild made a different image: a layer was not taken from the cache (see $OUT/rebuild.log)"
size=$(podman image inspect -f '{{.Size}}' "$IMAGE")
figure "image size" "$((size / 1000000)) MB ($IMAGE, uncompressed, as podman images shows it)"

# ---------------------------------------------------------------------------------------------- offline

begin offline "a build without network must fail with a clear message"
if podman build --no-cache --network none -t "$TAG-offline" -f "$CTX/Dockerfile" "$CTX" >"$OUT/offline-build.log" 2>&1; then
  fail "a build with --network none succeeded"
fi
grep -q '^BUILD FAILED: apt-get could not install' "$OUT/offline-build.log" ||
  fail "the build without network failed without the Dockerfile's message (see $OUT/offline-build.log)"
say "it failed with: $(grep -m1 '^BUILD FAILED' "$OUT/offline-build.log")"

# ---------------------------------------------------------------------------------------------- image

begin image "what Docker Stacks and repo2docker users expect"
facts=$(podman run --rm --network none "$IMAGE" sh -c 'id -u; id -un; jupyter lab --version; jupyterhub-singleuser --version;
  java -version 2>&1 | head -n 1; jupyter kernelspec list --json | python3 -c "import json,sys; print(*sorted(json.load(sys.stdin)[\"kernelspecs\"]))";
  test -f "$HOME/notebooks/00-introduction.ipynb" && echo lessons; test -d "$HOME/work" && echo work;
  ls /opt/mnist | tr "\n" " "' 2>&1) || fail "the image's checks failed: $facts"
mapfile -t f <<<"$facts"
[[ "${f[0]}" == 1000 && "${f[1]}" == jovyan ]] || fail "the user is ${f[1]} (uid ${f[0]}), expected jovyan (uid 1000)"
[[ "${f[2]}" == 4.* ]] || fail "JupyterLab is ${f[2]}, expected 4.x"
[[ "${f[3]}" =~ ^[0-9]+\. ]] || fail "jupyterhub-singleuser --version printed ${f[3]}"
[[ "${f[4]}" == *'"17.'* ]] || fail "Java: ${f[4]}"
[[ " ${f[5]} " == *" mnist-lab-java "* && "${f[5]}" != *rapaio* ]] || fail "kernel specs: ${f[5]}"
[[ "${f[6]}" == lessons && "${f[7]}" == work ]] || fail "~/notebooks or ~/work missing: ${f[*]}"
[[ "${f[8]}" == *t10k-images-idx3-ubyte* && "${f[8]}" == *train-labels-idx1-ubyte* ]] || fail "MNIST is not in /opt/mnist: ${f[8]}"
entry=$(podman image inspect -f '{{json .Config.Entrypoint}} {{json .Config.Cmd}} {{json .Config.ExposedPorts}}' "$IMAGE")
[[ "$entry" == *tini* && "$entry" == *8888/tcp* ]] || fail "entrypoint/ports: $entry"
say "jovyan uid 1000, JupyterLab ${f[2]}, jupyterhub-singleuser ${f[3]}, ${f[4]}, kernels ${f[5]}, MNIST, $entry"

# ---------------------------------------------------------------------------------------------- run

begin run "docker run -p 127.0.0.1:PORT:8888, the user's way"
port=$(free_port)
podman run -d --name "$TAG-run" -p "127.0.0.1:$port:8888" "$IMAGE" >/dev/null || fail "podman run failed"
t=$SECONDS
token=$(wait_token "$TAG-run") || exit 1
url="http://127.0.0.1:$port"
wait_http "$url" "$token"
figure "container start to JupyterLab answering" "$((SECONDS - t)) s"
check_token "$url" "$token"
home=$(curl -s -o /dev/null -w '%{redirect_url}' --max-time 20 "$url/?token=$token")
[[ "$home" == */lab/tree/notebooks/00-introduction.ipynb* ]] || fail "/ redirects to '$home', not to lesson 00"
[[ "$(http_status "$url/api/contents/notebooks/00-introduction.ipynb" "$token")" == 200 ]] || fail "lesson 00 is not served"
[[ "$(podman port "$TAG-run")" == "8888/tcp -> 127.0.0.1:$port" ]] || fail "published as $(podman port "$TAG-run")"
t=$SECONDS
podman stop -t 20 "$TAG-run" >/dev/null
figure "podman stop (tini passes SIGTERM to Jupyter)" "$((SECONDS - t)) s, exit code $(podman inspect -f '{{.State.ExitCode}}' "$TAG-run")"
podman rm "$TAG-run" >/dev/null

# ---------------------------------------------------------------------------------------------- browser

begin browser "lesson 02 in a container with --network none, driven in Chromium"
podman volume create "$TAG-work" >/dev/null
# expose_app_in_browser: the browser test reads the notebook's state through window.jupyterapp (its own servers
# get the same flag); the image's start command passes extra arguments to JupyterLab.
podman run -d --name "$TAG-offline" --network none -e MNIST_LAB_MODE=quick -v "$TAG-work:/home/jovyan/work" "$IMAGE" \
  start-lab.sh --LabApp.expose_app_in_browser=True >/dev/null ||
  fail "podman run --network none failed"
t=$SECONDS
token=$(wait_token "$TAG-offline") || exit 1
pid=$(podman inspect -f '{{.State.Pid}}' "$TAG-offline")
# No interface but loopback: the lab must work without network.
ifaces=$(podman exec "$TAG-offline" sh -c 'tail -n +3 /proc/net/dev | cut -d: -f1 | tr -d " " | tr "\n" " "')
[[ "$ifaces" == "lo " ]] || fail "the container has network interfaces: $ifaces"
# The browser reaches it through a forwarder on the host's loopback that enters the container's network namespace.
port=$(free_port)
printf '#!/bin/sh\nexec nsenter -t %s -n socat STDIO TCP4:127.0.0.1:8888\n' "$pid" >"$OUT/enter-container.sh"
chmod +x "$OUT/enter-container.sh"
socat "TCP4-LISTEN:$port,bind=127.0.0.1,reuseaddr,fork" "EXEC:$OUT/enter-container.sh" 2>"$OUT/forwarder.log" &
FORWARDER=$!
url="http://127.0.0.1:$port"
wait_http "$url" "$token"
figure "container start to JupyterLab answering (--network none)" "$((SECONDS - t)) s"
check_token "$url" "$token"
(umask 077 && printf '%s\n' "$token" >"$OUT/token")
# The kernel's JVM names its connection file, kernel-$KERNEL_ID.json: kill -9 it inside the container.
cat >"$OUT/kill-kernel-inner.sh" <<'EOF'
n=0
for p in /proc/[0-9]*; do
  c=$(tr '\0' ' ' <"$p/cmdline" 2>/dev/null) || continue
  case "$c" in *java*"kernel-$KERNEL_ID"*) kill -9 "${p#/proc/}" && n=$((n + 1)) && echo "killed JVM ${p#/proc/}" ;; esac
done
test "$n" -gt 0
EOF
printf '#!/bin/sh\nexec podman exec -i -e KERNEL_ID %s sh -s <%s\n' "$TAG-offline" "$OUT/kill-kernel-inner.sh" >"$OUT/kill-kernel.sh"
chmod +x "$OUT/kill-kernel.sh"
kill_cmd="$OUT/kill-kernel.sh"
t=$SECONDS
"${NODE:-node}" "$ROOT/scripts/browser/notebook_ui_test.mjs" --url "$url" --token-file "$OUT/token" \
  --notebook "$ROOT/notebooks/02-batchnorm.ipynb" --kernel mnist-lab-java --out "$OUT/browser" \
  --draw "$ROOT/notebooks/09-final-recipe.ipynb" --kill-kernel-cmd "$kill_cmd" || { podman logs "$TAG-offline" >"$OUT/browser/server.log" 2>&1; fail "the browser test failed (report: $OUT/browser/report.json)"; }
figure "browser test against the container (lesson 02 quick, Run All, drawing pad, kill kernel)" "$((SECONDS - t)) s"
podman logs "$TAG-offline" >"$OUT/browser/server.log" 2>&1
peak=$(podman exec "$TAG-offline" sh -c 'cat /sys/fs/cgroup/memory.peak 2>/dev/null || cat /sys/fs/cgroup/memory/memory.max_usage_in_bytes 2>/dev/null' || true)
[[ "$peak" =~ ^[0-9]+$ ]] && figure "peak memory of the container (cgroup)" "$((peak / 1048576)) MiB"
kill "$FORWARDER" 2>/dev/null || true
FORWARDER=
podman rm -f -t 20 "$TAG-offline" >/dev/null
podman volume rm "$TAG-work" >/dev/null

# ---------------------------------------------------------------------------------------------- compose

if ((SKIP_COMPOSE)); then
  say "[compose] skipped (--skip-compose)"
else
  begin compose "compose.yaml with podman-compose: up, token, work/ across a stop mid-training"
  venv="$OUT/compose-venv"
  if [[ ! -x "$venv/bin/podman-compose" ]]; then
    python3 -m venv "$venv" && "$venv/bin/pip" install -q --disable-pip-version-check --require-hashes \
      -r "$ROOT/scripts/requirements-podman-compose.txt" >"$OUT/compose-pip.log" 2>&1 ||
      fail "pip could not install scripts/requirements-podman-compose.txt (see $OUT/compose-pip.log)"
  fi
  port=$(free_port)
  export MNIST_LAB_PORT="127.0.0.1:$port"
  COMPOSE=("$venv/bin/podman-compose" -p "$TAG-compose" -f "$ROOT/compose.yaml")
  "${COMPOSE[@]}" up -d lab >"$OUT/compose.log" 2>&1 || fail "podman-compose up failed (see $OUT/compose.log)"
  ctr=$(podman ps -a --filter "label=io.podman.compose.project=$TAG-compose" --format '{{.Names}}' | head -n 1)
  [[ -n "$ctr" ]] || fail "podman-compose up started no container (see $OUT/compose.log)"
  url="http://127.0.0.1:$port"
  token=$(wait_token "$ctr") || exit 1
  wait_http "$url" "$token"
  check_token "$url" "$token"
  # A student saves lesson 02 (with its committed outputs) into work/, through the lab's contents API.
  python3 -c 'import json,sys; print(json.dumps({"type": "notebook", "format": "json", "content": json.load(open(sys.argv[1]))}))' \
    "$ROOT/notebooks/02-batchnorm.ipynb" >"$OUT/saved.json"
  code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 60 -X PUT -H "Authorization: token $token" \
    -H 'Content-Type: application/json' --data-binary "@$OUT/saved.json" "$url/api/contents/work/my-lesson.ipynb")
  [[ "$code" == 201 || "$code" == 200 ]] || fail "saving work/my-lesson.ipynb: HTTP $code"
  before=$(podman exec "$ctr" sha256sum /home/jovyan/work/my-lesson.ipynb | cut -d' ' -f1)
  # Training in full mode (minutes), stopped in the middle.
  podman exec -d -e MNIST_LAB_MODE=full -w /home/jovyan/work "$ctr" \
    jupyter execute --kernel_name=mnist-lab-java my-lesson.ipynb
  deadline=$((SECONDS + 240))
  until podman exec "$ctr" sh -c 'for f in /proc/[0-9]*/cmdline; do tr "\0" " " <"$f"; echo; done 2>/dev/null | grep -q "java.*kernel-"'; do
    ((SECONDS < deadline)) || fail "no kernel JVM started by jupyter execute within 240 s"
    sleep 2
  done
  sleep 45
  podman exec "$ctr" sh -c 'for f in /proc/[0-9]*/cmdline; do tr "\0" " " <"$f" 2>/dev/null; echo; done | grep -q "jupyter.execute"' ||
    fail "jupyter execute ended before the stop: the stop would not be mid-training"
  t=$SECONDS
  "${COMPOSE[@]}" stop lab >>"$OUT/compose.log" 2>&1 || fail "podman-compose stop failed"
  figure "compose stop mid-training" "$((SECONDS - t)) s"
  since=$(date +%s)
  old_token=$token
  "${COMPOSE[@]}" up -d lab >>"$OUT/compose.log" 2>&1 || fail "podman-compose up (again) failed"
  token=$(wait_token "$ctr" 180 "$since") || exit 1
  [[ "$token" != "$old_token" ]] || fail "the restarted lab kept its old token"
  wait_http "$url" "$token"
  check_token "$url" "$token"
  after=$(podman exec "$ctr" sha256sum /home/jovyan/work/my-lesson.ipynb | cut -d' ' -f1)
  [[ "$after" == "$before" ]] || fail "work/my-lesson.ipynb changed across the stop and restart"
  cells=$(curl -s --max-time 30 -H "Authorization: token $token" "$url/api/contents/work/my-lesson.ipynb" |
    python3 -c 'import json,sys; print(len(json.load(sys.stdin)["content"]["cells"]))') ||
    fail "the lab cannot open work/my-lesson.ipynb after the restart"
  say "work/my-lesson.ipynb survived the stop mid-training and the restart: same bytes, $cells cells, a new token"
  "${COMPOSE[@]}" down -v >>"$OUT/compose.log" 2>&1 || fail "podman-compose down -v failed"
  COMPOSE=()
fi

STEP=done
figure "container test took" "$((SECONDS - STARTED)) s"
mv "$SUMMARY.tmp" "$SUMMARY"
say "PASSED (figures in $SUMMARY)"
