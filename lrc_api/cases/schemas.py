"""Request and response models of cases, their assignments, timeline events and deadlines."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator
from typing_extensions import TypeAliasType

from lrc_api.cases import workflow
from lrc_api.core.schemas import IsoDate, Money, not_null
from lrc_api.core.text import RequestModel
from lrc_api.core.types import MAX_ID, FreeText
from lrc_api.core.vocabulary import label as vocabulary_label
from lrc_api.rules.deadlines.schemas import (
    ClaimType,
    DeadlineKey,
    DeadlineOut,
    Matter,
    PendingOut,
    Procedure,
    TraceStep,
)
from lrc_rules import case_outcomes, case_timeline

CaseSource = TypeAliasType(
    "CaseSource",
    Literal[
        "hotline_12345", "wage_clue_platform", "walk_in", "inspection_finding", "referral", "other"
    ],
)
"""Where the case came from: 12345 热线, 欠薪线索平台, 来访, 检查发现, 移交/转办, other."""

DisputeCategory = TypeAliasType(
    "DisputeCategory",
    Literal[
        "labor_relationship",
        "contract",
        "dismissal_resignation",
        "working_conditions",
        "pay_compensation",
        "other",
    ],
)
"""Dispute type (汶政字〔2024〕59号 附件1 7.2): 确认劳动关系; 订立/履行/变更/解除/终止劳动合同;
除名/辞退/辞职/离职; 工作时间/休息休假/社会保险/福利/培训/劳动保护; 劳动报酬/工伤医疗费/经济补偿/赔偿金;
法律法规规定的其他劳动争议."""

CaseStatus = TypeAliasType("CaseStatus", Literal[workflow.STATUSES])  # type: ignore[valid-type]
"""受理前 received → accepted → in_progress ⇄ suspended → mediated | awarded | withdrawn |
transferred → closed. The concluding statuses name how the handling ended — mediated: by the
parties' mediation or coordination (with or without agreement: see the conclusion); awarded: by a
decision of the handling body (an award, an inspection decision) — and each procedure has only
those it can end in (lrc_rules.case_outcomes)."""

Conclusion = TypeAliasType(
    "CaseConclusion",
    Literal[case_outcomes.CONCLUSION_CODES],  # type: ignore[valid-type]
)
"""How a case concluded (结案方式): agreement/no_agreement (调解), arbitral_mediation/award (仲裁),
penalized/rectification_ordered/case_dismissed/no_violation (劳动保障监察), resolved/unresolved
(线索、工单), withdrawn, transferred — which ones a status allows depends on the procedure."""

Timeliness = TypeAliasType(
    "CaseTimeliness",
    Literal[case_outcomes.TIMELINESS],  # type: ignore[valid-type]
)
"""Whether a case concluded by its main deadline (按期, on_time) or after it (超期, late)."""

AssignmentRole = TypeAliasType("AssignmentRole", Literal["lead", "assist"])
"""A coordinator's part in a case: the lead (at most one) or an assistant."""

EventKind = TypeAliasType(
    "CaseEventKind",
    Literal[(*case_timeline.EVENT_KINDS, "note")],  # type: ignore[valid-type]
)
"""A timeline entry a client may post: the deadline rules' events, or a plain note."""

TimelineKind = TypeAliasType(
    "TimelineKind",
    Literal[(*case_timeline.EVENT_KINDS, "note", "status_changed")],  # type: ignore[valid-type]
)
"""A timeline entry as stored: a posted event or a status change the service wrote."""

Amount = Money
"""An amount in 元, at most two decimals."""

DisputeCategories = Annotated[
    list[DisputeCategory], Field(max_length=6, json_schema_extra={"uniqueItems": True})
]
"""Dispute types (附件1 7.2), each at most once."""


class Claim(BaseModel):
    """One claim item of the case: its type and the amount claimed, if money."""

    model_config = ConfigDict(extra="forbid")

    type: ClaimType = Field(
        description="labor_remuneration, work_injury_medical, economic_compensation, damages, "
        "labor_standards or other."
    )
    amount: Amount | None = Field(None, description="Amount claimed in 元 (money claims).")


