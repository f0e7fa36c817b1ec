# MNIST Lab: JupyterLab with the Java kernel (JJava), the library, its Maven dependencies and verified MNIST baked in, so a
# container needs no network.
#   docker build -t mnist-lab . && docker run -p 8888:8888 mnist-lab          (then open the printed URL + token)
#   behind a TLS-intercepting proxy, lend the build (never the image) the machine's CA bundle:
#     podman build -v /etc/ssl/certs:/run/build-ca:ro -t mnist-lab .
#   GPU (NVIDIA, Maxwell to Ada; not Hopper): docker build --build-arg ND4J_PROFILE=cuda -t mnist-lab:cuda .
#                                             docker run --gpus all -p 8888:8888 mnist-lab:cuda
# Platform: linux/amd64 only. ND4J's native libraries (oneDNN, OpenBLAS, CUDA) are built for linux-x86_64 here; on
# an ARM machine Docker runs the image under emulation, slowly.
#
# Binder / repo2docker: the base is plain Debian (not Jupyter Docker Stacks, whose registry CI cannot reach), so the
# image brings its own: the user jovyan (NB_USER/NB_UID build arguments, uid 1000), tini as init, JupyterLab 4 with
# a token on port 8888 (CMD docker/start-lab.sh) and jupyterhub-singleuser. What moved: Python is a venv in
# /opt/venv (no conda), the checkout is /opt/mnist-lab and MNIST is in /opt/mnist, so a volume mounted over the home
# directory (a hub's persistent home) hides only the ~/notebooks link and ~/.javacpp (unpacked again when needed);
# mount volumes on ~/work, the place for your own notebooks.
# scripts/container_test.sh builds this file on a debootstrapped debian:bookworm-slim and tests it in Chromium.
ARG BASE_IMAGE=debian:bookworm-slim
FROM --platform=linux/amd64 ${BASE_IMAGE}

# Empty: the CPU build (ND4J with oneDNN). "cuda": the Maven profile with ND4J's CUDA 11.6 backend.
ARG ND4J_PROFILE=
# repo2docker passes these.
ARG NB_USER=jovyan
ARG NB_UID=1000

# Java 17 from Debian (Maven is the wrapper's, ./mvnw, which needs curl and unzip); python3-venv for the venv; tini as
# PID 1 (reaps the kernel's JVMs, forwards signals). Versions come with the Debian release of the base image.
# hadolint ignore=DL3008
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install --yes --no-install-recommends \
      openjdk-17-jdk-headless curl unzip python3 python3-venv tini ca-certificates \
 || { echo "BUILD FAILED: apt-get could not install Java, curl, unzip and Python (Debian's mirror must be reachable" \
           "while building)" >&2; exit 1; } \
 ; apt-get clean \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --create-home --shell /bin/bash --uid "${NB_UID}" --user-group "${NB_USER}" \
 && install -d -o "${NB_UID}" -g "${NB_UID}" /opt/venv /opt/mnist-lab /opt/mnist

# The NVIDIA container runtime injects the driver only where the image asks for it; harmless without a GPU.
# JAVA_HOME: Maven's package may pull in a newer default JRE; the build and the kernel use 17.
# MNIST_LAB_PYTHON: the venv that gets the Python lock below is the lab's Python; the kernel spec goes into it.
ENV NVIDIA_VISIBLE_DEVICES=all \
    NVIDIA_DRIVER_CAPABILITIES=compute,utility \
    JAVA_HOME=/usr/lib/jvm/java-17-openjdk-amd64 \
    NB_USER=${NB_USER} \
    NB_UID=${NB_UID} \
    HOME=/home/${NB_USER} \
    SHELL=/bin/bash \
    PATH=/opt/venv/bin:${PATH} \
    MNIST_LAB_HOME=/opt/mnist-lab \
    MNIST_LAB_PYTHON=/opt/venv/bin/python \
    MNIST_LAB_KERNEL_PREFIX=/opt/venv \
    MNIST_LAB_CACHE=/opt/mnist \
    MNIST_LAB_NO_APT=1

COPY docker/with-build-ca.sh /usr/local/bin/
USER ${NB_UID}

# The Python side: requirements.in (JupyterLab 4, nbclient, JJava, ...) and jupyterhub-singleuser, from their lock:
# every package pinned, pip checks each file's hash.
COPY --chown=${NB_UID}:${NB_UID} docker/requirements-image.txt /tmp/req/
RUN python3 -m venv /opt/venv \
 && with-build-ca.sh /opt/venv/bin/pip install --no-cache-dir --disable-pip-version-check --require-hashes \
      -r /tmp/req/requirements-image.txt \
 || { echo "BUILD FAILED: pip could not install docker/requirements-image.txt (PyPI must be reachable while building;" \
           "behind a TLS-intercepting proxy: podman build -v /etc/ssl/certs:/run/build-ca:ro ...)" >&2; exit 1; }

# A cached layer of Maven dependencies: the poms first, so that changing a source does not download them again.
WORKDIR /opt/mnist-lab
COPY --chown=${NB_UID}:${NB_UID} pom.xml mvnw ./
COPY --chown=${NB_UID}:${NB_UID} .mvn .mvn
COPY --chown=${NB_UID}:${NB_UID} lib/pom.xml lib/
RUN with-build-ca.sh ./mvnw -B -q ${ND4J_PROFILE:+-P${ND4J_PROFILE}} dependency:go-offline \
 || { echo "BUILD FAILED: Maven could not download itself or the dependencies (Maven Central must be reachable while" \
           "building; behind a TLS-intercepting proxy: podman build -v /etc/ssl/certs:/run/build-ca:ro ...)" >&2; exit 1; }

COPY --chown=${NB_UID}:${NB_UID} . /opt/mnist-lab
# Builds the library, installs the kernel spec into the venv (found wherever the home directory is) and
# downloads and verifies MNIST. The CPU image then runs the kernel smoke test: it checks the image
# and leaves ND4J's native libraries unpacked in ~/.javacpp for a quick first cell. (A GPU image cannot run it on
# a build machine without a GPU.)
RUN MNIST_LAB_MAVEN_FLAGS="${ND4J_PROFILE:+-P${ND4J_PROFILE}}" with-build-ca.sh ./mnistlab setup \
 && jupyter kernelspec list \
 && if [ -z "${ND4J_PROFILE}" ]; then python3 scripts/test_kernel.py; fi \
 && ln -s /opt/mnist-lab/notebooks "${HOME}/notebooks" \
 && mkdir -p "${HOME}/work"

# Last, so that editing them rebuilds nothing else. overrides.json: JupyterLab's defaults in this image (no
# "get notified about Jupyter news?" question: the container has no network for it).
COPY docker/jupyter_server_config.py /etc/jupyter/jupyter_server_config.py
COPY docker/overrides.json /opt/venv/share/jupyter/lab/settings/overrides.json
COPY docker/start-lab.sh /usr/local/bin/
WORKDIR ${HOME}
EXPOSE 8888
ENTRYPOINT ["tini", "-g", "--"]
CMD ["start-lab.sh"]
