"""Who may do what on the shared PostgreSQL database: the team's role, and an append-only trail.

`pscp-training db setup-roles`, run once by the database's owner (and again by every restore),
makes a group role for the team (`pscp_team` unless named otherwise) whose members may read
and change the training data, but may only add to the audit trail and read it: no UPDATE,
DELETE or TRUNCATE on `audit_entries`, and the erasure register is read-only to them. A trigger
writes the database login of whoever adds an entry into its `actor`, so an entry added by hand
still says who added it. Erasing, the retention rule and restoring need the owner's account.
"""

from sqlalchemy import Connection, text

from pscp_training.domain.errors import InputError

TEAM_ROLE = "pscp_team"
APPEND_ONLY = ("audit_entries",)
READ_ONLY = ("delegate_erasures", "alembic_version")

_TRIGGER = """
CREATE OR REPLACE FUNCTION pscp_audit_login() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF position('[' || session_user || ']' IN NEW.actor) = 0 THEN
    NEW.actor := left(NEW.actor, 190 - length(session_user)) || ' [' || session_user || ']';
  END IF;
  RETURN NEW;
END $$;
DROP TRIGGER IF EXISTS pscp_audit_login ON audit_entries;
CREATE TRIGGER pscp_audit_login BEFORE INSERT ON audit_entries
  FOR EACH ROW EXECUTE FUNCTION pscp_audit_login();
"""


def _quoted(name: str) -> str:
    if not name.replace("_", "").isalnum():
        raise InputError(f"{name!r} is not a plain role name (letters, digits and _ only).")
    return f'"{name}"'


def setup_roles(connection: Connection, team_role: str = TEAM_ROLE) -> list[str]:
    """Create or refresh the team's role and grants in the connected database; returns what
    was done, in words. Needs the database owner's (or a superuser's) account."""
    role = _quoted(team_role)
    database = connection.execute(text("SELECT current_database()")).scalar()
    exists = connection.execute(
        text("SELECT 1 FROM pg_roles WHERE rolname = :name"), {"name": team_role}
    ).scalar()
    done = []
    if not exists:
        connection.execute(text(f"CREATE ROLE {role} NOLOGIN"))
        done.append(f"created the group role {team_role}")
    for statement in (
        f'REVOKE ALL ON DATABASE "{database}" FROM PUBLIC',
        f'GRANT CONNECT, TEMPORARY ON DATABASE "{database}" TO {role}',
        "REVOKE CREATE ON SCHEMA public FROM PUBLIC",
        f"GRANT USAGE ON SCHEMA public TO {role}",
        f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {role}",
        f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {role}",
        *(f"REVOKE UPDATE, DELETE, TRUNCATE ON {t} FROM {role}, PUBLIC" for t in APPEND_ONLY),
        *(f"REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON {t} FROM {role}, PUBLIC" for t in READ_ONLY),
    ):
        connection.execute(text(statement))
    connection.execute(text(_TRIGGER))
    done.append(
        f"members of {team_role} may read and change the training data of {database}, "
        "add to the audit trail and read it, but not change or delete it"
    )
    return done


def team_roles(connection: Connection) -> list[str]:
    """The roles set up as team roles of this database: they may add to the audit trail but
    not delete from it. Read before a restore that recreates the tables (and their grants)."""
    if connection.dialect.name != "postgresql":
        return []
    rows = connection.execute(text(
        "SELECT r.rolname, a.privilege_type FROM pg_class c "
        "CROSS JOIN LATERAL aclexplode(c.relacl) a JOIN pg_roles r ON r.oid = a.grantee "
        "WHERE c.relname = 'audit_entries' AND c.relkind = 'r'"
    )).all()
    inserting = {name for name, kind in rows if kind == "INSERT"}
    deleting = {name for name, kind in rows if kind == "DELETE"}
    return sorted(inserting - deleting)


def reapply_grants(connection: Connection, roles: list[str]) -> list[str]:
    """After a restore that recreated the tables: each team role's grants and the trail's
    trigger again. Returns the roles set up again."""
    for role in roles:
        setup_roles(connection, role)
    return roles


def may_restore(connection: Connection) -> bool:
    """Whether this account may replace everyone's data (restore): on PostgreSQL, only one
    that may empty the audit trail, i.e. the owner's, never a team member's."""
    if connection.dialect.name != "postgresql":
        return True
    return bool(
        connection.execute(text("SELECT has_table_privilege('audit_entries', 'DELETE')")).scalar()
    )
