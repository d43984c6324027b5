"""Multi-workspace mode: Slack's "Add to Slack" install flow, with Bolt's `OAuthFlow` and
slack_sdk's SQLAlchemy installation and state stores on the app's own database.

Bolt does the flow (install page, state cookie, `oauth.v2.access`, `auth.test`, saving the
installation); what is ours: the pages (`bot/runtime/install_pages.py`), refusing an org-wide
(Enterprise Grid) install before anything is stored, a database failure shown as a page, the
state signed with SLACK_STATE_SECRET, and the installer's welcome DM (`bot/lifecycle/welcome.py`).
"""

from __future__ import annotations

import hashlib
import hmac
import logging
from collections.abc import Callable

from slack_bolt import App, BoltResponse
from slack_bolt.error import BoltError
from slack_bolt.oauth.callback_options import CallbackOptions, FailureArgs, SuccessArgs
from slack_bolt.oauth.oauth_flow import OAuthFlow
from slack_bolt.oauth.oauth_settings import OAuthSettings
from slack_bolt.request import BoltRequest
from slack_sdk import WebClient
from slack_sdk.oauth.installation_store import Installation, InstallationStore
from slack_sdk.oauth.state_store import OAuthStateStore
from sqlalchemy import Engine
from sqlalchemy.exc import SQLAlchemyError

from bot.runtime import install_pages
from bot.runtime.config import Config, OAuthConfig
from bot.slack.surface import BOT_SCOPES
from storage.installations import make_installation_store, make_state_store

log = logging.getLogger(__name__)

INSTALL_PATH = "/slack/install"
REDIRECT_PATH = "/slack/oauth_redirect"
STATE_EXPIRATION_SECONDS = 600
TOKEN_ROTATION_EXPIRATION_MINUTES = 120

# What happens after an installation is stored: the installer's language ("en"/"nb"), once
# they have been welcomed (bot/lifecycle/welcome.py).
Welcome = Callable[[Installation], str]


class OrgWideInstall(BoltError):
    """An Enterprise Grid org-wide install: not supported yet, nothing is stored."""


class SignedStateStore(OAuthStateStore):
    """The database state store, with each state signed by SLACK_STATE_SECRET: a state this
    deployment did not issue is refused before the database is asked."""

    def __init__(self, inner: OAuthStateStore, secret: str) -> None:
        self.inner = inner
        self.key = secret.encode()

    @property
    def logger(self) -> logging.Logger:
        return log

    def issue(self, *args: object, **kwargs: object) -> str:
        state = self.inner.issue(*args, **kwargs)
        return f"{state}.{self._signature(state)}"

    def consume(self, state: str) -> bool:
        issued, _, signature = (state or "").rpartition(".")
        if not issued or not hmac.compare_digest(signature, self._signature(issued)):
            return False
        return self.inner.consume(issued)

    def _signature(self, state: str) -> str:
        return hmac.new(self.key, state.encode(), hashlib.sha256).hexdigest()[:32]


class CoachOAuthFlow(OAuthFlow):
    """Bolt's flow with our install page, and org-wide installs refused before saving."""

    def build_install_page_html(self, url: str, request: BoltRequest) -> str:
        return install_pages.install_page(url, install_pages.browser_language(request.headers))

    def handle_installation(self, request: BoltRequest) -> BoltResponse:
        """The install page; with the database away (its state can't be stored), a page that
        says to try again in a few minutes instead of Bolt's bare 500."""
        try:
            return super().handle_installation(request)
        except SQLAlchemyError as error:
            log.error("Could not issue an install state: %s", type(error).__name__)
            language = install_pages.browser_language(request.headers)
            return _html(503, install_pages.failure_page("storage_error", INSTALL_PATH, language))

    def store_installation(self, request: BoltRequest, installation: Installation) -> None:
        if installation.is_enterprise_install:
            log.info("Refused an org-wide install of enterprise %s", installation.enterprise_id)
            raise OrgWideInstall("org-wide installs are not supported")
        try:
            super().store_installation(request, installation)
        except SQLAlchemyError as error:  # shown as a page, never a stack trace
            log.error("Could not save the installation of %s: %s", installation.team_id, error)
            raise BoltError("the installation could not be saved") from None


