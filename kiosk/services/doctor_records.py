"""``kiosk doctor``, the local database: its schema, the records still waiting for the centre
and the « À suivre » items an agent must handle.

It reads the database as it is (no migration: the kiosk applies them when it starts), so a
diagnosis never changes what it looks at.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import func, select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from kiosk.services import outbox
from kiosk.services.doctor_model import Check, attention, error, ok
from kiosk.services.paths import database_path
from kiosk.services.validation import format_paris
from kiosk.store.engine import alembic_config, make_engine, read_only, sqlite_url
from kiosk.store.models import OutboxRecord

DATABASE, PENDING, FOLLOW_UP = "Base locale", "Envois en attente", "À suivre"


def records_checks(directory: Path) -> list[Check]:
    path = database_path(directory)
    if not path.exists():
        return [attention(DATABASE, "la base locale n'existe pas encore.",
                          "Lancez « kiosk » : elle est créée au démarrage.")]
    url = sqlite_url(path)
    engine = make_engine(url)
    try:
        # Read without the write lock: the doctor runs beside a kiosk that may be writing, and
        # must neither wait for it nor hold up its submissions.
        with read_only(), engine.connect() as connection:
            current = MigrationContext.configure(connection).get_current_revision()
            head = ScriptDirectory.from_config(alembic_config(url)).get_current_head()
            if current != head:
                return [attention(DATABASE, "la base locale n'est pas à jour (version "
                                            f"{current or 'vide'}, attendue {head}).",
                                  "Lancez « kiosk » : la mise à jour se fait au démarrage.")]
            with Session(bind=connection) as session:
                pending, follow_up = outbox.counts(session)
                oldest = session.scalar(select(func.min(OutboxRecord.created_at)).where(
                    OutboxRecord.state == outbox.PENDING))
    except SQLAlchemyError as exc:
        # The driver's message ("file is not a database", "disk I/O error") holds no data.
        reason = str(getattr(exc, "orig", None) or type(exc).__name__)[:120]
        return [error(DATABASE, f"la base locale {path} est illisible ({reason}).",
                      "Fermez la borne et relancez-la ; si l'erreur persiste, prévenez "
                      "l'assistance sans supprimer le fichier (il contient les demandes).")]
    finally:
        engine.dispose()
    return [ok(DATABASE, f"à jour ({path})."), _pending(pending, oldest),
            _follow_up(follow_up)]


def _pending(count: int, oldest: datetime | None) -> Check:
    if not count:
        return ok(PENDING, "aucune demande en attente d'envoi au centre.")
    since = f", la plus ancienne du {format_paris(oldest)}" if oldest is not None else ""
    return attention(PENDING, f"{count} enregistrement(s) attendent d'être envoyés au "
                              f"centre{since}.",
                     "Rétablissez la connexion puis lancez « kiosk sync » (ou le bouton "
                     "« Synchroniser ») ; ne réinstallez pas la borne avant leur envoi.")


def _follow_up(count: int) -> Check:
    if not count:
        return ok(FOLLOW_UP, "aucun dossier à suivre.")
    return attention(FOLLOW_UP, f"{count} demande(s) refusée(s) par le centre après "
                                "acceptation hors ligne : les électeurs doivent être "
                                "recontactés.",
                     "Un agent ouvre la liste « À suivre » de la borne, contacte chaque "
                     "électeur puis marque le dossier traité.")
