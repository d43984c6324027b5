"""Tests of the test infrastructure: FakeSlack through a real slack_sdk WebClient, SlackDriver."""

from __future__ import annotations

import json
import threading
import time
import urllib.request
from collections.abc import Iterator
from urllib.parse import parse_qs

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError, SlackRequestError
from slack_sdk.http_retry.builtin_handlers import RateLimitErrorRetryHandler
from slack_sdk.signature import SignatureVerifier
from slack_sdk.webhook import WebhookClient

from tests.support.fake_slack import FakeSlack
from tests.support.slack_driver import SlackDriver, text_values

TOKEN = "xoxb-test"
SECRET = "test-signing-secret"
# A complete 1x1 PNG, including bytes that break naive text handling (\x00, \r\n, \x1a).
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360f8cfc0f01f0005000201e5273d"
    "9a0000000049454e44ae426082"
)


@pytest.fixture
def fake_slack() -> Iterator[FakeSlack]:
    with FakeSlack() as fake:
        yield fake


@pytest.fixture
def client(fake_slack: FakeSlack) -> WebClient:
    return WebClient(token=TOKEN, base_url=fake_slack.api_url)


@pytest.fixture
def driver(fake_slack: FakeSlack) -> SlackDriver:
    # The fake doubles as the "app": it records whatever the driver sends to any path.
    return SlackDriver(f"{fake_slack.base_url}/slack/events", SECRET, fake=fake_slack)


def test_serves_on_a_free_local_port(fake_slack: FakeSlack) -> None:
    assert fake_slack.api_url.startswith("http://127.0.0.1:")
    assert fake_slack.api_url.endswith("/api/")
    with FakeSlack() as other:
        assert other.api_url != fake_slack.api_url


def test_auth_test_answers_bot_identity(fake_slack: FakeSlack, client: WebClient) -> None:
    resp = client.auth_test()
    assert resp["ok"] is True
    assert (resp["team_id"], resp["user_id"], resp["bot_id"]) == ("T111", "UBOT", "BBOT")
    [call] = fake_slack.calls("auth.test")
    assert call.headers["authorization"] == f"Bearer {TOKEN}"
    assert call.token == TOKEN


def test_post_message_records_parsed_blocks_and_stores_message(
    fake_slack: FakeSlack, client: WebClient
) -> None:
    blocks = [{"type": "section", "text": {"type": "mrkdwn", "text": "*Step 1*"}}]
    first = client.chat_postMessage(channel="C1", text="Step 1", blocks=blocks)
    second = client.chat_postMessage(channel="C1", text="reply", thread_ts=first["ts"])

    assert first["ts"] == "1700000000.000100"
    assert second["ts"] == "1700000000.000200"
    assert first["channel"] == "C1"
    assert first["message"]["blocks"] == blocks
    assert first["message"]["user"] == "UBOT"
    assert second["message"]["thread_ts"] == first["ts"]

    call = fake_slack.calls("chat.postMessage")[0]
    assert call.params["blocks"] == blocks  # decoded from the JSON string slack_sdk sends
    assert call.params["channel"] == "C1"
    assert call.token == TOKEN
    assert TOKEN not in repr(call)

    assert [m["text"] for m in fake_slack.messages("C1")] == ["Step 1", "reply"]
    assert [m["text"] for m in fake_slack.messages("C1", thread_ts=first["ts"])] == [
        "Step 1",
        "reply",
    ]
    assert fake_slack.messages("C2") == []


def test_post_message_validates_like_slack(client: WebClient) -> None:
    with pytest.raises(SlackApiError) as no_text, pytest.warns(UserWarning, match="text"):
        client.chat_postMessage(channel="C1", text="")
    assert no_text.value.response["error"] == "no_text"
    too_many = [{"type": "divider"}] * 51
    with pytest.raises(SlackApiError) as invalid:
        client.chat_postMessage(channel="C1", text="x", blocks=too_many)
    assert invalid.value.response["error"] == "invalid_blocks"


def test_missing_token_is_not_authed(fake_slack: FakeSlack) -> None:
    with pytest.raises(SlackApiError) as err:
        WebClient(base_url=fake_slack.api_url).chat_postMessage(channel="C1", text="x")
    assert err.value.response["error"] == "not_authed"


