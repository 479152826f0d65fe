"""Bookings on a session's screen: the booking box, the tabs, transfer, substitute, walk-in."""
