"""Imports every model module, so that `Base.metadata` knows every table (Alembic, tests)."""

from pscp_training.db import (  # noqa: F401
    models,
    models_audit,
    models_booking_mapping,
    models_certificate,
    models_evaluation,
    models_follow_up,
    models_refresher,
)
from pscp_training.db.base import Base

metadata = Base.metadata
