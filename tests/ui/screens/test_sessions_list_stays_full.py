"""The Sessions list never turns blank behind a full table (issue 15, item 5)."""

from PySide6.QtCore import Qt

CTRL = Qt.KeyboardModifier.ControlModifier


def test_search_click_ctrl_end_away_and_back_keeps_the_rows(demo_window, qtbot):
    window = demo_window
    qtbot.keyClick(window, Qt.Key.Key_2, CTRL)
    page = window.current_page()
    qtbot.keyClicks(page.search_box, "Teams")
    page.apply_filters()
    count = page.model.rowCount()
    assert count > 0 and page.count_label.text() == f"{count} sessions"
    view = page.view
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton,
                     pos=view.visualRect(page.model.index(0, 1)).center())
    qtbot.keyClick(view, Qt.Key.Key_End, CTRL)
    qtbot.keyClick(window, Qt.Key.Key_4, CTRL)
    qtbot.keyClick(window, Qt.Key.Key_2, CTRL)
    assert window.current_page() is page
    assert page.model.rowCount() == count
    assert not page.table.is_empty
    assert page.table.currentWidget() is view
