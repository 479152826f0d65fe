"""Printed output: ReportLab documents drawn from records."""
