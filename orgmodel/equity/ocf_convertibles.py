"""SAFEs and convertible notes in an OCF 1.2.0 package: the convertible issuance, and at its round the
conversion into a shadow series (a stock class of its own) with the resulting stock issuance."""

from __future__ import annotations

from orgmodel.equity.ocf_common import Json, conversion_right, money, numeric, slug
from orgmodel.equity.settings import Convertible, FundingRound
from orgmodel.equity.stakes import Stakes

__all__ = ["DAY_COUNTS", "convertible_issuance", "convertibles"]

DAY_COUNTS = {"actual/365": "ACTUAL_365", "30/360": "30_360", "actual/360": "ACTUAL_365"}
"""orgmodel's day counts as OCF's (OCF 1.2.0 has no actual/360: said in the comments)."""


def _mechanism(c: Convertible) -> Json:
    terms: Json = {"conversion_mfn": c.mfn}
    if c.discount_pct > 0:
        terms["conversion_discount"] = numeric(c.discount_pct / 100.0)
    if c.valuation_cap_usd is not None:
        terms["conversion_valuation_cap"] = money(c.valuation_cap_usd)
    if c.kind == "safe":
        return {"type": "SAFE_CONVERSION", "conversion_timing": "POST_MONEY", **terms}
    return {"type": "CONVERTIBLE_NOTE_CONVERSION", "day_count_convention": DAY_COUNTS[c.day_count],
            "interest_payout": "DEFERRED", "interest_accrual_period": "DAILY", "compounding_type": "SIMPLE",
            "interest_rates": [{"rate": numeric(c.interest_pct / 100.0), "accrual_start_date": c.date.isoformat()}],
            **terms}


def convertible_issuance(c: Convertible, holder: str) -> Json:
    """The TX_CONVERTIBLE_ISSUANCE of a SAFE or note, converting automatically at the next priced round."""
    tid = f"convertible-{slug(c.name)}"
    comments = [f"orgmodel: converts_in={c.converts_in}"] if c.converts_in else []
    if c.day_count == "actual/360":
        comments.append("orgmodel: day_count=actual/360")
    out: Json = {
        "object_type": "TX_CONVERTIBLE_ISSUANCE", "id": tid, "security_id": f"sec-{tid}", "custom_id": c.name,
        "date": c.date.isoformat(), "stakeholder_id": holder, "investment_amount": money(c.amount_usd),
        "convertible_type": "SAFE" if c.kind == "safe" else "NOTE", "seniority": 1, "security_law_exemptions": [],
        "conversion_triggers": [{
            "type": "AUTOMATIC_ON_CONDITION", "trigger_id": "next-priced-round",
            "trigger_condition": "the next priced equity round",
            "conversion_right": {"type": "CONVERTIBLE_CONVERSION_RIGHT", "converts_to_future_round": True,
                                 "conversion_mechanism": _mechanism(c)},
        }],
    }
    if comments:
        out["comments"] = comments
    return out


def _shadow_class(name: str, k: int, rnd: FundingRound, shares: float, price: float) -> Json:
    entry: Json = {
        "object_type": "STOCK_CLASS", "id": f"shadow-{slug(name)}", "name": f"{rnd.name} Preferred ({name})",
        "class_type": "PREFERRED", "default_id_prefix": f"P{k}S-", "initial_shares_authorized": numeric(shares),
        "votes_per_share": "1", "seniority": numeric(1 + rnd.seniority), "price_per_share": money(price),
        "board_approval_date": rnd.date.isoformat(),
        "liquidation_preference_multiple": numeric(rnd.preference_multiple),
        "comments": [f"shadow series of {rnd.name}: {name} converted at US${price:,.6f} a share"],
    }
    if rnd.participating and rnd.participation_cap_multiple is not None:
        entry["participation_cap_multiple"] = numeric(rnd.participation_cap_multiple)
    if rnd.convertible:
        entry["conversion_rights"] = [conversion_right(price, rnd.conversion_ratio)]
    return entry


def convertibles(s: Stakes, stakeholders: list[Json]) -> tuple[list[Json], list[Json]]:
    """Stock classes (shadow series) and transactions of every SAFE and note: issued, and converted at
    its round when that round is on or before as_of."""
    rounds = s.settings.rounds_to_date()
    converted = {c.name: c for c in s.cap.conversions}
    classes: list[Json] = []
    tx: list[Json] = []
    for c in s.settings.convertibles:
        if c.date > s.as_of:
            continue
        holder = f"holder-{slug(c.name)}"
        stakeholders.append({"object_type": "STAKEHOLDER", "id": holder, "name": {"legal_name": c.name},
                             "stakeholder_type": "INSTITUTION", "current_relationship": "INVESTOR",
                             **({"primary_contact": {"emails": [{"email_type": "BUSINESS", "email_address": c.email}]}}
                                if c.email else {})})
        issue = convertible_issuance(c, holder)
        tx.append(issue)
        done = converted.get(c.name)
        if done is None:
            continue
        rnd = rounds[done.stage - 1]
        shadow = _shadow_class(c.name, done.stage, rnd, done.shares, done.price_usd)
        classes.append(shadow)
        stock_id = f"{issue['id']}-stock"
        tx.append({"object_type": "TX_CONVERTIBLE_CONVERSION", "id": f"{issue['id']}-conversion",
                   "security_id": issue["security_id"], "date": rnd.date.isoformat(),
                   "reason_text": f"converted in {rnd.name}", "trigger_id": "next-priced-round",
                   "resulting_security_ids": [f"sec-{stock_id}"]})
        tx.append({"object_type": "TX_STOCK_ISSUANCE", "id": stock_id, "security_id": f"sec-{stock_id}",
                   "custom_id": stock_id, "date": rnd.date.isoformat(), "stakeholder_id": holder,
                   "stock_class_id": shadow["id"], "share_price": money(done.price_usd),
                   "quantity": numeric(done.shares), "security_law_exemptions": [], "stock_legend_ids": []})
    return classes, tx
