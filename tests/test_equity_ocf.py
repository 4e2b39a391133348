"""OCF export: every file validates against the OCF 1.2.0 models and reconciles with the cap table."""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path
from typing import Any

import pytest
from pyocf.files.ocfmanifestfile import OCFManifestFile
from pyocf.files.stakeholdersfile import StakeholdersFile
from pyocf.files.stockclassesfile import StockClassesFile
from pyocf.files.stockplansfile import StockPlansFile
from pyocf.files.transactionsfile import TransactionsFile
from pyocf.files.vestingtermsfile import VestingTermsFile

from orgmodel.cli import main
from orgmodel.equity.ocf import numeric, ocf_package, write_ocf
from orgmodel.equity.stakes import compute_stakes
from orgmodel.loading import PRESETS_DIR
from orgmodel.scenario import Scenario

MODELS = {
    "manifest.ocf.json": OCFManifestFile, "stakeholders.ocf.json": StakeholdersFile,
    "stock_classes.ocf.json": StockClassesFile, "stock_plans.ocf.json": StockPlansFile,
    "vesting_terms.ocf.json": VestingTermsFile, "transactions.ocf.json": TransactionsFile,
}
# OCF types/Numeric.schema.json: a fixed-point string with up to 10 decimals
NUMERIC = re.compile(r"^[+-]?[0-9]+(\.[0-9]{1,10})?$")


def _numbers(obj: Any, key: str = "") -> list[str]:
    if isinstance(obj, dict):
        return [x for k, v in obj.items() for x in _numbers(v, k)]
    if isinstance(obj, list):
        return [x for v in obj for x in _numbers(v, key)]
    numeric_keys = {"amount", "quantity", "initial_shares_authorized", "initial_shares_reserved", "seniority",
                    "votes_per_share", "liquidation_preference_multiple", "participation_cap_multiple",
                    "numerator", "denominator"}
    return [obj] if key in numeric_keys else []


@pytest.mark.parametrize("name", ["xiaomi", "hierarchical"])
def test_every_file_validates_and_nothing_is_dropped(name: str, request: pytest.FixtureRequest) -> None:
    package = ocf_package(request.getfixturevalue(name))
    assert set(package) == set(MODELS)
    for file_name, obj in package.items():
        model = MODELS[file_name].model_validate(obj)
        # pyocf ignores unknown keys, so a round trip that gives back the same JSON shows there were none
        assert model.model_dump(mode="json", exclude_unset=True) == json.loads(json.dumps(obj)), file_name
        assert all(NUMERIC.match(n) for n in _numbers(obj)), file_name


def test_numeric_is_fixed_point() -> None:
    assert [numeric(x) for x in (1e6, 0.5, 2.0, 1 / 3, 0.0)] == ["1000000", "0.5", "2", "0.3333333333", "0"]


def test_package_reconciles_with_the_cap_table(hierarchical: Scenario) -> None:
    s = compute_stakes(hierarchical)
    package = ocf_package(hierarchical)
    tx = package["transactions.ocf.json"]["items"]
    stock = [t for t in tx if t["object_type"] == "TX_STOCK_ISSUANCE"]
    options = [t for t in tx if t["object_type"] == "TX_EQUITY_COMPENSATION_ISSUANCE"]
    common = sum(float(t["quantity"]) for t in stock if t["stock_class_id"] == "common")
    assert common == pytest.approx(s.cap.founder_shares)
    for k, cls in enumerate(package["stock_classes.ocf.json"]["items"][1:], start=1):
        held = sum(float(t["quantity"]) for t in stock if t["stock_class_id"] == cls["id"])
        assert held == pytest.approx(s.cap.series_shares[k]) and float(cls["initial_shares_authorized"]) == held
    held_options = sum(o.shares for o in s.terms.options)
    exercised = sum(float(t["quantity"]) for t in tx if t["object_type"] == "TX_EQUITY_COMPENSATION_EXERCISE")
    assert sum(float(o["quantity"]) for o in options) - exercised == pytest.approx(held_options)
    [plan] = package["stock_plans.ocf.json"]["items"]
    assert float(plan["initial_shares_reserved"]) == pytest.approx(s.cap.pool_added[0])
    adjustments = [t for t in tx if t["object_type"] == "TX_STOCK_PLAN_POOL_ADJUSTMENT"]
    assert float(adjustments[-1]["shares_reserved"]) == pytest.approx(s.cap.pool_total[-1])
    people = {h["issuer_assigned_id"] for h in package["stakeholders.ocf.json"]["items"] if "issuer_assigned_id" in h}
    assert people == {s.table.id_of(r) for r in range(len(s.table)) if s.shares[r] > 0}


