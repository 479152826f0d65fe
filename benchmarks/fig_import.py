"""Figure: import of a 100,000-row register into an empty database, against two floors:
`baseline`, pandas.read_csv of the file plus one executemany into a single flat table (the
lower bound), and `storing`, the physical floor of storing those bookings, delegates and
sessions in the real schema (COPY on PostgreSQL, one sqlite3 transaction on SQLite)."""

import time

import pandas as pd
from sqlalchemy import create_engine

from benchmarks.datasets import empty_sqlite_db
from pscp_training.db.engine import Database
from pscp_training.services.imports.register_import import import_register


def probe(variant: str, repeats: int, path: str, backend: str = "sqlite") -> list[float]:
    times = []
    for n in range(repeats):
        url = empty_sqlite_db(f"import-{variant}-{n}") if backend == "sqlite" else _fresh_pg(n)
        started = time.perf_counter()
        if variant == "ours":
            db = Database(url)
            import_register(db, path)
            db.dispose()
        elif variant == "storing":
            _storing_floor(url, path)
        else:
            _baseline(url, path)
        times.append(time.perf_counter() - started)
        if backend != "sqlite":
            _drop_pg(url)  # a 100,000-row database per repetition adds up on the server
    return times


def _drop_pg(url: str) -> None:
    from sqlalchemy import create_engine, make_url, text

    from benchmarks.datasets import postgres_url

    admin = create_engine(make_url(postgres_url()), isolation_level="AUTOCOMMIT")
    with admin.connect() as c:
        c.execute(text(f'DROP DATABASE IF EXISTS "{make_url(url).database}" WITH (FORCE)'))
    admin.dispose()


def _baseline(url: str, path: str) -> None:
    """The floor: read the file with pandas, one executemany of every row into a flat table."""
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    engine = create_engine(url)
    columns = ", ".join(f'"{name}" TEXT' for name in frame.columns)
    marker = "?" if engine.dialect.name == "sqlite" else "%s"
    placeholders = ", ".join([marker] * len(frame.columns))
    connection = engine.raw_connection()
    try:
        cursor = connection.cursor()
        cursor.execute("DROP TABLE IF EXISTS flat_register")
        cursor.execute(f"CREATE TABLE flat_register ({columns})")
        cursor.executemany(f"INSERT INTO flat_register VALUES ({placeholders})",
                           list(frame.itertuples(index=False, name=None)))
        connection.commit()
    finally:
        connection.close()
    engine.dispose()


def _fresh_pg(n: int) -> str:
    import uuid

    from sqlalchemy import create_engine, make_url, text

    from benchmarks.datasets import postgres_url
    from pscp_training.db.engine import make_engine
    from pscp_training.db.migrate import upgrade_to_head

    server = make_url(postgres_url())
    name = f"pscp_bench_import_{uuid.uuid4().hex[:8]}"
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as c:
        c.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    url = server.set(database=name).render_as_string(hide_password=False)
    engine = make_engine(url)
    upgrade_to_head(engine)
    engine.dispose()
    return url


