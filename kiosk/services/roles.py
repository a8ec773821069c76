"""Roles: an ``agent`` serves voters; a ``supervisor`` also runs the supervision tools (daily
report, destruction of uncollected letters, leaving counter mode).

The UI hides what a role may not use, but the service refuses it too: a hidden button is a
convenience, the check here is the rule.
"""

from __future__ import annotations

from kiosk.services.context import KioskContext
from kiosk.services.contracts import AgentSession
from kiosk.services.daily_contracts import SUPERVISOR, Forbidden

SUPERVISOR_ONLY = ("Cette fonction est réservée aux superviseurs : connectez-vous avec un "
                   "compte de superviseur.")


def is_supervisor(agent: AgentSession | None) -> bool:
    return agent is not None and agent.role == SUPERVISOR


def require_supervisor(ctx: KioskContext) -> AgentSession:
    agent = ctx.require_agent()
    if not is_supervisor(agent):
        raise Forbidden(SUPERVISOR_ONLY)
    return agent
