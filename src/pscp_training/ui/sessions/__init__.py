"""The Sessions list and a session's own screen: details, register, headcounts, printing."""
