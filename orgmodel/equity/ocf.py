"""Export the cap table as an Open Cap Format (OCF 1.2.0) package: a manifest plus object files.

Written from the published OCF 1.2.0 schemas (Open Cap Table Coalition); checked in the tests
against `pyocf`'s models, which are generated from those schemas. No dependency at run time.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from pathlib import Path
from typing import Any

import numpy as np

from orgmodel.equity.settings import FundingRound
from orgmodel.equity.stakes import Stakes, compute_stakes
from orgmodel.errors import InputError
from orgmodel.orgtable import OrgTable
from orgmodel.scenario import Scenario

__all__ = ["OCF_VERSION", "numeric", "ocf_package", "write_ocf"]

OCF_VERSION = "1.2.0"
CURRENCY = "USD"
Json = dict[str, Any]

FILES = {  # manifest key -> (file name, file_type)
    "stakeholders_files": ("stakeholders.ocf.json", "OCF_STAKEHOLDERS_FILE"),
    "stock_classes_files": ("stock_classes.ocf.json", "OCF_STOCK_CLASSES_FILE"),
    "stock_plans_files": ("stock_plans.ocf.json", "OCF_STOCK_PLANS_FILE"),
    "vesting_terms_files": ("vesting_terms.ocf.json", "OCF_VESTING_TERMS_FILE"),
    "transactions_files": ("transactions.ocf.json", "OCF_TRANSACTIONS_FILE"),
}
MANIFEST = "manifest.ocf.json"


def numeric(x: float) -> str:
    """OCF Numeric: a fixed-point string with at most 10 decimals (``1234.5``, never ``1e6``)."""
    text = f"{float(x):.10f}".rstrip("0").rstrip(".")
    return "0" if text in ("", "-0") else text


def _money(x: float) -> Json:
    return {"amount": numeric(x), "currency": CURRENCY}


def _slug(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9]+", "-", text).strip("-").lower() or "x"


def _vesting_terms(s: Stakes) -> Json:
    """Monthly vesting over ``vesting_years`` after a ``cliff_years`` cliff (months rounded).

    The model vests linearly in continuous time; OCF's schedule is in whole months, so the
    export is the nearest monthly schedule: nothing before the cliff, ``cliff / total`` at it,
    then ``1 / total`` a month.
    """
    total = max(round(12 * s.settings.vesting_years), 0)
    cliff = min(max(round(12 * s.settings.cliff_years), 0), total)
    day = "VESTING_START_DAY_OR_LAST_DAY_OF_MONTH"
    if total == 0:
        conditions = [{"id": "vest-at-grant", "portion": {"numerator": "1", "denominator": "1"},
                       "trigger": {"type": "VESTING_START_DATE"}, "next_condition_ids": []}]
    else:
        conditions = [{"id": "start", "portion": {"numerator": "0", "denominator": str(total)},
                       "trigger": {"type": "VESTING_START_DATE"}, "next_condition_ids": []}]
        after = "start"
        if cliff > 0:
            conditions[-1]["next_condition_ids"] = ["cliff"]
            conditions.append({
                "id": "cliff", "portion": {"numerator": str(cliff), "denominator": str(total)},
                "trigger": {"type": "VESTING_SCHEDULE_RELATIVE", "relative_to_condition_id": "start",
                            "period": {"type": "MONTHS", "length": cliff, "occurrences": 1, "day_of_month": day}},
                "next_condition_ids": [],
            })
            after = "cliff"
        if total > cliff:
            conditions[-1]["next_condition_ids"] = ["monthly"]
            conditions.append({
                "id": "monthly", "portion": {"numerator": "1", "denominator": str(total)},
                "trigger": {"type": "VESTING_SCHEDULE_RELATIVE", "relative_to_condition_id": after,
                            "period": {"type": "MONTHS", "length": 1, "occurrences": total - cliff,
                                       "day_of_month": day}},
                "next_condition_ids": [],
            })
    return {
        "object_type": "VESTING_TERMS", "id": "standard-vesting", "name": "Standard option vesting",
        "description": f"{total} months, {cliff}-month cliff, then monthly"
        if total else "vested at grant",
        "allocation_type": "FRACTIONAL", "vesting_conditions": conditions,
    }


def _stakeholder(sid: str, name: str, kind: str, relation: str, assigned: str | None = None) -> Json:
    out: Json = {"object_type": "STAKEHOLDER", "id": sid, "name": {"legal_name": name},
                 "stakeholder_type": kind, "current_relationship": relation}
    if assigned is not None:
        out["issuer_assigned_id"] = assigned
    return out


def _issuance(tid: str, date: dt.date, stakeholder: str, class_id: str, quantity: float, price: float) -> Json:
    return {
        "object_type": "TX_STOCK_ISSUANCE", "id": tid, "security_id": f"sec-{tid}", "custom_id": tid,
        "date": date.isoformat(), "stakeholder_id": stakeholder, "stock_class_id": class_id,
        "share_price": _money(price), "quantity": numeric(quantity), "security_law_exemptions": [],
        "stock_legend_ids": [],
    }


def _people(s: Stakes) -> tuple[list[Json], dict[int, str]]:
    """Every person holding shares or options, as an OCF stakeholder; row -> stakeholder id."""
    t = s.table
    people = np.flatnonzero(s.shares > 0)
    stakeholders = [
        _stakeholder(f"person-{_slug(t.id_of(int(r)))}-{int(r)}", t.name_of(int(r)), "INDIVIDUAL",
                     "FOUNDER" if s.founder[r] else "EMPLOYEE", t.id_of(int(r)))
        for r in people
    ]
    return stakeholders, {int(r): stakeholders[i]["id"] for i, r in enumerate(people)}


def _common_class(s: Stakes) -> Json:
    cap = s.cap
    return {
        "object_type": "STOCK_CLASS", "id": "common", "name": "Common", "class_type": "COMMON",
        "default_id_prefix": "CS-", "initial_shares_authorized": numeric(cap.total[-1]),
        "votes_per_share": "1", "seniority": "0", "price_per_share": _money(float(cap.price_usd[1])),
    }


def _founder_issuances(s: Stakes, ids: dict[int, str], stakeholders: list[Json]) -> list[Json]:
    """Founders' common at founding (on the chart by person; the rest to one off-chart holder)."""
    cap = s.cap
    founded = cap.dates[0]
    tx = [_issuance(f"founder-common-{int(r)}", founded, ids[int(r)], "common", float(s.founder_common[r]), 0.0)
          for r in np.flatnonzero(s.founder_common > 0)]
    off_chart = float(cap.founder_shares - s.founder_common.sum())
    if off_chart > 1e-9 * cap.founder_shares:
        stakeholders.append(_stakeholder("founders-off-chart", "Founders not on the org chart", "INDIVIDUAL",
                                         "FOUNDER"))
        tx.append(_issuance("founder-common-off-chart", founded, "founders-off-chart", "common", off_chart, 0.0))
    return tx