class ClaimInput(Claim, RequestModel):
    """A claim item as a request sends it: clean text only (``Claim`` also reads old rows)."""


class Assignment(RequestModel):
    """A coordinator working on the case."""

    model_config = ConfigDict(extra="forbid")

    coordinator_id: int = Field(
        ge=1, le=MAX_ID, description="The coordinator (must be in your region)."
    )
    role: AssignmentRole = Field(description="lead (at most one per case) or assist.")


def _unique(values: list[Any], what: str) -> list[Any]:
    if len(set(values)) != len(values):
        raise ValueError(f"lists the same {what} twice")
    return values


class CaseWrite(RequestModel):
    """Checks shared by case creation and change."""

    @field_validator("categories", check_fields=False)
    @classmethod
    def _distinct_categories(cls, v: list[str] | None) -> list[str] | None:
        return None if v is None else _unique(v, "category")


class CaseCreate(CaseWrite):
    """A new case; it starts in status ``received``."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "region_id": 2,
                    "source": "hotline_12345",
                    "procedure": "hotline",
                    "matter": "complaint",
                    "worker_count": 3,
                    "received_on": "2025-09-02",
                    "enterprise_id": 7,
                    "number": "12345-20250902-0387",
                    "summary": "3名职工反映被拖欠2025年7—8月工资共24600元",
                    "categories": ["pay_compensation"],
                    "claims": [{"type": "labor_remuneration", "amount": 24600}],
                    "assignments": [
                        {"coordinator_id": 12, "role": "lead"},
                        {"coordinator_id": 15, "role": "assist"},
                    ],
                }
            ]
        }
    )

    number: FreeText | None = Field(
        None,
        min_length=1,
        max_length=60,
        description="The case number (e.g. 汶劳人仲案字〔2025〕第12号); left out, the service "
        "gives LRC-<year of receipt>-<id>.",
    )
    region_id: int = Field(
        ge=1, le=MAX_ID, description="Region the case belongs to (in your region)."
    )
    source: CaseSource = Field(description="Where the case came from.")
    procedure: Procedure = Field(
        description="Procedure it follows (decides its deadlines); fixed once created."
    )
    matter: Matter | None = Field(
        None, description="Required for wage_clue and hotline cases; absent otherwise."
    )
    categories: DisputeCategories = Field(
        default_factory=list, description="Dispute types (附件1 7.2), each once."
    )
    enterprise_id: int | None = Field(
        None, ge=1, le=MAX_ID, description="The employer, if registered."
    )
    worker_count: int = Field(ge=1, le=1_000_000, description="Workers on the claimant side (≥ 1).")
    claims: list[ClaimInput] = Field(
        default_factory=list, max_length=50, description="Claim items."
    )
    summary: FreeText | None = Field(None, max_length=2000, description="What the case is about.")
    received_on: IsoDate = Field(description="Day it was received (not in the future).")
    accepted_on: IsoDate | None = Field(None, description="Day it was accepted (受理), if yet.")
    filed_on: IsoDate | None = Field(None, description="Day an inspection case was filed (立案).")
    assignments: list[Assignment] = Field(
        default_factory=list, max_length=50, description="Coordinators on the case."
    )


class CaseUpdate(CaseWrite):
    """Changes to a case (all optional). Status moves through …/transition, not here."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "worker_count": 4,
                    "claims": [{"type": "labor_remuneration", "amount": 31200}],
                    "summary": "4名职工反映被拖欠2025年7—8月工资共31200元",
                }
            ]
        }
    )

    number: FreeText | None = Field(
        None, json_schema_extra=not_null, min_length=1, max_length=60, description="New number."
    )
    region_id: int | None = Field(
        None,
        json_schema_extra=not_null,
        ge=1,
        le=MAX_ID,
        description="Move the case to this region.",
    )
    source: CaseSource | None = Field(None, json_schema_extra=not_null, description="New source.")
    matter: Matter | None = Field(None, description="New kind of matter (wage_clue, hotline).")
    categories: DisputeCategories | None = Field(
        None,
        json_schema_extra=not_null,
        description="New dispute types (replaces the list).",
    )
    enterprise_id: int | None = Field(
        None, ge=1, le=MAX_ID, description="New employer (null: none)."
    )
    worker_count: int | None = Field(
        None, json_schema_extra=not_null, ge=1, le=1_000_000, description="New worker count."
    )
    claims: list[ClaimInput] | None = Field(
        None, json_schema_extra=not_null, max_length=50, description="New claims (replaces)."
    )
    summary: FreeText | None = Field(None, max_length=2000, description="New summary.")
    received_on: IsoDate | None = Field(
        None, json_schema_extra=not_null, description="Corrected day of receipt."
    )
    accepted_on: IsoDate | None = Field(None, description="Day it was accepted (受理).")
    filed_on: IsoDate | None = Field(None, description="Day it was filed (立案).")
    outcome: FreeText | None = Field(None, max_length=1000, description="How the case ended.")
    assignments: list[Assignment] | None = Field(
        None,
        json_schema_extra=not_null,
        max_length=50,
        description="New coordinators (replaces the list).",
    )


