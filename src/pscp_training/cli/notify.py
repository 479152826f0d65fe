"""`--notify` on the commands that change a delegate's place, and how a send run is reported.

The transport is checked before the change is made, so a command refused for
incomplete mail settings has changed nothing. A message that could not go
after the change was saved makes the command exit 1, saying the change stands.
"""

import sys

from pscp_training.domain.follow_up_records import SendOutcome


def add_notify(parser) -> None:
    parser.add_argument(
        "--notify",
        action="store_true",
        help="tell the delegates by email, with the calendar update (File > Messages settings)",
    )


def notify_transport(args, db):
    """The transport to tell delegates with, or None without --notify. Raises InputError."""
    if not getattr(args, "notify", False):
        return None
    from pscp_training.services import messages

    return messages.configured_transport(db)


def combine(*outcomes: SendOutcome) -> SendOutcome:
    from pscp_training.services.messages import combine_outcomes

    return combine_outcomes(*outcomes)


def notified(outcome: SendOutcome) -> dict:
    """The JSON of what was sent to whom (added to a command's output under "notified")."""
    return {
        "sent": [{"to": m.recipients, "kind": m.kind.value, "subject": m.subject}
                 for m in outcome.sent],
        "skipped": list(outcome.skipped) + [f"skipped (no email): {n}" for n in outcome.no_email],
        "failed": list(outcome.failed),
    }


def finish(outcome: SendOutcome | None, done: str) -> int:
    """Exit status after a change: 1 when a message that should have gone could not be sent."""
    if outcome is None or not outcome.failed:
        return 0
    for line in outcome.failed:
        print(f"pscp-training: {done}, but a message was not sent: {line}", file=sys.stderr)
    print("pscp-training: send it again from the session's Email menu.", file=sys.stderr)
    return 1


def summary(outcome: SendOutcome, *, dry_run: bool = False) -> int:
    """Print a send run line by line and its totals: sent / skipped / failed; exit status."""
    for line in outcome.would_send:
        print(f"would send: {line}")
    for message in outcome.sent:
        print(f"sent: {message.recipients}: {message.subject}")
    for line in outcome.skipped:
        print(f"skipped: {line}")
    for line in outcome.no_email:
        print(f"skipped (no email): {line}")
    skipped = len(outcome.skipped) + len(outcome.no_email)
    done = f"{len(outcome.would_send)} to send" if dry_run else f"{len(outcome.sent)} sent"
    print(
        f"{done}, {skipped} skipped ({len(outcome.skipped)} already sent, "
        f"{len(outcome.no_email)} no email), {len(outcome.failed)} failed."
    )
    for line in outcome.failed:
        print(f"pscp-training: not sent: {line}", file=sys.stderr)
    return 1 if outcome.failed else 0
