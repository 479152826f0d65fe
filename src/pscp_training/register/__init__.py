"""Reading and writing the booking register and the organisation register (pandas)."""
