"""The web dashboard: an overview with an escalation timeline, stories, feeds, alerts,
search and a JSON API, served by ``monitor web`` over a read-only store.

- ``app``: the Starlette application, its guard (host check, authentication, security
  headers) and the template environment;
- ``pages`` and ``api``: the HTML pages and the JSON endpoints;
- ``filters``: query parameters read into typed filters (pure);
- ``plots``: the SVG plots (pure); ``story``: what a story page derives (pure);
- ``auth``: credentials from the environment, the exposure rule, CSRF tokens;
- ``server``: running it under uvicorn.

It reads only through ``monitor.storage``'s typed queries and writes only when write
actions are enabled (retrying failed deliveries), through a store opened for that action.
"""

from monitor.web.app import WebOptions, create_app

__all__ = ["WebOptions", "create_app"]
