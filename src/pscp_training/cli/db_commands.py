"""`pscp-training db upgrade|current|backup`."""

from pscp_training.bootstrap import open_database
from pscp_training.db.migrate import current_revision, head_revision


def register(commands) -> None:
    db = commands.add_parser("db", help="database migrations and backups")
    actions = db.add_subparsers(dest="db_action", metavar="ACTION", required=True)
    upgrade = actions.add_parser("upgrade", help="bring the database to the newest schema")
    upgrade.set_defaults(handler=upgrade_command)
    current = actions.add_parser("current", help="show the database's schema revision")
    current.set_defaults(handler=current_command)


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
