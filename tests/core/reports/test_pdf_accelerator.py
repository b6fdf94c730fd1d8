"""reportlab runs with its C accelerator (issue 19): installed with the app, and in use."""

from __future__ import annotations


def test_reportlab_uses_its_c_accelerator() -> None:
    from reportlab.lib import rl_accel

    accelerated = {name for name, function in rl_accel._c_funcs.items() if function is not None}
    assert {"fp_str", "instanceStringWidthTTF", "escapePDF"} <= accelerated
    assert rl_accel.fp_str is rl_accel._c_funcs["fp_str"]