# The physical floor of storing the register (issue 24): the same rows written into the
# real schema (its indexes, foreign keys and checks) with the database's fastest bulk path -
# COPY on PostgreSQL, sqlite3's executemany in one transaction on SQLite - and nothing else:
# no validation, no matching against what is stored, no audit trail.
def _storing_tables(frame: pd.DataFrame, now: str) -> dict[str, tuple[list[str], list[tuple]]]:
    sectors = {"Education": 1, "Early Years": 2, "Portsmouth City Council": 3, "Health": 4,
               "Police": 5, "Voluntary & Community": 6, "Other": 7}
    orgs = frame[["organisation", "sector"]].drop_duplicates("organisation").reset_index(drop=True)
    org_id = {name: n + 1 for n, name in enumerate(orgs["organisation"])}
    courses = frame[["course_code", "course_title", "course_category", "agency"]].drop_duplicates(
        "course_code").reset_index(drop=True)
    course_id = {code: n + 1 for n, code in enumerate(courses["course_code"])}
    session_key = frame["course_code"] + "|" + frame["session_start"]
    session_codes, session_uniques = pd.factorize(session_key)
    first_of_session = frame.loc[~session_key.duplicated()]
    person_codes, _people = pd.factorize(frame["email"].str.lower())
    first_of_person = frame.loc[~frame["email"].str.lower().duplicated()]
    waitlisted = frame["booking_status"] == "waitlisted"
    position = frame[waitlisted].groupby(session_codes[waitlisted.to_numpy()]).cumcount() + 1
    # Plain Python values: pandas fills object columns with NaN (which COPY writes as "nan"
    # and SQLite stores as NULL) and gives numpy integers, which psycopg does not adapt.
    positions: list[int | None] = [None] * len(frame)
    for at, place in zip(waitlisted.to_numpy().nonzero()[0], position.tolist(), strict=True):
        positions[at] = place
    tables = {
        "organisations": (
            ["id", "name", "name_key", "sector_id", "active", "registered", "version",
             "created_at", "updated_at"],
            [(org_id[name], name, name.lower(), sectors.get(sector, 7), True, False, 1, now, now)
             for name, sector in orgs.itertuples(index=False)],
        ),
        "courses": (
            ["id", "code", "title", "category", "agency", "active", "version", "created_at",
             "updated_at"],
            [(course_id[code], code, title, category, agency, True, 1, now, now)
             for code, title, category, agency in courses.itertuples(index=False)],
        ),
        "training_sessions": (
            ["id", "course_id", "start_at", "end_at", "delivery", "venue", "capacity", "trainers",
             "status", "version", "created_at", "updated_at"],
            [(n + 1, course_id[r.course_code], r.session_start, r.session_end, r.delivery,
              r.venue, int(r.capacity), r.trainer, r.session_status, 1, now, now)
             for n, r in enumerate(first_of_session.itertuples(index=False))],
        ),
        "delegates": (
            ["id", "first_name", "last_name", "email", "email_key", "name_key", "job_role",
             "organisation_id", "version", "created_at", "updated_at"],
            [(n + 1, r.first_name, r.last_name, r.email, r.email.lower(),
              f"{r.first_name} {r.last_name}".lower(), r.job_role, org_id[r.organisation], 1,
              now, now)
             for n, r in enumerate(first_of_person.itertuples(index=False))],
        ),
    }
    status = frame["booking_status"].to_numpy()
    attendance = frame["attendance"].where(frame["attendance"] != "", "unmarked").to_numpy()
    cancelled = [text or None for text in frame["cancelled_at"].tolist()]
    orgs_of = frame["organisation"].map(org_id).to_numpy()
    sectors_of = frame["sector"].map(sectors).to_numpy()
    tables["bookings"] = (
        ["id", "session_id", "delegate_id", "status", "waitlist_position", "booked_at",
         "cancelled_at", "late_cancellation", "walk_in", "attendance", "organisation_id",
         "sector_id", "version", "created_at", "updated_at", "cancelled_from", "place_refilled"],
        [(n + 1, int(session_codes[n]) + 1, int(person_codes[n]) + 1, status[n], positions[n],
          booked, cancelled[n], False, False, attendance[n], int(orgs_of[n]), int(sectors_of[n]),
          1, now, now, "booked" if status[n] == "cancelled" else None, False)
         for n, booked in enumerate(frame["booked_at"].to_numpy())],
    )
    return tables


def _storing_floor(url: str, path: str) -> None:
    from sqlalchemy import make_url

    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    now = "2026-03-31 12:00:00"
    tables = _storing_tables(frame, now)
    if make_url(url).get_backend_name() == "sqlite":
        import sqlite3

        connection = sqlite3.connect(make_url(url).database)
        connection.execute("PRAGMA foreign_keys = ON")
        with connection:  # one transaction
            for name, (columns, rows) in tables.items():
                marks = ", ".join("?" * len(columns))
                connection.executemany(
                    f"INSERT INTO {name} ({', '.join(columns)}) VALUES ({marks})", rows)
        connection.close()
        return
    import psycopg

    plain = make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)
    with psycopg.connect(plain) as connection, connection.cursor() as cursor:
        for name, (columns, rows) in tables.items():
            with cursor.copy(f"COPY {name} ({', '.join(columns)}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        for name in tables:  # the ids came from the file, so the sequences move on past them
            cursor.execute(f"SELECT setval(pg_get_serial_sequence('{name}', 'id'), "
                           f"(SELECT max(id) FROM {name}))")