def test_update_changes_stored_message(fake_slack: FakeSlack, client: WebClient) -> None:
    ts = client.chat_postMessage(channel="C1", text="draft")["ts"]
    resp = client.chat_update(channel="C1", ts=ts, text="final")
    assert (resp["channel"], resp["ts"], resp["text"]) == ("C1", ts, "final")
    [message] = fake_slack.messages("C1")
    assert message["text"] == "final"


def test_dm_by_user_id_lands_in_im_channel(fake_slack: FakeSlack, client: WebClient) -> None:
    resp = client.chat_postMessage(channel="U7", text="hello")
    assert resp["channel"] == "D7"
    assert client.conversations_open(users="U7")["channel"]["id"] == "D7"
    assert [m["text"] for m in fake_slack.messages("U7")] == ["hello"]
    assert fake_slack.messages("D7") == fake_slack.messages("U7")


def test_ephemeral_and_permalink(client: WebClient) -> None:
    assert client.chat_postEphemeral(channel="C1", user="U1", text="psst")["message_ts"]
    parent = client.chat_postMessage(channel="C1", text="p")["ts"]
    reply = client.chat_postMessage(channel="C1", text="r", thread_ts=parent)["ts"]
    top = client.chat_getPermalink(channel="C1", message_ts=parent)["permalink"]
    assert top == f"https://example.slack.com/archives/C1/p{parent.replace('.', '')}"
    threaded = client.chat_getPermalink(channel="C1", message_ts=reply)["permalink"]
    assert threaded.endswith(f"p{reply.replace('.', '')}?thread_ts={parent}&cid=C1")


def test_users_info_with_locale_and_timezone(fake_slack: FakeSlack, client: WebClient) -> None:
    fake_slack.add_user("U2", name="kari", tz="Asia/Kolkata", locale="nb-NO")

    user = client.users_info(user="U2", include_locale=True)["user"]
    assert (user["id"], user["name"], user["tz"], user["locale"]) == (
        "U2",
        "kari",
        "Asia/Kolkata",
        "nb-NO",
    )
    assert user["tz_offset"] == 5 * 3600 + 1800
    assert user["is_bot"] is False
    assert "locale" not in client.users_info(user="U2")["user"]

    default = client.users_info(user="U404", include_locale=True)["user"]
    assert (default["tz"], default["locale"]) == ("Europe/Oslo", "en-US")
    assert default["tz_offset"] in (3600, 7200)


def test_conversations_info(fake_slack: FakeSlack, client: WebClient) -> None:
    fake_slack.add_channel("C9", name="secret-plans", is_private=True)
    channel = client.conversations_info(channel="C9")["channel"]
    assert (channel["name"], channel["is_private"], channel["is_member"]) == (
        "secret-plans",
        True,
        True,
    )
    assert client.conversations_info(channel="C1")["channel"]["is_private"] is False


def test_views_open_update_publish(fake_slack: FakeSlack, client: WebClient) -> None:
    view = {
        "type": "modal",
        "callback_id": "goal",
        "title": {"type": "plain_text", "text": "Goal"},
        "blocks": [],
    }
    opened = client.views_open(trigger_id="1.2.abc", view=view)["view"]
    assert opened["id"].startswith("V")
    assert opened["callback_id"] == "goal"
    assert fake_slack.calls("views.open")[0].params["view"] == view

    updated = client.views_update(view_id=opened["id"], view=view, hash=opened["hash"])["view"]
    assert updated["id"] == opened["id"]
    with pytest.raises(SlackApiError) as conflict:
        client.views_update(view_id=opened["id"], view=view, hash=opened["hash"] + "x")
    assert conflict.value.response["error"] == "hash_conflict"

    home = {"type": "home", "blocks": []}
    assert client.views_publish(user_id="U1", view=home)["view"]["type"] == "home"


