"""Printed documents of a session: certificates, sign-in sheets, trainers' summaries."""
