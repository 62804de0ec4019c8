"""JobPosting JSON-LD import: real-world shapes accepted, broken records rejected with reasons."""

import json

import pytest
from hypothesis import given, settings, strategies as st

from central.importer import import_document
from central.jsonld import JsonLdError, parse_document, parse_posting
from central.models import Job

NESTED = {
    "@context": "https://schema.org", "@type": "JobPosting", "identifier": {"@type": "PropertyValue", "value": "ext-1"},
    "title": "仓库管理员", "datePosted": "2026-11-01", "validThrough": "2027-01-31T23:59:00+08:00",
    "hiringOrganization": {"@type": "Organization", "name": "恒通物流有限公司", "sameAs": "https://example.org"},
    "jobLocation": [{"@type": "Place", "address": {"@type": "PostalAddress", "addressLocality": "通州区",
                                                    "streetAddress": "物流园 3 号库"}},
                    {"@type": "Place", "address": "北京市大兴区"}],
    "baseSalary": {"@type": "MonetaryAmount", "currency": "CNY",
                   "value": {"@type": "QuantitativeValue", "minValue": 60000, "maxValue": 84000, "unitText": "YEAR"}},
    "employmentType": ["FULL_TIME", "TEMPORARY"], "description": "<p>负责出入库</p>",
    "occupationalCategory": "4-02-06-03",
}


def test_nested_real_world_shape():
    job = parse_posting(NESTED)
    assert job["title"] == "仓库管理员" and job["employer"] == "恒通物流有限公司"
    assert job["district"] == "通州区" and "物流园" in job["address"]
    assert (job["salary_min"], job["salary_max"]) == (5000, 7000)
    assert job["employment_type"] == "full_time" and job["description"] == "负责出入库"
    assert job["external_id"] == "ext-1"


def test_single_list_and_graph_documents():
    for doc in (NESTED, [NESTED, NESTED], {"@context": "https://schema.org", "@graph": [NESTED]}):
        good, bad = parse_document(json.dumps(doc))
        assert good and not bad


@pytest.mark.parametrize("change, reason", [
    ({"@type": "Organization"}, "not JobPosting"),
    ({"title": ""}, "title is missing"),
    ({"hiringOrganization": None}, "hiringOrganization is missing"),
    ({"datePosted": "yesterday"}, "ISO 8601"),
    ({"validThrough": "2020-01-01"}, "before datePosted"),
    ({"baseSalary": {"value": {"minValue": 9, "maxValue": 1, "unitText": "MONTH"}}}, "minimum above maximum"),
    ({"baseSalary": {"value": {"minValue": "lots", "unitText": "MONTH"}}}, "not a number"),
    ({"baseSalary": {"value": {"value": 10, "unitText": "FORTNIGHT"}}}, "unknown salary unit"),
])
def test_broken_records_are_rejected_with_reason(change, reason):
    good, bad = parse_document(json.dumps([NESTED, {**NESTED, **change}]))
    assert len(good) == 1 and len(bad) == 1
    assert bad[0].index == 1 and reason in bad[0].reason


def test_not_json_at_all():
    with pytest.raises(JsonLdError):
        parse_document(b"<html>")


json_values = st.recursive(st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
                           lambda c: st.lists(c, max_size=4) | st.dictionaries(st.text(max_size=8), c, max_size=4),
                           max_leaves=20)


@settings(max_examples=150, deadline=None)
@given(st.dictionaries(st.sampled_from(list(NESTED)), json_values, max_size=8))
def test_fuzzed_records_never_escape_own_errors(mutation):
    good, bad = parse_document(json.dumps([{**NESTED, **mutation}]))
    assert len(good) + len(bad) == 1


@settings(max_examples=100, deadline=None)
@given(st.binary(max_size=200))
def test_fuzzed_bytes(data):
    try:
        parse_document(data)
    except JsonLdError:
        pass


def test_import_stores_pending_and_reimport_updates(central):
    doc = json.dumps({"@graph": [NESTED, {**NESTED, "title": ""}]})
    with central.db.session() as s:
        report = import_document(s, doc)
        assert (report.imported, report.updated, len(report.rejected)) == (1, 0, 1)
        job = s.query(Job).filter(Job.external_id == "ext-1").one()
        assert job.status == "pending" and job.occupation_name  # occupation looked up
        report = import_document(s, json.dumps({**NESTED, "title": "仓库主管"}))
        assert report.updated == 1
        s.refresh(job)
        assert job.title == "仓库主管"


def test_import_cli_reports_rejections(tmp_path, central, capsys):
    from central.cli import main
    path = tmp_path / "jobs.jsonld"
    path.write_text(json.dumps([{**NESTED, "identifier": "cli-1"}, {"@type": "JobPosting"}]), encoding="utf-8")
    cfg = tmp_path / "central.toml"
    cfg.write_text(f'[server]\nenvironment = "development"\n[database]\nurl = "{central.db_url}"\n',
                   encoding="utf-8")
    assert main(["--config", str(cfg), "import-jobs", str(path), "--hall", "1"]) == 3
    out = capsys.readouterr().out
    assert out.startswith("imported 1, updated 0, unchanged 0, expired 0, rejected 1\n")
    assert "record 1 '仓库管理员': imported as posting" in out and "record 2 '': rejected: title is missing" in out
    with central.db.session() as s:
        assert s.query(Job).filter(Job.external_id == "cli-1").one().hall_id == 1
