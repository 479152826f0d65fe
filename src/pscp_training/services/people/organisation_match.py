"""Matching the organisation names people type into forms to the organisations already known.

"St. Mary's C of E Primary" and "Saint Marys Primary School" are one school:
names are compared by their shape (case, punctuation, St/Saint, and the words
"school", "academy" and "the" left out). A name of the same shape as a known
one is proposed for confirmation; the same name but for case and spacing is
the organisation itself.
"""

import re
from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from pscp_training.db.models import Organisation
from pscp_training.domain.identity import key
from pscp_training.domain.online_bookings import OrganisationMatch

_WORDS = re.compile(r"[^\w]+")
_SAME = {"saint": "st", "&": "and", "c of e": "ce", "cofe": "ce", "rc": "catholic",
         "centre": "center", "organisation": "organization"}
_LEFT_OUT = {"the", "school", "academy", "ltd", "limited"}


def shape(name: str) -> str:
    """A name as compared for a proposed match: `St. Mary's Primary School` -> `st marys primary`."""
    text = key(name).replace("&", " and ").replace("c of e", "ce").replace("'", "").replace("’", "")
    words = [_SAME.get(w, w) for w in _WORDS.split(text) if w]
    kept = [w for w in words if w not in _LEFT_OUT]
    return " ".join(kept or words)


def match_organisations(session: Session, names: Iterable[str]) -> list[OrganisationMatch]:
    """Each distinct name in the file with the known organisation it is (or may be), in file order."""
    known = session.execute(select(Organisation).order_by(Organisation.name_key)).scalars().all()
    by_key = {row.name_key: row for row in known}
    by_shape: dict[str, Organisation] = {}
    for row in known:
        by_shape.setdefault(shape(row.name), row)  # the first by name when two share a shape
    matches: list[OrganisationMatch] = []
    seen: set[str] = set()
    for name in names:
        if not name or key(name) in seen:
            continue
        seen.add(key(name))
        exact = by_key.get(key(name))
        if exact is not None:
            matches.append(OrganisationMatch(name, exact.name, exact.sector.name, True))
            continue
        near = by_shape.get(shape(name))
        matches.append(OrganisationMatch(
            name, near.name if near else None, near.sector.name if near else None, False,
        ))
    return matches
