"""The main window: menus, pages, live refresh, the first start and a database that will not open."""
