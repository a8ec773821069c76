"""The texts sent to voters, word for word those of the official procedure (DESIGN.md section 2).

The decision code builds the notifications of an accepted request with ``notifications_for``
and stores each one encrypted in a Notification row (``kind``, ``destination_enc``,
``body_enc``) in the same transaction; the dispatcher reads them back with ``parse_body``.
For e-mails the stored body is JSON ``{"subject", "body"}``; for SMS it is the text itself.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Literal

NotificationKind = Literal["sms", "email", "confirmation"]

SMS_SENDER = "36001"
SMS_TEMPLATE = (
    "Bonjour, Votre nouvel identifiant de vote: {voter_id} Votre ancien identifiant a été "
    "invalidé. Cordialement, Le Ministère de l'Éducation Nationale"
)
CONFIRMATION_SUBJECT = "MEN - Demande de renvoi de l'identifiant du portail de vote"
ID_EMAIL_SUBJECT = "MEN - Votre nouvel identifiant du portail de vote"
SIGNATURE = "Cordialement,\nLe Ministère de l'Éducation Nationale"
DELAY_TEXT = "dans quelques minutes"


@dataclass(frozen=True)
class EmailText:
    subject: str
    body: str

    def to_json(self) -> str:
        return json.dumps({"subject": self.subject, "body": self.body}, ensure_ascii=False)

    @classmethod
    def from_json(cls, text: str) -> EmailText:
        data = json.loads(text)
        if not isinstance(data, dict) or not isinstance(data.get("subject"), str) \
                or not isinstance(data.get("body"), str):
            raise ValueError("e-mail notification body must be JSON {subject, body}")
        return cls(subject=data["subject"], body=data["body"])


@dataclass(frozen=True)
class NotificationDraft:
    """One message to queue: clear destination and stored body, to be encrypted by the caller."""

    kind: NotificationKind
    destination: str  # E.164 phone for "sms", e-mail address otherwise
    body: str  # SMS text, or EmailText JSON


def sms_text(voter_id: str) -> str:
    return SMS_TEMPLATE.format(voter_id=voter_id)


def id_email(voter_id: str) -> EmailText:
    """The new ID sent by e-mail (channel "email"), same words as the SMS."""
    body = (
        "Bonjour,\n\n"
        f"Votre nouvel identifiant de vote : {voter_id}\n\n"
        "Votre ancien identifiant a été invalidé. Seul ce nouvel identifiant permet de voter.\n\n"
        f"{SIGNATURE}\n"
    )
    return EmailText(ID_EMAIL_SUBJECT, body)


def confirmation_email(*, channel: str, phone_masked: str | None, reference: str) -> EmailText:
    """The confirmation always sent to the professional address; never carries the ID."""
    if channel == "sms" and phone_masked:
        where = f"par SMS au {phone_masked}"
    else:
        where = "par courriel à votre adresse professionnelle"
    body = (
        "Bonjour,\n\n"
        "Votre demande de renvoi de l'identifiant du portail de vote a bien été prise en "
        "compte.\n"
        f"Votre nouvel identifiant vous sera envoyé {where} {DELAY_TEXT}.\n"
        "Tout envoi d'un nouvel identifiant invalide le précédent.\n\n"
        f"Référence de la demande : {reference}\n\n"
        "Si vous n'êtes pas à l'origine de cette demande, contactez l'assistance de votre "
        "académie.\n\n"
        f"{SIGNATURE}\n"
    )
    return EmailText(CONFIRMATION_SUBJECT, body)


def notifications_for(
    *,
    channel: str,
    voter_id: str,
    phone: str | None,
    email: str,
    phone_masked: str | None,
    reference: str,
) -> list[NotificationDraft]:
    """What an accepted request sends: the new ID (SMS or e-mail), then the confirmation."""
    drafts: list[NotificationDraft] = []
    if channel == "sms":
        if not phone:
            raise ValueError("an SMS notification needs a phone number")
        drafts.append(NotificationDraft("sms", phone, sms_text(voter_id)))
    elif channel == "email":
        drafts.append(NotificationDraft("email", email, id_email(voter_id).to_json()))
    else:
        raise ValueError("unknown channel")
    confirmation = confirmation_email(
        channel=channel, phone_masked=phone_masked, reference=reference
    )
    drafts.append(NotificationDraft("confirmation", email, confirmation.to_json()))
    return drafts


def parse_body(kind: str, body: str) -> str | EmailText:
    """Stored body -> SMS text or EmailText."""
    if kind == "sms":
        return body
    return EmailText.from_json(body)
