# MNIST Lab: JupyterLab with the Java kernels, the library, its Maven dependencies and verified MNIST baked in, so a
# container needs no network.
#   docker build -t mnist-lab . && docker run -p 8888:8888 mnist-lab          (then open the printed URL + token)
#   GPU (NVIDIA, Maxwell to Ada; not Hopper): docker build --build-arg ND4J_PROFILE=cuda -t mnist-lab:cuda .
#                                             docker run --gpus all -p 8888:8888 mnist-lab:cuda
# Platform: linux/amd64 only. ND4J's native libraries (oneDNN, OpenBLAS, CUDA) are built for linux-x86_64 here; on
# an ARM machine Docker runs the image under emulation, slowly.
# Binder / repo2docker: this Dockerfile follows their conventions (NB_USER and NB_UID build arguments, the user's
# writable home, the checkout in it, the base image's start command); the lab opens on the lessons in ~/notebooks.
ARG BASE_IMAGE=quay.io/jupyter/base-notebook:2026-08-24
FROM --platform=linux/amd64 ${BASE_IMAGE}

# Empty: the CPU build (ND4J with oneDNN). "cuda": the Maven profile with ND4J's CUDA 11.6 backend.
ARG ND4J_PROFILE=
# repo2docker passes these; the base image's own user is jovyan, uid 1000.
ARG NB_USER=jovyan
ARG NB_UID=1000

USER root
# Versions come with the dated base image's Ubuntu release.
# hadolint ignore=DL3008
RUN apt-get update --yes \
 && apt-get install --yes --no-install-recommends openjdk-17-jdk-headless maven \
 && apt-get clean \
 && rm -rf /var/lib/apt/lists/*

# The NVIDIA container runtime injects the driver only where the image asks for it; harmless without a GPU.
# JAVA_HOME: Maven's package may pull in a newer default JRE; the build and the kernels use 17.
# MNIST_LAB_PYTHON: the base image's conda Python, which gets requirements.txt below, is the lab's Python.
ENV NVIDIA_VISIBLE_DEVICES=all \
    NVIDIA_DRIVER_CAPABILITIES=compute,utility \
    JAVA_HOME=/usr/lib/jvm/java-17-openjdk-amd64 \
    HOME=/home/${NB_USER} \
    MNIST_LAB_HOME=/home/${NB_USER}/mnist-lab \
    MNIST_LAB_KERNEL_PREFIX=${CONDA_DIR} \
    MNIST_LAB_PYTHON=${CONDA_DIR}/bin/python \
    MNIST_LAB_NO_APT=1

USER ${NB_UID}
WORKDIR ${MNIST_LAB_HOME}

# The Python side: requirements.txt, except JupyterLab, which the base image brings (4.x, from conda-forge).
COPY --chown=${NB_UID}:${NB_GID} requirements.txt ./
RUN grep -v '^jupyterlab==' requirements.txt > /tmp/requirements-image.txt \
 && pip install --no-cache-dir -r /tmp/requirements-image.txt \
 && rm /tmp/requirements-image.txt

# A cached layer of Maven dependencies: the poms first, so that changing a source does not download them again.
COPY --chown=${NB_UID}:${NB_GID} pom.xml ./
COPY --chown=${NB_UID}:${NB_GID} lib/pom.xml lib/
COPY --chown=${NB_UID}:${NB_GID} kernel/pom.xml kernel/
RUN mvn -B -q ${ND4J_PROFILE:+-P${ND4J_PROFILE}} dependency:go-offline

COPY --chown=${NB_UID}:${NB_GID} . ${MNIST_LAB_HOME}
# Builds the library, installs both kernel specs into the conda prefix (so that they are found even where a volume
# hides the home directory's ~/.local) and downloads and verifies MNIST. The CPU image then runs the kernel smoke
# test on both kernels: it checks the image and leaves ND4J's native libraries unpacked in ~/.javacpp for a quick
# first cell. (A GPU image cannot run it on a build machine without a GPU.)
RUN MNIST_LAB_MAVEN_FLAGS="${ND4J_PROFILE:+-P${ND4J_PROFILE}}" ./mnistlab setup \
 && "${CONDA_DIR}/bin/jupyter" kernelspec list \
 && if [ -z "${ND4J_PROFILE}" ]; then python3 scripts/test_kernel.py; fi \
 && ln -s "${MNIST_LAB_HOME}/notebooks" "${HOME}/notebooks"

WORKDIR ${HOME}
EXPOSE 8888
# The base image's start command serves JupyterLab from ${HOME}; it opens on the lessons.
RUN mkdir -p "${HOME}/.jupyter" \
 && printf '%s\n' "c.ServerApp.default_url = '/lab/tree/notebooks/00-introduction.ipynb'" \
      > "${HOME}/.jupyter/jupyter_server_config.py"
