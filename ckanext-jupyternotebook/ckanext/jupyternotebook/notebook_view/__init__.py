"""What the resource view and the launch link show, decided without CKAN.

A guest gets the hub's run page without a ticket (the hub fetches public data
anonymously). A logged-in user who may read the resource gets a fresh launch ticket
signed for that user and resource: the hub spends it when it renders the launcher (for
the heading and the preview of a private notebook) and, when Run is clicked, comes back
to the launch route for another one (`portal` tells it where CKAN is). Nothing else
vouches for anyone.

resource.py: the resource view and "Open in Jupyter"; launch.py: tickets and targets
of the launch routes; explore.py: "Explore in Jupyter".
"""
from __future__ import annotations

from .explore import can_explore, explore_target, explore_url, is_explorable_resource
from .launch import launch_target, preview_target, ticket_for
from .resource import NOTEBOOK_FORMATS, build_view, is_notebook_resource, open_in_jupyter_url

__all__ = [
    "NOTEBOOK_FORMATS",
    "build_view",
    "can_explore",
    "explore_target",
    "explore_url",
    "is_explorable_resource",
    "is_notebook_resource",
    "launch_target",
    "open_in_jupyter_url",
    "preview_target",
    "ticket_for",
]
