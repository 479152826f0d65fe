"""Imports every model module, so that `Base.metadata` knows every table (Alembic, tests)."""

from pscp_training.db import models  # noqa: F401
from pscp_training.db.base import Base

metadata = Base.metadata
