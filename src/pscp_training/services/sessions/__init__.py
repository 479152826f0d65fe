"""Courses and sessions: the catalogue, running a session again, the register, Home's questions."""
