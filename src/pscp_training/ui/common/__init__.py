"""Building blocks of every screen: context, tasks, error dialogs, the table view, paged models, formatting, history."""
