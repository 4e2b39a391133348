"""Read an OCF 1.2.0 package (a manifest plus object files) safely, and check it before anything uses it.

The checks are the parts of the OCF schemas the importer relies on (file types, each object's
required fields, Numeric and date formats) and the references between objects (stakeholders,
stock classes, plans, vesting terms, securities). Every problem names the file and the item.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import re
import zipfile
from collections.abc import Mapping
from pathlib import Path, PurePosixPath
from typing import Any

from orgmodel.errors import InputError

__all__ = ["MAX_FILE_BYTES", "OcfPackage", "check_package", "read_ocf_dir", "read_ocf_files", "unzip_package"]

Json = dict[str, Any]
MAX_FILE_BYTES = 20 * 1024 * 1024
MAX_FILES = 50
NUMERIC = re.compile(r"^[+-]?[0-9]+(\.[0-9]{1,10})?$")
FILE_TYPES = {
    "stakeholders_files": "OCF_STAKEHOLDERS_FILE", "stock_classes_files": "OCF_STOCK_CLASSES_FILE",
    "stock_plans_files": "OCF_STOCK_PLANS_FILE", "vesting_terms_files": "OCF_VESTING_TERMS_FILE",
    "transactions_files": "OCF_TRANSACTIONS_FILE", "valuations_files": "OCF_VALUATIONS_FILE",
    "stock_legend_templates_files": "OCF_STOCK_LEGEND_TEMPLATES_FILE",
}
REQUIRED = {  # object type -> the fields the importer reads that OCF 1.2.0 requires
    "STAKEHOLDER": ("id", "name", "stakeholder_type"),
    "STOCK_CLASS": ("id", "name", "class_type", "initial_shares_authorized", "votes_per_share", "seniority"),
    "STOCK_PLAN": ("id", "plan_name", "initial_shares_reserved"),
    "VESTING_TERMS": ("id", "name", "allocation_type", "vesting_conditions"),
    "TX_STOCK_ISSUANCE": ("id", "security_id", "date", "stakeholder_id", "stock_class_id", "share_price", "quantity"),
    "TX_EQUITY_COMPENSATION_ISSUANCE": ("id", "security_id", "date", "stakeholder_id", "compensation_type",
                                        "quantity"),
    "TX_CONVERTIBLE_ISSUANCE": ("id", "security_id", "date", "stakeholder_id", "investment_amount",
                                "convertible_type", "conversion_triggers"),
    "TX_STOCK_TRANSFER": ("id", "security_id", "date", "quantity", "resulting_security_ids"),
    "TX_CONVERTIBLE_CONVERSION": ("id", "security_id", "date", "resulting_security_ids"),
    "TX_EQUITY_COMPENSATION_EXERCISE": ("id", "security_id", "date", "quantity", "resulting_security_ids"),
    "TX_STOCK_REPURCHASE": ("id", "security_id", "date", "price", "quantity"),
    "TX_STOCK_PLAN_POOL_ADJUSTMENT": ("id", "date", "stock_plan_id", "shares_reserved"),
    "TX_VESTING_START": ("id", "security_id", "date", "vesting_condition_id"),
}
NUMERIC_FIELDS = ("quantity", "initial_shares_reserved", "shares_reserved", "seniority", "votes_per_share",
                  "liquidation_preference_multiple", "participation_cap_multiple")
ISSUANCES = ("TX_STOCK_ISSUANCE", "TX_EQUITY_COMPENSATION_ISSUANCE", "TX_CONVERTIBLE_ISSUANCE")
ENUMS = {  # field -> the values OCF 1.2.0 allows
    "stakeholder_type": ("INDIVIDUAL", "INSTITUTION"),
    "class_type": ("COMMON", "PREFERRED"),
    "convertible_type": ("NOTE", "SAFE", "CONVERTIBLE_SECURITY"),
    "compensation_type": ("OPTION_NSO", "OPTION_ISO", "OPTION", "RSU", "CSAR", "SSAR"),
}
MONETARY_FIELDS = ("share_price", "price_per_share", "price", "investment_amount", "exercise_price")


class OcfPackage:
    """A read OCF package: the manifest and every object, by kind; built only after `check_package` passes."""

    def __init__(self, manifest: Json, objects: dict[str, list[Json]]) -> None:
        self.manifest = manifest
        self.stakeholders = objects.get("stakeholders_files", [])
        self.stock_classes = objects.get("stock_classes_files", [])
        self.stock_plans = objects.get("stock_plans_files", [])
        self.vesting_terms = objects.get("vesting_terms_files", [])
        self.transactions = objects.get("transactions_files", [])


def _load_json(raw: bytes, name: str) -> Json:
    if len(raw) > MAX_FILE_BYTES:
        raise InputError([f"{name}: {len(raw):,} bytes; the limit is {MAX_FILE_BYTES:,}"], name)
    try:
        obj = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as err:
        raise InputError([f"{name}: not JSON ({err})"], name) from None
    if not isinstance(obj, dict):
        raise InputError([f"{name}: expected a JSON object at the top level, got {type(obj).__name__}"], name)
    return obj


def _listed(manifest: Json) -> list[tuple[str, str]]:
    """(manifest key, file path) of every object file the manifest lists; paths must stay in the package."""
    out = []
    problems = []
    for key in FILE_TYPES:
        entries = manifest.get(key, [])
        if not isinstance(entries, list):
            problems.append(f"manifest.ocf.json: {key} must be a list of {{filepath, md5}}")
            continue
        for i, entry in enumerate(entries):
            path = entry.get("filepath") if isinstance(entry, dict) else None
            if not isinstance(path, str) or PurePosixPath(path).is_absolute() or ".." in PurePosixPath(path).parts:
                problems.append(f"manifest.ocf.json: {key}[{i}].filepath = {path!r} must be a relative path inside "
                                "the package")
                continue
            out.append((key, path))
    if problems:
        raise InputError(problems, "manifest.ocf.json")
    if len(out) > MAX_FILES:
        raise InputError([f"manifest.ocf.json lists {len(out)} files; the limit is {MAX_FILES}"], "manifest.ocf.json")
    return out


def read_ocf_files(files: Mapping[str, bytes]) -> OcfPackage:
    """An OCF package from its files' bytes (file name -> bytes; ``manifest.ocf.json`` among them), checked.

    Raises `InputError` naming the file and the item on anything the importer cannot use.
    """
    by_name = {PurePosixPath(name).name: raw for name, raw in files.items()}
    manifests = [n for n in by_name if n.lower().endswith("manifest.ocf.json")]
    if len(manifests) != 1:
        raise InputError([f"an OCF package needs exactly one manifest.ocf.json; got {len(manifests)}"], "manifest")
    manifest = _load_json(by_name[manifests[0]], manifests[0])
    objects: dict[str, list[Json]] = {}
    for key, path in _listed(manifest):
        name = PurePosixPath(path).name
        if name not in by_name:
            raise InputError([f"manifest.ocf.json lists {path!r}, which is not in the package"], path)
        obj = _load_json(by_name[name], path)
        if obj.get("file_type") != FILE_TYPES[key]:
            raise InputError([f"{path}: file_type = {obj.get('file_type')!r}; expected {FILE_TYPES[key]!r}"], path)
        items = obj.get("items")
        if not isinstance(items, list):
            raise InputError([f"{path}: items must be a list"], path)
        objects.setdefault(key, []).extend(items)
    package = OcfPackage(manifest, objects)
    problems = check_package(package)
    if problems:
        raise InputError(problems[:20] + ([f"... and {len(problems) - 20} more"] if len(problems) > 20 else []),
                         "OCF package")
    return package


def unzip_package(data: bytes) -> dict[str, bytes]:
    """The ``.json`` files of a zipped OCF package (file name -> bytes), size-capped before reading each."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            infos = [i for i in z.infolist() if not i.is_dir() and i.filename.lower().endswith(".json")]
            if len(infos) > MAX_FILES:
                raise InputError([f"the zip holds {len(infos)} JSON files; the limit is {MAX_FILES}"], "upload")
            too_big = [i.filename for i in infos if i.file_size > MAX_FILE_BYTES]
            if too_big:
                raise InputError([f"{too_big[0]}: larger than {MAX_FILE_BYTES:,} bytes"], "upload")
            return {PurePosixPath(i.filename).name: z.read(i) for i in infos}
    except zipfile.BadZipFile:
        raise InputError(["not a zip file: upload the package's .json files or one .zip of them"], "upload") from None


def read_ocf_dir(folder: str | Path) -> OcfPackage:
    """An OCF package from a folder holding ``manifest.ocf.json`` (any case: ``Manifest.ocf.json``) and the
    files it lists, checked."""
    root = Path(folder)
    found = sorted(p for p in root.glob("*.json") if p.name.lower().endswith("manifest.ocf.json")) \
        if root.is_dir() else []
    manifest_path = found[0] if found else root / "manifest.ocf.json"
    try:
        files = {"manifest.ocf.json": manifest_path.read_bytes()}
        manifest = _load_json(files["manifest.ocf.json"], "manifest.ocf.json")
        for _, path in _listed(manifest):
            target = root / path
            if target.stat().st_size > MAX_FILE_BYTES:
                raise InputError([f"{path}: larger than {MAX_FILE_BYTES:,} bytes"], path)
            files[path] = target.read_bytes()
    except OSError as err:
        raise InputError([f"cannot read the OCF package in {str(root)!r}: {err.strerror} ({err.filename})"],
                         str(root)) from None
    return read_ocf_files(files)


def _is_date(value: object) -> bool:
    try:
        dt.date.fromisoformat(str(value))
    except ValueError:
        return False
    return isinstance(value, str)


def _item_problems(where: str, item: object) -> list[str]:
    if not isinstance(item, dict):
        return [f"{where}: expected an object, got {type(item).__name__}"]
    kind = item.get("object_type")
    label = f"{where} ({kind} {item.get('id')!r})"
    out = [f"{label}: missing {field!r}, which OCF requires"
           for field in REQUIRED.get(str(kind), ()) if field not in item]
    for field in NUMERIC_FIELDS:
        if field == "seniority" and kind == "TX_CONVERTIBLE_ISSUANCE":
            continue  # an integer there, a Numeric on a stock class
        if field in item and not (isinstance(item[field], str) and NUMERIC.match(item[field])):
            out.append(f"{label}: {field} = {item[field]!r} is not an OCF Numeric (a decimal string)")
    for field, allowed in ENUMS.items():
        if field in item and item[field] not in allowed:
            out.append(f"{label}: {field} = {item[field]!r}; OCF allows {', '.join(allowed)}")
    for field in MONETARY_FIELDS:
        value = item.get(field)
        if value is not None and not (isinstance(value, dict) and isinstance(value.get("amount"), str)
                                      and NUMERIC.match(value["amount"]) and isinstance(value.get("currency"), str)
                                      and re.fullmatch(r"[A-Z]{3}", value["currency"])):
            out.append(f"{label}: {field} = {value!r} is not an OCF Monetary ({{amount: a decimal string, "
                       "currency: a 3-letter code}})")
    if "date" in item and not _is_date(item["date"]):
        out.append(f"{label}: date = {item['date']!r} is not a YYYY-MM-DD date")
    return out


