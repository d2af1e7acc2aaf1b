# For `python setup.py develop` habits and pip versions without PEP 660; the
# configuration is in pyproject.toml and setup.cfg.
from setuptools import setup

setup()
