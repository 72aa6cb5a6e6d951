"""Clients generated from the committed contract work (issue 14 §2).

- openapi-python-client builds a client from ``openapi/openapi.json`` without a warning, and that
  client drives a district platform's whole day against a live ``lrc serve`` on loopback: a
  token as an integration client, a township, an enterprise and two coordinators, activities
  and an assessment, the scorecards, the ledger downloaded as xlsx and csv, a case and its
  deadlines, the change feed.
- openapi-typescript (the npm registry, installed by the test with the machine's npm) turns the
  same contract into types that the TypeScript compiler accepts in strict mode.
"""

from __future__ import annotations

import datetime as dt
import importlib
import io
import json
import os
import shutil
import subprocess
import sys
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import openpyxl
import pytest

ROOT = Path(__file__).resolve().parents[2]
CONTRACT = ROOT / "openapi" / "openapi.json"
GENERATE_SECONDS = 300
NPM_PACKAGES = ("openapi-typescript@7.13.0", "typescript@5.9.3")
"""Pinned, so the check does not move under us; ``npm install`` fetches them once per venv."""

SCOPES = (
    "regions:read regions:write enterprises:read enterprises:write coordinators:read "
    "coordinators:write activities:read activities:write activities:review assessments:read "
    "assessments:write cases:read cases:write changes:read"
)
"""A district platform's client: everything but personal data (`pii:read`) and accounts."""


def _run(cmd: list[str], cwd: Path, timeout: int = GENERATE_SECONDS) -> str:
    env = {
        **os.environ,
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}",
    }
    out = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout)
    assert out.returncode == 0, f"{cmd[0]} failed:\n{out.stdout}\n{out.stderr}"
    return out.stdout + out.stderr


@pytest.fixture(scope="module")
def lrc_client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ModuleType]:
    """The package openapi-python-client generates from the committed contract, imported."""
    where = tmp_path_factory.mktemp("python-client")
    tool = shutil.which("openapi-python-client") or str(
        Path(sys.executable).with_name("openapi-python-client")
    )
    log = _run(
        [
            tool,
            "generate",
            "--path",
            str(CONTRACT),
            "--meta",
            "none",
            "--config",
            str(ROOT / "openapi" / "openapi-python-client.yaml"),
            "--output-path",
            str(where / "lrc_client"),
        ],
        cwd=where,
    )
    assert "Warning" not in log and "Error" not in log, log
    sys.path.insert(0, str(where))
    try:
        yield importlib.import_module("lrc_client")
    finally:
        sys.path.remove(str(where))
        for name in [m for m in sys.modules if m == "lrc_client" or m.startswith("lrc_client.")]:
            del sys.modules[name]


def _api(name: str) -> Any:
    """A generated operation module, e.g. ``_api("cases.cases_list")``."""
    return importlib.import_module(f"lrc_client.api.{name}")


def _uscc(serial: int) -> str:
    """A unified social credit code (GB 32100) of a company in 汶上县, check character computed."""
    alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY"
    body = f"91370830MA{serial % 10**7:07d}"
    weights = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
    total = sum(alphabet.index(c) * w for c, w in zip(body, weights, strict=True))
    return body + alphabet[(31 - total % 31) % 31]


def _citizen_id(birth: str, serial: int) -> str:
    """A citizen ID number (GB 11643) of someone from 汶上县; an odd ``serial`` is a man."""
    body = f"370830{birth}{serial % 1000:03d}"
    weights = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
    return body + "10X98765432"[sum(int(c) * w for c, w in zip(body, weights, strict=True)) % 11]


def _register_client(migrated_db: str, region_id: int) -> dict[str, str]:
    """`lrc clients create` (the operator's step) for a platform bound to ``region_id``."""
    out = subprocess.run(
        [
            sys.executable,
            "-m",
            "lrc_api.cli",
            "clients",
            "create",
            "--name",
            "汶上县区级对接平台",
            "--role",
            "integration",
            "--region",
            str(region_id),
            "--scopes",
            SCOPES,
        ],
        env={**os.environ, "LRC_DATABASE_URL": migrated_db},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout)  # type: ignore[no-any-return]


