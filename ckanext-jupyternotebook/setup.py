# For `python setup.py develop` habits and pip versions without PEP 660, and for Babel's
# `python setup.py extract_messages` (message_extractors is a setup() keyword only); the
# rest of the configuration is in pyproject.toml and setup.cfg.
from setuptools import setup

setup(
    message_extractors={
        "ckanext": [
            ("**.py", "python", None),
            ("**/templates/**.html", "ckan", None),
        ],
    },
)