def _round_class(k: int, rnd: FundingRound, s: Stakes) -> Json:
    """Round k's preferred stock class with its price and preference terms."""
    cap = s.cap
    cid = f"series-{_slug(rnd.name)}"
    entry: Json = {
        "object_type": "STOCK_CLASS", "id": cid, "name": f"{rnd.name} Preferred", "class_type": "PREFERRED",
        "default_id_prefix": f"P{k}-", "initial_shares_authorized": numeric(cap.series_shares[k]),
        "votes_per_share": "1", "seniority": numeric(1 + rnd.seniority),
        "price_per_share": _money(float(cap.price_usd[k])), "board_approval_date": rnd.date.isoformat(),
        "liquidation_preference_multiple": numeric(rnd.preference_multiple),
    }
    if rnd.participating and rnd.participation_cap_multiple is not None:
        entry["participation_cap_multiple"] = numeric(rnd.participation_cap_multiple)
    entry["comments"] = [
        ("participating" if rnd.participating else "non-participating")
        + f"; US${rnd.amount_usd:,.0f} raised at US${rnd.post_usd:,.0f} post-money"
    ]
    return entry


def _round_issuances(k: int, rnd: FundingRound, s: Stakes, ids: dict[int, str],
                     stakeholders: list[Json]) -> list[Json]:
    """Round k's issuances: its outside investors (one institution) and each buy-in participant."""
    cap = s.cap
    cid = f"series-{_slug(rnd.name)}"
    price = float(cap.price_usd[k])
    tx: list[Json] = []
    if cap.investor_added[k] > 0:
        inv = f"investors-{_slug(rnd.name)}"
        stakeholders.append(_stakeholder(inv, f"{rnd.name} investors", "INSTITUTION", "INVESTOR"))
        tx.append(_issuance(f"{cid}-investors", rnd.date, inv, cid, float(cap.investor_added[k]), price))
    if cap.buy_in_added[k] > 0:
        each = float(s.buy_in_shares_each[k])
        for r in np.flatnonzero(s.bought_in):
            tx.append(_issuance(f"{cid}-buy-in-{int(r)}", rnd.date, ids[int(r)], cid, each, price))
        rest = float(cap.buy_in_added[k]) - each * int(s.bought_in.sum())
        if rest > 1e-9 * float(cap.buy_in_added[k]):
            if not any(x["id"] == "staff-off-chart" for x in stakeholders):
                stakeholders.append(_stakeholder("staff-off-chart", "Staff buy-in held off the chart",
                                                 "INDIVIDUAL", "EMPLOYEE"))
            tx.append(_issuance(f"{cid}-buy-in-off-chart", rnd.date, "staff-off-chart", cid, rest, price))
    return tx


def _pool(s: Stakes) -> Json:
    cap = s.cap
    return {
        "object_type": "STOCK_PLAN", "id": "option-pool", "plan_name": "Option pool",
        "initial_shares_reserved": numeric(cap.pool_total[-1]), "stock_class_ids": ["common"],
        "comments": [f"{numeric(cap.pool_total[-1] - cap.granted_total[-1])} options never granted; "
                     f"options bought back return to the pool"],
    }


