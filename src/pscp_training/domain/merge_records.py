"""What merging two delegate records will do: bookings that move, clashes to resolve, details filled."""

from dataclasses import dataclass
from enum import StrEnum

from pscp_training.domain.enums import Attendance, BookingStatus
from pscp_training.domain.records import BookingRecord, DelegateRecord, SessionRecord


class ClashChoice(StrEnum):
    """Which of two bookings on the same session survives the merge."""

    KEEP = "keep"  # the booking of the delegate who is kept
    OTHER = "other"  # the booking of the delegate merged in (it moves to the kept delegate)


# Attended beats a place, a place beats the waiting list, the waiting list beats a cancellation:
# the booking that says more about what really happened is the better one to keep.
_WEIGHT = {
    BookingStatus.BOOKED: 3,
    BookingStatus.WAITLISTED: 2,
    BookingStatus.SUBSTITUTED: 1,
    BookingStatus.CANCELLED: 1,
}


def booking_weight(booking: BookingRecord) -> int:
    attended = booking.status == BookingStatus.BOOKED and booking.attendance == Attendance.ATTENDED
    return 10 if attended else _WEIGHT.get(booking.status, 0)


@dataclass(frozen=True)
class MergeMove:
    """A booking of the delegate merged in that moves, unchanged, to the kept delegate."""

    session: SessionRecord
    booking: BookingRecord


@dataclass(frozen=True)
class MergeClash:
    """Both delegates have a booking on the same session: only one of them can stay."""

    session: SessionRecord
    keep_booking: BookingRecord
    other_booking: BookingRecord
    # Numbers of the certificates already issued for each booking, if any.
    keep_certificate: str | None = None
    other_certificate: str | None = None

    def withdrawn_certificate(self, choice: ClashChoice) -> str | None:
        """The certificate number that stops verifying if `choice` is made, if any.

        A certificate of the booking that goes moves to the booking that stays, unless
        that one has its own: a booking keeps one certificate.
        """
        kept, dropped = (
            (self.keep_certificate, self.other_certificate)
            if choice == ClashChoice.KEEP
            else (self.other_certificate, self.keep_certificate)
        )
        return dropped if kept and dropped else None

    def certificate_warning(self, choice: ClashChoice) -> str | None:
        """What a person must know before choosing: a printed certificate will be withdrawn."""
        number = self.withdrawn_certificate(choice)
        if number is None:
            return None
        kept = self.keep_certificate if number == self.other_certificate else self.other_certificate
        return (
            f"Both bookings have a certificate. Certificate {number} is withdrawn with the "
            f"booking that goes and will no longer verify; certificate {kept} stays. "
            "The audit trail keeps a note of the withdrawn one."
        )

    @property
    def suggested(self) -> ClashChoice:
        """The booking that records more (attended, then a place, then the waiting list)."""
        if booking_weight(self.other_booking) > booking_weight(self.keep_booking):
            return ClashChoice.OTHER
        return ClashChoice.KEEP


@dataclass(frozen=True)
class MergePreview:
    """Everything merging `other` into `keep` would change, shown before anything changes."""

    keep: DelegateRecord
    other: DelegateRecord
    keep_version: int
    other_version: int
    moves: tuple[MergeMove, ...]
    clashes: tuple[MergeClash, ...]
    # Details of `other` that fill blanks of `keep`: (what, value), e.g. ("email", "a@b.org").
    filled: tuple[tuple[str, str], ...]

    @property
    def expected_versions(self) -> tuple[int, int]:
        return self.keep_version, self.other_version