class AssignmentRead(BaseModel):
    """A coordinator on the case."""

    coordinator_id: int = Field(description="The coordinator.")
    role: AssignmentRole = Field(description="lead or assist.")


class CaseRead(BaseModel):
    """A case as stored, with its assignments."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "id": 1,
                    "number": "汶劳人仲案字〔2025〕第86号",
                    "region_id": 2,
                    "source": "walk_in",
                    "procedure": "arbitration",
                    "matter": None,
                    "categories": ["dismissal_resignation", "pay_compensation"],
                    "enterprise_id": 1,
                    "enterprise_name": "汶上县鑫源纺织有限公司",
                    "worker_count": 1,
                    "collective": False,
                    "claims": [{"type": "economic_compensation", "amount": "38400"}],
                    "summary": "职工张某申请支付解除劳动合同经济补偿金",
                    "received_on": "2025-09-22",
                    "accepted_on": "2025-09-26",
                    "filed_on": None,
                    "closed_on": None,
                    "outcome": None,
                    "status": "in_progress",
                    "conclusion": None,
                    "concluded_on": None,
                    "timeliness": None,
                    "next_due_on": "2025-10-23",
                    "next_due_key": "defence_due",
                    "main_due_on": "2025-11-10",
                    "allowed_transitions": [
                        "suspended",
                        "mediated",
                        "awarded",
                        "withdrawn",
                        "transferred",
                    ],
                    "assignments": [{"coordinator_id": 1, "role": "lead"}],
                    "created_by": "user:county-admin",
                    "version": 4,
                    "created_at": "2025-10-10T02:46:01Z",
                    "updated_at": "2025-10-10T02:46:01Z",
                }
            ]
        }
    )

    id: int = Field(description="Case id.")
    number: str = Field(description="Case number.")
    region_id: int = Field(description="Region the case belongs to.")
    source: CaseSource = Field(description="Where it came from.")
    procedure: Procedure = Field(description="Procedure it follows.")
    matter: Matter | None = Field(description="Kind of wage-clue/hotline matter.")
    categories: list[DisputeCategory] = Field(description="Dispute types.")
    enterprise_id: int | None = Field(description="The employer.")
    enterprise_name: str | None = Field(
        None,
        description="The employer's name as it stands now (null without an employer, or when "
        "the employer is recorded outside your region), so a work list reads without a look-up "
        "per case.",
    )
    worker_count: int = Field(description="Workers on the claimant side.")
    collective: bool = Field(
        description="Collective dispute (worker_count ≥ the pack's minimum, 10: 办案规则 第五条): "
        "file and hear with priority."
    )
    claims: list[Claim] = Field(description="Claim items.")
    summary: str | None = Field(description="What the case is about.")
    received_on: dt.date = Field(description="Day received.")
    accepted_on: dt.date | None = Field(description="Day accepted.")
    filed_on: dt.date | None = Field(description="Day filed (立案).")
    closed_on: dt.date | None = Field(description="Day closed.")
    outcome: str | None = Field(description="How it ended.")
    status: CaseStatus = Field(description="Where it stands.")
    conclusion: Conclusion | None = Field(
        description="How it concluded (结案方式), recorded on entering a concluding status; null "
        "while open (and for cases concluded before conclusions were recorded, when the status "
        "did not say)."
    )
    concluded_on: dt.date | None = Field(
        description="Day it entered a concluding status (mediated, awarded, withdrawn, transferred)."
    )
    timeliness: Timeliness | None = Field(
        description="on_time (按期) or late (超期) against its main deadline (mediation_end, award, "
        "investigation or closure); null while open or when that deadline had not started."
    )
    next_due_on: dt.date | None = Field(
        description="While open: the earliest due date among its running deadlines (null: none "
        "running, or concluded). Overdue when before today."
    )
    next_due_key: DeadlineKey | None = Field(description="The deadline next_due_on belongs to.")
    main_due_on: dt.date | None = Field(
        description="While open: the due date of its main deadline (null: not started yet, or "
        "its clock stopped by a suspension)."
    )
    allowed_transitions: list[CaseStatus] = Field(description="Statuses it may move to next.")
    assignments: list[AssignmentRead] = Field(description="Coordinators on the case.")
    created_by: str = Field(description="Who recorded it.")
    version: int = Field(description="Version; the ETag.")
    created_at: dt.datetime = Field(description="Created (UTC).")
    updated_at: dt.datetime = Field(description="Last changed (UTC).")


class TransitionRequest(RequestModel):
    """Move a case to another status."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [{"to": "accepted", "on": "2025-09-03", "note": "材料齐全，予以受理"}]
        }
    )

    to: CaseStatus = Field(description="The status to move to (see allowed_transitions).")
    conclusion: Conclusion | None = Field(
        None,
        description="How the case ended, on a move to mediated, awarded, withdrawn or transferred: "
        "required where the procedure allows several (a mediation: agreement or no_agreement; a "
        "clue or work order: resolved or unresolved; an inspection decision: penalized, "
        "rectification_ordered, case_dismissed or no_violation), else implied (withdrawn, "
        "transferred, an arbitration's award or arbitral_mediation). Absent on other moves.",
    )
    on: IsoDate | None = Field(None, description="Day it happened (default today; not future).")
    note: FreeText | None = Field(None, max_length=2000, description="Why, for the timeline.")


