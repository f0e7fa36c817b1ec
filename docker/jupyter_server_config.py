# JupyterLab in the MNIST Lab image (installed as /etc/jupyter/jupyter_server_config.py, so a volume over the home
# directory does not hide it).
c = get_config()  # noqa: F821
# The lab opens on the first lesson; ~/notebooks links to the lessons in the checkout.
# JupyterLab's own default_url ("/lab") wins over the server's for `jupyter lab`; the server's counts under a hub.
c.ServerApp.default_url = c.LabApp.default_url = "/lab/tree/notebooks/00-introduction.ipynb"
# The container needs no network at run time: no news feed, no PyPI listing in the extension manager.
c.LabApp.news_url = None
c.LabApp.extension_manager = "readonly"
c.LabApp.check_for_updates_class = "jupyterlab.NeverCheckForUpdate"
# The container's port is published by the engine; the browser on the host is not in the container.
c.ServerApp.open_browser = False
