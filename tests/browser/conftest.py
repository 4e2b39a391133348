"""Browser fixtures: one app server per session, one chromium per session, a fresh page per test."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from appserver import CHROMIUM, INSTALL_HINT, ROOT, launch, running_app

ARTIFACTS = ROOT / "test-artifacts"


def _browser_available() -> None:
    problem = None
    if not CHROMIUM.exists():
        problem = f"{CHROMIUM} is missing"
    else:
        try:
            import playwright.sync_api  # noqa: F401
        except ImportError:
            problem = "the playwright package is missing"
    if problem is None:
        return
    message = f"BROWSER TESTS NOT RUN: {problem}; {INSTALL_HINT}"
    if os.environ.get("CI"):
        pytest.fail(message, pytrace=False)
    print(f"\n{'!' * 80}\n{message}\n{'!' * 80}")
    pytest.skip(message)


@pytest.fixture(scope="session")
def app_url() -> Iterator[str]:
    _browser_available()
    with running_app() as url:
        yield url


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    _browser_available()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = launch(playwright)
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    tab = context.new_page()
    try:
        yield tab
    finally:
        context.close()


@pytest.fixture(scope="session")
def artifacts() -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS
