"""The hub's API refuses what it must, in the way the protocol says, against a real hub."""

from __future__ import annotations

import json

from readiness.sync import protocol
from tests.hub.helpers import completed, entry, joined_device, query, request
from tests.hub.servers import HubProcess


def test_no_credential_or_a_wrong_one_is_401_with_nothing_more(shared_hub: HubProcess) -> None:
    body = {"versions": [entry(completed())]}
    for credential in (None, "", "not-a-credential", "x" * 43):
        status, answer, _ = request(
            shared_hub, protocol.ASSESSMENTS_PATH, body, credential=credential
        )
        assert (status, answer) == (401, {"error": "unauthorized"})


def test_a_revoked_device_is_refused_from_its_next_request(shared_hub: HubProcess) -> None:
    import psycopg
    from psycopg.rows import dict_row

    from readiness.hub import devices

    credential = joined_device(shared_hub, "revoked-laptop")
    body = {"versions": [entry(completed(code="RV01-0001"))]}
    assert request(shared_hub, protocol.ASSESSMENTS_PATH, body, credential=credential)[0] == 200
    with psycopg.connect(shared_hub.dsn, row_factory=dict_row) as conn:
        devices.revoke(conn, "revoked-laptop")
    status, answer, _ = request(shared_hub, protocol.ASSESSMENTS_PATH, body, credential=credential)
    assert (status, answer) == (403, {"error": "revoked"})


def test_a_body_over_the_limit_is_413_before_it_is_read(shared_hub: HubProcess) -> None:
    credential = joined_device(shared_hub, "big-sender")
    too_big = b"{" + b" " * protocol.MAX_REQUEST_BYTES + b"}"
    status, answer, _ = request(
        shared_hub, protocol.ASSESSMENTS_PATH, raw=too_big, credential=credential
    )
    assert (status, answer) == (413, {"error": "too_large"})


def test_an_invalid_document_is_422_naming_the_field(shared_hub: HubProcess) -> None:
    credential = joined_device(shared_hub, "careless-sender")
    good = entry(completed(code="IV01-0001"))
    bad = entry(completed(code="IV01-0002"))
    bad["document"]["assessment"]["created"] = "yesterday-ish"
    status, answer, _ = request(
        shared_hub, protocol.ASSESSMENTS_PATH, {"versions": [good, bad]}, credential=credential
    )
    assert status == 422
    assert answer["error"] == "invalid"
    assert answer["field"] == "versions.1.document.assessment.created"
    stored = query(
        shared_hub.dsn,
        "SELECT count(*) AS n FROM assessment_versions WHERE assessment_id = %s",
        [good["document"]["assessment"]["id"]],
    )
    assert stored[0]["n"] == 0, "nothing of a refused batch is stored"


def test_what_assessment_import_refuses_the_hub_refuses(shared_hub: HubProcess) -> None:
    credential = joined_device(shared_hub, "import-rules")
    bad = entry(completed(code="IV02-0001"))
    bad["document"]["service_user"]["code"] = "AB\u202e12"  # a bidi override: import refuses it
    status, answer, _ = request(
        shared_hub, protocol.ASSESSMENTS_PATH, {"versions": [bad]}, credential=credential
    )
    assert status == 422
    assert answer["field"].startswith("versions.0.document")
    assert "code" in answer["problem"]


def test_a_draft_or_bad_results_are_422_naming_the_field(shared_hub: HubProcess) -> None:
    credential = joined_device(shared_hub, "draft-sender")
    draft = entry(completed(code="IV03-0001"))
    draft["document"]["assessment"]["status"] = "draft"
    status, answer, _ = request(
        shared_hub, protocol.ASSESSMENTS_PATH, {"versions": [draft]}, credential=credential
    )
    assert (status, answer["field"]) == (422, "versions.0.document.assessment.status")
    odd = entry(completed(code="IV03-0002"))
    odd["document"]["results"]["channels"] = {"phone": "maybe"}
    status, answer, _ = request(
        shared_hub, protocol.ASSESSMENTS_PATH, {"versions": [odd]}, credential=credential
    )
    assert (status, answer["field"]) == (422, "versions.0.document.results.channels.phone")


def test_a_device_over_its_rate_is_told_to_slow_down(shared_hub: HubProcess) -> None:
    credential = joined_device(shared_hub, "hasty-laptop")  # the shared hub allows 30 a minute
    statuses: list[int] = []
    # Windows are whole minutes: 31 requests may straddle a boundary on a slow machine, so
    # at most 30 + 30 are allowed before the 429 that must come.
    while 429 not in statuses and len(statuses) < 61:
        statuses.append(
            request(
                shared_hub,
                protocol.ERASURES_PATH,
                {"erasures": [{"service_user_id": "n"}]},
                credential=credential,
            )[0]
        )
    assert statuses[:5] == [200] * 5
    assert statuses[-1] == 429 and set(statuses[:-1]) == {200}
    assert len(statuses) - 1 >= 30  # never before the device's 30 a minute
    status, answer, headers = request(
        shared_hub,
        protocol.ERASURES_PATH,
        {"erasures": [{"service_user_id": "n"}]},
        credential=credential,
    )
    assert (status, answer["error"]) == (429, "slow_down")
    assert int(headers["retry-after"]) > 0
    other = joined_device(shared_hub, "calm-laptop")
    assert (
        request(
            shared_hub,
            protocol.ERASURES_PATH,
            {"erasures": [{"service_user_id": "n"}]},
            credential=other,
        )[0]
        == 200
    ), "the limit is per device"


