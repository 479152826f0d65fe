"""Checking the organisation register (name, sector, type): the denominator of engagement."""

from dataclasses import dataclass, field

from pscp_training.domain.errors import Problem
from pscp_training.domain.identity import key
from pscp_training.domain.import_records import OrganisationRow
from pscp_training.register.columns import ORGANISATION_COLUMNS
from pscp_training.register.header import lines_text, match_header
from pscp_training.register.reading import Table
from pscp_training.register.safe_cells import unguard_formula


@dataclass
class CheckedOrganisations:
    rows: list[OrganisationRow] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    merged_duplicates: int = 0
    has_type: bool = False


def check_organisations(table: Table) -> CheckedOrganisations:
    """Valid rows (one per organisation, the last line winning), problems and warnings."""
    header = match_header(table, ORGANISATION_COLUMNS)
    result = CheckedOrganisations(
        problems=list(header.problems), warnings=[*table.warnings, *header.warnings]
    )
    if header.problems:
        return result
    if not table.rows:
        result.problems.append(
            Problem(None, None, None, "The file has a header row but no rows of data.")
        )
        return result
    index = header.index
    result.has_type = "type" in index
    by_name: dict[str, OrganisationRow] = {}
    lines: dict[str, list[int]] = {}
    disagree: set[str] = set()
    for values, line in zip(table.rows, table.lines, strict=True):
        name = unguard_formula(values[index["name"]])
        sector = unguard_formula(values[index["sector"]])
        org_type = unguard_formula(values[index["type"]]) or None if result.has_type else None
        bad = False
        for column, value in (("name", name), ("sector", sector)):
            if not value:
                result.problems.append(
                    Problem(line, column, None, f"The {column} is blank; every organisation needs one.")
                )
                bad = True
        if bad:
            continue
        row = OrganisationRow(line, " ".join(name.split()), " ".join(sector.split()), org_type)
        identity = key(name)
        earlier = by_name.get(identity)
        if earlier is not None:
            if (earlier.name, key(earlier.sector), earlier.org_type) == (
                row.name, key(row.sector), row.org_type
            ):
                result.merged_duplicates += 1
                continue
            disagree.add(identity)
        by_name[identity] = row
        lines.setdefault(identity, []).append(line)
    for identity in disagree:
        result.warnings.append(
            f"{by_name[identity].name}: {lines_text(lines[identity])} give different details; "
            f"the last one (line {lines[identity][-1]}) was used."
        )
    result.rows = sorted(by_name.values(), key=lambda r: r.line)
    return result