def test_files_upload_v2_returns_exact_bytes(fake_slack: FakeSlack, client: WebClient) -> None:
    resp = client.files_upload_v2(
        file=PNG, filename="chart.png", title="Progress", channel="C1", thread_ts="1.2"
    )
    file_id = resp["file"]["id"]
    assert resp["file"]["title"] == "Progress"
    assert resp["file"]["size"] == len(PNG)

    [get_url] = fake_slack.calls("files.getUploadURLExternal")
    assert get_url.params["filename"] == "chart.png"
    assert get_url.params["length"] == str(len(PNG))
    [upload] = fake_slack.calls("upload")
    assert upload.params["file_id"] == file_id
    assert upload.body == PNG
    assert upload.params["file"] == PNG
    assert fake_slack.uploaded(file_id) == PNG
    [complete] = fake_slack.calls("files.completeUploadExternal")
    assert complete.params["files"] == [{"id": file_id, "title": "Progress"}]
    assert (complete.params["channel_id"], complete.params["thread_ts"]) == ("C1", "1.2")


def test_multipart_bodies_are_parsed(fake_slack: FakeSlack, client: WebClient) -> None:
    upload_url = client.files_getUploadURLExternal(filename="a.png", length=len(PNG))
    boundary = "----b0undary"
    body = (
        (
            f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="a.png"\r\n'
            "Content-Type: image/png\r\n\r\n"
        ).encode()
        + PNG
        + f"\r\n--{boundary}--\r\n".encode()
    )
    request = urllib.request.Request(
        upload_url["upload_url"],
        data=body,
        headers={"Content-Type": f"multipart/form-data; boundary={boundary}"},
    )
    with urllib.request.urlopen(request, timeout=5) as resp:
        assert resp.status == 200
    [upload] = fake_slack.calls("upload")
    assert upload.params["file"] == PNG
    assert upload.params["filename"] == "a.png"

    # slack_sdk's own multipart encoding (files= plus form fields).
    with pytest.raises(SlackApiError):
        client.api_call("files.upload", files={"file": PNG}, data={"channels": "C1"})
    [legacy] = fake_slack.calls("files.upload")
    assert legacy.params["file"] == PNG
    assert legacy.params["channels"] == "C1"


def test_unknown_method_is_recorded(fake_slack: FakeSlack, client: WebClient) -> None:
    with pytest.raises(SlackApiError) as err:
        client.api_call("pins.add", params={"channel": "C1"})
    assert err.value.response.status_code == 200
    assert err.value.response["error"] == "unknown_method"
    [call] = fake_slack.calls("pins.add")
    assert call.params == {"channel": "C1"}


def test_rate_limit_is_retried_to_exactly_one_message(
    fake_slack: FakeSlack, client: WebClient
) -> None:
    client.retry_handlers.append(RateLimitErrorRetryHandler(max_retry_count=1))
    fake_slack.fail("chat.postMessage", status=429, retry_after=0)

    resp = client.chat_postMessage(channel="C1", text="once")

    assert resp["ok"] is True
    limited, succeeded = fake_slack.calls("chat.postMessage")
    assert (limited.failed, limited.status) == (True, 429)
    assert limited.response == {"ok": False, "error": "ratelimited"}
    assert (succeeded.failed, succeeded.status) == (False, 200)
    assert [m["text"] for m in fake_slack.messages("C1")] == ["once"]


def test_retry_after_header_is_sent(fake_slack: FakeSlack, client: WebClient) -> None:
    fake_slack.fail("chat.postMessage", status=429, retry_after=7)
    with pytest.raises(SlackApiError) as err:
        client.chat_postMessage(channel="C1", text="x")
    assert err.value.response.status_code == 429
    assert err.value.response.headers["Retry-After"] == "7"


def test_server_error_and_ok_false_injection(fake_slack: FakeSlack, client: WebClient) -> None:
    fake_slack.fail("chat.update", status=503, times=1)
    fake_slack.error("chat.postMessage", error="not_in_channel", times=2)
    with pytest.raises(SlackApiError) as server:
        client.chat_update(channel="C1", ts="1.1", text="x")
    assert server.value.response.status_code == 503
    for _ in range(2):
        with pytest.raises(SlackApiError) as err:
            client.chat_postMessage(channel="C1", text="x")
        assert err.value.response["error"] == "not_in_channel"
    assert client.chat_postMessage(channel="C1", text="x")["ok"] is True
    assert [c.failed for c in fake_slack.calls("chat.postMessage")] == [True, True, False]
    assert fake_slack.messages("C1")[0]["text"] == "x"


def test_response_url_is_recorded(fake_slack: FakeSlack) -> None:
    url = fake_slack.response_url("cmd")
    resp = WebhookClient(url).send(text="working on it", response_type="ephemeral")
    assert resp.status_code == 200
    [call] = fake_slack.calls("response_url")
    assert call.params["text"] == "working on it"
    assert call.params["_path"] == url.split(fake_slack.base_url)[1]


def test_wait_for_sees_background_calls_and_explains_timeouts(
    fake_slack: FakeSlack, client: WebClient
) -> None:
    def later() -> None:
        time.sleep(0.1)
        client.chat_postMessage(channel="C1", text="late", thread_ts="5.5")

    threading.Thread(target=later).start()
    [call] = fake_slack.wait_for("chat.postMessage", where=lambda c: c.params["text"] == "late")
    assert call.params["thread_ts"] == "5.5"

    with pytest.raises(AssertionError) as err:
        fake_slack.wait_for("chat.postMessage", count=2, timeout=0.2)
    assert "chat.postMessage" in str(err.value)
    assert "late" in str(err.value)
    assert TOKEN not in str(err.value)

    fake_slack.reset()
    assert fake_slack.calls() == []


@pytest.fixture(scope="module")
def shared_fake() -> Iterator[FakeSlack]:
    with FakeSlack() as fake:
        yield fake


@settings(max_examples=50, deadline=None)
@given(text=st.text(min_size=1, max_size=300))
def test_any_text_round_trips(shared_fake: FakeSlack, text: str) -> None:
    client = WebClient(token=TOKEN, base_url=shared_fake.api_url)
    ts = client.chat_postMessage(channel="C1", text=text)["ts"]
    assert shared_fake.calls("chat.postMessage")[-1].params["text"] == text
    stored = shared_fake.messages("C1")[-1]
    assert (stored["ts"], stored["text"]) == (ts, text)


# -- SlackDriver -------------------------------------------------------------------------------


def test_driver_signature_verifies_and_tampering_fails(driver: SlackDriver) -> None:
    verifier = SignatureVerifier(SECRET)
    body = b"token=x&text=hello"
    headers = driver.signed_headers(body)
    assert verifier.is_valid(
        body, headers["X-Slack-Request-Timestamp"], headers["X-Slack-Signature"]
    )
    assert not verifier.is_valid(
        b"token=x&text=hellO", headers["X-Slack-Request-Timestamp"], headers["X-Slack-Signature"]
    )
    stale = driver.signed_headers(body, timestamp=int(time.time()) - 301)
    assert not verifier.is_valid(
        body, stale["X-Slack-Request-Timestamp"], stale["X-Slack-Signature"]
    )


def test_driver_command_is_signed_form(fake_slack: FakeSlack, driver: SlackDriver) -> None:
    reply = driver.command("goal 10 posts", user_id="U5", trigger_id="1.2.3")
    assert reply.status == 404  # the fake is no app; it records the request anyway
    [sent] = fake_slack.calls("/slack/events")
    assert SignatureVerifier(SECRET).is_valid_request(sent.body, dict(sent.headers))
    assert sent.headers["content-type"] == "application/x-www-form-urlencoded"
    assert sent.params["command"] == "/strategy"
    assert sent.params["text"] == "goal 10 posts"
    assert (sent.params["user_id"], sent.params["trigger_id"]) == ("U5", "1.2.3")
    assert sent.params["response_url"].startswith(f"{fake_slack.base_url}/response/")
    assert sent.params["is_enterprise_install"] == "false"
    assert "enterprise_id" not in sent.params