def _reference_problems(p: OcfPackage, where: dict[int, str]) -> list[str]:
    stakeholders = {s.get("id") for s in p.stakeholders}
    classes = {c.get("id") for c in p.stock_classes}
    plans = {x.get("id") for x in p.stock_plans}
    vesting = {v.get("id") for v in p.vesting_terms}
    securities = {t.get("security_id") for t in p.transactions if t.get("object_type") in ISSUANCES}
    out = []
    refs = (("stakeholder_id", stakeholders, "stakeholder"), ("stock_class_id", classes, "stock class"),
            ("stock_plan_id", plans, "stock plan"), ("vesting_terms_id", vesting, "vesting terms object"))
    for t in p.transactions:
        label = f"{where[id(t)]} ({t.get('object_type')} {t.get('id')!r})"
        for field, known, what in refs:
            if t.get(field) is not None and t[field] not in known:
                out.append(f"{label}: {field} {t[field]!r} is not a {what} in the package")
        if t.get("object_type") not in ISSUANCES and "security_id" in t and t["security_id"] not in securities:
            out.append(f"{label}: security_id {t['security_id']!r} was never issued")
        for field in ("resulting_security_ids",):
            for sid in t.get(field, []) or []:
                if sid not in securities:
                    out.append(f"{label}: {field} names {sid!r}, which was never issued")
        if t.get("balance_security_id") is not None and t["balance_security_id"] not in securities:
            out.append(f"{label}: balance_security_id {t['balance_security_id']!r} was never issued")
    return out


def check_package(p: OcfPackage) -> list[str]:
    """Every problem of the package the importer would trip on (empty when it can be read)."""
    out = []
    if not _is_date(p.manifest.get("as_of")) and p.manifest.get("as_of") is not None:
        out.append(f"manifest.ocf.json: as_of = {p.manifest.get('as_of')!r} is not a YYYY-MM-DD date")
    issuer = p.manifest.get("issuer")
    if not isinstance(issuer, dict) or "legal_name" not in issuer:
        out.append("manifest.ocf.json: issuer (with its legal_name) is required")
    where: dict[int, str] = {}
    for label, items in (("stakeholders", p.stakeholders), ("stock_classes", p.stock_classes),
                         ("stock_plans", p.stock_plans), ("vesting_terms", p.vesting_terms),
                         ("transactions", p.transactions)):
        for i, item in enumerate(items):
            where[id(item)] = f"{label}[{i}]"
            out += _item_problems(f"{label}[{i}]", item)
    if out:
        return out
    if not any(c.get("class_type") == "COMMON" for c in p.stock_classes):
        out.append("stock_classes: no COMMON stock class")
    return out + _reference_problems(p, where)