def make_stores(config: Config, engine: Engine) -> tuple[InstallationStore, OAuthStateStore]:
    """The installation store (tokens sealed with TOKEN_ENCRYPTION_KEY when set) and the
    signed state store, on the app's engine."""
    oauth = _oauth(config)
    installations = make_installation_store(engine, oauth.client_id, config.token_keys)
    states = SignedStateStore(
        make_state_store(engine, STATE_EXPIRATION_SECONDS), oauth.state_secret
    )
    return installations, states


def oauth_settings(
    config: Config,
    installation_store: InstallationStore,
    state_store: OAuthStateStore,
    welcome: Welcome | None = None,
) -> OAuthSettings:
    oauth = _oauth(config)
    return OAuthSettings(
        client_id=oauth.client_id,
        client_secret=oauth.client_secret,
        scopes=list(BOT_SCOPES),
        installation_store=installation_store,
        installation_store_bot_only=True,
        state_store=state_store,
        state_validation_enabled=True,
        state_expiration_seconds=STATE_EXPIRATION_SECONDS,
        install_path=INSTALL_PATH,
        redirect_uri_path=REDIRECT_PATH,
        callback_options=CallbackOptions(success=_success(welcome), failure=_failure),
        token_rotation_expiration_minutes=TOKEN_ROTATION_EXPIRATION_MINUTES,
    )


def make_multi_workspace_app(
    config: Config,
    engine: Engine,
    client: WebClient,
    welcome: Welcome | None = None,
    **app_options: object,
) -> App:
    """Bolt's App in multi-workspace mode: each request authorized with its workspace's
    installation. The store goes to App itself too, so rotated tokens are refreshed through
    `client` (SLACK_API_URL), not slack.com."""
    installations, states = make_stores(config, engine)
    settings = oauth_settings(config, installations, states, welcome)
    return App(
        client=client,
        signing_secret=config.signing_secret,
        installation_store=installations,
        installation_store_bot_only=True,
        oauth_flow=CoachOAuthFlow(client=client, logger=log, settings=settings),
        **app_options,  # type: ignore[arg-type]
    )


def _oauth(config: Config) -> OAuthConfig:
    if config.oauth is None:
        raise ValueError("multi-workspace mode needs Config.oauth")
    return config.oauth


def _html(status: int, body: str) -> BoltResponse:
    return BoltResponse(
        status=status, body=body, headers={"Content-Type": "text/html; charset=utf-8"}
    )


def _success(welcome: Welcome | None) -> Callable[[SuccessArgs], BoltResponse]:
    def success(args: SuccessArgs) -> BoltResponse:
        installation = args.installation
        language = install_pages.browser_language(args.request.headers)
        if welcome is not None:
            try:
                language = welcome(installation)
            except Exception:  # the install is done: the page says so even without the DM
                log.exception("Could not welcome the installer of %s", installation.team_id)
        log.info("Installed in workspace %s", installation.team_id)
        page = install_pages.success_page(
            app_id=installation.app_id or "",
            team_id=installation.team_id or "",
            team_name=installation.team_name or "",
            language=language,
        )
        return _html(200, page)

    return success


def _failure(args: FailureArgs) -> BoltResponse:
    language = install_pages.browser_language(args.request.headers)
    if isinstance(args.error, OrgWideInstall):
        return _html(400, install_pages.org_wide_page(INSTALL_PATH, language))
    log.info("An install failed: %s", args.reason)
    status = 503 if args.reason == "storage_error" else max(args.suggested_status_code, 400)
    if args.reason in ("invalid_browser", "missing_code"):
        status = 400
    return _html(status, install_pages.failure_page(args.reason, INSTALL_PATH, language))
