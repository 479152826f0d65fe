"""Settings › Database: a failed test is not saved unawares; the password goes to the keyring."""

import keyring
import pytest
from keyring.backend import KeyringBackend
from keyring.backends import fail
from PySide6.QtWidgets import QMessageBox

from pscp_training import config
from pscp_training.services.settings import certificate_settings
from pscp_training.ui.settings.settings_dialog import SettingsDialog

UNREACHABLE = "postgresql+psycopg://pscp:s3cret-pw@127.0.0.1:1/pscp_training"


class MemoryKeyring(KeyringBackend):
    priority = -1  # never chosen on its own: only where a test sets it

    def __init__(self):
        super().__init__()
        self.passwords: dict[tuple[str, str], str] = {}

    def set_password(self, service, username, password):
        self.passwords[(service, username)] = password

    def get_password(self, service, username):
        return self.passwords.get((service, username))

    def delete_password(self, service, username):
        self.passwords.pop((service, username), None)


@pytest.fixture
def memory_keyring():
    previous = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)


def _server_address(ctx, qtbot, url) -> SettingsDialog:
    dialog = SettingsDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.database.server.setChecked(True)
    dialog.database.url.setText(url)
    return dialog


def test_an_address_whose_test_just_failed_is_saved_only_if_confirmed(ctx, qtbot, monkeypatch,
                                                                      memory_keyring):
    dialog = _server_address(ctx, qtbot, UNREACHABLE)
    dialog.database.test_button.click()
    assert dialog.database.result.text().startswith("Could not connect to")
    asked = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, title, text, *a, **k: (
        asked.append(text) or QMessageBox.StandardButton.Cancel))
    dialog.save()
    assert asked and asked[0].startswith("Could not connect to")
    assert "Save this address anyway?" in asked[0] and "s3cret-pw" not in asked[0]
    assert "database_url" not in config.load_local_settings()
    assert dialog.result() != SettingsDialog.DialogCode.Accepted

    monkeypatch.setattr(QMessageBox, "warning",
                        lambda *a, **k: QMessageBox.StandardButton.Save)
    dialog.save()
    assert dialog.result() == SettingsDialog.DialogCode.Accepted
    assert config.load_local_settings()["database_url"] == (
        "postgresql+psycopg://pscp@127.0.0.1:1/pscp_training")


def test_an_untested_or_corrected_address_saves_without_a_question(ctx, qtbot, monkeypatch,
                                                                   memory_keyring):
    dialog = _server_address(ctx, qtbot, UNREACHABLE)
    dialog.database.test_button.click()
    dialog.database.url.setText(UNREACHABLE.replace(":1/", ":2/"))  # another address
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: pytest.fail("asked"))
    dialog.save()
    assert dialog.result() == SettingsDialog.DialogCode.Accepted


def test_the_password_goes_to_the_keyring_never_the_settings_file(ctx, qtbot, memory_keyring,
                                                                  monkeypatch):
    dialog = _server_address(ctx, qtbot, UNREACHABLE)
    dialog.save()
    assert "s3cret-pw" not in config.settings_file().read_text(encoding="utf-8")
    assert list(memory_keyring.passwords.values()) == ["s3cret-pw"]
    # The saved address opens with its password; shown again in Settings, without it.
    assert config.resolve_database_url(None) == UNREACHABLE
    again = SettingsDialog(ctx)
    qtbot.addWidget(again)
    assert again.database.url.text() == "postgresql+psycopg://pscp@127.0.0.1:1/pscp_training"
    again.save()  # saved again without retyping it: the password stays in the keyring
    assert config.resolve_database_url(None) == UNREACHABLE
    # An address from --db or the environment is used exactly as given.
    given = "postgresql+psycopg://other:given-pw@db.example:5432/pscp"
    assert config.resolve_database_url(given) == given
    monkeypatch.setenv(config.ENV_VAR, given)
    assert config.resolve_database_url(None) == given


def test_no_keyring_means_nothing_saved_and_a_clear_error(ctx, qtbot, error_boxes):
    previous = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())  # a PC without a credential store
    dialog = _server_address(ctx, qtbot, UNREACHABLE)
    dialog.partnership.setText("Changed")
    dialog.show()
    dialog.save()
    keyring.set_keyring(previous)
    assert any("could not be kept in this computer's keyring" in t for t in error_boxes())
    assert "database_url" not in config.load_local_settings()
    assert certificate_settings.get_certificate_settings(ctx.db).partnership_name != "Changed"
