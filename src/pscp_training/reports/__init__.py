"""The workforce report: aggregate SQL into one result, rendered as text, JSON, CSV and XLSX."""