def _grants(s: Stakes, ids: dict[int, str], vesting_id: str) -> list[Json]:
    """Each person's option grant per pool tranche (options still held, struck at the tranche's price)."""
    cap = s.cap
    tx: list[Json] = []
    for r in np.flatnonzero(s.option_share > 0):
        book = s.founder_book if s.founder[r] else s.staff_book
        a = float(s.option_share[r])
        for k in range(len(cap)):
            held = a * float(book.held[k])
            if held <= 0:
                continue
            tid = f"grant-{int(r)}-{_slug(cap.names[k])}"
            sold = a * float(book.sold[k])
            grant: Json = {
                "object_type": "TX_EQUITY_COMPENSATION_ISSUANCE", "id": tid, "security_id": f"sec-{tid}",
                "custom_id": tid, "date": cap.dates[k].isoformat(), "stakeholder_id": ids[int(r)],
                "stock_plan_id": "option-pool", "stock_class_id": "common", "compensation_type": "OPTION",
                "quantity": numeric(held), "exercise_price": _money(float(book.strike_usd[k])),
                "vesting_terms_id": vesting_id, "expiration_date": None, "termination_exercise_windows": [],
                "security_law_exemptions": [],
            }
            if sold > 0:
                grant["comments"] = [f"{numeric(sold)} options of this grant bought back by {s.as_of.isoformat()}"]
            tx.append(grant)
    return tx


def _manifest(scenario: Scenario, s: Stakes, files: dict[str, Json], generated_at: dt.datetime | None) -> Json:
    when = generated_at or dt.datetime.now(dt.UTC)
    manifest: Json = {
        "ocf_version": OCF_VERSION, "file_type": "OCF_MANIFEST_FILE",
        "issuer": {
            "object_type": "ISSUER", "id": "issuer", "legal_name": scenario.name,
            "formation_date": s.cap.dates[0].isoformat(), "country_of_formation": "US",
            "comments": ["country_of_formation is a placeholder: orgmodel does not model the jurisdiction"],
        },
        "as_of": s.as_of.isoformat(), "generated_at": when.isoformat(timespec="seconds"),
        "stock_legend_templates_files": [], "valuations_files": [],
    }
    for key, (name, _) in FILES.items():
        manifest[key] = [{"filepath": name, "md5": hashlib.md5(_dump(files[name])).hexdigest()}]
    return manifest


def ocf_package(scenario: Scenario, table: OrgTable | None = None, *,
                generated_at: dt.datetime | None = None) -> dict[str, Json]:
    """The OCF files of the scenario's cap table at ``as_of``: file name -> JSON object.

    Notes
    -----
    Issuer: the scenario; stakeholders: every person holding shares or options
    (``issuer_assigned_id`` = the org's person id), one institution per round for its outside
    investors, one for staff buy-in held off the chart; stock classes: common (seniority 0) and
    one preferred class per round with its price, ``liquidation_preference_multiple``,
    ``participation_cap_multiple`` (participating, capped) and seniority ``1 + seniority``
    (participation without a cap, which OCF 1.2.0 has no field for, is stated in the class's
    comments); the option pool as a stock plan; one vesting terms object; transactions: founders'
    common, each round's investor and buy-in issuances, and each person's option grant per pool
    tranche (options still held after buybacks, struck at the tranche's price). Shares are
    continuous in the model and exported with up to 10 decimals.
    """
    s = compute_stakes(scenario, table)
    rounds = s.settings.rounds_to_date()
    stakeholders, ids = _people(s)
    classes = [_common_class(s)]
    tx = _founder_issuances(s, ids, stakeholders)
    for k, rnd in enumerate(rounds, start=1):
        classes.append(_round_class(k, rnd, s))
        tx += _round_issuances(k, rnd, s, ids, stakeholders)
    vesting = _vesting_terms(s)
    tx += _grants(s, ids, vesting["id"])
    objects = {
        "stakeholders_files": stakeholders, "stock_classes_files": classes, "stock_plans_files": [_pool(s)],
        "vesting_terms_files": [vesting], "transactions_files": tx,
    }
    files = {name: {"file_type": file_type, "items": objects[key]} for key, (name, file_type) in FILES.items()}
    return {MANIFEST: _manifest(scenario, s, files, generated_at), **files}


def _dump(obj: Json) -> bytes:
    return (json.dumps(obj, indent=2, ensure_ascii=False) + "\n").encode()


def write_ocf(scenario: Scenario, out_dir: str | Path, table: OrgTable | None = None) -> list[Path]:
    """Write the OCF package (manifest first) into ``out_dir`` (created if missing); the paths written."""
    out = Path(out_dir)
    package = ocf_package(scenario, table)
    paths = []
    try:
        out.mkdir(parents=True, exist_ok=True)
        for name, obj in package.items():
            path = out / name
            path.write_bytes(_dump(obj))
            paths.append(path)
    except OSError as err:
        raise InputError([f"cannot write the OCF package to {str(out)!r}: {err.strerror}"], "--out") from None
    return paths


