"""The PySide6 desktop interface: pages, dialogs, table models. The only place Qt lives."""
