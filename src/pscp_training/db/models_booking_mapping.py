"""Saved column mappings for bookings from another system, shared by the whole team."""

from sqlalchemy import Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from pscp_training.db.base import Base, Timestamped


class BookingMappingRow(Timestamped, Base):
    """"Our MS Forms booking form": which column is which, and how values translate (JSON)."""

    __tablename__ = "booking_mappings"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    name_key: Mapped[str] = mapped_column(String(200), unique=True)
    # {"first_name": "Forename", ...}; {"status": {"attending": "booked"}, ...}; ["ID", ...]
    columns: Mapped[str] = mapped_column(Text)
    value_translations: Mapped[str] = mapped_column(Text, default="{}", server_default="{}")
    header: Mapped[str] = mapped_column(Text, default="[]", server_default="[]")
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")

    __mapper_args__ = {"version_id_col": version}
