"""Property test (issue 22): whatever is uploaded, the app's upload and import path raises nothing but
`InputError`, and the session's scenario is left as it was.

The path is the library calls the Organisation page's import box makes (`app_pages/orgimport.py`):
`read_rows` (the preview), `detect_columns` (the selectboxes), `people_from_rows` and
`imported_scenario` ("Import and analyse"). 2,000 cases a run (`CASES`): random bytes under any
file name, random CSV dialects (delimiter, quoting, line ends, BOM, Excel's ``sep=`` line, a title
row) and random header names (repeated, blank, numeric, formula-like), over random cells.
"""

from __future__ import annotations

import csv
import io
import random

from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from orgmodel.errors import InputError
from orgmodel.io.columns import detect_columns
from orgmodel.io.habits import imported_scenario
from orgmodel.io.orgfiles import people_from_rows
from orgmodel.io.rows import read_rows
from orgmodel.loading import load_preset

CASES = 2_000
HABITS = load_preset("xiaomi-2012")
SESSION = HABITS.model_dump_json()
"""The session's scenario before any upload (the habits the import takes are the same object)."""

NAMES = ["id", "ID", "Name", "name", "manager", "manager_id", "parentId", "role", "Status", "Department", "",
         " ", "1", "2024", "=cmd()", "@x", "path", "EndDate", "Title", "é", "Name"]
CELLS = ["", "1", "2", "3", "1.0", "007", "NULL", "#N/A", "NA", "-", "0", "/1/", "/1/2/", "CEO/VP", "founder",
         "lead", "engineer", "Current", "Terminated", "2020-01-01", "=HYPERLINK(1)", "@a", "Ann", "Bo", "a,b",
         'q"q', "x\ny", "\t", "sep=;"]
ALPHABET = "abAB01 ,;|\t\"'\n\r=@-+/#é" * 4 + "\x00\ud800"
MARKERS = ["", "NULL", "#N/A", "NA", "0", "-", "none"]


def _word(rng: random.Random, pool: list[str]) -> str:
    """A value from the pool, or (one time in four) a few random characters."""
    if rng.random() < 0.9:
        return rng.choice(pool)
    return "".join(rng.choice(ALPHABET) for _ in range(rng.randint(0, 6)))


def csv_file(rng: random.Random) -> tuple[bytes, str]:
    """A CSV in a random dialect (delimiter, quoting, line ends, BOM or UTF-16, ``sep=``, a title row)
    with a random header (repeated, blank, numeric, formula-like names) over random cells."""
    delimiter = rng.choice([",", ";", "\t", "|"])
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator=rng.choice(["\n", "\r\n"]),
                        quoting=rng.choice([csv.QUOTE_MINIMAL, csv.QUOTE_ALL, csv.QUOTE_NONNUMERIC]))
    if rng.random() < 0.3:
        out.write(f"sep={delimiter}\n")
    if rng.random() < 0.3:
        writer.writerow([_word(rng, CELLS)])
    width = rng.randint(1, 6)
    chart = rng.random() < 0.6  # an org chart: an id and a manager column over a random tree (or near one)
    header = [_word(rng, NAMES) for _ in range(width)]
    if chart:
        header[:2] = [rng.choice(["id", "ID", "EmpID", "key", "1"]),
                      rng.choice(["manager_id", "parentId", "boss", "ReportsTo"])]
    writer.writerow(header[:max(width, 2 if chart else 1)])
    for k in range(rng.randint(0, 12)):
        row = [_word(rng, CELLS) for _ in range(rng.randint(0, width + 1))]
        if chart:
            pid = rng.choice([str(k + 1), f"{k + 1}.0", f"00{k + 1}", str(rng.randint(0, 3))])
            boss = rng.choice(MARKERS) if k == 0 or rng.random() < 0.1 else str(rng.randint(1, k + 1))
            row[:2] = [pid, boss]
        writer.writerow(row)
    encoding = rng.choice(["utf-8", "utf-8", "utf-8-sig", "utf-16"])
    return out.getvalue().encode(encoding, "surrogatepass"), rng.choice(["org.csv", "org.txt", "org"])


SEEDS = st.integers(0, 2**32 - 1)
"""One draw per CSV: the file is built from a seeded generator (hypothesis's own draws cost ~5 ms a file)."""
FILE_NAMES = st.sampled_from(["org.csv", "org.tsv", "org.txt", "org.json", "org.xlsx", "org"])
UPLOADS = st.one_of(
    st.tuples(st.binary(max_size=400), FILE_NAMES),
    SEEDS.map(lambda seed: csv_file(random.Random(seed))),
    SEEDS.map(lambda seed: csv_file(random.Random(seed))),
    st.tuples(st.text(max_size=300).map(lambda t: t.encode("utf-8", "surrogatepass")), FILE_NAMES),
)
"""Random bytes, random CSVs (twice as often: they reach the import), random text, under any file name."""


def _upload_and_import(data: bytes, file_name: str) -> None:
    """What the import box does with one upload, the selectboxes left as detected."""
    raw = read_rows(data, file_name, file_name)
    detected = detect_columns(raw.header, raw.rows)
    mapping = {f: c for f in ("id", "manager", "name", "department", "role") if (c := detected.column(f))}
    org = people_from_rows(raw, file_name, mapping=mapping, what=file_name)
    imported_scenario(org, HABITS, "preset xiaomi-2012")


@settings(max_examples=CASES, deadline=None, database=None, phases=(Phase.explicit, Phase.generate, Phase.shrink),
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(UPLOADS)
def test_any_upload_raises_only_input_error_and_keeps_the_scenario(upload: tuple[bytes, str]) -> None:
    data, file_name = upload
    try:
        _upload_and_import(data, file_name)
    except InputError as err:
        assert err.problems and all(isinstance(p, str) and p for p in err.problems)
    assert HABITS.model_dump_json() == SESSION
