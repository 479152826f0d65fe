"""Issued certificates and their numbers (the printed-output issue; migration 0005)."""

from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from pscp_training.db.base import Base, Timestamped
from pscp_training.db.models import Booking
from pscp_training.db.types import UTCDateTime


class IssuedCertificate(Timestamped, Base):
    """A certificate number given to one attended booking; printing it again keeps the number."""

    __tablename__ = "issued_certificates"

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[str] = mapped_column(String(40), unique=True)
    booking_id: Mapped[int] = mapped_column(ForeignKey("bookings.id"), unique=True)
    issued_at: Mapped[datetime] = mapped_column(UTCDateTime())
    # As printed, so a certificate can be checked even after a name is corrected.
    delegate_name: Mapped[str] = mapped_column(String(201))
    course_title: Mapped[str] = mapped_column(String(300))

    booking: Mapped[Booking] = relationship()
