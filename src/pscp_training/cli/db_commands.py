"""`pscp-training db upgrade|current|backup|restore|check|setup-roles`."""

import sys
from pathlib import Path

from pscp_training.bootstrap import open_database
from pscp_training.config import resolve_database_url
from pscp_training.db.migrate import current_revision, head_revision
from pscp_training.db.roles import TEAM_ROLE, setup_roles
from pscp_training.domain.errors import Cancelled, InputError
from pscp_training.services.backup import backup, restore


def register(commands) -> None:
    db = commands.add_parser("db", help="database migrations and backups")
    actions = db.add_subparsers(dest="db_action", metavar="ACTION", required=True)
    upgrade = actions.add_parser("upgrade", help="bring the database to the newest schema")
    upgrade.set_defaults(handler=upgrade_command)
    current = actions.add_parser("current", help="show the database's schema revision")
    current.set_defaults(handler=current_command)
    save = actions.add_parser("backup", help="write a consistent copy of the live database")
    save.add_argument("file", metavar="FILE", type=Path)
    save.add_argument(
        "--export",
        action="store_true",
        help="PostgreSQL: write the portable export even when pg_dump is available",
    )
    save.set_defaults(handler=backup_command)
    restore = actions.add_parser(
        "restore", help="replace the database's data with a backup (checked first)"
    )
    restore.add_argument("file", metavar="FILE", type=Path)
    restore.add_argument(
        "--yes", action="store_true", help="confirm: replace everyone's data without asking"
    )
    restore.set_defaults(handler=restore_command)
    check = actions.add_parser("check", help="check a backup file without restoring it")
    check.add_argument("file", metavar="FILE", type=Path)
    check.set_defaults(handler=check_command)
    roles = actions.add_parser(
        "setup-roles",
        help="PostgreSQL: the team's group role, its grants, and an audit trail it cannot change",
    )
    roles.add_argument("--team-role", default=TEAM_ROLE, metavar="NAME",
                       help=f"the group role team members belong to (default {TEAM_ROLE})")
    roles.set_defaults(handler=setup_roles_command)


def upgrade_command(args, open_db) -> int:
    db = open_db()
    print(f"The database is at the newest schema ({current_revision(db.engine)}).")
    return 0


def current_command(args, open_db) -> int:
    db = open_database(args.db, migrate=False)
    try:
        current = current_revision(db.engine)
        head = head_revision(db.engine)
    finally:
        db.dispose()
    state = "newest" if current == head else f"behind; newest is {head}"
    print(f"{current or 'empty'} ({state})")
    return 0


def backup_command(args, open_db) -> int:
    result = backup.backup_database(
        open_db(), args.file, use_pg_dump=False if args.export else None
    )
    kinds = {"sqlite": "SQLite copy", "pg_dump": "pg_dump archive", "export": "portable export"}
    print(f"Backed up to {result.path} ({kinds[result.kind]}).")
    return 0


def restore_command(args, open_db) -> int:
    url = resolve_database_url(args.db)
    contents = restore.describe_backup(args.file)
    for line in contents.lines():
        print(line)
    if not args.yes:
        if not sys.stdin.isatty():
            raise InputError(
                "Restoring replaces everyone's data with the backup's. Add --yes to confirm."
            )
        answer = input("Replace all the data in the database with this backup? [y/N] ")
        if answer.strip().lower() not in ("y", "yes"):
            raise Cancelled("Nothing was restored.")
    result = restore.restore_database(url, args.file)
    print(
        f"Restored from {result.path}. The data as it was before is saved in {result.safety_copy}."
    )
    if result.erasures_reapplied:
        people = "person" if result.erasures_reapplied == 1 else "people"
        print(f"{result.erasures_reapplied} {people} erased since the backup was made "
              "were erased again.")
    return 0


def check_command(args, open_db) -> int:
    contents = restore.describe_backup(args.file)
    for line in contents.lines():
        print(line)
    print(f"{args.file} is a sound backup (schema {contents.revision}).")
    return 0


def setup_roles_command(args, open_db) -> int:
    db = open_db()
    if db.is_sqlite:
        raise InputError("Roles are for a shared PostgreSQL database; this one is an SQLite file.")
    with db.engine.begin() as connection:
        done = setup_roles(connection, args.team_role)
    for line in done:
        print(f"Done: {line}.")
    return 0
