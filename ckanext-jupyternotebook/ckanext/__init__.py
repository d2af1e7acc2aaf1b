# encoding: utf-8
# A namespace package shared by every CKAN extension, declared the way CKAN's own
# ckanext/__init__.py declares it so the two styles never disagree.
try:
    import pkg_resources

    pkg_resources.declare_namespace(__name__)
except ImportError:
    import pkgutil

    __path__ = pkgutil.extend_path(__path__, __name__)
