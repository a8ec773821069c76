"""The services' fixed French texts the screens show, made translatable.

The services speak French (their messages are also logged, printed, returned by the API); the
screens show them in the chosen language. Each fixed text is declared here, word for word, so
``pyside6-lupdate`` puts it in ``resources/kiosk_en.ts``; ``translated()`` looks a text up at
run time and gives it back unchanged when it has no translation (a message with a number or a
name in it, or French chosen). ``tests/ui/test_language.py`` checks these copies against the
services' own constants, so they cannot drift apart.
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

CONTEXT = "ServiceText"

TEXTS = (
    # the wizard (kiosk.services.validation, kiosk.services.requests, kiosk.domain.decision)
    QT_TRANSLATE_NOOP("ServiceText",
                      "Tout envoi d'un nouvel identifiant invalide le précédent."),
    QT_TRANSLATE_NOOP("ServiceText",
                      "Saisissez au moins 2 caractères du nom ou de l'adresse électronique."),
    QT_TRANSLATE_NOOP("ServiceText",
                      "Téléphone mobile. En métropole : 06 12 34 56 78. Outre-mer (DROM-COM) et "
                      "étranger : saisissez l'indicatif international, par exemple +262 692 12 34 "
                      "56 ou +1 415 555 0100."),
    QT_TRANSLATE_NOOP("ServiceText",
                      "La demande d'envoi d'un nouvel identifiant ne peut être faite que 3 fois."),
    QT_TRANSLATE_NOOP("ServiceText", "envoyée"),
    QT_TRANSLATE_NOOP("ServiceText", "en attente de synchronisation"),
    QT_TRANSLATE_NOOP("ServiceText",
                      "Votre demande est enregistrée. Elle sera transmise au centre dès le retour "
                      "de la connexion ; le nouvel identifiant sera alors envoyé."),
    QT_TRANSLATE_NOOP("ServiceText",
                      "Votre demande a été correctement prise en compte. Un SMS vous a été "
                      "envoyé, vous le recevrez dans quelques minutes."),
    QT_TRANSLATE_NOOP("ServiceText",
                      "Votre demande a été correctement prise en compte. Un courriel vous a été "
                      "envoyé, vous le recevrez dans quelques minutes."),
    QT_TRANSLATE_NOOP("ServiceText",
                      "Le code de sécurité saisi ne correspond pas à l'image. Un nouveau code va "
                      "être affiché : recopiez-le."),
    # refusals (kiosk.domain.decision.REASON_MESSAGES)
    QT_TRANSLATE_NOOP("ServiceText",
                      "Ce numéro de mobile est déjà associé à un autre électeur : un numéro ne "
                      "peut servir qu'à un seul électeur."),
    QT_TRANSLATE_NOOP("ServiceText",
                      "Le NUMEN ou la date de naissance ne correspond pas au registre."),
    QT_TRANSLATE_NOOP("ServiceText", "Électeur inconnu du registre."),
    QT_TRANSLATE_NOOP("ServiceText",
                      "Les demandes de nouvel identifiant ne sont pas ouvertes à cette date."),
    QT_TRANSLATE_NOOP("ServiceText", "La demande est incomplète ou mal formée."),
    QT_TRANSLATE_NOOP("ServiceText",
                      "Trop d'essais infructueux : la vérification de cet électeur est suspendue "
                      "pour un moment."),
    # sign-in, roles, storage (kiosk.services.agents, roles, app; kiosk.ui.worker)
    QT_TRANSLATE_NOOP("ServiceText", "Identifiant ou mot de passe incorrect."),
    QT_TRANSLATE_NOOP("ServiceText",
                      "Trop d'essais de connexion : patientez une minute avant de réessayer."),
    QT_TRANSLATE_NOOP("ServiceText",
                      "Cette fonction est réservée aux superviseurs : connectez-vous avec un "
                      "compte de superviseur."),
    QT_TRANSLATE_NOOP("ServiceText",
                      "Une erreur inattendue s'est produite : l'opération n'a pas abouti. "
                      "Réessayez ; si le problème persiste, prévenez l'assistance académique."),
    # supervision (kiosk.services.handover_register, follow_up, deliveries)
    QT_TRANSLATE_NOOP("ServiceText", "Ce pli ne figure pas au registre de vos établissements."),
    QT_TRANSLATE_NOOP("ServiceText",
                      "Ce pli a été remis à l'électeur : il ne peut pas être déclaré détruit."),
    QT_TRANSLATE_NOOP("ServiceText", "La destruction de ce pli est déjà enregistrée."),
    QT_TRANSLATE_NOOP("ServiceText", "Ce dossier n'est plus dans la liste « À suivre »."),
    QT_TRANSLATE_NOOP("ServiceText",
                      "Le centre n'a pas pu envoyer le nouvel identifiant (numéro ou adresse "
                      "refusé par l'opérateur) : contactez l'électeur pour une nouvelle demande."),
)


def translated(text: str) -> str:
    """``text`` in the current language when it is one of the known service texts."""
    return QCoreApplication.translate(CONTEXT, text) if text else text
