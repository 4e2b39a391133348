"""The ``--set PATH=VALUE`` language: edits of a scenario mapping (the CLI's flags and the app's URL)."""

from __future__ import annotations

from typing import Any

import yaml

from orgmodel.datapath import set_value
from orgmodel.errors import InputError
from orgmodel.safe_yaml import safe_yaml_load

__all__ = ["apply_overrides"]


def apply_overrides(data: dict[str, Any], overrides: list[str]) -> dict[str, Any]:
    """Apply ``PATH=VALUE`` overrides to a scenario mapping (a copy is returned).

    ``PATH`` is dotted (``org.max_team_size``); a list item is named by index or by its ``name``
    (``org.departments.MIUI.engineers``). ``VALUE`` is read as YAML (``null``, ``6``, ``[lead]``).
    """
    import copy

    result = copy.deepcopy(data)
    for item in overrides:
        path, sep, raw = item.partition("=")
        if not sep or not path.strip():
            raise InputError([f"--set {item!r}: expected PATH=VALUE, e.g. org.max_team_size=6"], "--set")
        try:
            value = safe_yaml_load(raw)
        except yaml.YAMLError:
            value = raw
        set_value(result, path.strip(), value, item)
    return result