def test_python_client_runs_a_district_platforms_day(
    lrc_client: ModuleType,
    live_server: str,
    migrated_db: str,
    auth_headers: Callable[..., dict[str, str]],
) -> None:
    """Token, records, scorecards, the xlsx ledger, a case's deadlines and the change feed."""
    m = importlib.import_module("lrc_client.models")
    tag = uuid.uuid4().hex[:8]
    # The county exists already (created by the province's administrator) …
    admin = importlib.import_module("lrc_client").AuthenticatedClient(
        base_url=live_server, token=auth_headers("admin")["Authorization"].split()[1]
    )
    county = _api("regions.regions_create").sync(
        client=admin,
        body=m.RegionCreate(code=f"370830-{tag}", name="汶上县", kind=m.RegionKind.COUNTY),
    )
    assert isinstance(county, m.RegionRead), county
    # … and the district platform is registered for it, then signs in with its credentials.
    registered = _register_client(migrated_db, county.id)
    public = importlib.import_module("lrc_client").Client(base_url=live_server)
    token = _api("auth.auth_token").sync(
        client=public,
        body=m.ClientCredentialsGrant(
            grant_type="client_credentials",
            client_id=registered["client_id"],
            client_secret=registered["client_secret"],
        ),
    )
    assert isinstance(token, m.TokenResponse), token
    assert token.token_type == "Bearer" and "changes:read" in token.scope.split()
    api = importlib.import_module("lrc_client").AuthenticatedClient(
        base_url=live_server, token=token.access_token
    )
    me = _api("auth.auth_me").sync(client=api)
    assert (me.kind, me.role, me.region_id) == (m.PrincipalKind.CLIENT, "integration", county.id)

    town = _api("regions.regions_create").sync(
        client=api,
        body=m.RegionCreate(
            code=f"370830103-{tag}", name="南站镇", kind=m.RegionKind.TOWNSHIP, parent_id=county.id
        ),
        idempotency_key=f"town-{tag}",
    )
    assert isinstance(town, m.RegionRead) and town.parent_id == county.id
    enterprise = _api("enterprises.enterprises_create").sync(
        client=api,
        body=m.EnterpriseCreate(
            region_id=town.id,
            uscc=_uscc(int(tag, 16)),
            name=f"汶上县鲁泰纺织服装有限公司{tag}",
            industry="industry",
            employees=320,
            revenue_10k_yuan=18500,
        ),
    )
    assert isinstance(enterprise, m.EnterpriseRead), enterprise
    assert enterprise.size == m.EnterpriseSize.MEDIUM  # 300 ≤ 320 < 1000 persons, 2017 table

    def coordinator(name: str, id_number: str, kind: Any) -> Any:
        created = _api("coordinators.coordinators_create").sync(
            client=api,
            body=m.CoordinatorCreate(
                region_id=town.id,
                name=name,
                id_number=id_number,
                phone="13905378812",
                coordinator_type=kind,
                employment_identity=m.EmploymentIdentity.COMMUNITY_WORKER,
                education_level=m.EducationLevel.BACHELOR,
                work_unit="南站镇劳动保障事务所",
                labor_work_started_on=dt.date(2016, 3, 1),
            ),
        )
        assert isinstance(created, m.CoordinatorRead), created
        assert created.pii_masked and created.id_number == id_number[:6] + "*" * 8 + id_number[-4:]
        return created

    serial = int(tag, 16) % 500 * 2
    wang = coordinator("王秀兰", _citizen_id("19880512", serial), m.CoordinatorType.TOWNSHIP)
    li = coordinator("李建国", _citizen_id("19900716", serial + 1), m.CoordinatorType.COMMUNITY)

    evidence = [
        m.Evidence(name="宣传活动方案.pdf", uri="s3://lrc-evidence/xc.pdf", sha256="a" * 64),
        m.Evidence(name="现场照片.jpg", uri="s3://lrc-evidence/xc.jpg", sha256="b" * 64),
    ]
    for kind, day in ((m.ActivityKind.PUBLICITY, 1), (m.ActivityKind.MEDIATION_OWN_UNIT, 20)):
        activity = _api("activities.activities_create").sync(
            client=api,
            body=m.ActivityCreate(
                coordinator_id=wang.id,
                kind=kind,
                occurred_on=dt.date(2025, 8, day),
                enterprise_id=enterprise.id,
                evidence=evidence,
            ),
        )
        assert isinstance(activity, m.ActivityRead) and activity.review == m.ReviewState.PENDING
        reviewed = _api("activities.activities_review").sync(  # by someone else (four eyes)
            activity.id,
            client=admin,
            body=m.ReviewRequest(decision=m.ReviewDecision.APPROVED),
            if_match=f'"{activity.version}"',
        )
        assert isinstance(reviewed, m.ActivityRead), reviewed
        assert reviewed.review == m.ReviewState.APPROVED
    assessment = _api("assessments.assessments_create").sync(
        client=api,
        body=m.AssessmentCreate(coordinator_id=wang.id, year=2025, quarter=3, base_score=26),
    )
    assert isinstance(assessment, m.AssessmentRead), assessment

    cards = _api("coordinators.coordinators_scorecards").sync(wang.id, client=api, year=2025)
    assert isinstance(cards, m.CoordinatorScorecards), cards
    q3 = cards.quarters[2]
    assert q3.quarter == 3 and q3.assessment_id == assessment.id and len(q3.activity_ids) == 2
    # 附件1 8.3: base 26 + publicity 5 + own-unit mediation (per the pack), no deduction.
    card = q3.scorecard
    assert card.base_score == 26 and card.bonus > 5 and card.total == 26 + card.bonus

    xlsx = _api("ledger.ledger_export").sync(
        client=api, year=2025, format_=m.LedgerFileFormat.XLSX, region_id=town.id
    )
    assert isinstance(xlsx, importlib.import_module("lrc_client.types").File), xlsx
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx.payload.read())).active
    cells = {str(c.value) for row in sheet.iter_rows() for c in row if c.value is not None}
    assert {"王秀兰", "李建国"} <= cells
    assert _citizen_id("19880512", serial) not in cells  # masked without pii:read
    csv = _api("ledger.ledger_export").sync(
        client=api, year=2025, format_=m.LedgerFileFormat.CSV, region_id=town.id
    )
    assert "王秀兰" in csv.payload.read().decode("utf-8-sig")
    ledger = _api("ledger.ledger_read").sync(client=api, year=2025, region_id=town.id)
    assert isinstance(ledger, m.Ledger), ledger

    case = _api("cases.cases_create").sync(
        client=api,
        body=m.CaseCreate(
            region_id=town.id,
            source=m.CaseSource.WALK_IN,
            procedure=m.Procedure.ARBITRATION,
            worker_count=1,
            received_on=dt.date(2025, 9, 22),
            enterprise_id=enterprise.id,
            summary="职工张某申请支付解除劳动合同经济补偿金",
            claims=[m.Claim(type_=m.ClaimType.ECONOMIC_COMPENSATION, amount=38400)],
            assignments=[m.Assignment(coordinator_id=li.id, role=m.AssignmentRole.LEAD)],
        ),
    )
    assert isinstance(case, m.CaseRead) and case.status == m.CaseStatus.RECEIVED, case
    before = _api("cases.cases_deadlines").sync(case.id, client=api)
    assert isinstance(before, m.CaseDeadlinesRead), before
    accepted = _api("cases.cases_transition").sync(
        case.id,
        client=api,
        body=m.TransitionRequest(to=m.CaseStatus.ACCEPTED, on=dt.date(2025, 9, 26)),
        if_match=f'"{case.version}"',
    )
    assert isinstance(accepted, m.CaseRead) and accepted.status == m.CaseStatus.ACCEPTED
    event = _api("cases.cases_add_event").sync(
        case.id,
        client=api,
        body=m.CaseEventCreate(kind=m.CaseEventKind.RESPONDENT_SERVED, on=dt.date(2025, 10, 10)),
    )
    assert isinstance(event, m.CaseEventRead), event
    after = _api("cases.cases_deadlines").sync(case.id, client=api)
    keys = {d.key for d in after.deadlines}
    # 调解仲裁法 第三十条 / 办案规则: served → defence due; 第四十三条: the award's 45 days.
    assert {m.DeadlineKey.DEFENCE_DUE, m.DeadlineKey.AWARD} <= keys
    assert after.deadlines != before.deadlines

    seen: list[Any] = []
    after_seq = 0
    while True:
        page = _api("changes.changes_list").sync(client=api, after=after_seq, limit=200)
        assert isinstance(page, m.ChangePage), page
        seen += page.items
        if not page.items:
            break
        after_seq = page.next_after
    mine = {(c.entity, c.entity_id) for c in seen}
    assert {("region", town.id), ("enterprise", enterprise.id), ("case", case.id)} <= mine
    assert ("coordinator", wang.id) in mine and ("assessment", assessment.id) in mine


