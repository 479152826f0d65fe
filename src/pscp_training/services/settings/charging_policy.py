"""The charging policy as stored in the team's settings (read, write, follow a renamed sector)."""

from dataclasses import replace

from sqlalchemy.orm import Session

from pscp_training.domain.charging import ChargingPolicy
from pscp_training.domain.identity import key
from pscp_training.services.settings.team_settings import read_setting, write_setting

CHARGING_POLICY = "charging_policy"


def read_policy(session: Session) -> ChargingPolicy:
    return ChargingPolicy.from_json(read_setting(session, CHARGING_POLICY))


def write_policy(session: Session, policy: ChargingPolicy) -> None:
    write_setting(session, CHARGING_POLICY, policy.to_json())


def rename_exempt_sector(session: Session, old: str, new: str | None) -> None:
    """A sector renamed, merged (new: the one kept) or removed (new: None) stays exempt or not."""
    policy = read_policy(session)
    if not any(key(s) == key(old) for s in policy.exempt_sectors):
        return
    kept = {s for s in policy.exempt_sectors if key(s) != key(old)}
    if new is not None:
        kept.add(new)
    write_policy(session, replace(policy, exempt_sectors=frozenset(kept)))
