"""`pscp-training db upgrade|current|backup|restore|check`."""

from pathlib import Path

from pscp_training.bootstrap import open_database
from pscp_training.config import resolve_database_url
from pscp_training.db.migrate import current_revision, head_revision
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
    restore.set_defaults(handler=restore_command)
    check = actions.add_parser("check", help="check a backup file without restoring it")
    check.add_argument("file", metavar="FILE", type=Path)
    check.set_defaults(handler=check_command)


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
    result = restore.restore_database(resolve_database_url(args.db), args.file)
    print(
        f"Restored from {result.path}. The data as it was before is saved in {result.safety_copy}."
    )
    return 0


def check_command(args, open_db) -> int:
    revision = restore.check_backup(args.file)
    print(f"{args.file} is a sound backup (schema {revision}).")
    return 0