class CaseEventCreate(RequestModel):
    """A new entry of the case's timeline (entries are never changed or deleted)."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "kind": "note",
                    "on": "2025-09-05",
                    "note": "已电话联系用人单位负责人，约定9月8日到场协商",
                }
            ]
        }
    )

    kind: EventKind = Field(description="What happened; the deadlines react to all but note.")
    on: IsoDate = Field(
        description="Day it happened (not future), or for hearing_scheduled the hearing date."
    )
    days: int | None = Field(None, ge=1, le=400, description="Only for extension: days granted.")
    note: FreeText | None = Field(
        None, max_length=2000, description="Remarks (required for a note)."
    )


class CaseEventRead(BaseModel):
    """One timeline entry."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "id": 3,
                    "case_id": 1,
                    "seq": 3,
                    "kind": "respondent_served",
                    "label": "送达申请书副本",
                    "on": "2025-10-10",
                    "days": None,
                    "status": None,
                    "note": "仲裁申请书副本已送达被申请人",
                    "actor": "user:county-admin",
                    "created_at": "2025-10-10T02:46:01Z",
                }
            ]
        },
        from_attributes=True,
    )

    id: int = Field(description="Entry id.")
    case_id: int = Field(description="The case.")
    seq: int = Field(description="Position in the case's timeline (1, 2, …).")
    kind: TimelineKind = Field(description="What happened.")
    label: str = Field(
        "",
        description="What happened in Chinese (vocabulary `timeline_kind`; a status change names "
        "the status entered, e.g. 状态变更：已受理).",
    )
    on: dt.date = Field(description="Day it happened (hearing_scheduled: the hearing date).")
    days: int | None = Field(description="Days granted (extension).")
    status: CaseStatus | None = Field(description="For status_changed: the status entered.")
    note: str | None = Field(description="Remarks.")
    actor: str = Field(description="Who recorded it.")
    created_at: dt.datetime = Field(description="Recorded (UTC).")

    @model_validator(mode="after")
    def _label(self) -> CaseEventRead:
        if not self.label:
            name = vocabulary_label("timeline_kind", self.kind)
            if self.status is not None:
                name += "：" + vocabulary_label("case_status", self.status)
            self.label = name
        return self


