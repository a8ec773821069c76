"""Which académie an establishment belongs to, from its UAI code.

The UAI's first three characters are its department (``021`` Côte-d'Or, ``974`` La Réunion,
``620``/``720`` the two Corsican departments), and each department belongs to one académie.
The UAI is used rather than the NUMEN's first two digits: a NUMEN keeps the académie that
issued it for a whole career, while the report counts the work of the académie where the
voter works now.
"""

from __future__ import annotations

UNKNOWN = "inconnue"

_DEPARTMENTS: dict[str, tuple[str, ...]] = {
    "Aix-Marseille": ("04", "05", "13", "84"),
    "Amiens": ("02", "60", "80"),
    "Besançon": ("25", "39", "70", "90"),
    "Bordeaux": ("24", "33", "40", "47", "64"),
    "Clermont-Ferrand": ("03", "15", "43", "63"),
    "Corse": ("2A", "2B"),
    "Créteil": ("77", "93", "94"),
    "Dijon": ("21", "58", "71", "89"),
    "Grenoble": ("07", "26", "38", "73", "74"),
    "Lille": ("59", "62"),
    "Limoges": ("19", "23", "87"),
    "Lyon": ("01", "42", "69"),
    "Montpellier": ("11", "30", "34", "48", "66"),
    "Nancy-Metz": ("54", "55", "57", "88"),
    "Nantes": ("44", "49", "53", "72", "85"),
    "Nice": ("06", "83"),
    "Normandie": ("14", "27", "50", "61", "76"),
    "Orléans-Tours": ("18", "28", "36", "37", "41", "45"),
    "Paris": ("75",),
    "Poitiers": ("16", "17", "79", "86"),
    "Reims": ("08", "10", "51", "52"),
    "Rennes": ("22", "29", "35", "56"),
    "Strasbourg": ("67", "68"),
    "Toulouse": ("09", "12", "31", "32", "46", "65", "81", "82"),
    "Versailles": ("78", "91", "92", "95"),
    "Guadeloupe": ("971",),
    "Martinique": ("972",),
    "Guyane": ("973",),
    "La Réunion": ("974",),
    "Saint-Pierre-et-Miquelon": ("975",),
    "Mayotte": ("976",),
    "Wallis-et-Futuna": ("986",),
    "Polynésie française": ("987",),
    "Nouvelle-Calédonie": ("988",),
}
ACADEMY_OF_DEPARTMENT = {dept: academy for academy, depts in _DEPARTMENTS.items()
                         for dept in depts}
_CORSICA = {"620": "2A", "720": "2B"}


def department_of(uai: str) -> str | None:
    head = (uai or "").strip()[:3]
    if len(head) != 3 or not head.isdigit():
        return None
    if head in _CORSICA:
        return _CORSICA[head]
    if head.startswith("0"):
        return head[1:]
    return head if head.startswith("9") else None


def academy_of(uai: str) -> str:
    """The académie of the establishment ``uai`` (``inconnue`` for a code it cannot place)."""
    department = department_of(uai)
    return ACADEMY_OF_DEPARTMENT.get(department or "", UNKNOWN)
