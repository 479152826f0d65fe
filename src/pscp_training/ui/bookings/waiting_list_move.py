"""Move up / Move down on a waiting list: asks why (the reason is kept in the history)."""

from PySide6.QtWidgets import QInputDialog, QWidget

from pscp_training.domain.records import BookingRecord
from pscp_training.services.bookings import waiting_list


def move_on_waiting_list(ctx, parent: QWidget, booking: BookingRecord, step: int, on_done) -> bool:
    """Ask for the reason, then move; False when the person gave none or cancelled."""
    direction = "up" if step < 0 else "down"
    reason, ok = QInputDialog.getText(
        parent, f"Move {direction} the waiting list",
        f"{booking.full_name} is number {booking.waitlist_position} on the waiting list, in the "
        f"order people asked. Why move them {direction}? (kept in the history of changes)")
    if not ok:
        return False
    if not reason.strip():
        on_done(None, "Nobody was moved: a move out of the order of asking needs a reason.")
        return False
    ctx.tasks.run(
        waiting_list.move_on_waiting_list, ctx.db, booking.id, step, reason,
        on_done=lambda moved: on_done(
            moved, f"{moved.full_name} is now number {moved.waitlist_position} on the waiting "
                   f"list ({reason.strip()})."))
    return True