class IgnoredEvent(BaseModel):
    """A timeline entry the deadlines of the case's procedure do not react to."""

    seq: int = Field(description="The entry's seq.")
    kind: str = Field(description="Its kind.")
    reason: str = Field(description="Why it did not count.")


class CaseDeadlinesRead(BaseModel):
    """The statutory deadlines of a stored case on a day, computed by the rules engine."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "case_id": 1,
                    "as_of": "2026-11-30",
                    "policy": "wenshang-2024",
                    "rules_version": "0.1.0",
                    "procedure": "arbitration",
                    "deadlines": [
                        {
                            "key": "acceptance_decision",
                            "label": "受理审查",
                            "due_on": "2025-09-28",
                            "basis": "working_days",
                            "days": 5,
                            "counts_from": "2025-09-22",
                            "citation": {
                                "doc": "中华人民共和国劳动争议调解仲裁法",
                                "part": None,
                                "clause": None,
                                "article": "第二十九条",
                                "note": "办案规则 第三十条: 收到仲裁申请之日起五日内出具受理通知书; 第四十六条(二): "
                                "补正材料的，收到仲裁申请的时间从材料补正之日起重新计算; 第八十条: 五日指工作日",
                                "status": "verified",
                                "text": "中华人民共和国劳动争议调解仲裁法 第二十九条",
                            },
                            "status": "met",
                            "provisional": False,
                            "done_on": "2025-09-26",
                            "extension_days": 0,
                            "excluded_days": 0,
                            "suspended": False,
                            "extension": None,
                        },
                        {
                            "key": "serve_respondent",
                            "label": "送达申请书副本",
                            "due_on": "2025-10-10",
                            "basis": "working_days",
                            "days": 5,
                            "counts_from": "2025-09-26",
                            "citation": {
                                "doc": "中华人民共和国劳动争议调解仲裁法",
                                "part": None,
                                "clause": None,
                                "article": "第三十条",
                                "note": "受理仲裁申请后，应当在五日内将仲裁申请书副本送达被申请人; 办案规则 第八十条: 五日指工作日",
                                "status": "verified",
                                "text": "中华人民共和国劳动争议调解仲裁法 第三十条",
                            },
                            "status": "met",
                            "provisional": False,
                            "done_on": "2025-10-10",
                            "extension_days": 0,
                            "excluded_days": 0,
                            "suspended": False,
                            "extension": None,
                        },
                        {
                            "key": "defence_due",
                            "label": "提交答辩书",
                            "due_on": "2025-10-23",
                            "basis": "working_days",
                            "days": 10,
                            "counts_from": "2025-10-10",
                            "citation": {
                                "doc": "中华人民共和国劳动争议调解仲裁法",
                                "part": None,
                                "clause": None,
                                "article": "第三十条",
                                "note": "被申请人收到仲裁申请书副本后，应当在十日内提交答辩书; 办案规则 第八十条: 十日指工作日",
                                "status": "verified",
                                "text": "中华人民共和国劳动争议调解仲裁法 第三十条",
                            },
                            "status": "overdue",
                            "provisional": False,
                            "done_on": None,
                            "extension_days": 0,
                            "excluded_days": 0,
                            "suspended": False,
                            "extension": None,
                        },
                        {
                            "key": "award",
                            "label": "仲裁审理期限",
                            "due_on": "2025-11-10",
                            "basis": "calendar_days",
                            "days": 45,
                            "counts_from": "2025-09-26",
                            "citation": {
                                "doc": "中华人民共和国劳动争议调解仲裁法",
                                "part": None,
                                "clause": None,
                                "article": "第四十三条",
                                "note": "自受理仲裁申请之日起四十五日内结束; 办案规则 第四十五条; 第八十条: 四十五日指自然日",
                                "status": "verified",
                                "text": "中华人民共和国劳动争议调解仲裁法 第四十三条",
                            },
                            "status": "overdue",
                            "provisional": False,
                            "done_on": None,
                            "extension_days": 0,
                            "excluded_days": 0,
                            "suspended": False,
                            "extension": None,
                        },
                    ],
                    "pending": [
                        {
                            "key": "hearing_notice",
                            "label": "开庭通知",
                            "waiting_for": "hearing_scheduled event",
                            "citation": {
                                "doc": "中华人民共和国劳动争议调解仲裁法",
                                "part": None,
                                "clause": None,
                                "article": "第三十五条",
                                "note": "仲裁庭应当在开庭五日前，将开庭日期、地点书面通知双方当事人; 办案规则 第三十八条; 第八十条: "
                                "五日指工作日",
                                "status": "verified",
                                "text": "中华人民共和国劳动争议调解仲裁法 第三十五条",
                            },
                        },
                        {
                            "key": "sue_after_award",
                            "label": "不服裁决起诉",
                            "waiting_for": "award_received event",
                            "citation": {
                                "doc": "中华人民共和国劳动争议调解仲裁法",
                                "part": None,
                                "clause": None,
                                "article": "第四十八条、第五十条",
                                "note": "劳动者对终局裁决不服的，可以自收到仲裁裁决书之日起十五日内提起诉讼; "
                                "对其他裁决不服的，可以自收到仲裁裁决书之日起十五日内提起诉讼",
                                "status": "verified",
                                "text": "中华人民共和国劳动争议调解仲裁法 第四十八条、第五十条",
                            },
                        },
                        {
                            "key": "revoke_final_award",
                            "label": "申请撤销终局裁决",
                            "waiting_for": "award_received event",
                            "citation": {
                                "doc": "中华人民共和国劳动争议调解仲裁法",
                                "part": None,
                                "clause": None,
                                "article": "第四十九条",
                                "note": "用人单位……可以自收到仲裁裁决书之日起三十日内向劳动争议仲裁委员会所在地的中级人民法院申请撤销裁决",
                                "status": "verified",
                                "text": "中华人民共和国劳动争议调解仲裁法 第四十九条",
                            },
                        },
                    ],
                    "collective": False,
                    "overdue": True,
                    "provisional": False,
                    "warnings": [],
                    "ignored_events": [],
                    "trace": [
                        {
                            "rule": "acceptance_decision",
                            "citation": "中华人民共和国劳动争议调解仲裁法 第二十九条",
                            "citation_status": "verified",
                            "inputs": {
                                "counts_from": "2025-09-22",
                                "days": 5,
                                "basis": "working_days",
                                "done_on": "2025-09-26",
                            },
                            "outcome": {"due_on": "2025-09-28", "status": "met"},
                        },
                        {
                            "rule": "serve_respondent",
                            "citation": "中华人民共和国劳动争议调解仲裁法 第三十条",
                            "citation_status": "verified",
                            "inputs": {
                                "counts_from": "2025-09-26",
                                "days": 5,
                                "basis": "working_days",
                                "done_on": "2025-10-10",
                            },
                            "outcome": {"due_on": "2025-10-10", "status": "met"},
                        },
                    ],
                }
            ]
        }
    )

    case_id: int = Field(description="The case.")
    as_of: dt.date = Field(description="The day statuses are judged on (today).")
    policy: str = Field(description="Policy pack used.")
    rules_version: str = Field(description="Version of the rules engine.")
    procedure: Procedure = Field(description="The case's procedure.")
    deadlines: list[DeadlineOut] = Field(description="Computed deadlines, in procedure order.")
    pending: list[PendingOut] = Field(description="Deadlines waiting for a date or event.")
    collective: bool | None = Field(description="Collective dispute: priority (办案规则 第五条).")
    overdue: bool = Field(description="Whether any deadline of this open case is overdue.")
    provisional: bool = Field(description="True when a year without holiday data was used.")
    warnings: list[str] = Field(description="Things to know.")
    ignored_events: list[IgnoredEvent] = Field(
        description="Timeline entries the procedure's deadlines do not react to."
    )
    trace: list[TraceStep] = Field(description="How each deadline was computed.")
