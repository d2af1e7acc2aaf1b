"""CKAN plugin `jupyternotebook`: run a dataset's Jupyter notebook in a throw-away
session on a ckan-notebook-hub.

Only the glue imports CKAN: `plugin.py`, `cli.py` and `views.py` with the modules it
gathers (`request_context.py`, `admin_views.py`, `launch_views.py`); every other module
is plain Python and is unit-tested without CKAN.
"""
