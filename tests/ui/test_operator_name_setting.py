"""Settings > This PC: the name the history of changes records for this PC's changes."""

from datetime import timedelta

import pytest

from pscp_training import config
from pscp_training.config import OPERATOR_NAME
from pscp_training.db.audit import ACTOR_ENV_VAR, current_actor
from pscp_training.domain.errors import InputError
from pscp_training.domain.years import now_utc
from pscp_training.services.bookings import bookings
from pscp_training.services.common import audit
from pscp_training.services.settings import certificate_settings
from pscp_training.ui.settings.settings_dialog import SettingsDialog, signed_in_user
from tests import factories


@pytest.fixture(autouse=True)
def _no_name_from_the_environment(monkeypatch):
    monkeypatch.delenv(ACTOR_ENV_VAR, raising=False)


def open_settings(ctx, qtbot) -> SettingsDialog:
    dialog = SettingsDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def test_the_chosen_name_is_what_the_history_records(ctx, qtbot):
    assert current_actor() == signed_in_user()
    dialog = open_settings(ctx, qtbot)
    assert dialog.you.name.text() == ""
    assert signed_in_user() in dialog.you.name.placeholderText()
    dialog.you.name.setText("  Jo   Bloggs ")
    dialog.save()
    assert dialog.result() == SettingsDialog.DialogCode.Accepted
    assert config.load_local_settings()[OPERATOR_NAME] == "Jo Bloggs"

    session = factories.session(ctx.db, capacity=5, start=now_utc() + timedelta(days=3))
    person = factories.delegate(ctx.db, "Amira", "Khan")
    bookings.book(ctx.db, session_id=session.id, delegate_id=person.id)
    booked = [line for line in audit.session_history(ctx.db, session.id)
              if line.record_type == "booking"]
    assert [line.actor for line in booked] == ["Jo Bloggs"]

    # Shown again next time; cleared, the signed-in user is recorded once more.
    again = open_settings(ctx, qtbot)
    assert again.you.name.text() == "Jo Bloggs"
    again.you.name.clear()
    again.save()
    assert OPERATOR_NAME not in config.load_local_settings()
    assert current_actor() == signed_in_user()
    assert certificate_settings.get_certificate_settings(ctx.db).partnership_name != "Changed name"


def test_a_name_too_long_is_refused_and_nothing_is_saved(ctx, qtbot, error_boxes):
    dialog = open_settings(ctx, qtbot)
    dialog.partnership.setText("Changed name")
    dialog.you.name.setText("J" * 201)
    dialog.save()
    assert dialog.result() != SettingsDialog.DialogCode.Accepted
    assert any("please shorten it to 200 or fewer" in text for text in error_boxes())
    assert OPERATOR_NAME not in config.load_local_settings()
    assert current_actor() == signed_in_user()
    assert certificate_settings.get_certificate_settings(ctx.db).partnership_name != "Changed name"


def test_the_name_is_kept_beside_the_database_address_and_read_by_the_history(tmp_path):
    url = f"sqlite:///{tmp_path / 'team.sqlite3'}"
    config.save_database_url(url)
    config.save_operator_name("  Priya \t Shah ")
    assert config.operator_name() == "Priya Shah"
    assert current_actor() == "Priya Shah"
    assert config.resolve_database_url(None) == url  # the address is still there

    with pytest.raises(InputError, match="201 characters long"):
        config.save_operator_name("P" * 201)
    assert config.operator_name() == "Priya Shah"  # nothing saved on a refusal

    config.save_operator_name("   ")
    assert config.operator_name() == ""
    assert current_actor() == signed_in_user()
    assert config.resolve_database_url(None) == url
