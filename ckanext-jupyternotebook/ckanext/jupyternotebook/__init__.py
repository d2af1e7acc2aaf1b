"""CKAN plugin `jupyternotebook`: run a dataset's Jupyter notebook in a throw-away
session on a ckan-notebook-hub.

Only `plugin.py` and `views.py` import CKAN; every other module is plain Python and is
unit-tested without CKAN.
"""
