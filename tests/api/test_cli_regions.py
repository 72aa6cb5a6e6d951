"""Every ``lrc`` command's ``--region`` names a region the same way: by its code (the 行政区划代码
an operator knows, ``370830``), or by its id — as ``lrc import coordinators`` always did. An
unknown one exits 1 with a message naming it, never a traceback.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
from fastapi.testclient import TestClient

from lrc_api.cli import main
from tests.factories import make_region

Headers = Callable[..., dict[str, str]]


@pytest.fixture
def town(client: TestClient, auth_headers: Headers) -> dict[str, Any]:
    admin = auth_headers("admin")
    county = make_region(client, admin)
    return make_region(client, admin, parent_id=county["id"], kind="township")


@pytest.mark.parametrize("by", ["code", "id"])
def test_every_region_option_takes_a_code_or_an_id(
    town: dict[str, Any], capsys: pytest.CaptureFixture[str], by: str
) -> None:
    named = str(town[by])
    assert main(["cases", "recompute-deadlines", "--region", named]) == 0
    assert json.loads(capsys.readouterr().out)["cases_read"] == 0
    assert main(["risk", "evaluate", "--region", named]) == 0
    assert json.loads(capsys.readouterr().out)["candidates"] == 0
    username = f"cli-{by}-{town['id']}"
    password = "a-long-enough-password"
    user_argv = ["users", "create", "--username", username, "--role", "region_admin"]
    client_argv = ["clients", "create", "--name", f"平台-{by}", "--role", "integration"]
    assert main([*user_argv, "--region", named, "--password", password]) == 0
    assert json.loads(capsys.readouterr().out)["region_id"] == town["id"]
    assert main(["users", "list", "--region", named]) == 0
    assert [u["username"] for u in json.loads(capsys.readouterr().out)] == [username]
    assert main([*client_argv, "--region", named, "--scopes", "cases:read"]) == 0
    assert json.loads(capsys.readouterr().out)["region_id"] == town["id"]
    assert main(["clients", "list", "--region", named]) == 0
    assert len(json.loads(capsys.readouterr().out)) == 1


def test_an_unknown_region_exits_1_naming_it(capsys: pytest.CaptureFixture[str]) -> None:
    for argv in (
        ["cases", "recompute-deadlines", "--region", "NO-SUCH-CODE"],
        ["risk", "evaluate", "--region", "999999999"],
        [
            "users",
            "create",
            "--username",
            "cli-nowhere",
            "--role",
            "region_admin",
            "--region",
            "NO-SUCH-CODE",
        ],
        ["clients", "list", "--region", "NO-SUCH-CODE"],
    ):
        assert main(argv) == 1, argv
        err = capsys.readouterr().err
        assert "no region with code or id" in err and argv[argv.index("--region") + 1] in err
