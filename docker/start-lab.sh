#!/bin/sh
# The image's start command (under tini). Spawned by a hub (JupyterHub sets JUPYTERHUB_API_TOKEN): the single-user
# server, as Docker Stacks' start-notebook does; otherwise JupyterLab on 0.0.0.0:8888 with a token (a random one
# printed in the log, or $JUPYTER_TOKEN). Extra arguments go to the server.
set -e
# The kernel's JVM options live in its kernel spec; a hub that sets MNIST_LAB_KERNEL_JAVA_OPTS (e.g. a smaller heap
# per student) gets the specs rewritten with them before the server starts.
if [ -n "${MNIST_LAB_KERNEL_JAVA_OPTS:-}" ]; then
  /opt/mnist-lab/mnistlab install-kernel >/tmp/mnistlab-install-kernel.log 2>&1 ||
    { cat /tmp/mnistlab-install-kernel.log >&2; exit 1; }
fi
if [ -n "${JUPYTERHUB_API_TOKEN:-}" ]; then
  exec jupyterhub-singleuser "$@"
fi
exec jupyter lab --ip=0.0.0.0 --port=8888 --no-browser "$@"
