"""`pscp-training privacy preview|apply|erase|export`: the retention rule, erasure, subject access."""

from pathlib import Path

from pscp_training.cli.output import local_iso, print_json, print_table
from pscp_training.domain.errors import InputError
from pscp_training.services.privacy import copies, retention, subject_access


def register(commands) -> None:
    privacy = commands.add_parser("privacy", help="data protection: retention, erasure, exports")
    actions = privacy.add_subparsers(dest="privacy_action", metavar="ACTION", required=True)

    preview = actions.add_parser("preview", help="list who the retention rule would anonymise")
    preview.add_argument("--years", type=int, default=retention.RETENTION_YEARS)
    preview.add_argument("--format", choices=("text", "json"), default="text")
    preview.set_defaults(handler=preview_command)

    apply = actions.add_parser("apply", help="anonymise everyone the preview lists")
    apply.add_argument("--years", type=int, default=retention.RETENTION_YEARS)
    apply.add_argument("--yes", action="store_true", help="confirm: this cannot be undone")
    apply.set_defaults(handler=apply_command)

    erase = actions.add_parser("erase", help="remove one delegate's personal details on request")
    erase.add_argument("--delegate", type=int, required=True, metavar="ID")
    erase.add_argument("--yes", action="store_true", help="confirm: this cannot be undone")
    erase.add_argument(
        "--remove-copies",
        action="store_true",
        help="also delete the copies the app owns: its automatic backups and outbox messages",
    )
    erase.set_defaults(handler=erase_command)

    export = actions.add_parser("export", help="everything held about one delegate (JSON or PDF)")
    export.add_argument("--delegate", type=int, required=True, metavar="ID")
    export.add_argument("--out", required=True, type=Path, metavar="FILE.json|FILE.pdf")
    export.set_defaults(handler=export_command)


def _confirmed(args, what: str) -> None:
    if not args.yes:
        raise InputError(f"{what} cannot be undone: add --yes to confirm. Nothing was changed.")


def preview_command(args, open_db) -> int:
    found = retention.preview_retention(open_db(), years=args.years)
    rows = [
        {
            "delegate_id": c.delegate_id,
            "name": f"{c.first_name} {c.last_name}",
            "organisation": c.organisation,
            "last_training": local_iso(c.last_training),
            "bookings": c.bookings,
        }
        for c in found
    ]
    if args.format == "json":
        print_json(rows)
        return 0
    if not rows:
        print(f"Nobody is due: every delegate has trained in the last {args.years} years.")
        return 0
    print_table(list(rows[0]), [list(r.values()) for r in rows])
    print(
        f"{len(rows)} delegates would be anonymised (no training in the last {args.years} years)."
    )
    return 0


def apply_command(args, open_db) -> int:
    _confirmed(args, "Anonymising delegates")
    result = retention.apply_retention(open_db(), years=args.years)
    print(
        f"Anonymised {len(result.anonymised)} delegates with no training since "
        f"{result.cutoff.date().isoformat()}; every yearly figure is unchanged."
    )
    return 0


def erase_command(args, open_db) -> int:
    _confirmed(args, "Erasing a delegate's personal details")
    db = open_db()
    remaining = copies.find_copies(db, args.delegate)
    retention.erase_delegate(db, args.delegate)
    print(f"Delegate {args.delegate}'s personal details were removed; their bookings still count.")
    if args.remove_copies and remaining.removable:
        removed, fresh = copies.remove_copies(db, remaining)
        print(f"Removed {removed} of the app's own copies (automatic backups and outbox "
              "messages) that held their details.")
        if fresh is not None:
            print(f"A fresh backup of the data as it is now is in {fresh}.")
        remaining = copies.RemainingCopies((), (), remaining.certificates)
    for line in remaining.lines():
        print(f"Elsewhere: {line}")
    if remaining.removable:
        print("Add --remove-copies to delete the app's own copies (the automatic backups and "
              "outbox messages listed above).")
    return 0


def export_command(args, open_db) -> int:
    path = subject_access.export_subject_access(open_db(), args.delegate, args.out)
    print(f"Wrote everything held about delegate {args.delegate} to {path}.")
    return 0
