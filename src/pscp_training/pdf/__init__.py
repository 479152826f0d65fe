"""Printed output: ReportLab documents drawn from records."""

from reportlab import rl_config

# Compressed streams are written as binary, not also ASCII85-encoded: the encoding, done in
# pure Python where ReportLab's C accelerator is absent, took a fifth of the time of 500
# certificates and made every file a quarter larger. The text and drawing are the same.
rl_config.useA85 = 0
