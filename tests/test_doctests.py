"""The Examples sections of the public entry points run as written."""

from __future__ import annotations

import doctest
import importlib

import pytest

MODULES = ["orgmodel", "orgmodel.compare", "orgmodel.formatting"]


@pytest.mark.parametrize("name", MODULES)
def test_examples_run(name: str) -> None:
    module = importlib.import_module(name)
    failures, tried = doctest.testmod(module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert failures == 0
    if name != "orgmodel.formatting":
        assert tried > 0, f"{name} has no examples"


def test_public_surface_resolves() -> None:
    import orgmodel

    for name in orgmodel.__all__:
        assert getattr(orgmodel, name) is not None, name
    with pytest.raises(AttributeError, match="no attribute"):
        _ = orgmodel.not_an_entry_point  # type: ignore[attr-defined]
