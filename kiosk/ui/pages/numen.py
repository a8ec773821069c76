"""Step 2, NUMEN: the voter types NUMEN and date of birth (masked), checked against the register.

A voter who does not know the NUMEN types the date of birth only and goes to the sealed letter
step, where the kiosk checks the date before printing anything.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QFormLayout, QLabel

from kiosk.services.validation import check_birth_date, check_numen
from kiosk.ui.pages.base import KioskPage
from kiosk.ui.pages.ids import PageId
from kiosk.ui.state import PageContext
from kiosk.ui.widgets import CheckedField


class NumenPage(KioskPage):
    def __init__(self, context: PageContext) -> None:
        super().__init__(context)
        self.setTitle(self.tr("NUMEN et date de naissance"))
        self.setSubTitle(self.tr("L'électeur saisit lui-même son NUMEN et sa date de "
                                 "naissance ; ils sont vérifiés auprès du registre."))
        self.voter_line = QLabel(self)
        self.voter_line.setObjectName("voterLine")
        self.voter_line.setTextFormat(Qt.TextFormat.PlainText)

        self.unknown = QCheckBox(self.tr("L'électeur &ne connaît pas son NUMEN : il lui sera "
                                         "remis sous pli confidentiel"), self)
        self.unknown.setAccessibleName(self.tr("L'électeur ne connaît pas son NUMEN"))
        self.unknown.toggled.connect(self._on_unknown_toggled)

        self.numen = CheckedField(self.tr("NUMEN"), check_numen, secret=True,
                                  placeholder=self.tr("13 caractères, par exemple 01E9501234ABC"),
                                  max_length=20, parent=self)
        self.birth_date = CheckedField(self.tr("Date de naissance"), check_birth_date,
                                       secret=True, placeholder=self.tr("jj/mm/aaaa"),
                                       max_length=10, parent=self)
        for field in (self.numen, self.birth_date):
            field.validity_changed.connect(self._on_field_changed)

        form = QFormLayout()
        numen_label = QLabel(self.tr("N&UMEN :"), self)
        numen_label.setBuddy(self.numen.edit)
        form.addRow(numen_label, self.numen)
        date_label = QLabel(self.tr("&Date de naissance :"), self)
        date_label.setBuddy(self.birth_date.edit)
        form.addRow(date_label, self.birth_date)
        self.body.addWidget(self.voter_line)
        self.body.addWidget(self.unknown)
        self.body.addLayout(form)
        note = QLabel(self.tr("Ces informations sont masquées à l'écran ; le bouton « Afficher » "
                              "permet à l'électeur de relire sa saisie."), self)
        note.setObjectName("hint")
        note.setWordWrap(True)
        self.body.addWidget(note)
        self.setTabOrder(self.unknown, self.numen.edit)
        self.setTabOrder(self.numen.edit, self.birth_date.edit)

    def initializePage(self) -> None:  # Qt override
        voter = self.ctx.visit.voter
        if voter is not None:
            self.voter_line.setText(self.tr("Électeur : ") + f"{voter.first_name} "
                                    f"{voter.last_name.upper()} — {voter.establishment}")
        self.unknown.setFocus()

    def _on_unknown_toggled(self, unknown: bool) -> None:
        if unknown:
            self.numen.clear()
        self.numen.setEnabled(not unknown)
        self.message.clear_message()
        self.completeChanged.emit()

    def _on_field_changed(self, _valid: bool) -> None:
        self.message.clear_message()
        self.completeChanged.emit()

    def ready(self) -> bool:
        return self.birth_date.valid and (self.unknown.isChecked() or self.numen.valid)

    def validation_call(self) -> Callable[[], Any] | None:
        visit = self.ctx.visit
        visit.knows_numen = not self.unknown.isChecked()
        visit.birth_date = self.birth_date.text()
        visit.identity_verified = False
        if not visit.knows_numen or visit.voter is None:
            visit.numen = ""
            return None  # checked on the letter step, before anything is printed
        numen, birth_date, ref = self.numen.text(), self.birth_date.text(), visit.voter.ref
        return lambda: self.ctx.services.verify_identity(ref, numen, birth_date)

    def on_validated(self, result: Any) -> None:
        self.ctx.visit.numen = self.numen.text()
        self.ctx.visit.identity_verified = True

    def nextId(self) -> int:  # Qt override
        return int(PageId.LETTER if self.unknown.isChecked() else PageId.REQUEST)

    def clear(self) -> None:
        super().clear()
        self.unknown.setChecked(False)
        self.numen.clear()
        self.birth_date.clear()
        self.voter_line.clear()