def test_a_device_can_read_nothing(shared_hub: HubProcess) -> None:
    credential = joined_device(shared_hub, "curious-laptop")
    document = completed(code="RD01-0001")
    request(
        shared_hub,
        protocol.ASSESSMENTS_PATH,
        {"versions": [entry(document)]},
        credential=credential,
    )
    for path in (
        protocol.ASSESSMENTS_PATH,
        f"{protocol.ASSESSMENTS_PATH}/{document.assessment.id}",
        protocol.ERASURES_PATH,
        "/api/v1/devices",
    ):
        status, answer, _ = request(shared_hub, path, method="GET", credential=credential)
        assert status in (404, 405), path
        assert "RD01" not in json.dumps(answer)
    status, _answer, headers = request(shared_hub, "/admin", method="GET", credential=credential)
    assert status == 303 and headers["location"].startswith("/admin/sign-in")
    status, _answer, _ = request(
        shared_hub, "/admin/export.csv", method="GET", credential=credential
    )
    assert status == 303


def test_another_devices_version_is_kept_and_flagged(shared_hub: HubProcess) -> None:
    owner = joined_device(shared_hub, "owner-laptop")
    other = joined_device(shared_hub, "other-laptop")
    document = completed(code="OW01-0001")
    first = request(
        shared_hub, protocol.ASSESSMENTS_PATH, {"versions": [entry(document)]}, credential=owner
    )[1]
    assert len(first["stored"]) == 1 and first["flagged"] == []
    status, answer, _ = request(
        shared_hub, protocol.ASSESSMENTS_PATH, {"versions": [entry(document)]}, credential=other
    )
    assert status == 200
    assert answer["flagged"] == [{"assessment_id": document.assessment.id, "version": 1}]
    rows = query(
        shared_hub.dsn,
        "SELECT d.name, v.flagged FROM assessment_versions v JOIN devices d ON d.id = v.device_id "
        "WHERE assessment_id = %s ORDER BY d.name",
        [document.assessment.id],
    )
    assert rows == [
        {"name": "other-laptop", "flagged": True},
        {"name": "owner-laptop", "flagged": False},
    ]
    owner_row = query(
        shared_hub.dsn,
        "SELECT d.name FROM assessments a JOIN devices d ON "
        "d.id = a.owner_device WHERE a.assessment_id = %s",
        [document.assessment.id],
    )
    assert owner_row == [{"name": "owner-laptop"}]


def test_sending_again_is_idempotent_and_every_version_is_kept(shared_hub: HubProcess) -> None:
    credential = joined_device(shared_hub, "repeating-laptop")
    document = completed(code="ID01-0001")
    body = {"versions": [entry(document)]}
    assert (
        len(
            request(shared_hub, protocol.ASSESSMENTS_PATH, body, credential=credential)[1]["stored"]
        )
        == 1
    )
    again = request(shared_hub, protocol.ASSESSMENTS_PATH, body, credential=credential)[1]
    assert again["stored"] == [] and len(again["already_there"]) == 1
    second = {"versions": [entry(document, version=2, previous=1)]}
    assert (
        len(
            request(shared_hub, protocol.ASSESSMENTS_PATH, second, credential=credential)[1][
                "stored"
            ]
        )
        == 1
    )
    rows = query(
        shared_hub.dsn,
        "SELECT version, previous_version FROM assessment_versions "
        "WHERE assessment_id = %s ORDER BY version",
        [document.assessment.id],
    )
    assert rows == [{"version": 1, "previous_version": None}, {"version": 2, "previous_version": 1}]


def test_a_join_code_works_once(shared_hub: HubProcess) -> None:
    from tests.hub.helpers import enroll

    code = enroll(shared_hub.dsn, "one-time")
    assert request(shared_hub, protocol.JOIN_PATH, {"code": code.lower()})[0] == 200
    status, answer, _ = request(shared_hub, protocol.JOIN_PATH, {"code": code})
    assert (status, answer) == (401, {"error": "unauthorized"})


def test_credentials_and_codes_are_stored_only_as_hashes(shared_hub: HubProcess) -> None:
    from tests.hub.helpers import enroll

    code = enroll(shared_hub.dsn, "hashed")
    credential = request(shared_hub, protocol.JOIN_PATH, {"code": code})[1]["credential"]
    with_text = query(
        shared_hub.dsn,
        "SELECT count(*) AS n FROM devices WHERE position(%s::bytea IN credential_hash) > 0 "
        "OR row_to_json(devices)::text LIKE %s OR row_to_json(devices)::text LIKE %s",
        [credential.encode(), f"%{credential}%", f"%{code.replace('-', '')}%"],
    )
    assert with_text[0]["n"] == 0
