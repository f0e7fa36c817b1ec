# JupyterHub for a classroom on one machine: one mnist-lab container per student, spawned by DockerSpawner through
# a Docker-compatible API (Docker's, or podman's: `podman system service`). classroom/README.md explains it;
# scripts/classroom_test.sh runs it with a test-only login and N simulated students (./mnistlab test --classroom).
# Everything machine-specific comes from the environment:
#   CLASSROOM_STATE_DIR      where the hub keeps its database and cookie secret (required)
#   CLASSROOM_BIND_URL       where students connect (default http://127.0.0.1:8000)
#   CLASSROOM_DOCKER_HOST    the engine's API socket (default unix:///var/run/docker.sock)
#   CLASSROOM_HUB_CONNECT_IP how containers reach the hub (the container network's gateway, e.g. 10.88.0.1)
#   CLASSROOM_NETWORK        the container network (podman's default: podman; Docker's: bridge)
#   CLASSROOM_IMAGE          the image (default mnist-lab)
#   CLASSROOM_MEM_LIMIT      memory limit per student container (default 3G: see classroom/README.md)
#   CLASSROOM_KERNEL_JAVA_OPTS  the kernel JVM's options in every student's container (heap and off-heap caps)
#   CLASSROOM_TEST_PASSWORD  set only by the test: enables the test-only DummyAuthenticator with this password
#   CLASSROOM_TEST_USERS     comma-separated allowed users for the test
#   CLASSROOM_LAB_ARGS       extra JupyterLab arguments (the test exposes the app to its browser)
import os

c = get_config()  # noqa: F821
env = os.environ

state = env["CLASSROOM_STATE_DIR"]
c.JupyterHub.bind_url = env.get("CLASSROOM_BIND_URL", "http://127.0.0.1:8000")
c.JupyterHub.db_url = f"sqlite:///{state}/jupyterhub.sqlite"
c.JupyterHub.cookie_secret_file = f"{state}/jupyterhub_cookie_secret"
c.ConfigurableHTTPProxy.pid_file = f"{state}/proxy.pid"
# configurable-http-proxy from npm, installed in classroom/node_modules (package-lock.json pins it).
chp = os.path.join(os.path.dirname(os.path.abspath(__file__)), "node_modules", ".bin", "configurable-http-proxy")
if os.path.exists(chp):
    c.ConfigurableHTTPProxy.command = [chp]

# The hub's API listens where the containers can reach it: on the container network's gateway.
c.JupyterHub.hub_ip = "0.0.0.0"
if env.get("CLASSROOM_HUB_CONNECT_IP"):
    c.JupyterHub.hub_connect_ip = env["CLASSROOM_HUB_CONNECT_IP"]

c.JupyterHub.spawner_class = "dockerspawner.DockerSpawner"
c.DockerSpawner.client_kwargs = {"base_url": env.get("CLASSROOM_DOCKER_HOST", "unix:///var/run/docker.sock")}
c.DockerSpawner.image = env.get("CLASSROOM_IMAGE", "mnist-lab")
c.DockerSpawner.network_name = env.get("CLASSROOM_NETWORK", "bridge")
c.DockerSpawner.use_internal_ip = True
# The image's CMD (start-lab.sh) starts jupyterhub-singleuser when the hub's token is in the environment.
c.DockerSpawner.cmd = ["start-lab.sh", *env.get("CLASSROOM_LAB_ARGS", "").split()]
c.DockerSpawner.remove = True
# Each student's own notebooks outlive the container, as with compose.yaml's work volume.
c.DockerSpawner.volumes = {"mnistlab-classroom-{username}": "/home/jovyan/work"}
c.DockerSpawner.mem_limit = env.get("CLASSROOM_MEM_LIMIT", "3G")
c.DockerSpawner.environment = {"MNIST_LAB_MODE": env.get("CLASSROOM_MODE", "full")}
if env.get("CLASSROOM_KERNEL_JAVA_OPTS"):
    c.DockerSpawner.environment["MNIST_LAB_KERNEL_JAVA_OPTS"] = env["CLASSROOM_KERNEL_JAVA_OPTS"]
c.DockerSpawner.default_url = "/lab/tree/notebooks/00-introduction.ipynb"
# A JVM kernel on a busy machine starts slowly; 30 students logging in at once queue up.
c.Spawner.start_timeout = 600
c.Spawner.http_timeout = 300
c.JupyterHub.concurrent_spawn_limit = 100

if env.get("CLASSROOM_TEST_PASSWORD"):
    # Test only: everyone in CLASSROOM_TEST_USERS logs in with the one password. A real class uses the school's
    # login (OAuthenticator, LDAP, ...) instead.
    c.JupyterHub.authenticator_class = "dummy"
    c.DummyAuthenticator.password = env["CLASSROOM_TEST_PASSWORD"]
    c.Authenticator.allowed_users = set(filter(None, env.get("CLASSROOM_TEST_USERS", "").split(",")))
