"""Bookings: places, waiting lists, cancelling, transfers, substitutes, walk-ins, row locks."""
