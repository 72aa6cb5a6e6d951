"""Words people read (issue 12 §8): every code in a response has a Chinese name, a gloss and a source."""

from __future__ import annotations

import typing
from collections.abc import Callable
from typing import Any

import pytest
from fastapi.testclient import TestClient

from lrc_api.accounts.schemas import AccountRole
from lrc_api.activities.schemas import ActivityKind, ReviewState, RiskKind
from lrc_api.alerts.schemas import AlertState
from lrc_api.auth.schemas import PrincipalKind
from lrc_api.cases import workflow
from lrc_api.cases.schemas import (
    AssignmentRole,
    CaseSource,
    DisputeCategory,
    Matter,
    TimelineKind,
)
from lrc_api.coordinators.schemas import CoordinatorRead, CoordinatorType
from lrc_api.core.policies import get_registry
from lrc_api.core.principal import ROLE_SCOPES
from lrc_api.core.region_tree import REGION_KINDS
from lrc_api.core.vocabulary import label, names, vocabularies
from lrc_api.imports.schemas import ImportConflict, ImportMode, RowAction, SheetLayout
from lrc_api.ledger import service as ledger
from lrc_api.obligations.schemas import TargetKind
from lrc_api.rules.deadlines.schemas import (
    ClaimType,
    DayBasis,
    DeadlineKey,
    DeadlineOut,
    ExtensionOutcome,
    Procedure,
)
from lrc_api.rules.early_warning.schemas import SignalWindow
from lrc_api.rules.identifiers.schemas import IdentifierKind
from lrc_api.rules.kpi.schemas import TargetComparator
from lrc_api.rules.qualification.schemas import Requirement
from lrc_api.rules.scoring.schemas import IgnoredReason
from lrc_api.webhooks.schemas import DeliveryStatus
from lrc_rules import (
    case_outcomes,
    case_stats,
    case_timeline,
    identifiers,
    kpi,
    limitation,
    money,
    obligations,
    qualification,
    scoring,
    staffing,
)
from lrc_rules.early_warning import IGNORE_REASONS
from lrc_rules.early_warning_parameters import DIMENSIONS, LEVELS, SIGNAL_KINDS, UNITS
from lrc_rules.early_warning_summary import DIRECTIONS
from lrc_rules.enterprise_size import SIZES, industries
from lrc_rules.trace import CITATION_STATUSES

Headers = Callable[..., dict[str, str]]


def _args(tp: Any) -> set[str]:
    """The strings of a Literal, nested Literals and unions flattened."""
    out: set[str] = set()
    tp = getattr(tp, "__value__", tp)  # a named enumeration (TypeAliasType) stands for its Literal
    for a in typing.get_args(tp):
        if isinstance(a, str):
            out.add(a)
        else:
            out |= _args(a)
    return out


def _obligation_names() -> set[str]:
    return {name for p in get_registry().list() for name in p.under("obligations")}


def _indicator_names() -> set[str]:
    return {name for p in get_registry().list() for name in p.under("kpi.indicators")}


