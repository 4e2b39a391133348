"""Export the cap table as an Open Cap Format (OCF 1.2.0) package: a manifest plus object files.

Written from the published OCF 1.2.0 schemas (Open Cap Table Coalition); checked in the tests
against `pyocf`'s models, which are generated from those schemas. No dependency at run time.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from pathlib import Path

import numpy as np
from numpy.typing import NDArray

from orgmodel.equity.buyback import OptionBook
from orgmodel.equity.holders import round_investors
from orgmodel.equity.ocf_common import OCF_VERSION, Json, conversion_right, money, numeric, slug
from orgmodel.equity.ocf_convertibles import convertibles as _convertibles
from orgmodel.equity.settings import FundingRound
from orgmodel.equity.stakes import Stakes, compute_stakes
from orgmodel.errors import InputError
from orgmodel.orgtable import OrgTable
from orgmodel.scenario import Scenario

__all__ = ["OCF_VERSION", "numeric", "ocf_package", "write_ocf"]

FloatArray = NDArray[np.float64]

FILES = {  # manifest key -> (file name, file_type)
    "stakeholders_files": ("stakeholders.ocf.json", "OCF_STAKEHOLDERS_FILE"),
    "stock_classes_files": ("stock_classes.ocf.json", "OCF_STOCK_CLASSES_FILE"),
    "stock_plans_files": ("stock_plans.ocf.json", "OCF_STOCK_PLANS_FILE"),
    "vesting_terms_files": ("vesting_terms.ocf.json", "OCF_VESTING_TERMS_FILE"),
    "transactions_files": ("transactions.ocf.json", "OCF_TRANSACTIONS_FILE"),
}
MANIFEST = "manifest.ocf.json"


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


def _stakeholder(sid: str, name: str, kind: str, relation: str, assigned: str | None = None,
                 email: str | None = None) -> Json:
    out: Json = {"object_type": "STAKEHOLDER", "id": sid, "name": {"legal_name": name},
                 "stakeholder_type": kind, "current_relationship": relation}
    if assigned is not None:
        out["issuer_assigned_id"] = assigned
    if email:
        contact = {"emails": [{"email_type": "BUSINESS", "email_address": email}]}
        out["contact_info" if kind == "INDIVIDUAL" else "primary_contact"] = contact
    return out


def _issuance(tid: str, date: dt.date, stakeholder: str, class_id: str, quantity: float, price: float) -> Json:
    return {
        "object_type": "TX_STOCK_ISSUANCE", "id": tid, "security_id": f"sec-{tid}", "custom_id": tid,
        "date": date.isoformat(), "stakeholder_id": stakeholder, "stock_class_id": class_id,
        "share_price": money(price), "quantity": numeric(quantity), "security_law_exemptions": [],
        "stock_legend_ids": [],
    }


def _people(s: Stakes) -> tuple[list[Json], dict[int, str]]:
    """Every person holding shares or options, as an OCF stakeholder; row -> stakeholder id."""
    t = s.table
    people = np.flatnonzero(s.shares > 0)
    stakeholders = [
        _stakeholder(f"person-{slug(t.id_of(int(r)))}-{int(r)}", t.name_of(int(r)), "INDIVIDUAL",
                     "FOUNDER" if s.founder[r] else "EMPLOYEE", t.id_of(int(r)))
        for r in people
    ]
    return stakeholders, {int(r): stakeholders[i]["id"] for i, r in enumerate(people)}


def _common_class(s: Stakes) -> Json:
    cap = s.cap
    return {
        "object_type": "STOCK_CLASS", "id": "common", "name": "Common", "class_type": "COMMON",
        "default_id_prefix": "CS-", "initial_shares_authorized": numeric(cap.total[-1]),
        "votes_per_share": "1", "seniority": "0", "price_per_share": money(float(cap.price_usd[1])),
    }


def _founder_issuances(s: Stakes, ids: dict[int, str], stakeholders: list[Json]) -> list[Json]:
    """Founders' common at founding (on the chart by person; the rest to one off-chart holder), then
    each secondary sale as a transfer: the buyer's new security and the seller's balance."""
    cap = s.cap
    founded = cap.dates[0]
    rows = {s.table.name_of(int(r)): int(r) for r in np.flatnonzero(s.founder)}
    original = s.founder_common.copy()
    for sale, sold in zip(s.settings.secondaries, s.secondary_shares, strict=True):
        if sold > 0:
            original[rows[sale.seller]] += sold
    tx = [_issuance(f"founder-common-{int(r)}", founded, ids[int(r)], "common", float(original[r]), 0.0)
          for r in np.flatnonzero(original > 0)]
    tx += _secondary_transfers(s, ids, rows, original, stakeholders)
    off_chart = float(cap.founder_shares - original.sum())
    if off_chart > 1e-9 * cap.founder_shares:
        stakeholders.append(_stakeholder("founders-off-chart", "Founders not on the org chart", "INDIVIDUAL",
                                         "FOUNDER"))
        tx.append(_issuance("founder-common-off-chart", founded, "founders-off-chart", "common", off_chart, 0.0))
    return tx


def _secondary_transfers(s: Stakes, ids: dict[int, str], rows: dict[str, int], original: FloatArray,
                         stakeholders: list[Json]) -> list[Json]:
    """TX_STOCK_TRANSFER per secondary sale: the seller's security passes ``shares`` to the buyer's new
    security and the rest to a balance security (each issued as a TX_STOCK_ISSUANCE)."""
    tx: list[Json] = []
    held = {r: f"sec-founder-common-{r}" for r in rows.values()}
    left = original.copy()
    for i, (sale, sold) in enumerate(zip(s.settings.secondaries, s.secondary_shares, strict=True)):
        if sold <= 0:
            continue
        r = rows[sale.seller]
        buyer = f"secondary-{i}-{slug(sale.buyer)}"
        stakeholders.append(_stakeholder(buyer, sale.buyer, "INSTITUTION", "INVESTOR", email=sale.buyer_email))
        left[r] -= sold
        bought = _issuance(f"secondary-{i}", sale.date, buyer, "common", float(sold), sale.price_usd)
        balance = _issuance(f"founder-common-{r}-after-{i}", sale.date, ids[r], "common", float(left[r]), 0.0)
        tx.append({"object_type": "TX_STOCK_TRANSFER", "id": f"transfer-{i}", "date": sale.date.isoformat(),
                   "security_id": held[r], "quantity": numeric(sold),
                   "resulting_security_ids": [bought["security_id"]], "balance_security_id": balance["security_id"],
                   "consideration_text": f"US${sale.price_usd:,.4f} a share"})
        tx += [bought, balance]
        held[r] = balance["security_id"]
    return tx


def _round_comments(rnd: FundingRound) -> list[str]:
    """What OCF 1.2.0 has no field for, in words, and as ``orgmodel:`` lines the importer reads back."""
    out = [("participating" if rnd.participating else "non-participating")
           + ("" if rnd.convertible else "; straight (non-convertible) preferred")
           + f"; US${rnd.amount_usd:,.0f} raised at US${rnd.post_usd:,.0f} post-money"]
    if rnd.dividend_pct > 0:
        out.append(f"cumulative dividend {rnd.dividend_pct:g}% a year, {rnd.dividend_compounding}, "
                   f"{rnd.dividend_day_count}, from {rnd.date.isoformat()}")
        out.append(f"orgmodel: dividend_pct={rnd.dividend_pct!r} dividend_compounding={rnd.dividend_compounding} "
                   f"dividend_day_count={rnd.dividend_day_count}")
    if rnd.pool_top_up_basis == "post_money":
        out.append("orgmodel: pool_top_up_basis=post_money")
    return out


def _round_class(k: int, rnd: FundingRound, s: Stakes) -> Json:
    """Round k's preferred stock class with its price and preference terms."""
    cap = s.cap
    cid = f"series-{slug(rnd.name)}"
    entry: Json = {
        "object_type": "STOCK_CLASS", "id": cid, "name": f"{rnd.name} Preferred", "class_type": "PREFERRED",
        "default_id_prefix": f"P{k}-", "initial_shares_authorized": numeric(cap.series_shares[k]),
        "votes_per_share": "1", "seniority": numeric(1 + rnd.seniority),
        "price_per_share": money(float(cap.price_usd[k])), "board_approval_date": rnd.date.isoformat(),
        "liquidation_preference_multiple": numeric(rnd.preference_multiple),
    }
    if rnd.participating and rnd.participation_cap_multiple is not None:
        entry["participation_cap_multiple"] = numeric(rnd.participation_cap_multiple)
    if rnd.convertible:
        entry["conversion_rights"] = [conversion_right(float(cap.price_usd[k]), rnd.conversion_ratio)]
    entry["comments"] = _round_comments(rnd)
    return entry


