# MNIST Lab: JupyterLab with the Java kernel, the library, its Maven dependencies and verified MNIST baked in, so a
# container needs no network.
#   docker build -t mnist-lab . && docker run -p 8888:8888 mnist-lab          (then open the printed URL + token)
#   GPU (NVIDIA, Maxwell to Ada; not Hopper): docker build --build-arg ND4J_PROFILE=cuda -t mnist-lab:cuda .
#                                             docker run --gpus all -p 8888:8888 mnist-lab:cuda
# The base image's user (jovyan, uid 1000), port (8888), token authentication, entry point and start command are
# kept as they are, so the image also works on Binder (repo2docker) and with JupyterHub's DockerSpawner.
ARG BASE_IMAGE=quay.io/jupyter/base-notebook:2026-08-24
FROM ${BASE_IMAGE}

# Empty: the CPU build (ND4J with oneDNN). "cuda": the Maven profile with ND4J's CUDA 11.6 backend.
ARG ND4J_PROFILE=

USER root
# Versions come with the dated base image's Ubuntu release.
# hadolint ignore=DL3008
RUN apt-get update --yes \
 && apt-get install --yes --no-install-recommends openjdk-17-jdk-headless maven \
 && apt-get clean \
 && rm -rf /var/lib/apt/lists/*

# The NVIDIA container runtime injects the driver only where the image asks for it; harmless without a GPU.
# JAVA_HOME: Maven's package may pull in a newer default JRE; the build and the kernel use 17. (ND4J's native
# libraries in the image are linux-x86_64 only, hence amd64.)
ENV NVIDIA_VISIBLE_DEVICES=all \
    NVIDIA_DRIVER_CAPABILITIES=compute,utility \
    JAVA_HOME=/usr/lib/jvm/java-17-openjdk-amd64 \
    MNIST_LAB_HOME=/home/${NB_USER}/mnist-lab \
    MNIST_LAB_KERNEL_PREFIX=${CONDA_DIR}

USER ${NB_UID}
COPY --chown=${NB_UID}:${NB_GID} . ${MNIST_LAB_HOME}
# Builds the library, installs the kernel spec into the conda prefix (so that it is found even where a volume
# hides the home directory's ~/.local) and downloads and verifies MNIST. The CPU image then runs the kernel smoke
# test: it checks the image and leaves ND4J's native libraries unpacked in ~/.javacpp for a quick first cell.
# (A GPU image cannot run it on a build machine without a GPU.)
WORKDIR ${MNIST_LAB_HOME}
RUN MNIST_LAB_MAVEN_FLAGS="${ND4J_PROFILE:+-P${ND4J_PROFILE}}" ./mnistlab setup \
 && "${CONDA_DIR}/bin/jupyter" kernelspec list \
 && if [ -z "${ND4J_PROFILE}" ]; then python3 scripts/test_kernel.py; fi

WORKDIR /home/${NB_USER}
EXPOSE 8888
