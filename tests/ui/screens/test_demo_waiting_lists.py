"""The demo's waiting lists number people in the order they asked (issue 15, item 4)."""

from tests.ui.test_waiting_list_order import _out_of_order


def test_every_demo_waiting_list_follows_the_time_of_asking(demo_ctx, demo_window):
    assert _out_of_order(demo_ctx.db) == []