def test_preference_terms_reach_the_stock_classes(hierarchical: Scenario) -> None:
    eq = hierarchical.equity
    assert eq is not None
    rounds = [eq.rounds[0].model_copy(update={"participating": True, "participation_cap_multiple": 3.0,
                                              "preference_multiple": 1.5}),
              eq.rounds[1].model_copy(update={"seniority": 2})]
    scenario = hierarchical.model_copy(update={"equity": eq.model_copy(update={"rounds": rounds})})
    classes = {c["name"]: c for c in ocf_package(scenario)["stock_classes.ocf.json"]["items"]}
    a, b = classes["Series A Preferred"], classes["Series B Preferred"]
    assert (a["liquidation_preference_multiple"], a["participation_cap_multiple"], a["seniority"]) == ("1.5", "3", "1")
    assert b["seniority"] == "3" and "participation_cap_multiple" not in b
    assert classes["Common"]["seniority"] == "0"
    assert a["comments"][0].startswith("participating")


def test_cli_writes_the_package_and_the_manifest_hashes_match(tmp_path: Path) -> None:
    out = tmp_path / "ocf"
    assert main(["export-ocf", str(PRESETS_DIR / "xiaomi-2012.yaml"), "-o", str(out)]) == 0
    manifest = json.loads((out / "manifest.ocf.json").read_text())
    for key in ("stakeholders_files", "stock_classes_files", "stock_plans_files", "vesting_terms_files",
                "transactions_files"):
        [entry] = manifest[key]
        assert hashlib.md5((out / entry["filepath"]).read_bytes()).hexdigest() == entry["md5"]


def test_write_ocf_creates_the_folder(tmp_path: Path, xiaomi: Scenario) -> None:
    paths = write_ocf(xiaomi, tmp_path / "new" / "dir")
    assert paths[0].name == "manifest.ocf.json" and all(p.exists() for p in paths)


def test_cli_refuses_an_unwritable_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    assert main(["export-ocf", str(PRESETS_DIR / "hierarchical-400.yaml"), "-o", str(blocker / "sub")]) == 2
    assert "--out" in capsys.readouterr().err


def test_off_chart_buy_in_and_vesting_at_grant_still_validate() -> None:
    from tests.test_equity_stakes import small_equity

    scenario = small_equity(
        rounds=[{"name": "Seed round", "date": "2020-06-01", "amount_usd": 5e6, "pre_money_usd": 20e6,
                 "employee_buy_in_usd": 1e6, "participating": True}],
        buy_in_people=30,  # only 22 non-founders on the chart
    )
    package = ocf_package(scenario)
    for file_name, obj in package.items():
        model = MODELS[file_name].model_validate(obj)
        assert model.model_dump(mode="json", exclude_unset=True) == json.loads(json.dumps(obj)), file_name
    tx = package["transactions.ocf.json"]["items"]
    off = [t for t in tx if t.get("stakeholder_id") == "staff-off-chart"]
    assert float(off[0]["quantity"]) == pytest.approx(2.5e6 / 5 * 8 / 30)  # 8 of 30 buyers are off the chart
    [terms] = package["vesting_terms.ocf.json"]["items"]
    assert [c["id"] for c in terms["vesting_conditions"]] == ["vest-at-grant"]


def _valid(package: dict[str, Any]) -> None:
    for file_name, obj in package.items():
        model = MODELS[file_name].model_validate(obj)
        assert model.model_dump(mode="json", exclude_unset=True) == json.loads(json.dumps(obj)), file_name


