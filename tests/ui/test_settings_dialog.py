"""The supervisor's settings dialog and the About dialog, in the real main window against a
real centre: an agent cannot open the settings, a supervisor changes the idle delay and it is
saved (and applied, and audited), bad input is refused in French (in English for a supervisor
who chose it) and changes nothing."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from sqlalchemy import select

import kiosk
from kiosk.services.app import KioskApp
from kiosk.services.contracts import ServiceError
from kiosk.services.paths import CONFIG_NAME, load_config
from kiosk.services.settings_model import KioskSettings
from kiosk.store.models import AuditEntry
from kiosk.ui.application import set_language
from kiosk.ui.settings_dialog import SettingsDialog
from kiosk.ui.window import MainWindow
from tests.fixtures.centre import Centre
from tests.fixtures.kiosk import AGENT, PASSWORD
from tests.ui.conftest import SUPERVISOR, SUPERVISOR_PASSWORD, WAIT_MS, sign_in
from tests.ui.test_supervision_language import FRENCH


@pytest.fixture
def window(qtbot: QtBot, make_kiosk: Callable[..., KioskApp]) -> Iterator[MainWindow]:
    services = make_kiosk(sign_in=False)
    window = MainWindow(services, status_refresh_ms=60_000)
    qtbot.addWidget(window)
    window.resize(1100, 760)
    window.show()
    window.start()
    yield window
    window.close()


def open_settings(qtbot: QtBot, window: MainWindow) -> SettingsDialog:
    access = window.settings_access
    assert access.settings_button.isVisible()
    qtbot.mouseClick(access.settings_button, Qt.MouseButton.LeftButton)
    dialog = access.dialog
    assert dialog is not None and dialog.isVisible()
    qtbot.waitUntil(dialog.save_button.isEnabled, timeout=WAIT_MS)  # current values shown
    return dialog


def config_bytes(window: MainWindow) -> bytes:
    services = window.services
    assert isinstance(services, KioskApp)
    return (services.ctx.data_dir / CONFIG_NAME).read_bytes()


def test_an_agent_cannot_open_the_settings(qtbot: QtBot, window: MainWindow) -> None:
    sign_in(qtbot, window, AGENT, PASSWORD)
    access = window.settings_access
    assert not access.settings_button.isVisible()
    assert access.about_button.isVisible()
    assert access.open_settings() is None
    assert "réservés aux superviseurs" in window.status.currentMessage()
    assert window.findChildren(SettingsDialog) == []
    # The services say no too: hiding a button is not the rule.
    services = window.services
    before = config_bytes(window)
    with pytest.raises(ServiceError) as refused:
        services.save_settings(KioskSettings("https://autre.example", "/tmp/x.pem", True, 60, 60))
    assert refused.value.code == "forbidden"
    assert config_bytes(window) == before


def test_a_supervisor_changes_the_idle_delay(qtbot: QtBot, window: MainWindow) -> None:
    sign_in(qtbot, window, SUPERVISOR, SUPERVISOR_PASSWORD)
    dialog = open_settings(qtbot, window)
    assert dialog.idle_lock.value() == 300 and dialog.url.text().startswith("https://")
    dialog.idle_lock.selectAll()
    qtbot.keyClicks(dialog.idle_lock, "120")
    with qtbot.waitSignal(dialog.saved, timeout=WAIT_MS):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.settings_access.dialog is None, timeout=WAIT_MS)
    services = window.services
    assert isinstance(services, KioskApp)
    assert load_config(services.ctx.data_dir).idle_lock_seconds == 120
    assert window.lock_watch.timer.interval() == 120_000  # applied at once
    assert window.status.currentMessage() == "Paramètres enregistrés."
    enrolled = services.ctx.require_enrolled()
    with enrolled.store.sessions() as session:
        entries = session.scalars(select(AuditEntry).where(
            AuditEntry.action == "settings.changed")).all()
        assert [e.actor for e in entries] == [f"agent:{SUPERVISOR}"]
        assert '"idle_lock_seconds"' in entries[0].details_json


def test_bad_input_is_refused_and_changes_nothing(qtbot: QtBot, window: MainWindow,
                                                  ui_centre: Centre, tmp_path: Path) -> None:
    sign_in(qtbot, window, SUPERVISOR, SUPERVISOR_PASSWORD)
    before = config_bytes(window)
    dialog = open_settings(qtbot, window)
    good_url = dialog.url.text()

    def refused(text: str) -> None:
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: dialog.message.property("kind") == "error", timeout=WAIT_MS)
        assert text in dialog.message.text()
        assert dialog.isVisible() and config_bytes(window) == before
        dialog.message.clear_message()
        dialog.message.setProperty("kind", "")

    dialog.url.setText("http://centre.ac-dijon.fr")
    refused("L'adresse du centre doit être de la forme https://serveur")
    assert dialog.url.hasFocus()
    dialog.url.setText(good_url)
    not_a_certificate = tmp_path / "notes.pem"
    not_a_certificate.write_text("pas un certificat\n", encoding="utf-8")
    dialog.ca_file.setText(str(not_a_certificate))
    refused("ne contient pas de certificat d'autorité lisible")
    dialog.ca_file.setText(str(tmp_path / "absent.pem"))
    refused("est introuvable")

    # The centre's real CA, picked from elsewhere: pinned as the kiosk's own copy, and the
    # kiosk reconnects with it at once.
    dialog.ca_file.setText(str(ui_centre.ca_file))
    with qtbot.waitSignal(dialog.saved, timeout=WAIT_MS):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    services = window.services
    assert isinstance(services, KioskApp)
    pinned = Path(str(load_config(services.ctx.data_dir).ca_file))
    assert pinned.parent == services.ctx.data_dir and pinned.name.startswith("centre-ca-")
    assert pinned.read_bytes() == ui_centre.ca_file.read_bytes()
    assert services.sync_now().online


def test_a_supervisor_who_chose_english_reads_the_refusals_in_english(
        qtbot: QtBot, window: MainWindow, tmp_path: Path) -> None:
    panel = window.sign_in
    qtbot.waitUntil(lambda: window.stack.currentWidget() is panel and panel.isEnabled(),
                    timeout=WAIT_MS)
    panel.language.setCurrentIndex(panel.language.findData("en"))
    try:
        sign_in(qtbot, window, SUPERVISOR, SUPERVISOR_PASSWORD)
        before = config_bytes(window)
        dialog = open_settings(qtbot, window)
        good_url = dialog.url.text()
        not_a_certificate = tmp_path / "notes.pem"
        not_a_certificate.write_text("pas un certificat\n", encoding="utf-8")
        absent = tmp_path / "absent.pem"
        shown = []
        for url, ca_file in [("http://centre.ac-dijon.fr", None), (good_url, ""),
                             (good_url, str(not_a_certificate)), (good_url, str(absent))]:
            dialog.url.setText(url)
            if ca_file is not None:
                dialog.ca_file.setText(ca_file)
            dialog.message.setProperty("kind", "")
            qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
            qtbot.waitUntil(lambda: dialog.message.property("kind") == "error",
                            timeout=WAIT_MS)
            shown.append(dialog.message.text())
        assert config_bytes(window) == before
        assert str(not_a_certificate) in shown[2] and str(absent) in shown[3]
        for text in shown:
            words = text.replace(str(not_a_certificate), "").replace(str(absent), "")
            assert not FRENCH.search(words), text
        assert "https://" in shown[0]
    finally:
        set_language("fr")


def test_the_settings_close_when_the_supervisor_leaves(qtbot: QtBot,
                                                       window: MainWindow) -> None:
    sign_in(qtbot, window, SUPERVISOR, SUPERVISOR_PASSWORD)
    dialog = open_settings(qtbot, window)
    dialog.url.setText("https://typed-but-not-saved.example")
    window.sign_out()
    qtbot.waitUntil(lambda: window.settings_access.dialog is None, timeout=WAIT_MS)
    assert not window.settings_access.settings_button.isVisible()
    assert "typed-but-not-saved" not in config_bytes(window).decode("utf-8")


def test_about_shows_the_version_and_the_kiosk(qtbot: QtBot, window: MainWindow) -> None:
    access = window.settings_access
    qtbot.waitUntil(access.about_button.isVisible, timeout=WAIT_MS)  # even before sign-in
    qtbot.mouseClick(access.about_button, Qt.MouseButton.LeftButton)
    about = access.about
    assert about is not None and about.isVisible()
    assert about.version.text() == f"Version {kiosk.__version__}"
    services = window.services
    assert isinstance(services, KioskApp)
    kiosk_id = str(services.ctx.config.kiosk_id)
    qtbot.waitUntil(lambda: kiosk_id in about.details.text(), timeout=WAIT_MS)
    assert str(services.ctx.data_dir) in about.details.text()
    assert "Qt " in about.details.text() and "Python " in about.details.text()


@pytest.mark.parametrize(("changes", "field", "text"), [
    ({"idle_lock_seconds": 2}, "idle_lock_seconds", "entre 5 secondes et 24 heures"),
    ({"counter_reset_seconds": 90_000}, "counter_reset_seconds", "entre 5 secondes"),
    ({"idle_lock_seconds": True}, "idle_lock_seconds", "délai de verrouillage"),
    ({"centre_url": "https://centre.example:99999"}, "centre_url", "https://serveur:port"),
    ({"centre_url": "https://user@centre.example"}, "centre_url", "https://serveur"),
    ({"ca_file": "  "}, "ca_file", "Indiquez le fichier"),
])
def test_the_services_refuse_what_the_dialog_cannot_send(
        make_kiosk: Callable[..., KioskApp], changes: dict[str, object], field: str,
        text: str) -> None:
    from dataclasses import replace

    services = make_kiosk(sign_in=False)
    services.sign_in(SUPERVISOR, SUPERVISOR_PASSWORD)
    before = (services.ctx.data_dir / CONFIG_NAME).read_bytes()
    wanted = replace(services.kiosk_settings(), **changes)
    with pytest.raises(ServiceError) as refused:
        services.save_settings(wanted)
    assert refused.value.field == field and text in refused.value.message
    assert (services.ctx.data_dir / CONFIG_NAME).read_bytes() == before