def test_driver_events_and_retries(fake_slack: FakeSlack, driver: SlackDriver) -> None:
    first = driver.thread_reply("done!", thread_ts="1700000000.000100")
    again = driver.thread_reply(
        "done!", thread_ts="1700000000.000100", ts=first.ts, event_id=first.event_id, retry_num=1
    )
    mention = driver.app_mention("<@UBOT> help")
    dm = driver.dm("hi")
    sent = fake_slack.calls("/slack/events")
    envelopes = [json.loads(c.body) for c in sent]

    assert all(SignatureVerifier(SECRET).is_valid_request(c.body, dict(c.headers)) for c in sent)
    assert "X-Slack-Retry-Num" not in sent[0].headers
    assert sent[1].headers["X-Slack-Retry-Num"] == "1"
    assert sent[1].headers["X-Slack-Retry-Reason"] == "http_timeout"
    event = envelopes[0]["event"]
    assert envelopes[0]["type"] == "event_callback"
    assert envelopes[0]["authorizations"][0]["user_id"] == "UBOT"
    assert (event["type"], event["thread_ts"], event["ts"]) == (
        "message",
        "1700000000.000100",
        first.ts,
    )
    assert envelopes[1]["event_id"] == envelopes[0]["event_id"] == first.event_id
    assert again.ts == first.ts
    assert envelopes[2]["event"]["type"] == "app_mention"
    assert envelopes[2]["event_id"] != envelopes[0]["event_id"]
    assert mention.ts != dm.ts
    assert envelopes[3]["event"]["channel_type"] == "im"
    assert envelopes[3]["event"]["channel"] == "D1"


def test_driver_interactivity_payloads(fake_slack: FakeSlack, driver: SlackDriver) -> None:
    click = driver.block_action("step_done", "3", message_ts="1700000000.000100", thread_ts="9.9")
    driver.view_submission("goal", text_values({"goal": "10 posts"}), private_metadata="C1")
    action_call, submit_call = fake_slack.calls("/slack/events")

    action = json.loads(parse_qs(action_call.body.decode())["payload"][0])
    assert action["type"] == "block_actions"
    assert action["actions"][0]["action_id"] == "step_done"
    assert action["actions"][0]["value"] == "3"
    assert action["container"]["thread_ts"] == "9.9"
    assert action["message"]["ts"] == click.ts == "1700000000.000100"

    submit = json.loads(parse_qs(submit_call.body.decode())["payload"][0])
    assert submit["type"] == "view_submission"
    assert submit["view"]["callback_id"] == "goal"
    assert submit["view"]["private_metadata"] == "C1"
    assert submit["view"]["state"]["values"] == {
        "goal": {"value": {"type": "plain_text_input", "value": "10 posts"}}
    }


def test_driver_raw_and_get(fake_slack: FakeSlack, driver: SlackDriver) -> None:
    reply = driver.post_raw(b"text=x", {"X-Slack-Signature": "v0=bad"})
    assert reply.status == 404
    assert fake_slack.calls()[-1].headers["X-Slack-Signature"] == "v0=bad"
    health = driver.get("/healthz")
    assert health.status == 404
    assert fake_slack.calls()[-1].method == "/healthz"


def test_fail_after_does_the_call_then_answers_5xx(fake_slack: FakeSlack) -> None:
    fake_slack.fail_after("chat.postMessage", status=503)
    client = WebClient(token="xoxb-test", base_url=fake_slack.api_url)
    with pytest.raises(SlackApiError):
        client.chat_postMessage(channel="C1", text="hello")
    assert [m["text"] for m in fake_slack.messages("C1")] == ["hello"]  # posted although it failed
    assert fake_slack.calls("chat.postMessage")[0].status == 503


def test_drop_closes_the_connection_without_an_answer(fake_slack: FakeSlack) -> None:
    fake_slack.drop("chat.postMessage", after=True)
    # No retry handlers: the default one would retry the dropped call once.
    client = WebClient(token="xoxb-test", base_url=fake_slack.api_url, retry_handlers=[])
    with pytest.raises((OSError, SlackRequestError)):
        client.chat_postMessage(channel="C1", text="lost reply")
    assert [m["text"] for m in fake_slack.messages("C1")] == ["lost reply"]
    fake_slack.drop("chat.postMessage")
    with pytest.raises((OSError, SlackRequestError)):
        client.chat_postMessage(channel="C1", text="never posted")
    assert len(fake_slack.messages("C1")) == 1


def test_an_error_for_every_method_for_a_while(fake_slack: FakeSlack) -> None:
    fake_slack.error("*", "invalid_auth", times=2)
    client = WebClient(token="xoxb-test", base_url=fake_slack.api_url)
    for call in (client.auth_test, lambda: client.chat_postMessage(channel="C1", text="x")):
        with pytest.raises(SlackApiError) as raised:
            call()
        assert raised.value.response["error"] == "invalid_auth"
    assert client.auth_test()["ok"] is True
