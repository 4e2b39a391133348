"""An org chart with repeated column names, uploaded in a real chromium (issue 22): the import box
shows its preview and the app's error message, never an exception."""

from __future__ import annotations

from typing import Any

import pytest
from appserver import open_app, wait_idle

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]


def test_duplicate_headers_show_the_apps_message_not_an_exception(page: Any, app_url: str) -> None:
    open_app(page, app_url)
    page.get_by_text("Analyse your own organisation", exact=False).first.click()
    dropzone = page.get_by_test_id("stFileUploaderDropzoneInput")
    dropzone.wait_for(state="attached", timeout=30_000)
    dropzone.set_input_files(files=[{"name": "two_names.csv", "mimeType": "text/csv",
                                     "buffer": b"Name,Name,,Name\nAnn,A,x,1\nBo,B,y,2\n"}])
    page.wait_for_selector("[data-testid=stAlertContentError]", timeout=60_000)
    wait_idle(page)
    assert page.get_by_test_id("stException").count() == 0
    error = page.get_by_test_id("stAlertContentError").first.inner_text()
    assert "Not loaded; still showing the previous scenario" in error and "missing column(s) id" in error
    assert "Name (2)" in error  # the columns, named apart, are listed in the message
    assert page.locator("h1").first.inner_text().startswith("Xiaomi")