SOURCES: dict[str, set[str]] = {
    "region_kind": set(REGION_KINDS),
    "coordinator_type": _args(CoordinatorType),
    "employment_identity": set(money.IDENTITIES),
    "education_level": set(qualification.EDUCATION_LEVELS),
    "education_status": set(qualification.EDUCATION_STATUSES),
    "certificate_kind": set(qualification.CERTIFICATE_KINDS),
    "qualification_level": {str(k) for k in qualification.LEVEL_NAMES},
    "coordinator_status": _args(CoordinatorRead.model_fields["status"].annotation),
    "enterprise_size": set(SIZES),
    "enterprise_load": set(staffing.ENTERPRISE_LOADS),
    "activity_kind": _args(ActivityKind),
    "media_level": set(scoring.MEDIA_LEVELS),
    "review_state": _args(ReviewState),
    "scoring_category": {"base", *scoring.CATEGORIES, "deduction", "total"},
    "case_source": _args(CaseSource),
    "case_matter": _args(Matter),
    "dispute_category": _args(DisputeCategory),
    "procedure": set(case_timeline.PROCEDURES) | _args(Procedure),
    "case_status": set(workflow.STATUSES),
    "assignment_role": _args(AssignmentRole),
    "claim_type": _args(ClaimType),
    "timeline_kind": _args(TimelineKind),
    "deadline_key": _args(DeadlineKey) | {k for ks in case_timeline.KEYS.values() for k in ks},
    "deadline_status": _args(DeadlineOut.model_fields["status"].annotation),
    "obligation": _obligation_names(),
    "obligation_status": set(obligations.STATUSES),
    "staffing_status": {"assessed", "incomplete", "not_applicable"},
    "role": set(ROLE_SCOPES) | _args(AccountRole),
    "industry": set(industries(get_registry().get("national"))),
    "qualification_requirement": _args(Requirement),
    "staffing_unit_kind": set(staffing.UNIT_KINDS),
    "identifier_kind": _args(IdentifierKind),
    "sex": {identifiers.MALE, identifiers.FEMALE},
    "scoring_ignored_reason": _args(IgnoredReason),
    "obligation_target_kind": _args(TargetKind),
    "pay_parity_outcome": set(money.PARITY_OUTCOMES),
    "case_conclusion": set(case_outcomes.CONCLUSION_CODES),
    "case_timeliness": set(case_outcomes.TIMELINESS),
    "day_basis": _args(DayBasis),
    "extension_outcome": _args(ExtensionOutcome),
    "limitation_status": set(limitation.STATUSES),
    "kpi_indicator": _indicator_names(),
    "count_period": set(case_stats.PERIODS),
    "comparator": set(kpi.COMPARATORS) | _args(TargetComparator),
    "target_outcome": set(kpi.OUTCOMES),
    "risk_level": set(LEVELS),
    "risk_trend": set(DIRECTIONS),
    "risk_dimension": set(DIMENSIONS),
    "signal_kind": set(SIGNAL_KINDS),
    "signal_unit": set(UNITS),
    "signal_window": _args(SignalWindow),
    "signal_ignored_reason": set(IGNORE_REASONS),
    "risk_report_kind": _args(RiskKind),
    "alert_state": _args(AlertState),
    "principal_kind": _args(PrincipalKind),
    "citation_status": set(CITATION_STATUSES),
    "import_mode": _args(ImportMode),
    "import_conflict": _args(ImportConflict),
    "sheet_layout": _args(SheetLayout),
    "import_row_action": _args(RowAction),
    "webhook_delivery_status": _args(DeliveryStatus),
}
"""Each vocabulary and the enumeration(s) in code it must name exactly."""


@pytest.mark.parametrize("vid", sorted(SOURCES))
def test_every_code_the_service_uses_has_a_name_and_no_more(vid: str) -> None:
    assert set(vocabularies()[vid].codes()) == SOURCES[vid]


def test_obligation_activity_kinds_are_recordable() -> None:
    """Every activity an obligation counts can be stored as an activity (issue 12 §6)."""
    assert set(obligations.ACTIVITY_KINDS) <= _args(ActivityKind)


def test_every_term_has_chinese_a_gloss_and_a_source() -> None:
    for v in vocabularies().values():
        assert v.zh and v.en, v.id
        assert v.citation is not None or v.note, f"{v.id}: cite the document or say why not"
        for t in v.terms:
            assert t.zh and t.en, f"{v.id}.{t.code}"
            assert any("\u4e00" <= ch <= "\u9fff" for ch in t.zh), f"{v.id}.{t.code}: {t.zh}"


def test_case_outcomes_and_indicators_are_the_rules_engines_terms() -> None:
    """lrc_rules.case_outcomes keeps its own names; the registry lists them as they are, clauses
    included (调解仲裁法 第十四条 for a mediation agreement), so the two never disagree."""
    for vid, terms in case_outcomes.OUTCOME_VOCABULARY.items():
        listed = vocabularies()[vid].terms
        assert [(t.code, t.zh, t.en, t.citation) for t in listed] == [
            (t.code, t.name, t.gloss, t.citation) for t in terms
        ], vid
    assert names("case_conclusion")["agreement"] == "达成调解协议"
    agreement = vocabularies()["case_conclusion"].terms[0].citation
    assert agreement is not None and agreement.article == "第十四条"


