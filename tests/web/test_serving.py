"""How `verksam serve` settles each server process: the garbage collector leaves the loaded app
alone and runs less often."""

from __future__ import annotations

import gc

from verksam.web import serving


def test_settling_freezes_the_loaded_objects_and_collects_less_often() -> None:
    threshold = gc.get_threshold()
    try:
        serving.settle(worker=None)
        assert gc.get_freeze_count() > 0
        assert gc.get_threshold() == serving.GC_THRESHOLD
    finally:
        gc.unfreeze()
        gc.set_threshold(*threshold)
