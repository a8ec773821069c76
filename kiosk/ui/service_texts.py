"""The services' fixed French texts the screens show, made translatable.

The services speak French (their messages are also logged, printed, returned by the API); the
screens show them in the chosen language. Each fixed text is declared here, word for word, so
``pyside6-lupdate`` puts it in ``resources/kiosk_en.ts``; ``translated()`` looks a text up at
run time and gives it back unchanged when it has no translation (a name in it, or French
chosen). A text with one number in it (which character of a NUMEN is wrong) or one path (a
certificate file) is declared as a template, ``%1`` standing for it.
``tests/ui/test_supervision_language.py`` checks these copies against the services' own
texts, so they cannot drift apart.
"""

from __future__ import annotations

import functools
import re

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


# The other refusals the services raise while an agent works (kiosk.services: agents, app,
# context, documents, reports, requests, voters). Those met before a language is chosen
# (enrolment, the store's keys) stay French.
SCREEN_TEXTS = (
    QT_TRANSLATE_NOOP("ServiceText",
                      "Aucun compte d'agent n'est encore connu de cette borne : connectez-la au "
                      "centre puis synchronisez-la."),
    QT_TRANSLATE_NOOP("ServiceText",
                      "La base de données de la borne est inaccessible (disque plein, protégé en "
                      "écriture ou occupé) : rien n'a été enregistré. Réessayez ; si le problème "
                      "persiste, prévenez l'assistance."),
    QT_TRANSLATE_NOOP("ServiceText", "Connectez-vous avec votre compte d'agent pour continuer."),
    QT_TRANSLATE_NOOP("ServiceText",
                      "Impossible d'écrire le document PDF : vérifiez que le dossier existe et "
                      "qu'il est accessible en écriture."),
    QT_TRANSLATE_NOOP("ServiceText",
                      "L'impression n'a pas pu commencer : vérifiez l'imprimante."),
    QT_TRANSLATE_NOOP("ServiceText",
                      "Impossible d'écrire le rapport : vérifiez que le dossier existe et qu'il "
                      "est accessible en écriture."),
    QT_TRANSLATE_NOOP("ServiceText",
                      "Indiquez la pièce d'identité vérifiée (50 caractères au plus)."),
    QT_TRANSLATE_NOOP("ServiceText", "Choisissez l'envoi par SMS ou par courriel."),
    QT_TRANSLATE_NOOP("ServiceText",
                      "Électeur introuvable dans le registre de vos établissements."),
    QT_TRANSLATE_NOOP("ServiceText", "Ce pli a déjà été enregistré comme remis."),
    # the supervisor's settings dialog (kiosk.services.settings)
    QT_TRANSLATE_NOOP("ServiceText",
                      "L'adresse du centre doit être de la forme https://serveur ou "
                      "https://serveur:port."),
    QT_TRANSLATE_NOOP("ServiceText",
                      "Indiquez le fichier de l'autorité de certification du centre."),
)

# What the wizard's fields say as they are typed (kiosk.domain: numen, birthdate, phone,
# security_code, through kiosk.services.validation). The fields' lengths keep out the
# "far too long" texts, which only the API's callers can meet.
FIELD_TEXTS = (
    QT_TRANSLATE_NOOP("ServiceText", "Le NUMEN est vide : saisissez les 13 caractères."),
    QT_TRANSLATE_NOOP("ServiceText",
                      "Date de naissance invalide : la forme jj/mm/aaaa est attendue (exemple : "
                      "15/03/1975)."),
    QT_TRANSLATE_NOOP("ServiceText",
                      "Date de naissance invalide : cette date n'existe pas dans le calendrier."),
    QT_TRANSLATE_NOOP("ServiceText",
                      "Date de naissance invalide : l'année s'écrit avec ses 4 chiffres "
                      "(jj/mm/aaaa, exemple : 15/03/1975)."),
    QT_TRANSLATE_NOOP("ServiceText",
                      "Date de naissance invalide : le jour vient avant le mois (jj/mm/aaaa, "
                      "exemple : 15/03/1975)."),
    QT_TRANSLATE_NOOP("ServiceText",
                      "Date de naissance invalide : l'âge doit être compris entre 16 et 100 ans "
                      "à la date de l'élection."),
    QT_TRANSLATE_NOOP("ServiceText", "Saisissez un numéro de téléphone mobile."),
    QT_TRANSLATE_NOOP("ServiceText",
                      "Numéro de téléphone invalide : seuls les chiffres, espaces et le signe + "
                      "sont acceptés."),
    QT_TRANSLATE_NOOP("ServiceText",
                      "Numéro de téléphone invalide. Outre-mer et étranger : saisissez "
                      "l'indicatif international (par exemple +262 692 12 34 56)."),
    QT_TRANSLATE_NOOP("ServiceText",
                      "Ce numéro existe dans plusieurs territoires. Outre-mer et étranger : "
                      "saisissez l'indicatif international (par exemple +262 692 12 34 56)."),
    QT_TRANSLATE_NOOP("ServiceText",
                      "Ce numéro n'est pas un numéro de mobile : l'identifiant est envoyé par SMS, "
                      "indiquez un numéro de mobile."),
    QT_TRANSLATE_NOOP("ServiceText", "Recopiez les 4 chiffres du code de sécurité."),
)

# %1: a number, written in the French text with its ordinal ending when it has one ("1er",
# "3e"); the translation gets the bare number.
TEMPLATES = (
    QT_TRANSLATE_NOOP("ServiceText",
                      "NUMEN invalide : le %1 caractère doit être un chiffre (forme attendue : 2 "
                      "chiffres, 1 lettre, 7 chiffres, 3 lettres)."),
    QT_TRANSLATE_NOOP("ServiceText",
                      "NUMEN invalide : le %1 caractère doit être une lettre (forme attendue : 2 "
                      "chiffres, 1 lettre, 7 chiffres, 3 lettres)."),
    QT_TRANSLATE_NOOP("ServiceText", "NUMEN invalide : %1 caractère(s) au lieu de 13."),
    QT_TRANSLATE_NOOP("ServiceText",
                      "Numéro de téléphone invalide : %1 chiffre(s) au lieu de 10 (exemple : 06 "
                      "12 34 56 78). Outre-mer et étranger : saisissez l'indicatif international "
                      "(par exemple +262 692 12 34 56)."),
)

# %1: a file's path, as the supervisor typed it.
PATH_TEMPLATES = (
    QT_TRANSLATE_NOOP("ServiceText", "Le fichier de certificat %1 est introuvable."),
    QT_TRANSLATE_NOOP("ServiceText",
                      "Le fichier %1 ne contient pas de certificat d'autorité lisible (format "
                      "PEM attendu)."),
)


@functools.cache
def _patterns() -> tuple[tuple[str, re.Pattern[str]], ...]:
    def pattern(template: str, value: str) -> re.Pattern[str]:
        return re.compile(re.escape(template).replace("%1", value), re.DOTALL)

    return (*((str(t), pattern(str(t), r"(\d+)(?:er|e)?")) for t in TEMPLATES),
            *((str(t), pattern(str(t), r"(.+)")) for t in PATH_TEMPLATES))


def translated(text: str) -> str:
    """``text`` in the current language when it is one of the known service texts."""
    if not text:
        return text
    known = QCoreApplication.translate(CONTEXT, text)
    if known != text:
        return known
    for template, pattern in _patterns():
        match = pattern.fullmatch(text)
        if match:
            # French chosen: the template is its own translation, and the text stays whole.
            other = QCoreApplication.translate(CONTEXT, template)
            return other.replace("%1", match[1]) if other != template else text
    return text
