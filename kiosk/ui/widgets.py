"""Small widgets the pages share: the page's message line, a secret field with show/hide, and
a field with its live check message underneath."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from kiosk.ui.service_texts import translated

Check = Callable[[str], str | None]


def chosen_row(results: QListWidget) -> int:
    """The row the agent chose in ``results`` (clicked, or moved to with the arrow keys), or -1.

    Not the list's current row: when the list takes the focus (after a search, or by Tab) Qt
    makes its first row current without selecting it, and that row would pass for a choice
    the agent never made: the first of several voters of the same name.
    """
    rows = results.selectedIndexes()
    return rows[0].row() if rows else -1


def more_matches_text(shown: int) -> str:
    """What a search says when more voters match than the ``shown`` it lists: the voter sought
    may be further on. One text for the wizard's voter step and the counter lookup."""
    return QCoreApplication.translate(
        "VoterSearch", "Seuls les %1 premiers électeurs trouvés sont affichés : précisez la "
        "recherche (nom et prénom, ou début de l'adresse électronique).").replace("%1", str(shown))


def plain_text(label: QLabel) -> QLabel:
    """``label`` shows its text as is, never as rich text (a message may quote what was typed).

    Set through the property's name rather than ``Qt.TextFormat``: the first use of PySide's
    ``Qt`` namespace builds its 94 enums (Qt.Key alone has 471 members), about a tenth of the
    work before the first screen, so the window's start-up modules do without it
    (benchmarks/bench_kiosk_start.py; tests/ui/test_first_screen.py checks both).
    """
    label.setProperty("textFormat", "PlainText")
    return label


class MessageLabel(QLabel):
    """The page's one line for refusals and news; the style sheet colours it by ``kind``."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("pageMessage")
        self.setWordWrap(True)
        plain_text(self)
        self.setAccessibleName(self.tr("Message"))
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
        self.setProperty("kind", "info")  # styled as such from the start
        self.hide()

    def show_message(self, text: str, kind: str = "error") -> None:
        if self.property("kind") != kind:
            # The style sheet colours the line by kind: style it again. Only on a change: the
            # first screen's "Chargement…" (info) then never wraps the QStyle, whose class and
            # large enums PySide would build for it (~10 ms, benchmarks/bench_kiosk_start.py).
            self.setProperty("kind", kind)
            self.style().unpolish(self)
            self.style().polish(self)
        self.setText(text)
        self.setAccessibleDescription(text)
        self.setVisible(bool(text))

    def clear_message(self) -> None:
        self.setText("")
        self.setAccessibleDescription("")
        self.hide()


class CheckedField(QWidget):
    """A line edit whose text is checked as it is typed; the French message shows below it.

    ``secret=True`` masks the text, with a button to show it while the voter checks it.
    """

    validity_changed = Signal(bool)

    def __init__(self, accessible_name: str, check: Check, *, secret: bool = False,
                 placeholder: str = "", max_length: int = 40, hint: str = "",
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._check = check
        self._valid = False
        self.edit = QLineEdit(self)
        self.edit.setAccessibleName(accessible_name)
        self.edit.setPlaceholderText(placeholder)
        self.edit.setMaxLength(max_length)
        self.edit.setClearButtonEnabled(not secret)
        self.edit.textChanged.connect(self._on_text_changed)
        self.error = QLabel(self)
        self.error.setObjectName("fieldError")
        self.error.setWordWrap(True)
        plain_text(self.error)
        self.error.setAccessibleName(self.tr("Erreur : %1").replace("%1", accessible_name))
        self.error.hide()
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.edit, 1)
        self.reveal: QToolButton | None = None
        if secret:
            from PySide6.QtCore import Qt  # not at import: see plain_text

            self.edit.setEchoMode(QLineEdit.EchoMode.Password)
            self.edit.setInputMethodHints(Qt.InputMethodHint.ImhSensitiveData
                                          | Qt.InputMethodHint.ImhNoPredictiveText)
            self.reveal = QToolButton(self)
            self.reveal.setCheckable(True)
            self.reveal.setText(self.tr("Afficher"))
            self.reveal.setAccessibleName(self.tr("Afficher ou masquer : %1")
                                          .replace("%1", accessible_name))
            self.reveal.toggled.connect(self._on_reveal_toggled)
            row.addWidget(self.reveal)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        column.addLayout(row)
        column.addWidget(self.error)
        # A hint below the field (not a separate form row: wrapped labels in a QFormLayout row
        # get a wrong height) and a second line for what the input will become.
        self.hint = QLabel(hint, self)
        self.hint.setObjectName("hint")
        self.hint.setWordWrap(True)
        self.hint.setVisible(bool(hint))
        if hint:
            self.edit.setAccessibleDescription(hint)
        self.preview = QLabel(self)
        self.preview.setObjectName("hint")
        plain_text(self.preview)
        self.preview.hide()
        column.addWidget(self.hint)
        column.addWidget(self.preview)
        self.setFocusProxy(self.edit)

    @property
    def valid(self) -> bool:
        return self._valid

    def text(self) -> str:
        return self.edit.text()

    def set_text(self, text: str) -> None:
        self.edit.setText(text)

    def set_preview(self, text: str) -> None:
        self.preview.setText(text)
        self.preview.setVisible(bool(text))

    def clear(self) -> None:
        self.edit.clear()
        self.set_preview("")
        if self.reveal is not None:
            self.reveal.setChecked(False)
        self._show_error(None)

    def show_error(self, message: str | None) -> None:
        """An error from the services (e.g. the register says no), shown like a typing error."""
        self._show_error(message)

    def _show_error(self, message: str | None) -> None:
        message = translated(message) if message else message
        self.error.setText(message or "")
        self.error.setVisible(bool(message))
        self.edit.setProperty("invalid", bool(message))
        self.edit.style().unpolish(self.edit)
        self.edit.style().polish(self.edit)

    def _on_text_changed(self, text: str) -> None:
        message = self._check(text) if text else None
        self._show_error(message)
        valid = bool(text) and message is None
        if valid != self._valid:
            self._valid = valid
            self.validity_changed.emit(valid)

    def _on_reveal_toggled(self, shown: bool) -> None:
        self.edit.setEchoMode(QLineEdit.EchoMode.Normal if shown
                              else QLineEdit.EchoMode.Password)
        if self.reveal is not None:
            self.reveal.setText(self.tr("Masquer") if shown else self.tr("Afficher"))


def heading(text: str, parent: QWidget | None = None) -> QLabel:
    label = QLabel(text, parent)
    label.setObjectName("sectionHeading")
    return plain_text(label)
