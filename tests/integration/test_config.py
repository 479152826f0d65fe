"""Which database is opened: the resolution order and the refusals."""

from pathlib import Path

import pytest

from pscp_training import config
from pscp_training.domain.errors import DatabaseProblem, InputError


def test_the_embedded_default_lives_in_the_data_folder(_isolated_home):
    assert config.resolve_database_url(None) == (
        f"sqlite:///{_isolated_home / 'pscp-training.sqlite3'}"
    )


def test_order_cli_then_environment_then_saved_setting(monkeypatch, tmp_path):
    config.save_database_url(f"sqlite:///{tmp_path / 'saved.sqlite3'}")
    assert config.resolve_database_url(None).endswith("saved.sqlite3")
    monkeypatch.setenv("PSCP_TRAINING_DB", f"sqlite:///{tmp_path / 'env.sqlite3'}")
    assert config.resolve_database_url(None).endswith("env.sqlite3")
    assert config.resolve_database_url(f"sqlite:///{tmp_path / 'cli.sqlite3'}").endswith(
        "cli.sqlite3"
    )
    config.save_database_url(None)
    monkeypatch.delenv("PSCP_TRAINING_DB")
    assert config.resolve_database_url(None).endswith("pscp-training.sqlite3")


def test_a_plain_postgresql_url_gets_the_psycopg_driver():
    assert config.validate_url("postgresql://u:p@db.example/pscp").startswith(
        "postgresql+psycopg://u:p@db.example/pscp"
    )


def test_an_unknown_kind_of_database_is_refused():
    with pytest.raises(InputError, match="PostgreSQL"):
        config.validate_url("mysql://u@h/db")


@pytest.mark.parametrize("path", [r"\\fileserver\training\pscp.sqlite3", "//fileserver/t/x.sqlite3"])
def test_an_sqlite_file_on_a_network_share_is_refused(path):
    assert config.is_network_path(Path(path))
    with pytest.raises(DatabaseProblem, match="network share.*PostgreSQL"):
        config.refuse_network_share(f"sqlite:///{path}")


def test_a_local_file_is_fine(tmp_path):
    config.refuse_network_share(f"sqlite:///{tmp_path / 'local.sqlite3'}")