def test_label_falls_back_to_the_code() -> None:
    assert label("case_status", "accepted") == "已受理"
    assert label("case_status", "from_an_old_release") == "from_an_old_release"
    assert label("case_status", None) == ""


def test_ledger_names_come_from_the_registry() -> None:
    """The 台账 prints 协调员类型 and 学历 as 汶政字〔2024〕59号 三(三) and 附件1 5 write them."""
    assert names("coordinator_type") == ledger.TYPE_NAMES
    assert names("education_level") == ledger.EDUCATION_NAMES
    assert ledger.TYPE_NAMES["park_building_district"] == "园区(楼宇、商圈)"  # 三(三)1


def test_get_vocabularies_lists_each_with_citations(client: TestClient) -> None:
    r = client.get("/v1/vocabularies")
    assert r.status_code == 200
    body = {v["id"]: v for v in r.json()["vocabularies"]}
    assert set(body) == set(SOURCES)
    status = {t["code"]: t for t in body["case_status"]["terms"]}
    assert status["in_progress"]["zh"] == "办理中"
    kinds = {t["code"]: t for t in body["activity_kind"]["terms"]}
    assert kinds["placement"]["zh"] == "以干代训"
    assert kinds["placement"]["citation"]["text"] == "汶政字〔2024〕59号 三(四)"
    assert body["coordinator_type"]["citation"]["doc"] == "汶政字〔2024〕59号"
    assert body["industry"]["terms"][0]["zh"]  # names from the national size table
    one = client.get("/v1/vocabularies/deadline_key")
    assert one.status_code == 200 and one.json()["id"] == "deadline_key"
    award = next(t for t in one.json()["terms"] if t["code"] == "award")
    assert award["citation"]["article"] == "第四十三条"


def test_unknown_vocabulary_is_404_naming_the_known(client: TestClient) -> None:
    r = client.get("/v1/vocabularies/no_such_thing")
    assert r.status_code == 404 and "case_status" in r.json()["detail"]
    assert client.get("/v1/vocabularies/Bad-Id").status_code == 422


def test_case_deadlines_and_timeline_carry_labels(
    client: TestClient, auth_headers: Headers
) -> None:
    """An arbitration case's deadlines read 仲裁审理期限 …; its timeline 状态变更：已受理, 中止审理."""
    from tests.factories import make_region

    admin = auth_headers("admin")
    region = make_region(client, admin)
    r = client.post(
        "/v1/cases",
        json={
            "region_id": region["id"],
            "source": "walk_in",
            "procedure": "arbitration",
            "worker_count": 1,
            "received_on": "2025-06-02",
            "accepted_on": "2025-06-04",
        },
        headers=admin,
    )
    assert r.status_code == 201, r.text
    case = r.json()
    r = client.post(
        f"/v1/cases/{case['id']}/transition",
        json={"to": "accepted", "on": "2025-06-04"},
        headers={**admin, "If-Match": f'"{case["version"]}"'},
    )
    assert r.status_code == 200, r.text
    r = client.get(f"/v1/cases/{case['id']}/deadlines", headers=admin)
    assert r.status_code == 200, r.text
    labels = {d["key"]: d["label"] for d in r.json()["deadlines"]}
    assert labels["award"] == "仲裁审理期限"
    assert all(p["label"] for p in r.json()["pending"])
    r = client.get(f"/v1/cases/{case['id']}/events", headers=admin)
    assert r.status_code == 200, r.text
    entries = r.json()["items"]
    assert [e["label"] for e in entries if e["kind"] == "status_changed"] == ["状态变更：已受理"]


def test_the_rules_calculator_deadlines_carry_labels_too(client: TestClient) -> None:
    r = client.post(
        "/v1/rules/case-deadlines",
        json={"procedure": "mediation", "received_on": "2025-03-03", "as_of": "2025-03-05"},
    )
    assert r.status_code == 200, r.text
    assert r.json()["deadlines"][0]["label"] == "调解期限届满"
