"""``create_app(settings)``: the centre's HTTPS API as an ASGI application.

One engine and one sessionmaker per app (per process), the data keys loaded once; the app holds
no other state, so several processes can serve one PostgreSQL database behind a load balancer.
The guard middleware is outermost: bodies are capped before anything parses them, and no
exception leaves as a trace. Server run-time (TLS, uvicorn) is kiosk.central.server's job.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from fastapi.telemetry import TelemetryConfig

from kiosk.central.api_context import AppContext
from kiosk.central.api_errors import install_handlers
from kiosk.central.api_guard import MAX_BODY, GuardMiddleware
from kiosk.central.api_routes import router
from kiosk.central.ratelimit import RateLimits
from kiosk.central.settings import CentralSettings

DESCRIPTION = (
    "Centre de réassort des identifiants électeurs : enrôlement des bornes, synchronisation "
    "(push/pull), état d'une demande, vérification d'identifiant pour la plateforme de vote."
)

# FastAPI's own OpenTelemetry, off. Were a tracer provider set in the process (an operator's
# ``opentelemetry-instrument``, say), every request's span would carry its path, and
# /v1/requests/{reference} holds a capability: the reason access logs are off too (server.py).
# Off, it also stops looking for providers on every request: 4 to 9 % of an API process's
# time under contention (py-spy, benchmarks/bench_contention.py).
NO_TELEMETRY: TelemetryConfig = {"tracing": False, "metrics": False, "logs": False,
                                 "operation_spans": False}


def create_app(settings: CentralSettings, *, limits: RateLimits | None = None,
               max_body: int = MAX_BODY) -> FastAPI:
    context = AppContext.build(settings, limits)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        try:
            yield
        finally:
            context.engine.dispose()

    # The routes go straight into the app's router rather than through ``include_router``,
    # whose wrapper matched every request's path twice more: ~25 µs of each request,
    # measured in process on a refused push (8 % of its ASGI time).
    app = FastAPI(title="kiosk-central", version="1", description=DESCRIPTION,
                  lifespan=lifespan, docs_url=None, redoc_url=None, routes=list(router.routes),
                  telemetry=NO_TELEMETRY)
    app.state.context = context
    install_handlers(app)
    app.add_middleware(GuardMiddleware, max_body=max_body)
    return app


def create_app_from_env() -> FastAPI:
    """The app of one ``serve --workers`` process: its settings come from the environment
    its parent wrote (``CentralSettings.to_env``)."""
    return create_app(CentralSettings.from_env())
