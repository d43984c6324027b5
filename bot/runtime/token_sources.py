"""The `TokenSource` each `SlackIO` of the process gets (bot/slack/tokens.py): the one bot token
(SLACK_BOT_TOKEN), or each installed workspace's own, read through the installation store."""

from __future__ import annotations

from functools import partial

from slack_sdk import WebClient
from slack_sdk.oauth.installation_store import InstallationStore

from bot.runtime.config import Config
from bot.slack.client import make_client
from bot.slack.tokens import BotStore, InstalledTokens, SingleToken, TokenSource
from storage.db import SessionFactory
from storage.installations import enterprise_of, make_installation_store


def token_source(
    config: Config,
    sessions: SessionFactory,
    store: InstallationStore | None = None,
    client: WebClient | None = None,
) -> TokenSource:
    """Single-workspace mode: `client` (else one made from the token). Multi-workspace mode:
    `store` (Bolt's; else one on the sessions' engine, tokens sealed with config.token_keys)."""
    if config.oauth is None:
        return SingleToken(client or make_client(config.bot_token, config.api_url))
    engine = sessions.kw["bind"]
    oauth = config.oauth
    if store is None:
        store = make_installation_store(engine, oauth.client_id, config.token_keys)
    return installed_tokens(store, config.api_url, oauth.client_id, oauth.client_secret, engine)


def installed_tokens(
    store: InstallationStore | BotStore,
    api_url: str,
    client_id: str,
    client_secret: str,
    engine: object,
) -> InstalledTokens:
    return InstalledTokens(
        store,  # type: ignore[arg-type]
        api_url,
        client_id,
        client_secret,
        make_client,
        enterprise_of=partial(enterprise_of, engine, client_id),
    )
