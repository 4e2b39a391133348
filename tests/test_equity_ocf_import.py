"""OCF both ways: orgmodel -> OCF -> orgmodel gives the same equity report; a bad package is refused by item."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from orgmodel.cli import main
from orgmodel.equity.analysis import analyse_equity
from orgmodel.equity.ocf import ocf_package, write_ocf
from orgmodel.equity.ocf_import import scenario_from_ocf
from orgmodel.equity.ocf_read import read_ocf_dir, read_ocf_files
from orgmodel.errors import InputError
from orgmodel.loading import PRESETS_DIR, load_scenario
from orgmodel.scenario import Scenario
from tests.test_equity_stakes import small_equity


def _files(package: dict[str, Any]) -> dict[str, bytes]:
    return {name: json.dumps(obj).encode() for name, obj in package.items()}


def _same(a: Any, b: Any, path: str = "") -> list[str]:
    """Where two report dumps differ (floats to 1e-9 relative)."""
    if isinstance(a, dict):
        return [d for k in a for d in _same(a[k], b.get(k), f"{path}.{k}")]
    if isinstance(a, list):
        if not isinstance(b, list) or len(a) != len(b):
            return [f"{path}: {len(a)} items against {len(b) if isinstance(b, list) else b!r}"]
        return [d for i, (x, y) in enumerate(zip(a, b, strict=True)) for d in _same(x, y, f"{path}[{i}]")]
    if isinstance(a, float) and isinstance(b, float):
        return [] if a == pytest.approx(b, rel=1e-9, abs=1e-6) else [f"{path}: {a} against {b}"]
    return [] if a == b else [f"{path}: {a!r} against {b!r}"]


def _round_trip(scenario: Scenario) -> tuple[Scenario, list[str]]:
    back, notes = scenario_from_ocf(read_ocf_files(_files(ocf_package(scenario))), scenario)
    return back, notes


@pytest.mark.parametrize("name", ["xiaomi", "hierarchical"])
def test_round_trip_gives_the_same_equity_report(name: str, request: pytest.FixtureRequest) -> None:
    scenario = request.getfixturevalue(name)
    back, notes = _round_trip(scenario)
    assert notes == []
    assert _same(analyse_equity(scenario).model_dump(), analyse_equity(back).model_dump()) == []


def test_round_trip_with_every_new_instrument() -> None:
    # straight preferred with a compound dividend and named investors, a post-money pool in round B, a SAFE and
    # a note (actual/360) converting in A, a secondary sale, staff buy-in held partly off the chart
    scenario = small_equity(
        rounds=[{"name": "A", "date": "2020-06-01", "amount_usd": 5e6, "pre_money_usd": 20e6, "convertible": False,
                 "dividend_pct": 8, "dividend_compounding": "compound", "dividend_day_count": "30/360",
                 "employee_buy_in_usd": 0.5e6,
                 "investors": [{"name": "Acme VC", "amount_usd": 3e6, "email": "ir@acme.vc", "pro_rata": True}]},
                {"name": "B", "date": "2021-06-01", "amount_usd": 10e6, "pre_money_usd": 60e6, "participating": True,
                 "participation_cap_multiple": 3, "seniority": 1, "pool_top_up_pct": 12,
                 "pool_top_up_basis": "post_money", "conversion_ratio": 1.5}],
        buy_in_people=30,
        convertibles=[{"name": "Angel", "date": "2020-03-01", "amount_usd": 1e6, "valuation_cap_usd": 8e6, "mfn": True},
                      {"name": "Bridge note", "kind": "note", "date": "2020-02-01", "amount_usd": 2e5,
                       "interest_pct": 6, "discount_pct": 20, "day_count": "actual/360"}],
        secondaries=[{"date": "2020-05-01", "seller": "A", "buyer": "Early fund", "shares": 1e6, "price_usd": 2}],
        exit_valuation_usd=50e6,
    )
    back, _ = _round_trip(scenario)
    assert _same(analyse_equity(scenario).model_dump(), analyse_equity(back).model_dump()) == []
    eq = back.equity
    assert eq is not None and not eq.rounds[0].convertible and eq.rounds[1].pool_top_up_basis == "post_money"
    assert [c.kind for c in eq.convertibles] == ["safe", "note"] and eq.convertibles[1].day_count == "actual/360"
    assert eq.rounds[0].investors is not None and eq.rounds[0].investors[0].email == "ir@acme.vc"


def test_round_trip_with_a_safe_outstanding_at_the_figures_date() -> None:
    scenario = small_equity(
        rounds=[{"name": "A", "date": "2020-06-01", "amount_usd": 5e6, "pre_money_usd": 20e6},
                {"name": "B", "date": "2022-06-01", "amount_usd": 10e6, "pre_money_usd": 60e6}],
        as_of="2020-12-31",
        convertibles=[{"name": "Bridge", "date": "2020-09-01", "amount_usd": 1e6, "valuation_cap_usd": 10e6}])
    back, _ = _round_trip(scenario)
    assert _same(analyse_equity(scenario).model_dump(), analyse_equity(back).model_dump()) == []
    assert back.equity is not None and [r.name for r in back.equity.rounds] == ["A", "B"]


def test_cli_import_ocf_prints_a_scenario(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    habits = PRESETS_DIR / "hierarchical-400.yaml"
    write_ocf(load_scenario(habits), tmp_path / "ocf")
    assert main(["import-ocf", str(tmp_path / "ocf"), "--habits", str(habits)]) == 0
    ours = tmp_path / "ours.yaml"
    ours.write_text(capsys.readouterr().out)
    a, b = analyse_equity(load_scenario(habits)), analyse_equity(load_scenario(ours))
    assert _same(a.model_dump(), b.model_dump()) == []


def _broken(tmp_path: Path, edit: Any) -> Path:
    folder = tmp_path / "bad"
    write_ocf(load_scenario(PRESETS_DIR / "hierarchical-400.yaml"), folder)
    edit(folder)
    return folder


def _edit_items(name: str, change: Any) -> Any:
    def edit(folder: Path) -> None:
        path = folder / name
        obj = json.loads(path.read_text())
        change(obj["items"])
        path.write_text(json.dumps(obj))
    return edit


@pytest.mark.parametrize(("edit", "message"), [
    (_edit_items("transactions.ocf.json", lambda items: items[0].update(stakeholder_id="ghost")),
     "transactions[0] (TX_STOCK_ISSUANCE 'founder-common-0'): stakeholder_id 'ghost' is not a stakeholder"),
    (_edit_items("transactions.ocf.json", lambda items: items[-1].update(stock_plan_id="no-plan")),
     "stock_plan_id 'no-plan' is not a stock plan"),
    (_edit_items("stock_classes.ocf.json", lambda items: items[1].pop("seniority")),
     "stock_classes[1] (STOCK_CLASS 'series-series-a'): missing 'seniority'"),
    (_edit_items("transactions.ocf.json", lambda items: items[0].update(quantity=1e6)),
     "quantity = 1000000.0 is not an OCF Numeric"),
    (_edit_items("transactions.ocf.json", lambda items: items[0].update(date="yesterday")),
     "date = 'yesterday' is not a YYYY-MM-DD date"),
    (_edit_items("stakeholders.ocf.json", lambda items: items[0].update(stakeholder_type="PERSON")),
     "stakeholder_type = 'PERSON'; OCF allows INDIVIDUAL, INSTITUTION"),
    (_edit_items("transactions.ocf.json", lambda items: items[0].update(share_price={"amount": 1.0})),
     "share_price = {'amount': 1.0} is not an OCF Monetary"),
    (lambda folder: (folder / "stakeholders.ocf.json").unlink(), "stakeholders.ocf.json"),
    (lambda folder: (folder / "stock_plans.ocf.json").write_text("{not json"), "not JSON"),
    (lambda folder: (folder / "manifest.ocf.json").write_text(
        (folder / "manifest.ocf.json").read_text().replace('"stakeholders.ocf.json"', '"../../etc/passwd"')),
     "must be a relative path inside the package"),
])
def test_a_bad_package_is_refused_by_item(tmp_path: Path, edit: Any, message: str) -> None:
    folder = _broken(tmp_path, edit)
    with pytest.raises(InputError) as err:
        read_ocf_dir(folder)
    assert message in str(err.value)


def test_cli_refuses_a_bad_package_without_a_traceback(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = _broken(tmp_path, _edit_items("transactions.ocf.json", lambda items: items[0].update(stakeholder_id="x")))
    assert main(["import-ocf", str(folder), "--habits", str(PRESETS_DIR / "hierarchical-400.yaml")]) == 2
    err = capsys.readouterr().err
    assert "stakeholder_id 'x' is not a stakeholder" in err and "Traceback" not in err


def test_founders_are_matched_by_name_or_email_and_others_noted() -> None:
    scenario = small_equity(founder_split={"A": 3, "B": 1})
    package = ocf_package(scenario)
    people = package["stakeholders.ocf.json"]["items"]
    people[0]["name"]["legal_name"] = "Someone Else"  # A no longer matches by name...
    people[0]["contact_info"] = {"emails": [{"email_type": "BUSINESS", "email_address": "a"}]}  # ...but by e-mail (id)
    people[1]["name"]["legal_name"] = "Unknown"
    people[1].pop("issuer_assigned_id")
    back, notes = scenario_from_ocf(read_ocf_files(_files(package)), scenario)
    assert back.equity is not None and back.equity.founder_split == {"A": 1.0}
    assert any("'Unknown' matches no founder" in n for n in notes)


def _write(folder: Path, name: str, obj: dict[str, Any]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text(json.dumps(obj))


def test_another_tools_package_is_read_with_notes_for_what_it_lacks(tmp_path: Path) -> None:
    # a package written the way other tools write one (built here by hand): capitalised file names listed as
    # ./Name, no current_relationship on stakeholders, a stock plan without pool adjustments, one priced
    # preferred class without conversion_rights, a stock cancellation orgmodel does not model
    folder = tmp_path / "other"
    files = {"stakeholders_files": "Stakeholders.ocf.json", "stock_classes_files": "StockClasses.ocf.json",
             "stock_plans_files": "StockPlans.ocf.json", "transactions_files": "Transactions.ocf.json"}
    _write(folder, "Manifest.ocf.json", {
        "ocf_version": "1.2.0", "file_type": "OCF_MANIFEST_FILE", "as_of": "2021-12-31",
        "issuer": {"object_type": "ISSUER", "id": "i", "legal_name": "Other Co", "formation_date": "2020-01-01"},
        **{key: [{"filepath": f"./{name}", "md5": "0"}] for key, name in files.items()}})
    people = [("f1", "A", "INDIVIDUAL"), ("f2", "B", "INDIVIDUAL"), ("vc", "Big Fund", "INSTITUTION")]
    _write(folder, "Stakeholders.ocf.json", {"file_type": "OCF_STAKEHOLDERS_FILE", "items": [
        {"object_type": "STAKEHOLDER", "id": i, "name": {"legal_name": n}, "stakeholder_type": t}
        for i, n, t in people]})
    _write(folder, "StockClasses.ocf.json", {"file_type": "OCF_STOCK_CLASSES_FILE", "items": [
        {"object_type": "STOCK_CLASS", "id": "cs", "name": "Common Stock", "class_type": "COMMON",
         "initial_shares_authorized": "20000000", "votes_per_share": "1", "seniority": "1"},
        {"object_type": "STOCK_CLASS", "id": "sa", "name": "Series A Preferred", "class_type": "PREFERRED",
         "initial_shares_authorized": "5000000", "votes_per_share": "1", "seniority": "2",
         "price_per_share": {"amount": "2", "currency": "USD"}, "liquidation_preference_multiple": "1"}]})
    _write(folder, "StockPlans.ocf.json", {"file_type": "OCF_STOCK_PLANS_FILE", "items": [
        {"object_type": "STOCK_PLAN", "id": "plan", "plan_name": "2020 Plan", "initial_shares_reserved": "1000000",
         "stock_class_ids": ["cs"]}]})
    stock = [("s1", "2020-01-01", "f1", "cs", "4500000", "0.0001"),
             ("s2", "2020-01-01", "f2", "cs", "4500000", "0.0001"), ("s3", "2020-06-01", "vc", "sa", "2500000", "2")]
    _write(folder, "Transactions.ocf.json", {"file_type": "OCF_TRANSACTIONS_FILE", "items": [
        *({"object_type": "TX_STOCK_ISSUANCE", "id": i, "security_id": f"sec-{i}", "date": d, "stakeholder_id": h,
           "stock_class_id": c, "quantity": q, "share_price": {"amount": p, "currency": "USD"},
           "security_law_exemptions": []} for i, d, h, c, q, p in stock),
        {"object_type": "TX_STOCK_CANCELLATION", "id": "x", "security_id": "sec-s2", "date": "2021-01-01",
         "quantity": "1", "reason_text": "r"}]})
    habits = small_equity()
    back, notes = scenario_from_ocf(read_ocf_dir(folder), habits)
    assert any("TX_STOCK_CANCELLATION" in n for n in notes)
    assert any("marked FOUNDER" in n for n in notes)
    eq = back.equity
    assert eq is not None and eq.founder_shares == 9e6 and eq.pool_initial_pct == pytest.approx(10.0)
    [a] = eq.rounds
    assert (a.name, a.amount_usd, a.pre_money_usd, a.convertible, a.seniority) == ("Series A", 5e6, 20e6, True, 1)
    # the small org's round A again (US$2 a share), but nothing granted from the pool: at US$100M the 1M
    # unallocated options are cancelled and A converts for 2.5M / 11.5M of the exit
    theirs = analyse_equity(back)
    assert theirs.price_per_share_usd == pytest.approx(analyse_equity(habits).price_per_share_usd)
    assert theirs.exit_proceeds_usd.investors == pytest.approx(100e6 * 2.5 / 11.5)