def test_conversion_rights_vesting_starts_and_buybacks_as_repurchases(xiaomi: Scenario) -> None:
    # issue 26: an OCF reader learns that preferred converts (conversion_rights), when each grant starts
    # vesting (TX_VESTING_START) and each buyback as an exercise then a repurchase at the buyback price
    package = ocf_package(xiaomi)
    s = compute_stakes(xiaomi)
    classes = package["stock_classes.ocf.json"]["items"]
    for c in classes[1:]:
        [right] = c["conversion_rights"]
        assert right["converts_to_stock_class_id"] == "common"
        assert right["conversion_mechanism"]["ratio"] == {"numerator": "1", "denominator": "1"}
    tx = package["transactions.ocf.json"]["items"]
    grants = {t["security_id"] for t in tx if t["object_type"] == "TX_EQUITY_COMPENSATION_ISSUANCE"}
    starts = {t["security_id"] for t in tx if t["object_type"] == "TX_VESTING_START"}
    assert grants == starts
    repurchases = [t for t in tx if t["object_type"] == "TX_STOCK_REPURCHASE"]
    strikes = {t["security_id"]: float(t["share_price"]["amount"])
               for t in tx if t["object_type"] == "TX_STOCK_ISSUANCE"}
    cash = sum(float(t["quantity"]) * (float(t["price"]["amount"]) - strikes[t["security_id"]]) for t in repurchases)
    assert repurchases and cash == pytest.approx(float(s.buyback_cash_usd.sum()), rel=1e-6)


def test_safes_secondaries_straight_preferred_and_named_investors_export_and_validate() -> None:
    from tests.test_equity_stakes import small_equity

    scenario = small_equity(
        rounds=[{"name": "A", "date": "2020-06-01", "amount_usd": 5e6, "pre_money_usd": 20e6, "convertible": False,
                 "dividend_pct": 8, "investors": [{"name": "Acme VC", "amount_usd": 3e6, "email": "ir@acme.vc"}]}],
        convertibles=[{"name": "Angel", "date": "2020-03-01", "amount_usd": 1e6, "valuation_cap_usd": 8e6},
                      {"name": "Note", "kind": "note", "date": "2020-02-01", "amount_usd": 2e5, "interest_pct": 6,
                       "discount_pct": 20}],
        secondaries=[{"date": "2020-05-01", "seller": "A", "buyer": "Early fund", "shares": 1e6, "price_usd": 2}],
    )
    package = ocf_package(scenario)
    _valid(package)
    classes = {c["id"]: c for c in package["stock_classes.ocf.json"]["items"]}
    assert "conversion_rights" not in classes["series-a"]  # straight preferred: no conversion right
    assert {"shadow-angel", "shadow-note"} <= set(classes)
    tx = package["transactions.ocf.json"]["items"]
    kinds = [t["object_type"] for t in tx]
    assert kinds.count("TX_CONVERTIBLE_ISSUANCE") == 2 and kinds.count("TX_CONVERTIBLE_CONVERSION") == 2
    assert kinds.count("TX_STOCK_TRANSFER") == 1
    holders = {h["name"]["legal_name"] for h in package["stakeholders.ocf.json"]["items"]}
    assert {"Acme VC", "other A investors", "Early fund", "Angel", "Note"} <= holders


@pytest.mark.slow
def test_every_file_validates_with_jsonschema(hierarchical: Scenario) -> None:
    # jsonschema against the JSON schemas of pyocf's models (generated from the official OCF 1.2.0 schema
    # files, which no package on PyPI ships): a second, independent validator of the same package
    import jsonschema

    package = ocf_package(hierarchical)
    for file_name, obj in package.items():
        schema = MODELS[file_name].model_json_schema()
        errors = list(jsonschema.Draft202012Validator(schema).iter_errors(json.loads(json.dumps(obj))))
        assert not errors, (file_name, [e.message for e in errors[:3]])
    bad = json.loads(json.dumps(package["stock_classes.ocf.json"]))
    del bad["items"][0]["name"]  # a required field
    schema = MODELS["stock_classes.ocf.json"].model_json_schema()
    assert list(jsonschema.Draft202012Validator(schema).iter_errors(bad))
