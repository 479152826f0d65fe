"""The few looks shared by every screen: quiet notes that stay readable, visible keyboard focus."""

# A secondary line (a hint, a note under a form): darker than Qt's `mid` grey, which is too
# faint to read on an office monitor (#4a4a4a on white is a contrast of about 9:1).
QUIET = "color: #4a4a4a;"
# A line saying something went wrong or needs doing, readable on white and on the grey panel.
WARNING = "color: #9c2500;"

# Where the keyboard is must be visible in any style: a table or list with the focus is framed.
FOCUS_FRAME = ("QAbstractItemView:focus { border: 2px solid palette(highlight); }")

# The heading over one of Home's lists (Alt+its underlined letter jumps to the list).
LIST_HEADING = "font-size: 12pt; font-weight: 600;"
