"""How many organisations on the register have someone in the role in date: by sector and type
today, and at the end of each financial year as a trend (the report's DSL-coverage figure)."""

from collections import Counter
from collections.abc import Sequence
from datetime import date, datetime

from sqlalchemy import select

from pscp_training.db.engine import Database
from pscp_training.db.models import Organisation, Sector
from pscp_training.db.models_refresher import RefresherSector
from pscp_training.domain.refresher_records import CoverageReport, CoverageRow
from pscp_training.domain.years import FinancialYear
from pscp_training.services.refreshers.currency import chosen_requirement, local_today, read_people
from pscp_training.services.refreshers.refresher_settings import read_due_soon_months

NO_TYPE = "Type not recorded"
NOTE = (
    "Counts organisations on the organisation register; a year's figure is as at its last day "
    "(today for the year under way), using the roles recorded now."
)


def coverage(
    db: Database,
    years: Sequence[FinancialYear],
    requirement_id: int | None = None,
    *,
    now: datetime | None = None,
) -> CoverageReport | None:
    """None when there is no requirement yet. Raises NotFound."""
    today = local_today(now)
    with db.read() as session:
        requirement = chosen_requirement(session, requirement_id)
        if requirement is None:
            return None
        months = read_due_soon_months(session)
        query = (
            select(Organisation.id, Sector.name, Organisation.org_type)
            .join(Sector, Sector.id == Organisation.sector_id)
            .where(Organisation.registered.is_(True), Organisation.active.is_(True))
            .order_by(Sector.sort_order, Sector.name)
        )
        if requirement.sectors:
            query = query.where(Organisation.sector_id.in_(
                select(RefresherSector.sector_id)
                .where(RefresherSector.requirement_id == requirement.id)))
        registered = {oid: (sector, kind or NO_TYPE) for oid, sector, kind in session.execute(query)}

        def covered(as_of: date) -> set[int]:
            people = read_people(session, requirement, today=as_of, as_of=as_of,
                                 due_soon_months=months)
            return {p.organisation_id for p in people
                    if p.status.counts_as_in_date and p.organisation_id in registered}

        now_covered = covered(today)
        by_year = []
        for year in years:
            as_of = min(year.last_day, today)
            if year.first_day > today:
                continue
            count = len(covered(as_of))
            by_year.append(CoverageRow(year.label, None, None, len(registered), count))
    groups = Counter(registered.values())
    in_date = Counter(registered[o] for o in now_covered)
    by_type = tuple(
        CoverageRow(f"{sector} · {kind}", sector, kind, n, in_date.get((sector, kind), 0))
        for (sector, kind), n in sorted(groups.items(), key=lambda item: (item[0][0], item[0][1]))
    )
    total = CoverageRow("All", None, None, len(registered), len(now_covered))
    return CoverageReport(requirement.name, today, (*by_type, total), tuple(by_year), NOTE)
