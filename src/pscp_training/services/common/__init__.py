"""What every area uses: rows to records, optimistic versions, the audit trail read back, live change news."""