def _round_issuances(k: int, rnd: FundingRound, s: Stakes, ids: dict[int, str],
                     stakeholders: list[Json]) -> list[Json]:
    """Round k's issuances: its named investors (pro-rata takers included), the rest of its outside
    investors (one institution) and each buy-in participant."""
    cap = s.cap
    cid = f"series-{slug(rnd.name)}"
    price = float(cap.price_usd[k])
    tx: list[Json] = []
    emails = {i.name: i.email for r in s.settings.rounds_to_date() for i in r.investors or ()}
    for i, (_, name, part, named) in enumerate(x for x in round_investors(s) if x[0] == k):
        sid = f"investor-{slug(rnd.name)}-{i}-{slug(name)}" if named else f"investors-{slug(rnd.name)}"
        email = emails.get(name) if named else None
        stakeholders.append(_stakeholder(sid, name, "INSTITUTION", "INVESTOR", email=email))
        tx.append(_issuance(f"{cid}-investor-{i}" if named else f"{cid}-investors", rnd.date, sid, cid,
                            float(cap.investor_added[k]) * part, price))
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
        "initial_shares_reserved": numeric(cap.pool_added[0]), "stock_class_ids": ["common"],
        "comments": [f"{numeric(cap.pool_total[-1] - cap.granted_total[-1])} options never granted; "
                     f"options bought back return to the pool; topped up before rounds by pool adjustments"],
    }


