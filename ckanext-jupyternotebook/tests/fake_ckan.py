"""Just enough of CKAN's toolkit, CKAN's plugin base and Flask to import and drive
plugin.py and views.py without CKAN. Signatures follow CKAN 2.10/2.11
(ckan/plugins/toolkit.py, ckan/logic/__init__.py check_access)."""
from __future__ import annotations

import sys
import types
from dataclasses import dataclass, field
from typing import Any, Callable


class NotAuthorized(Exception):
    pass


class ObjectNotFound(Exception):
    pass


class Abort(Exception):
    def __init__(self, status: int, message: str | None = None) -> None:
        super().__init__(status, message)
        self.status = status
        self.message = message


@dataclass
class User:
    name: str = ""
    is_authenticated: bool = False
    sysadmin: bool = False


@dataclass
class Response:
    location: str
    status_code: int
    headers: dict[str, str] = field(default_factory=dict)


class Blueprint:
    def __init__(self, name: str, import_name: str) -> None:
        self.name = name
        self.rules: dict[str, tuple[str, Callable[..., Any], tuple[str, ...]]] = {}
        self.before: list[Callable[[], Any]] = []

    def add_url_rule(self, rule: str, endpoint: str, view_func: Callable[..., Any], methods: list[str]) -> None:
        self.rules[f"{self.name}.{endpoint}"] = (rule, view_func, tuple(methods))

    def before_request(self, func: Callable[[], Any]) -> Callable[[], Any]:
        self.before.append(func)
        return func


class ValidationError(Exception):
    pass


GOOD_CSRF = "good-csrf-token"


class World:
    """The state a test sets and inspects."""

    def __init__(self) -> None:
        self.config: dict[str, Any] = {}
        self.user = User()
        self.form: dict[str, str] = {}
        self.args: dict[str, str] = {}
        self.lang = "en"
        self.site_url = "https://data.example.org"
        self.readable: Callable[[str, str], bool] = lambda user, rid: True
        self.missing: set[str] = set()
        self.access_calls: list[tuple[str, dict, dict | None]] = []
        self.flashes: list[tuple[str, str]] = []
        self.rendered: list[tuple[str, dict]] = []
        self.template_dirs: list[str] = []

    def check_access(self, action: str, context: dict, data_dict: dict | None = None) -> bool:
        self.access_calls.append((action, dict(context), data_dict))
        if action == "sysadmin":
            if not (self.user.is_authenticated and self.user.sysadmin and context.get("user") == self.user.name):
                raise NotAuthorized("sysadmins only")
            return True
        if action in ("resource_show", "package_show"):  # `readable` and `missing` serve both
            rid = (data_dict or {}).get("id")
            if rid in self.missing:
                raise ObjectNotFound(rid)
            if not self.readable(context.get("user", ""), rid):
                raise NotAuthorized(rid)
            return True
        raise AssertionError(f"unexpected check_access({action!r})")


def install(world: World) -> dict[str, types.ModuleType]:
    """The fake modules, keyed by name, ready for sys.modules."""
    toolkit = types.ModuleType("ckan.plugins.toolkit")
    toolkit.config = world.config
    toolkit.NotAuthorized = NotAuthorized
    toolkit.ObjectNotFound = ObjectNotFound
    toolkit._ = lambda s: s
    toolkit.check_access = world.check_access
    toolkit.add_template_directory = lambda config, path: world.template_dirs.append(path)
    toolkit.blanket = types.SimpleNamespace(config_declarations=lambda cls: cls)

    class DefaultTranslation:  # CKAN's: i18n_directory(), i18n_locales(), i18n_domain()
        pass

    toolkit.DefaultTranslation = DefaultTranslation

    def abort(status: int, message: str | None = None) -> None:
        raise Abort(status, message)

    toolkit.abort = abort
    toolkit.render = lambda template, extra_vars=None: world.rendered.append((template, extra_vars or {})) or "<html>"
    toolkit.redirect_to = lambda endpoint: ("redirect", endpoint)
    def url_for(endpoint: str, qualified: bool = False, **kw: Any) -> str:
        # CKAN's h.url_for: `qualified=True` gives an absolute URL under ckan.site_url.
        path = "/" if endpoint == "home.index" else "/" + endpoint + "".join(f"/{v}" for v in kw.values())
        return world.site_url + path if qualified else path

    toolkit.url_for = url_for
    toolkit.request = types.SimpleNamespace(form=world.form, args=world.args)
    toolkit.h = types.SimpleNamespace(
        flash_success=lambda m: world.flashes.append(("success", m)),
        flash_notice=lambda m: world.flashes.append(("notice", m)),
        flash_error=lambda m: world.flashes.append(("error", m)),
        lang=lambda: world.lang,
    )

    class _CurrentUser:
        def __getattr__(self, name: str) -> Any:
            return getattr(world.user, name)

    toolkit.current_user = _CurrentUser()

    plugins = types.ModuleType("ckan.plugins")
    plugins.toolkit = toolkit

    class SingletonPlugin:
        pass

    plugins.SingletonPlugin = SingletonPlugin
    plugins.implements = lambda interface, inherit=False: None
    for name in ("IConfigurer", "IConfigurable", "IResourceView", "IBlueprint", "IConfigDeclaration", "ITemplateHelpers", "IClick", "ITranslation"):
        setattr(plugins, name, type(name, (), {}))

    ckan = types.ModuleType("ckan")
    ckan.plugins = plugins

    flask = types.ModuleType("flask")
    flask.Blueprint = Blueprint
    flask.redirect = lambda location, code=302: Response(location, code)

    csrf = types.ModuleType("flask_wtf.csrf")
    csrf.ValidationError = ValidationError

    def validate_csrf(data: Any) -> None:
        if data != GOOD_CSRF:
            raise ValidationError("The CSRF token is missing.")

    csrf.validate_csrf = validate_csrf
    flask_wtf = types.ModuleType("flask_wtf")
    flask_wtf.csrf = csrf

    return {
        "ckan": ckan,
        "ckan.plugins": plugins,
        "ckan.plugins.toolkit": toolkit,
        "flask": flask,
        "flask_wtf": flask_wtf,
        "flask_wtf.csrf": csrf,
    }


GLUE_MODULES = tuple(
    "ckanext.jupyternotebook." + name
    for name in ("plugin", "views", "request_context", "admin_views", "launch_views")
)


def forget_glue() -> None:
    """Drop the glue modules so the next import binds them to the current fakes (also
    from the package's attributes, which `from . import views` would otherwise reuse)."""
    package = sys.modules.get("ckanext.jupyternotebook")
    for name in GLUE_MODULES:
        sys.modules.pop(name, None)
        if package is not None and hasattr(package, name.rsplit(".", 1)[1]):
            delattr(package, name.rsplit(".", 1)[1])
