"""Optimistic locking: refuse a save made over a record someone else changed meanwhile."""

from datetime import datetime

from sqlalchemy.orm import object_session

from pscp_training.db.audit import AUDITED
from pscp_training.domain.errors import StaleRecord
from pscp_training.domain.years import now_utc, to_local
from pscp_training.services.common.audit import AuditLine, describe_changes, record_history

FINAL = (["deleted"], ["anonymised"])
# The last sentence of a refusal, for a screen that still shows what was there before.
RELOAD_ADVICE = "Reload to see their change, then make yours again."


def _when(moment: datetime) -> str:
    local = to_local(moment)
    if local.date() == to_local(now_utc()).date():
        return f"at {local.strftime('%H:%M')}"
    return f"on {local.strftime('%d %B %Y')} at {local.strftime('%H:%M')}"


def what_changed(lines: list[AuditLine]) -> str:
    """'Jo Bloggs changed the capacity from 20 to 25 at 10:42.' - one sentence per save."""
    # One save can flush a record more than once: show it as one sentence.
    saves: list[tuple[str, str, list]] = []
    for line in lines:
        when = _when(line.changed_at)
        if line.action in ("deleted", "anonymised"):
            saves.append((line.actor, when, [line.action]))
        elif saves and saves[-1][:2] == (line.actor, when) and saves[-1][2] not in FINAL:
            saves[-1][2].extend(line.changes)
        else:
            saves.append((line.actor, when, list(line.changes)))
    sentences = []
    for actor, when, changes in saves:
        if changes == ["deleted"]:
            sentences.append(f"{actor} deleted it {when}.")
        elif changes == ["anonymised"]:
            sentences.append(f"{actor} removed this person's personal details {when}.")
        elif changes:
            sentences.append(f"{actor} changed {describe_changes(changes)} {when}.")
    return " ".join(sentences)


def check_version(row, expected_version: int | None, what: str) -> None:
    """Raise StaleRecord when the row's version is not the one the person started editing.

    The message names who changed what since then, from the audit trail.
    """
    if expected_version is None or row.version == expected_version:
        return
    detail = ""
    session = object_session(row)
    audited = AUDITED.get(type(row))
    if session is not None and audited is not None:
        detail = what_changed(
            record_history(session, audited.record_type, row.id, after_version=expected_version)
        )
    raise StaleRecord(
        f"Someone else saved a change to {what} while you were editing it. "
        + (f"{detail} " if detail else "")
        + RELOAD_ADVICE
    )


def as_shown_again(error: BaseException, where: str = "The register") -> BaseException:
    """The same refusal for a screen that has already reloaded: it says where their change is.

    "Reload to see their change" would send the person looking for a reload they do not
    need; `where` is what now shows the change, e.g. "The register" or "The preview".
    Any other error comes back unchanged.
    """
    message = str(error)
    if not isinstance(error, StaleRecord) or not message.endswith(RELOAD_ADVICE):
        return error  # another refusal (or a defect) is shown as it is
    return StaleRecord(
        message[: -len(RELOAD_ADVICE)]
        + f"{where} now shows their change; make yours again if it is still needed."
    )
