"""On the shared PostgreSQL database a team member may add to the audit trail, never change it."""

import shutil
import uuid

import pytest
from sqlalchemy import create_engine, make_url, text
from sqlalchemy.exc import ProgrammingError

from pscp_training.cli import main
from pscp_training.db.engine import Database
from pscp_training.domain.errors import DatabaseProblem
from pscp_training.services.backup import backup, restore
from pscp_training.services.people import people
from pscp_training.services.privacy import retention
from tests import factories


@pytest.fixture
def team(db, db_url):
    if db.is_sqlite:
        pytest.skip("roles and grants are PostgreSQL's; an SQLite file has one user")
    suffix = uuid.uuid4().hex[:8]
    team_role, member = f"pscp_team_{suffix}", f"pscp_member_{suffix}"
    assert main(["--db", db_url, "db", "setup-roles", "--team-role", team_role]) == 0
    with db.engine.begin() as connection:
        connection.execute(text(f"CREATE ROLE {member} LOGIN PASSWORD 'member-pw' IN ROLE {team_role}"))
    member_url = make_url(db_url).set(username=member, password="member-pw")
    yield member_url.render_as_string(hide_password=False), team_role, member
    with db.engine.begin() as connection:
        database = connection.execute(text("SELECT current_database()")).scalar()
        for statement in ("REVOKE ALL ON ALL TABLES IN SCHEMA public FROM {}",
                          "REVOKE ALL ON ALL SEQUENCES IN SCHEMA public FROM {}",
                          "REVOKE ALL ON SCHEMA public FROM {}",
                          f'REVOKE ALL ON DATABASE "{database}" FROM {{}}'):
            connection.execute(text(statement.format(team_role)))
        connection.execute(text(f"DROP ROLE {member}"))
        connection.execute(text(f"DROP ROLE {team_role}"))


def _refused(engine, statement: str) -> bool:
    try:
        with engine.begin() as connection:
            connection.execute(text(statement))
    except ProgrammingError as exc:
        return "permission denied" in str(exc.orig)
    return False


def _cannot_alter_the_trail(member_url) -> None:
    engine = create_engine(member_url)
    try:
        assert _refused(engine, "UPDATE audit_entries SET actor = 'someone else'")
        assert _refused(engine, "DELETE FROM audit_entries")
        assert _refused(engine, "TRUNCATE audit_entries")
        assert _refused(engine, "DELETE FROM delegate_erasures")
        assert _refused(engine, "INSERT INTO delegate_erasures VALUES (1, now(), 'request', 'x')")
        # Adding to it is allowed, and the entry says which login added it, whatever it claims.
        with engine.begin() as connection:
            actor = connection.execute(text(
                "INSERT INTO audit_entries (changed_at, actor, action, record_type, record_id, "
                "changes) VALUES (now(), 'The Director', 'updated', 'delegate', 1, '{}') "
                "RETURNING actor"
            )).scalar()
        assert actor.startswith("The Director [pscp_member_")
    finally:
        engine.dispose()


def test_a_team_member_cannot_change_delete_or_empty_the_audit_trail(db, db_url, team, tmp_path):
    member_url, _team_role, member = team
    factories.delegate(db, last="Before")
    _cannot_alter_the_trail(member_url)

    as_member = Database(member_url)
    try:
        # Daily work goes on, and the trail names the login behind the name the PC reports.
        saved = factories.delegate(as_member, last="ByMember")
        with as_member.engine.connect() as connection:
            actor = connection.execute(text(
                "SELECT actor FROM audit_entries WHERE record_type = 'delegate' "
                "AND record_id = :id"), {"id": saved.id}).scalar()
        assert actor.endswith(f"[{member}]")
        # Jobs that replace or remove other people's data need the owner's account.
        made = backup.backup_database(db, tmp_path / "team.bak").path
        with pytest.raises(DatabaseProblem, match="needs the database owner's account"):
            restore.restore_database(member_url, made)
        with pytest.raises(DatabaseProblem, match="not allowed to do that"):
            retention.erase_delegate(as_member, saved.id, now=factories.NOW)
        assert {d.last_name for d in people.search_delegates(db, "", limit=10)} >= {"ByMember"}
    finally:
        as_member.dispose()


def test_the_grants_survive_a_restore_of_a_pg_dump_archive(db, db_url, team, tmp_path):
    if not shutil.which("pg_dump"):
        pytest.skip("a pg_dump archive needs pg_dump on this machine")
    member_url, _team_role, _member = team
    factories.delegate(db, last="Before")
    made = backup.backup_database(db, tmp_path / "team.dump", use_pg_dump=True).path
    restore.restore_database(db_url, made)  # pg_restore --clean recreates every table
    _cannot_alter_the_trail(member_url)
