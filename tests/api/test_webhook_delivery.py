"""Webhook delivery end to end: a receiver on loopback, the dispatcher, Standard Webhooks verifier.

Signatures are checked with ``standardwebhooks`` (the specification's reference verifier), never
with our own code. Timings are short (``FAST``) so retries and timeouts take fractions of a second.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any

import pytest
from fastapi.testclient import TestClient
from hypothesis import given
from hypothesis import strategies as st
from standardwebhooks import Webhook, WebhookVerificationError

from lrc_api.webhooks.attempts import backoff
from lrc_api.webhooks.dispatcher import Dispatcher
from tests.factories import make_coordinator, make_enterprise, make_region
from tests.webhook_receiver import Received, receiver
from tests.webhook_support import FAST, events_of, pump, quiet_webhooks, subscribe

__all__ = ["quiet_webhooks"]
pytestmark = pytest.mark.usefixtures("quiet_webhooks")

Headers = Callable[..., dict[str, str]]


def _deliveries(client: TestClient, headers: dict[str, str], sub_id: int) -> list[dict[str, Any]]:
    r = client.get(f"/v1/webhooks/{sub_id}/deliveries", params={"sort": "id"}, headers=headers)
    assert r.status_code == 200, r.text
    return list(r.json()["items"])


def test_events_arrive_in_commit_order_signed_per_standard_webhooks(
    client: TestClient, auth_headers: Headers
) -> None:
    admin = auth_headers("admin")
    with receiver() as rec:
        sub = subscribe(client, admin, rec.url)
        root = make_region(client, admin)
        for _ in range(5):
            make_enterprise(client, admin, root["id"])
        region = client.get(f"/v1/regions/{root['id']}", headers=admin)
        r = client.patch(
            f"/v1/regions/{root['id']}",
            json={"name": "改名区"},
            headers={**admin, "If-Match": region.headers["ETag"]},
        )
        assert r.status_code == 200, r.text
        pump(Dispatcher(settings=FAST), lambda: len(rec.received) >= 7)
        got = rec.wait_for(7)
    verifier = Webhook(sub["secret"])
    events = [verifier.verify(g.body, g.headers) for g in got]  # raises on a bad signature
    seqs = [e["data"]["seq"] for e in events]
    assert seqs == sorted(seqs) and len(set(seqs)) == 7
    assert [e["type"] for e in events] == ["region.create"] + ["enterprise.create"] * 5 + [
        "region.update"
    ]
    assert [g.headers["webhook-id"] for g in got] == [f"msg_{s}" for s in seqs]
    assert events[-1]["data"]["record"]["name"] == "改名区"
    assert events[1]["data"]["record"]["region_id"] == root["id"]
    assert all(g.headers["Content-Type"] == "application/json" for g in got)
    with pytest.raises(WebhookVerificationError):
        Webhook("whsec_" + "QUJD" * 8).verify(got[0].body, got[0].headers)


def test_personal_data_masked_unless_the_subscriber_has_pii_read(
    client: TestClient, auth_headers: Headers
) -> None:
    admin = auth_headers("admin")
    root = make_region(client, admin)
    without_pii = auth_headers("region_admin", region_id=root["id"], scopes=None)
    scopes = {"webhooks:write", "changes:read", "coordinators:read"}
    masked_headers = auth_headers("region_admin", region_id=root["id"], scopes=scopes)
    clear_headers = auth_headers("region_admin", region_id=root["id"], scopes=scopes | {"pii:read"})
    assert without_pii  # region_admin's own scopes include pii:read; the narrowed ones do not
    with receiver() as masked, receiver() as clear:
        subscribe(client, masked_headers, masked.url, event_types=["coordinator.create"])
        subscribe(client, clear_headers, clear.url, event_types=["coordinator.create"])
        person = make_coordinator(client, admin, root["id"])
        pump(Dispatcher(settings=FAST), lambda: bool(masked.received and clear.received))
        shown = events_of([masked.received[0].body])[0]["data"]["record"]
        full = events_of([clear.received[0].body])[0]["data"]["record"]
    read_back = client.get(f"/v1/coordinators/{person['id']}", headers=admin).json()
    assert full["id_number"] == read_back["id_number"] and full["pii_masked"] is False
    assert shown["pii_masked"] is True
    assert shown["id_number"] != full["id_number"] and "*" in shown["id_number"]
    assert full["id_number"] not in masked.received[0].body.decode()


def test_region_subtree_and_event_types_decide_what_is_pushed(
    client: TestClient, auth_headers: Headers
) -> None:
    admin = auth_headers("admin")
    county = make_region(client, admin)
    town_a = make_region(client, admin, parent_id=county["id"], kind="township")
    town_b = make_region(client, admin, parent_id=county["id"], kind="township")
    town_admin = auth_headers("region_admin", region_id=town_a["id"])
    with receiver() as rec:
        sub = subscribe(client, town_admin, rec.url, event_types=["enterprise.*"])
        assert sub["region_id"] == town_a["id"]  # default: the subscriber's own subtree
        mine = make_enterprise(client, admin, town_a["id"])
        make_enterprise(client, admin, town_b["id"])  # another township: not pushed
        make_region(client, admin, parent_id=town_a["id"], kind="community")  # not wanted
        last = make_enterprise(client, admin, town_a["id"])
        pump(Dispatcher(settings=FAST), lambda: len(rec.received) >= 2)
        time.sleep(0.1)
        events = events_of([g.body for g in rec.received])
    assert [(e["type"], e["data"]["entity_id"]) for e in events] == [
        ("enterprise.create", mine["id"]),
        ("enterprise.create", last["id"]),
    ]


def test_retried_after_500s_and_a_timeout_with_the_same_webhook_id_and_in_order(
    client: TestClient, auth_headers: Headers
) -> None:
    admin = auth_headers("admin")
    script = iter([(500, 0.0), (503, 0.0), (200, 1.5)])  # the third answers after the timeout

    def answer(_r: Received) -> tuple[int, float]:
        return next(script, (200, 0.0))

    with receiver() as rec:
        rec.answer = answer
        sub = subscribe(client, admin, rec.url, event_types=["region.create"])
        first = make_region(client, admin)
        second = make_region(client, admin)
        pump(Dispatcher(settings=FAST), lambda: len(rec.received) >= 3, timeout=30)
        # The timed-out attempt's request did arrive (its answer came late): at-least-once.
        arrived = sorted(rec.received, key=lambda g: g.at)
        ids = [g.headers["webhook-id"] for g in arrived]
    events = events_of([g.body for g in arrived])
    assert [e["data"]["entity_id"] for e in events] == [first["id"], first["id"], second["id"]]
    assert ids[0] == ids[1]
    attempts = _deliveries(client, admin, sub["id"])
    firsts = [a for a in attempts if a["seq"] == events[0]["data"]["seq"]]
    assert [a["attempt"] for a in firsts] == [1, 2, 3, 4]
    assert [a["status_code"] for a in firsts] == [500, 503, None, 200]
    assert firsts[2]["error"].startswith("timeout")
    assert [a["status"] for a in firsts] == ["failed"] * 3 + ["succeeded"]
    assert all(a["next_attempt_at"] for a in firsts[:3]) and firsts[3]["next_attempt_at"] is None
    assert len({a["message_id"] for a in firsts}) == 1
    assert all(a["duration_ms"] is not None and a["started_at"] for a in attempts)
    assert len(firsts[0]["response_excerpt"]) <= 200  # the receiver sent 5,000 characters
    later = [a for a in attempts if a["seq"] == events[2]["data"]["seq"]]
    assert later and min(a["id"] for a in later) > max(a["id"] for a in firsts)
    state = client.get(f"/v1/webhooks/{sub['id']}", headers=admin).json()
    assert state["failures"] == 0 and state["last_seq"] >= events[2]["data"]["seq"]


def test_keeps_failing_is_disabled_with_the_reason_and_resumes_from_that_event(
    client: TestClient, auth_headers: Headers
) -> None:
    admin = auth_headers("admin")
    settings = FAST.model_copy(update={"retry_period_seconds": 0.3})
    with receiver() as rec:
        rec.answer = lambda _r: (500, 0.0)
        sub = subscribe(client, admin, rec.url, event_types=["region.create"])
        failing = make_region(client, admin)
        following = make_region(client, admin)
        dispatcher = Dispatcher(settings=settings)

        def disabled() -> bool:
            return not client.get(f"/v1/webhooks/{sub['id']}", headers=admin).json()["active"]

        pump(dispatcher, disabled, timeout=20)
        state = client.get(f"/v1/webhooks/{sub['id']}", headers=admin)
        body = state.json()
        assert body["disabled_at"] and "HTTP 500" in body["disabled_reason"]
        assert "msg_" in body["disabled_reason"] and body["version"] == sub["version"] + 1
        audit = client.get(
            "/v1/audit",
            params={"entity": "webhook_subscription", "entity_id": sub["id"]},
            headers=admin,
        ).json()["items"]
        assert [a["action"] for a in audit] == ["create", "disable"]
        assert rec.received == []
        # Re-enabled: it starts again from the event that failed, nothing is skipped.
        rec.answer = lambda _r: (200, 0.0)
        r = client.patch(
            f"/v1/webhooks/{sub['id']}",
            json={"active": True},
            headers={**admin, "If-Match": state.headers["ETag"]},
        )
        assert r.status_code == 200 and r.json()["disabled_reason"] is None, r.text
        pump(dispatcher, lambda: len(rec.received) >= 2)
        events = events_of([g.body for g in rec.received])
    assert [e["data"]["entity_id"] for e in events] == [failing["id"], following["id"]]


def test_a_delivery_replays_with_the_same_webhook_id(
    client: TestClient, auth_headers: Headers
) -> None:
    admin = auth_headers("admin")
    with receiver() as rec:
        sub = subscribe(client, admin, rec.url, event_types=["region.*"])
        make_region(client, admin)
        dispatcher = Dispatcher(settings=FAST)
        pump(dispatcher, lambda: len(rec.received) >= 1)
        first = _deliveries(client, admin, sub["id"])[0]
        path = f"/v1/webhooks/{sub['id']}/deliveries/{first['id']}/replay"
        key = {"Idempotency-Key": f"replay-{first['id']}-{sub['id']}"}
        r = client.post(path, headers={**admin, **key})
        assert r.status_code == 202, r.text
        again = client.post(path, headers={**admin, **key})
        assert again.json()["id"] == r.json()["id"]  # a retried replay queues nothing more
        assert r.json()["status"] == "pending" and r.json()["replay"] is True
        pump(dispatcher, lambda: len(rec.received) >= 2)
        time.sleep(0.1)
        assert len(rec.received) == 2
        ids = [g.headers["webhook-id"] for g in rec.received]
    assert ids[0] == ids[1] == first["message_id"]
    done = client.get(r.headers["Location"], headers=admin).json()
    assert done["status"] == "succeeded" and done["status_code"] == 200
    assert done["requested_by"].startswith("user:test-admin")


def test_rotated_secret_signs_beside_the_old_one_during_the_overlap(
    client: TestClient, auth_headers: Headers
) -> None:
    admin = auth_headers("admin")
    with receiver() as rec:
        sub = subscribe(client, admin, rec.url, event_types=["region.create"])
        etag = client.get(f"/v1/webhooks/{sub['id']}", headers=admin).headers["ETag"]
        r = client.post(
            f"/v1/webhooks/{sub['id']}/rotate-secret",
            json={"overlap_seconds": 3600},
            headers={**admin, "If-Match": etag},
        )
        assert r.status_code == 200, r.text
        new = r.json()["secret"]
        stale = client.post(
            f"/v1/webhooks/{sub['id']}/rotate-secret", json={}, headers={**admin, "If-Match": etag}
        )
        assert stale.status_code == 412  # a retried rotation does not rotate twice
        make_region(client, admin)
        dispatcher = Dispatcher(settings=FAST)
        pump(dispatcher, lambda: len(rec.received) >= 1)
        during = rec.received[0]
        assert len(during.headers["webhook-signature"].split(" ")) == 2
        Webhook(sub["secret"]).verify(during.body, during.headers)
        Webhook(new).verify(during.body, during.headers)
        r = client.post(
            f"/v1/webhooks/{sub['id']}/rotate-secret",
            json={"overlap_seconds": 0},
            headers={**admin, "If-Match": r.headers["ETag"]},
        )
        newest = r.json()["secret"]
        make_region(client, admin)
        pump(dispatcher, lambda: len(rec.received) >= 2)
        after = rec.received[1]
    assert len(after.headers["webhook-signature"].split(" ")) == 1
    Webhook(newest).verify(after.body, after.headers)
    with pytest.raises(WebhookVerificationError):
        Webhook(new).verify(after.body, after.headers)


def test_two_dispatchers_never_deliver_an_event_twice(
    client: TestClient, auth_headers: Headers
) -> None:
    admin = auth_headers("admin")
    root = make_region(client, admin)
    settings = FAST.model_copy(update={"workers": 3})
    with receiver() as a, receiver() as b, receiver() as c:
        receivers = [a, b, c]
        for rec in receivers:
            rec.answer = lambda _r: (200, 0.002)
            subscribe(client, admin, rec.url, event_types=["region.create"])
        workers = [Dispatcher(settings=settings, name=f"w{i}") for i in range(2)]
        for w in workers:
            w.start()
        try:
            created = []

            def write(n: int) -> None:
                for _ in range(n):
                    created.append(
                        make_region(client, admin, parent_id=root["id"], kind="township")["id"]
                    )

            writers = [threading.Thread(target=write, args=(10,)) for _ in range(3)]
            for t in writers:
                t.start()
            for t in writers:
                t.join()
            for rec in receivers:
                rec.wait_for(30, timeout=30)
            time.sleep(0.3)  # anything duplicated would arrive now
        finally:
            for w in workers:
                w.stop()
    for rec in receivers:
        events = events_of([g.body for g in rec.received])
        seqs = [e["data"]["seq"] for e in events]
        assert len(seqs) == len(set(seqs)) == 30, "an event was delivered twice"
        assert seqs == sorted(seqs), "events out of order"
        assert sorted(e["data"]["entity_id"] for e in events) == sorted(created)


def test_dns_rebinding_is_refused_at_delivery_time(
    client: TestClient, auth_headers: Headers
) -> None:
    admin = auth_headers("admin")
    with receiver() as rec:
        url = rec.url.replace("127.0.0.1", "localhost")
        sub = subscribe(client, admin, url, event_types=["region.create"])
        make_region(client, admin)
        # The name now points at an internal address (after the subscription was checked).
        dispatcher = Dispatcher(settings=FAST, resolver=lambda _h, _p: ["10.0.0.7"])
        dispatcher.run_until_idle(timeout=5)
        time.sleep(0.1)
        assert rec.received == [] and rec.all.get("all") is None  # type: ignore[attr-defined]
    attempt = _deliveries(client, admin, sub["id"])[0]
    assert attempt["status"] == "failed" and attempt["status_code"] is None
    assert "10.0.0.7" in attempt["error"] and attempt["error"].startswith("refused")


def test_redirects_are_not_followed(client: TestClient, auth_headers: Headers) -> None:
    admin = auth_headers("admin")
    with receiver() as rec:
        rec.answer = lambda _r: (307, 0.0)
        sub = subscribe(client, admin, rec.url, event_types=["region.create"])
        make_region(client, admin)
        Dispatcher(settings=FAST).run_until_idle(timeout=5)
    attempt = _deliveries(client, admin, sub["id"])[0]
    assert attempt["status_code"] == 307 and "redirect" in attempt["error"]


def test_a_receivers_answer_is_kept_as_printable_text(
    client: TestClient, auth_headers: Headers
) -> None:
    """A NUL in the answer failed the attempt's row on PostgreSQL, so the event went again
    every lease, never logged as failed; escapes and bidi controls reached whoever reads it."""
    admin = auth_headers("admin")
    with receiver() as rec:
        rec.answer = lambda _r: (500, 0.0)
        rec.reply = b"no\x00pe \x1b[31mred\x1b[0m \xe2\x80\xaeevil \xed\xa0\x80 \xff\xfe"
        sub = subscribe(client, admin, rec.url, event_types=["region.create"])
        make_region(client, admin)
        Dispatcher(settings=FAST).run_until_idle(timeout=5)
    attempt = _deliveries(client, admin, sub["id"])[0]
    assert attempt["status_code"] == 500 and attempt["error"] == "HTTP 500"
    excerpt = attempt["response_excerpt"]
    assert excerpt.startswith("no\ufffdpe \ufffd[31mred") and "evil" in excerpt
    assert not any(ord(ch) < 0x20 or 0x202A <= ord(ch) <= 0x202E for ch in excerpt)


def test_deleted_record_and_record_outside_the_subtree_carry_no_record(
    client: TestClient, auth_headers: Headers
) -> None:
    admin = auth_headers("admin")
    root = make_region(client, admin)
    with receiver() as rec:
        subscribe(client, admin, rec.url, event_types=["enterprise.*"])
        firm = make_enterprise(client, admin, root["id"])
        etag = client.get(f"/v1/enterprises/{firm['id']}", headers=admin).headers["ETag"]
        r = client.delete(f"/v1/enterprises/{firm['id']}", headers={**admin, "If-Match": etag})
        assert r.status_code == 204
        pump(Dispatcher(settings=FAST), lambda: len(rec.received) >= 2)
        events = events_of([g.body for g in rec.received])
    assert [e["type"] for e in events] == ["enterprise.create", "enterprise.delete"]
    assert all(e["data"]["record"] is None for e in events)  # deleted by the time it is sent
    assert events[1]["data"]["version"] == 2


@given(
    failures=st.integers(min_value=1, max_value=10_000),
    base=st.floats(min_value=0.01, max_value=60),
    cap=st.floats(min_value=60, max_value=86_400),
    r=st.floats(min_value=0, max_value=1),
)
def test_backoff_is_exponential_capped_and_jittered_within_half(
    failures: int, base: float, cap: float, r: float
) -> None:
    delay = backoff(failures, base=base, cap=cap, rand=lambda: r)
    full = min(cap, base * 2.0 ** min(failures - 1, 60))
    assert full / 2 - 1e-9 <= delay <= full + 1e-9
    assert delay <= cap + 1e-9
    if 1 < failures < 60 and base * 2.0 ** (failures - 1) <= cap:
        assert backoff(failures, base=base, cap=cap, rand=lambda: 0.0) == pytest.approx(
            2 * backoff(failures - 1, base=base, cap=cap, rand=lambda: 0.0)
        )


def test_after_seq_switches_a_polling_platform_to_push_without_a_gap(
    client: TestClient, auth_headers: Headers
) -> None:
    admin = auth_headers("admin")
    polled = client.get("/v1/changes", params={"after": 0, "limit": 1}, headers=admin).json()
    head = polled["next_after"]
    while True:  # the platform polled up to here
        page = client.get("/v1/changes", params={"after": head, "limit": 200}, headers=admin)
        if not page.json()["items"]:
            break
        head = page.json()["next_after"]
    missed = [make_region(client, admin)["id"] for _ in range(2)]  # committed before subscribing
    with receiver() as rec:
        subscribe(client, admin, rec.url, event_types=["region.create"], after_seq=head)
        later = make_region(client, admin)["id"]
        pump(Dispatcher(settings=FAST), lambda: len(rec.received) >= 3)
        events = events_of([g.body for g in rec.received])
    assert [e["data"]["entity_id"] for e in events] == [*missed, later]
    assert events[0]["data"]["seq"] == head + 1


def test_secrets_never_reach_the_logs(
    client: TestClient, auth_headers: Headers, caplog: pytest.LogCaptureFixture
) -> None:
    admin = auth_headers("admin")
    caplog.set_level("DEBUG")
    with receiver() as rec:
        rec.answer = lambda _r: (500, 0.0)  # failures are logged: check those lines too
        sub = subscribe(client, admin, rec.url, event_types=["region.create"])
        etag = client.get(f"/v1/webhooks/{sub['id']}", headers=admin).headers["ETag"]
        rotated = client.post(
            f"/v1/webhooks/{sub['id']}/rotate-secret", json={}, headers={**admin, "If-Match": etag}
        ).json()["secret"]
        make_region(client, admin)
        Dispatcher(settings=FAST).run_until_idle(timeout=5)
    logged = caplog.text + "".join(str(r.__dict__) for r in caplog.records)
    assert "webhook attempt failed" in logged
    for secret in (sub["secret"], rotated):
        assert secret not in logged and secret.removeprefix("whsec_") not in logged


def test_lrc_webhooks_run_once_delivers_what_is_due(
    client: TestClient, auth_headers: Headers, capsys: pytest.CaptureFixture[str]
) -> None:
    from lrc_api.cli import main

    admin = auth_headers("admin")
    with receiver() as rec:
        sub = subscribe(client, admin, rec.url, event_types=["region.create"])
        region = make_region(client, admin)
        assert main(["webhooks", "run", "--once", "--timeout", "20"]) == 0
        got = rec.wait_for(1, timeout=5)
    event = Webhook(sub["secret"]).verify(got[0].body, got[0].headers)
    assert event["data"]["entity_id"] == region["id"]
    assert "handled" in capsys.readouterr().out


def test_a_subscription_never_reaches_beyond_its_owners_region_today(
    client: TestClient, auth_headers: Headers
) -> None:
    """A township administrator subscribed to its township, then moved to another office: the
    old township's events wait (they are not sent to the receiver it left behind) until the
    account is bound there again."""
    admin = auth_headers("admin")
    old, new = make_region(client, admin), make_region(client, admin)
    password = "correct horse battery"
    body = {"username": f"mover-{old['id']}", "role": "region_admin", "region_id": old["id"]}
    user = client.post("/v1/users", json={**body, "password": password}, headers=admin)
    assert user.status_code == 201, user.text
    path = f"/v1/users/{user.json()['user']['id']}"

    def sign_in() -> dict[str, str]:
        form = {"grant_type": "password", "username": body["username"], "password": password}
        r = client.post("/v1/auth/token", data=form)
        return {"Authorization": f"Bearer {r.json()['access_token']}"}

    def move(region_id: int) -> None:
        etag = client.get(path, headers=admin).headers["ETag"]
        r = client.patch(path, json={"region_id": region_id}, headers={**admin, "If-Match": etag})
        assert r.status_code == 200, r.text

    with receiver() as rec:
        subscribe(client, sign_in(), rec.url, event_types=["enterprise.*"])
        make_enterprise(client, admin, old["id"])
        pump(Dispatcher(settings=FAST), lambda: len(rec.received) >= 1)
        move(new["id"])
        secret = make_enterprise(client, admin, old["id"])
        Dispatcher(settings=FAST).run_until_idle(timeout=2.0)
        assert len(rec.received) == 1  # held at the cursor, not sent
        move(old["id"])
        pump(Dispatcher(settings=FAST), lambda: len(rec.received) >= 2)
        got = events_of([g.body for g in rec.wait_for(2)])
    assert got[1]["data"]["entity_id"] == secret["id"]


@pytest.mark.parametrize("part", ["head", "body"])
def test_a_receiver_trickling_its_answer_is_cut_at_the_timeout(part: str) -> None:
    """LRC_WEBHOOK_TIMEOUT_SECONDS bounds the whole attempt: a receiver that sends a byte
    every half second (each read well within the timeout) kept a delivery thread for as long
    as it liked, and a few of them every thread of the deployment."""
    import ipaddress
    import socket

    from lrc_api.webhooks.sender import Sender

    answer = b"HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n" if part == "body" else b""
    trickle = b"x" * 200 if part == "body" else b"HTTP/1.1 200 OK\r\nX-Slow: " + b"a" * 200
    server = socket.create_server(("127.0.0.1", 0))
    stop = threading.Event()

    def serve() -> None:
        conn, _ = server.accept()
        with conn:
            conn.recv(65536)
            conn.sendall(answer)
            for byte in trickle:
                if stop.wait(0.5):
                    return
                try:
                    conn.sendall(bytes([byte]))
                except OSError:
                    return

    threading.Thread(target=serve, daemon=True).start()
    sender = Sender(timeout=1.5, allowed=[ipaddress.ip_network("127.0.0.0/8")])
    started = time.monotonic()
    try:
        attempt = sender.send(f"http://127.0.0.1:{server.getsockname()[1]}/hook", "{}", {})
    finally:
        stop.set()
        sender.close()
        server.close()
    assert time.monotonic() - started < 3.0
    assert not attempt.succeeded and "timeout" in (attempt.error or ""), attempt


def test_a_name_server_that_never_answers_is_cut_at_the_timeout() -> None:
    """The receiver's name is looked up within the attempt's time too: a resolver that hangs (a
    name server that never answers) held the delivery thread outside LRC_WEBHOOK_TIMEOUT_SECONDS;
    a resolver that answers in time still serves, and its errors still say so."""
    import ipaddress

    from lrc_api.webhooks.sender import Sender

    release = threading.Event()

    def hanging(host: str, port: int) -> list[str]:
        release.wait(30)
        return ["127.0.0.1"]

    sender = Sender(timeout=0.5, allowed=[ipaddress.ip_network("127.0.0.0/8")], resolver=hanging)
    started = time.monotonic()
    try:
        attempt = sender.send("http://receiver.example:9/hook", "{}", {})
    finally:
        release.set()
        sender.close()
    assert time.monotonic() - started < 2.0
    assert not attempt.succeeded
    assert "did not resolve within the attempt's time" in (attempt.error or ""), attempt

    def failing(host: str, port: int) -> list[str]:
        raise OSError("Name or service not known")

    sender = Sender(timeout=0.5, allowed=[ipaddress.ip_network("127.0.0.0/8")], resolver=failing)
    try:
        attempt = sender.send("http://receiver.example:9/hook", "{}", {})
    finally:
        sender.close()
    assert "cannot resolve host 'receiver.example'" in (attempt.error or ""), attempt


def test_old_attempts_are_pruned_after_the_retention_window_but_waiting_replays_are_kept(
    client: TestClient, auth_headers: Headers
) -> None:
    """Delivery attempts older than ``LRC_WEBHOOK_DELIVERY_RETENTION_DAYS`` are deleted; a replay
    still waiting to be sent is kept however old, so an asked-for replay is never dropped."""
    import datetime as dt

    from sqlalchemy import update
    from sqlmodel import Session, col, select

    from lrc_api.core.db import get_engine
    from lrc_api.core.models import utcnow
    from lrc_api.webhooks.attempts import prune
    from lrc_api.webhooks.models import WebhookDelivery

    admin = auth_headers("admin")
    with receiver() as rec:
        sub = subscribe(client, admin, rec.url)
        root = make_region(client, admin)
        make_enterprise(client, admin, root["id"])
        make_enterprise(client, admin, root["id"])
        pump(Dispatcher(settings=FAST), lambda: len(rec.received) >= 3)
    sent = _deliveries(client, admin, sub["id"])
    assert [d["status"] for d in sent] == ["succeeded"] * 3
    old, kept, waiting = sent[0]["id"], sent[1]["id"], sent[2]["id"]
    engine = get_engine().execution_options(lrc_write=True)
    with Session(engine) as session:
        long_ago = utcnow() - dt.timedelta(days=31)
        session.execute(
            update(WebhookDelivery)
            .where(col(WebhookDelivery.id).in_([old, waiting]))
            .values(created_at=long_ago)
        )
        session.execute(
            update(WebhookDelivery)
            .where(col(WebhookDelivery.id) == kept)
            .values(created_at=utcnow() - dt.timedelta(days=29))
        )
        session.execute(
            update(WebhookDelivery)
            .where(col(WebhookDelivery.id) == waiting)
            .values(status="pending")
        )
        session.commit()
    assert prune(engine, 30) == 1
    with Session(engine) as session:
        left = session.exec(
            select(WebhookDelivery.id).where(WebhookDelivery.subscription_id == sub["id"])
        ).all()
    assert sorted(left) == [kept, waiting]