def _npm_tools() -> Path:
    """openapi-typescript and typescript, installed once beside the venv with the machine's npm."""
    npm = shutil.which("npm")
    if npm is None:
        pytest.skip("npm is needed to install openapi-typescript, and this machine has none")
    prefix = Path(sys.prefix) / "npm-tools"
    marker = prefix / ("installed-" + "+".join(NPM_PACKAGES).replace("/", "_"))
    if not marker.exists():
        prefix.mkdir(parents=True, exist_ok=True)
        _run(
            [
                npm,
                "install",
                "--no-audit",
                "--no-fund",
                "--loglevel=error",
                "--prefix",
                str(prefix),
                *NPM_PACKAGES,
            ],
            cwd=prefix,
        )
        marker.touch()
    return prefix / "node_modules" / ".bin"


TYPESCRIPT_USE = """\
import type { components, operations, paths } from "./lrc";

type Schemas = components["schemas"];
export const status: Schemas["CaseStatus"] = "accepted";
export const grant: Schemas["TokenGrant"] = {
  grant_type: "client_credentials",
  client_id: "lrc_3f9a2c71e0b84d56a1c2",
  client_secret: "secret",
};
export const region: Schemas["RegionCreate"] = { code: "370830103", name: "南站镇", kind: "township" };
type CaseList = operations["cases-list"]["responses"][200]["content"]["application/json"];
export const page: CaseList = { items: [], next_cursor: null };
type Export = paths["/v1/ledger/export"]["get"];
export const query: Export["parameters"]["query"] = { year: 2025, format: "xlsx" };
"""
"""Uses the generated types as a district platform's code would: named enumerations, the token
form per grant, operations by id, the ledger file's parameters."""


def test_typescript_types_generate_and_compile(tmp_path: Path) -> None:
    """openapi-typescript accepts the contract; tsc --strict accepts its output in use."""
    tools = _npm_tools()
    log = _run(
        [
            str(tools / "openapi-typescript"),
            str(CONTRACT),
            # Request fields with a default stay optional (v7 would make them required).
            "--default-non-nullable",
            "false",
            "-o",
            str(tmp_path / "lrc.ts"),
        ],
        cwd=tmp_path,
    )
    assert "error" not in log.lower() and "warn" not in log.lower(), log
    (tmp_path / "use.ts").write_text(TYPESCRIPT_USE, encoding="utf-8")
    _run(
        [
            str(tools / "tsc"),
            "--noEmit",
            "--strict",
            "--skipLibCheck",
            "--target",
            "es2022",
            "--module",
            "es2022",
            "--moduleResolution",
            "bundler",
            "use.ts",
        ],
        cwd=tmp_path,
    )
