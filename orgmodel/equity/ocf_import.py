"""An OCF package as the scenario's equity: founders, pool, rounds, SAFEs and notes, secondary sales.

The package (checked by `ocf_read`) is replayed as a ledger of securities. What OCF states is read
from its fields; what OCF 1.2.0 has no field for is read from orgmodel's own ``orgmodel:`` comment
lines when present (uncapped participation, dividends, a post-money pool, a day count OCF lacks).
Everything the package does not hold (grant weights, salaries, buybacks' rate, the exit) comes
from the habits scenario. Stakeholders are matched to people by person id, name or e-mail.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from pydantic import ValidationError

from orgmodel.equity.ocf_read import OcfPackage, read_ocf_files, unzip_package
from orgmodel.errors import InputError, describe_validation_error
from orgmodel.layout import layout
from orgmodel.orgtable import Role
from orgmodel.scenario import Scenario

__all__ = ["ImportedEquity", "equity_from_ocf", "scenario_from_ocf", "scenario_from_upload"]

Json = dict[str, Any]
DAY_COUNTS = {"ACTUAL_365": "actual/365", "30_360": "30/360"}
READ = {"TX_STOCK_ISSUANCE", "TX_EQUITY_COMPENSATION_ISSUANCE", "TX_CONVERTIBLE_ISSUANCE", "TX_STOCK_TRANSFER",
        "TX_CONVERTIBLE_CONVERSION", "TX_EQUITY_COMPENSATION_EXERCISE", "TX_STOCK_REPURCHASE",
        "TX_STOCK_PLAN_POOL_ADJUSTMENT", "TX_VESTING_START"}
"""Transaction types the import reads (exercises and repurchases as the buybacks the habits' rate gives)."""


@dataclass
class ImportedEquity:
    """The imported equity section (a mapping for `EquitySettings`) and what the import could not keep."""

    equity: Json
    notes: list[str] = field(default_factory=list)


def _num(x: object, default: float = 0.0) -> float:
    return float(str(x)) if x is not None else default


def _money(x: object) -> float:
    return _num(x.get("amount")) if isinstance(x, dict) else 0.0


def _name(s: Json) -> str:
    n = s.get("name", {})
    return str(n.get("legal_name", "")) if isinstance(n, dict) else str(n)


def _email(s: Json) -> str | None:
    for key in ("contact_info", "primary_contact"):
        emails = (s.get(key) or {}).get("emails") or []
        if emails:
            return str(emails[0].get("email_address"))
    return None


def _orgmodel_terms(comments: list[str] | None) -> dict[str, str]:
    """``key=value`` pairs of the ``orgmodel:`` comment lines."""
    out: dict[str, str] = {}
    for line in comments or []:
        if line.startswith("orgmodel:"):
            for pair in line.removeprefix("orgmodel:").split():
                key, _, value = pair.partition("=")
                out[key] = value
    return out


class _Ledger:
    """The package's securities: issuances by security id, and what later transactions did to them."""

    def __init__(self, p: OcfPackage) -> None:
        self.tx = sorted(p.transactions, key=lambda t: str(t.get("date")))
        self.issued = {t["security_id"]: t for t in self.tx if "ISSUANCE" in t["object_type"]}
        self.derived = {sid for t in self.tx for sid in [*(t.get("resulting_security_ids") or []),
                                                          *([t["balance_security_id"]] if t.get("balance_security_id")
                                                            else [])]
                        if t["object_type"] != "TX_CONVERTIBLE_CONVERSION"}
        self.converted_into = {sid: t for t in self.tx if t["object_type"] == "TX_CONVERTIBLE_CONVERSION"
                               for sid in t.get("resulting_security_ids", [])}
        self.stakeholders = {s["id"]: s for s in p.stakeholders}
        self.classes = {c["id"]: c for c in p.stock_classes}

    def of(self, kind: str) -> list[Json]:
        return [t for t in self.tx if t["object_type"] == kind]

    def original_stock(self, class_id: str) -> list[Json]:
        """Stock issued in a class directly (not the result of a transfer, exercise or conversion)."""
        return [t for t in self.of("TX_STOCK_ISSUANCE") if t["stock_class_id"] == class_id
                and t["security_id"] not in self.derived and t["security_id"] not in self.converted_into]

    def relation(self, stakeholder_id: str) -> str:
        s = self.stakeholders.get(stakeholder_id, {})
        rel = s.get("current_relationship") or ""
        return str(rel or (s.get("current_relationships") or [""])[0])


def _founders(led: _Ledger, common: str, people: dict[str, str], notes: list[str]) -> tuple[float, Json]:
    """Founders' common at founding and their split (fractions) by the org's founders' names; empty = equal."""
    by_holder: dict[str, float] = defaultdict(float)
    issued = led.original_stock(common)
    marked = [t for t in issued if led.relation(t["stakeholder_id"]) == "FOUNDER"]
    if not marked and issued:  # no stakeholder says FOUNDER: the common issued first is the founders'
        first = min(str(t["date"]) for t in issued)
        marked = [t for t in issued if str(t["date"]) == first]
        notes.append(f"no stakeholder is marked FOUNDER: the common issued on {first} is taken as the founders'")
    for t in marked:
        by_holder[t["stakeholder_id"]] += _num(t["quantity"])
    if not by_holder:
        raise InputError(["no founders' common in the package (common stock issued to FOUNDER stakeholders or "
                          "first of all): orgmodel starts a cap table from it"], "OCF package")
    split: dict[str, float] = {}
    for sid, shares in by_holder.items():
        person = _match(led.stakeholders[sid], people)
        if person is None:
            notes.append(f"founder {_name(led.stakeholders[sid])!r} matches no founder on the org chart (by id, "
                         f"name or e-mail): their {shares:,.0f} shares go to the chart's founders")
        else:
            split[person] = split.get(person, 0.0) + shares
    total = sum(split.values())
    weights = {k: v / total for k, v in split.items()} if total > 0 else {}
    if len(set(weights.values())) == 1 and len(weights) == len(set(people.values())):
        weights = {}  # an equal split of every founder: the default (null)
    return sum(by_holder.values()), weights


def _match(stakeholder: Json, people: dict[str, str]) -> str | None:
    """The founder's name on the chart for a stakeholder: by person id, name or e-mail (case-insensitive)."""
    keys = [stakeholder.get("issuer_assigned_id"), _name(stakeholder), _email(stakeholder)]
    for key in keys:
        if key and str(key).strip().lower() in people:
            return people[str(key).strip().lower()]
    return None


def _pool(p: OcfPackage, led: _Ledger) -> tuple[float, dict[str, float], float]:
    """Options reserved at founding, the reserve after each dated adjustment, and all options granted."""
    founding = sum(_num(x.get("initial_shares_reserved")) for x in p.stock_plans)
    after = {str(t["date"]): _num(t["shares_reserved"]) for t in led.of("TX_STOCK_PLAN_POOL_ADJUSTMENT")}
    granted = sum(_num(t["quantity"]) for t in led.of("TX_EQUITY_COMPENSATION_ISSUANCE"))
    return founding, after, granted


def _vesting(p: OcfPackage) -> Json:
    """vesting_years and cliff_years from the first vesting terms (months / 12), when it reads as cliff + monthly."""
    if not p.vesting_terms:
        return {}
    conditions = p.vesting_terms[0].get("vesting_conditions") or []
    months = cliff = 0
    for c in conditions:
        period = (c.get("trigger") or {}).get("period") or {}
        if period.get("type") != "MONTHS":
            continue
        length, times = int(period.get("length", 0)), int(period.get("occurrences", 0))
        if times == 1 and length > 1:
            cliff = length
            months += length
        else:
            months += length * times
    return {"vesting_years": months / 12.0, "cliff_years": cliff / 12.0}


def _convertible(t: Json, led: _Ledger) -> Json:
    right = (t["conversion_triggers"] or [{}])[0].get("conversion_right", {})
    mech = right.get("conversion_mechanism", {})
    terms = _orgmodel_terms(t.get("comments"))
    out: Json = {"name": t.get("custom_id") or _name(led.stakeholders[t["stakeholder_id"]]),
                 "kind": "note" if t["convertible_type"] == "NOTE" else "safe", "date": t["date"],
                 "amount_usd": _money(t["investment_amount"]), "mfn": bool(mech.get("conversion_mfn", False)),
                 "discount_pct": 100.0 * _num(mech.get("conversion_discount")),
                 "email": _email(led.stakeholders[t["stakeholder_id"]])}
    if mech.get("conversion_valuation_cap") is not None:
        out["valuation_cap_usd"] = _money(mech["conversion_valuation_cap"])
    if out["kind"] == "note":
        rates = mech.get("interest_rates") or [{}]
        out["interest_pct"] = 100.0 * _num(rates[0].get("rate"))
        out["day_count"] = terms.get("day_count") or DAY_COUNTS.get(str(mech.get("day_count_convention")), "actual/365")
    if terms.get("converts_in"):
        out["converts_in"] = terms["converts_in"]
    return out


def _secondaries(led: _Ledger, people: dict[str, str]) -> list[Json]:
    out = []
    for t in led.of("TX_STOCK_TRANSFER"):
        source = led.issued[t["security_id"]]
        if led.relation(source["stakeholder_id"]) != "FOUNDER":
            continue
        bought = led.issued[t["resulting_security_ids"][0]]
        buyer = led.stakeholders[bought["stakeholder_id"]]
        seller = led.stakeholders[source["stakeholder_id"]]
        out.append({"date": t["date"], "seller": _match(seller, people) or _name(seller),
                    "buyer": _name(buyer), "shares": _num(t["quantity"]), "price_usd": _money(bought["share_price"]),
                    "buyer_email": _email(buyer)})
    return out


@dataclass
class _Round:
    cls: Json
    date: str
    price: float
    shares: float
    buy_in: float
    investors: list[Json]
    buyers: dict[str, float]


def _rounds(led: _Ledger, common: str) -> list[_Round]:
    shadow = {led.issued[sid]["stock_class_id"] for sid in led.converted_into if sid in led.issued}
    out = []
    for c in led.classes.values():
        if c["id"] == common or c["id"] in shadow or c.get("class_type") != "PREFERRED":
            continue
        issues = led.original_stock(c["id"])
        if not issues:
            continue
        price = _money(c.get("price_per_share")) or _money(issues[0]["share_price"])
        buyers: dict[str, float] = defaultdict(float)
        investors: dict[str, float] = defaultdict(float)
        for t in issues:
            if led.relation(t["stakeholder_id"]) == "EMPLOYEE":
                buyers[t["stakeholder_id"]] += _num(t["quantity"])
            else:
                investors[t["stakeholder_id"]] += _num(t["quantity"])
        date = c.get("board_approval_date") or min(str(t["date"]) for t in issues)
        named = [{"name": _name(led.stakeholders[sid]), "amount_usd": q * price,
                  "email": _email(led.stakeholders[sid])}
                 for sid, q in investors.items() if not (len(investors) == 1 or sid.startswith("investors-"))]
        out.append(_Round(c, str(date), price, sum(q for t in issues for q in [_num(t["quantity"])]),
                          sum(buyers.values()) * price, named, dict(buyers)))
    return sorted(out, key=lambda r: r.date)


def _cents(x: float) -> float:
    """US$ to the cent: the package's prices carry 10 decimals, so amounts rebuilt from them do too."""
    return round(x, 2)


def _round_terms(r: _Round, before: float, converted: float, top_up: float, unallocated: float) -> Json:
    """A `FundingRound` mapping: priced so that the model issues the package's shares again."""
    c = r.cls
    terms = _orgmodel_terms(c.get("comments"))
    comments = " ".join(c.get("comments") or [])
    rights = c.get("conversion_rights") or []
    ratio = 1.0
    if rights:
        q = rights[0].get("conversion_mechanism", {}).get("ratio", {})
        ratio = _num(q.get("numerator"), 1.0) / _num(q.get("denominator"), 1.0)
    post_basis = terms.get("pool_top_up_basis") == "post_money"
    out: Json = {
        "name": str(c["name"]).removesuffix(" Preferred"), "date": r.date, "amount_usd": _cents(r.shares * r.price),
        "pre_money_usd": _cents(r.price * (before + converted + (0.0 if post_basis else top_up))),
        "employee_buy_in_usd": _cents(r.buy_in),
        "preference_multiple": _num(c.get("liquidation_preference_multiple"), 1.0),
        "seniority": max(int(_num(c.get("seniority"), 1.0)) - 1, 0),
        "participating": c.get("participation_cap_multiple") is not None
        or comments.startswith("participating"),
        "convertible": bool(rights) or "straight" not in comments,
        "conversion_ratio": ratio,
    }
    if c.get("participation_cap_multiple") is not None:
        out["participation_cap_multiple"] = _num(c["participation_cap_multiple"])
    if top_up > 0:
        total_after = before + converted + top_up + r.shares
        out["pool_top_up_pct"] = round(100.0 * (unallocated + top_up) / total_after, 10)
        if post_basis:
            out["pool_top_up_basis"] = "post_money"
    if "dividend_pct" in terms:
        out["dividend_pct"] = float(terms["dividend_pct"])
        out["dividend_compounding"] = terms.get("dividend_compounding", "simple")
        out["dividend_day_count"] = terms.get("dividend_day_count", "actual/365")
    if r.investors:
        out["investors"] = r.investors
    return out


def _people(habits: Scenario) -> dict[str, str]:
    """Lower-cased person id and name of every founder on the habits' org chart -> the founder's name."""
    table = layout(habits)
    out = {}
    for row in range(len(table)):
        if table.role[row] == Role.FOUNDER:
            out[table.id_of(row).lower()] = out[table.name_of(row).lower()] = table.name_of(row)
    return out


def equity_from_ocf(p: OcfPackage, habits: Scenario) -> ImportedEquity:
    """The package as an ``equity`` mapping on top of the habits scenario's equity settings.

    Notes
    -----
    Founders' common issued at founding -> ``founder_shares`` and ``founder_split`` (matched to the
    chart's founders); the plan's initial reserve -> ``pool_initial_pct``; all grants over the
    final reserve -> ``pool_granted_share``; each preferred class (not a SAFE's or note's shadow
    series) -> a round with ``amount = shares x price`` and ``pre_money = price x`` the shares
    before its new money (after its conversions and, for a pre-money pool, its top-up); a pool
    adjustment on a round's date -> its ``pool_top_up_pct``; employees' shares in a class -> its
    staff buy-in; convertible issuances -> ``convertibles``; founders' transfers -> ``secondaries``.
    The habits' rounds dated after the package's ``as_of`` are kept after the imported ones.
    """
    led = _Ledger(p)
    notes: list[str] = []
    unread = sorted({str(t["object_type"]) for t in p.transactions} - READ)
    if unread:
        notes.append(f"not modelled, left out: {', '.join(unread)}")
    commons = [c["id"] for c in p.stock_classes if c.get("class_type") == "COMMON"]
    common = commons[0]
    people = _people(habits)
    founders, split = _founders(led, common, people, notes)
    pool0, reserves, granted = _pool(p, led)
    final_pool = max([pool0, *reserves.values()])
    g = min(granted / final_pool, 1.0) if final_pool > 0 else 0.0
    rounds = _rounds(led, common)
    conversions: dict[str, float] = defaultdict(float)  # round date -> converted shares
    for sid, conv in led.converted_into.items():
        if sid in led.issued:
            conversions[str(conv["date"])] += _num(led.issued[sid]["quantity"])
    total, pool, mapped = founders + pool0, pool0, []
    unallocated = pool0 * (1.0 - g)
    for r in rounds:
        top_up = max(reserves.get(r.date, pool) - pool, 0.0)
        mapped.append(_round_terms(r, total, conversions.get(r.date, 0.0), top_up, unallocated))
        total += conversions.get(r.date, 0.0) + top_up + r.shares
        pool += top_up
        unallocated += top_up * (1.0 - g)
    base: Json = habits.equity.model_dump(mode="json") if habits.equity is not None else {}
    as_of = p.manifest.get("as_of")
    if as_of:  # rounds the habits plan after the package's date stay (an outstanding SAFE converts in one)
        names = {r["name"] for r in mapped}
        mapped += [r for r in base.get("rounds", []) if str(r["date"]) > str(as_of) and r["name"] not in names]
    buyers = {b for r in rounds for b in r.buyers}
    equity: Json = {
        **base, **_vesting(p), "founded": (p.manifest.get("issuer") or {}).get("formation_date") or base.get("founded"),
        "as_of": p.manifest.get("as_of"), "founder_shares": founders, "founder_split": split or None,
        "pool_initial_pct": 100.0 * pool0 / (founders + pool0) if founders + pool0 > 0 else 0.0,
        "pool_granted_share": g, "rounds": mapped,
        "convertibles": [_convertible(t, led) for t in p.transactions  # in the package's order
                         if t["object_type"] == "TX_CONVERTIBLE_ISSUANCE"],
        "secondaries": _secondaries(led, people), "buy_in_people": _buy_in_people(rounds, buyers),
    }
    if not mapped:
        raise InputError(["the package has no preferred stock class with issuances: orgmodel needs at least one "
                          "priced round"], "OCF package")
    return ImportedEquity(equity, notes)


def _buy_in_people(rounds: list[_Round], buyers: set[str]) -> int:
    """People who bought in: the employees holding a round's shares (an off-chart holder counts as many
    people as its shares are of one person's)."""
    people = {b for b in buyers if b != "staff-off-chart"}
    extra = 0
    for r in rounds:
        each = [q for b, q in r.buyers.items() if b != "staff-off-chart"]
        if "staff-off-chart" in r.buyers and each:
            extra = max(extra, round(r.buyers["staff-off-chart"] / each[0]))
    return len(people) + extra


def scenario_from_ocf(p: OcfPackage, habits: Scenario) -> tuple[Scenario, list[str]]:
    """The habits scenario with its equity replaced by the package's (validated); and the import's notes."""
    imported = equity_from_ocf(p, habits)
    data = habits.model_dump(mode="json")
    data["equity"] = imported.equity
    try:
        scenario = Scenario.model_validate(data)
    except ValidationError as err:
        raise InputError(describe_validation_error(err), "OCF package as a scenario") from None
    return scenario, imported.notes


def scenario_from_upload(files: dict[str, bytes], habits: Scenario) -> tuple[Scenario, list[str]]:
    """`scenario_from_ocf` of uploaded files (file name -> bytes: the package's .json files, or one .zip)."""
    if len(files) == 1 and next(iter(files)).lower().endswith(".zip"):
        files = unzip_package(next(iter(files.values())))
    return scenario_from_ocf(read_ocf_files(files), habits)
