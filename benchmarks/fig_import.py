"""Figure: import of a 100,000-row register into an empty database, against pandas.read_csv
of the file plus one executemany into a single flat table."""

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
