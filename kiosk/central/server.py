"""``kiosk-central serve``: the whole centre in one process.

Upgrades the database, makes sure the data keys and TLS certificates exist, then runs uvicorn
over TLS (1.2 minimum; nothing is served in clear on the port) with the notification dispatcher
in a background thread, so one command is a working centre. At scale, ``--no-dispatch`` and a
separate ``kiosk-central dispatch`` worker split them.
"""

from __future__ import annotations

import asyncio
import logging
import os
import socket
import ssl
import sys
import threading
from collections.abc import Callable
from typing import Any, TextIO

import uvicorn

from kiosk.central.certs import tls_files
from kiosk.central.keys import load_or_create_keyring
from kiosk.central.settings import CentralSettings
from kiosk.store.engine import upgrade

log = logging.getLogger(__name__)


def prepare(settings: CentralSettings) -> None:
    """What every command needs first: the directories, the schema at head, the keys."""
    settings.ensure_dirs()
    upgrade(settings.database_url)
    load_or_create_keyring(settings)


def _uvicorn_config(settings: CentralSettings) -> uvicorn.Config:
    from kiosk.central.app import create_app  # late: the API pulls in FastAPI and the models

    app: Any = create_app(settings) if settings.workers == 1 \
        else "kiosk.central.app:create_app_from_env"  # each worker process builds its own
    files = tls_files(settings)
    config = _TlsConfig(
        app,
        factory=settings.workers > 1,
        workers=settings.workers,
        host=settings.host,
        port=settings.port,
        ssl_certfile=str(files.cert_file),
        ssl_keyfile=str(files.key_file),
        # Access lines would carry request references (capabilities): not logged.
        access_log=False,
        server_header=False,
        proxy_headers=False,
        log_level="info",
        timeout_graceful_shutdown=10,
    )
    if settings.workers == 1:
        config.load()
    return config


class _TlsConfig(uvicorn.Config):
    """uvicorn's settings, with TLS 1.2 as the floor of the server's context. ``load`` is
    where uvicorn builds that context, in this process and again in every ``--workers``
    process (the config travels to them pickled), so each one sets the floor itself rather
    than relying on Python's default."""

    def load(self) -> None:
        super().load()
        if self.ssl is not None:
            self.ssl.minimum_version = ssl.TLSVersion.TLSv1_2


def configure_logging() -> None:
    logging.basicConfig(
        level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )


def serve(settings: CentralSettings, *, out: TextIO = sys.stdout) -> int:
    configure_logging()
    prepare(settings)
    files = tls_files(settings)
    if files.ca_file is not None:
        print(f"Autorité de certification de développement : {files.ca_file}", file=out)
        print("  (à épingler dans la configuration des bornes)", file=out)
    print(f"Centre à l'écoute sur {settings.public_url}", file=out, flush=True)

    stop = threading.Event()
    worker: threading.Thread | None = None
    if settings.dispatch:
        from kiosk.central.notify.dispatcher import run_forever

        worker = threading.Thread(
            target=run_forever, args=(settings, stop), name="dispatcher", daemon=True
        )
        worker.start()

    def stop_worker() -> None:
        stop.set()
        if worker is not None:
            worker.join(timeout=15)

    if settings.workers > 1:
        return _serve_workers(settings, stop_worker)
    server = _Server(_uvicorn_config(settings), on_shutdown=stop_worker)
    try:
        server.run()
    finally:
        stop_worker()
    # uvicorn returns without raising when it cannot bind; its flag tells.
    return 0 if server.started else 1


def _serve_workers(settings: CentralSettings, stop_worker: Callable[[], None]) -> int:
    """``--workers N``: N API processes on one listening socket, this process supervising them
    (restarting a dead one) and running the dispatcher. Decisions stay correct across
    processes: every lock and counter they rely on is in the database."""
    from uvicorn.supervisors import Multiprocess

    config = _uvicorn_config(settings)
    os.environ.update(settings.to_env())  # what the spawned workers build their app from
    sock = config.bind_socket()
    try:
        Multiprocess(config, sockets=[sock]).run()
    finally:
        sock.close()
        stop_worker()
    return 0


class _Server(uvicorn.Server):
    """uvicorn's server, stopping the dispatcher as part of its graceful shutdown (uvicorn
    re-raises SIGTERM once it is done, so code after ``run()`` may never execute)."""

    def __init__(self, config: uvicorn.Config, *, on_shutdown: Callable[[], None]) -> None:
        super().__init__(config)
        self._on_shutdown = on_shutdown

    async def shutdown(self, sockets: list[socket.socket] | None = None) -> None:
        await super().shutdown(sockets)
        await asyncio.to_thread(self._on_shutdown)