def _pool_adjustments(s: Stakes) -> list[Json]:
    """TX_STOCK_PLAN_POOL_ADJUSTMENT at each round that topped the pool up (the new total reserved)."""
    cap = s.cap
    return [{"object_type": "TX_STOCK_PLAN_POOL_ADJUSTMENT", "id": f"pool-top-up-{slug(cap.names[k])}",
             "date": cap.dates[k].isoformat(), "stock_plan_id": "option-pool",
             "shares_reserved": numeric(cap.pool_total[k])}
            for k in range(1, len(cap)) if cap.pool_added[k] > 0]


def _grants(s: Stakes, ids: dict[int, str], vesting_id: str, start_condition: str) -> list[Json]:
    """Each person's option grant per pool tranche (struck at the tranche's price), its vesting start, and
    its buybacks (`_buybacks`)."""
    cap = s.cap
    tx: list[Json] = []
    for r in np.flatnonzero(s.option_share > 0):
        book = s.founder_book if s.founder[r] else s.staff_book
        a = float(s.option_share[r])
        for k in range(len(cap)):
            granted = a * float(book.granted[k])
            if granted <= 0:
                continue
            tid = f"grant-{int(r)}-{slug(cap.names[k])}"
            tx.append({
                "object_type": "TX_EQUITY_COMPENSATION_ISSUANCE", "id": tid, "security_id": f"sec-{tid}",
                "custom_id": tid, "date": cap.dates[k].isoformat(), "stakeholder_id": ids[int(r)],
                "stock_plan_id": "option-pool", "stock_class_id": "common", "compensation_type": "OPTION",
                "quantity": numeric(granted), "exercise_price": money(float(book.strike_usd[k])),
                "vesting_terms_id": vesting_id, "expiration_date": None, "termination_exercise_windows": [],
                "security_law_exemptions": [],
            })
            tx.append({"object_type": "TX_VESTING_START", "id": f"{tid}-vesting-start", "security_id": f"sec-{tid}",
                       "date": cap.dates[k].isoformat(), "vesting_condition_id": start_condition})
            tx += _buybacks(tid, ids[int(r)], a, k, book, float(book.strike_usd[k]))
    return tx


def _buybacks(tid: str, holder: str, a: float, k: int, book: OptionBook, strike: float) -> list[Json]:
    """Each yearly buyback of a grant: the options exercised at their strike into common, and that common
    repurchased at the buyback price (the holder nets price - strike a share, as the model pays)."""
    tx: list[Json] = []
    for e in book.events:
        sold = a * (e.by_tranche[k] if e.by_tranche else 0.0)
        if sold <= 0:
            continue
        sid = f"{tid}-buyback-{e.date.year}"
        stock = _issuance(sid, e.date, holder, "common", sold, strike)
        stock["comments"] = ["options exercised for a buyback the same day"]
        tx.append({"object_type": "TX_EQUITY_COMPENSATION_EXERCISE", "id": f"{sid}-exercise",
                   "security_id": f"sec-{tid}", "date": e.date.isoformat(), "quantity": numeric(sold),
                   "resulting_security_ids": [stock["security_id"]]})
        tx.append(stock)
        tx.append({"object_type": "TX_STOCK_REPURCHASE", "id": f"{sid}-repurchase", "security_id": stock["security_id"],
                   "date": e.date.isoformat(), "price": money(e.price_usd), "quantity": numeric(sold),
                   "consideration_text": "yearly buyback at the latest round price"})
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
    tx += _grants(s, ids, vesting["id"], vesting["vesting_conditions"][0]["id"])
    tx += _pool_adjustments(s)
    convertible_classes, convertible_tx = _convertibles(s, stakeholders)
    classes += convertible_classes
    tx += convertible_tx
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


