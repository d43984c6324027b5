"""The pages of the "Add to Slack" install flow: HTML we write, every value escaped, in English
or Norwegian bokmål. Pure: no Slack client, no database, no clock."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from html import escape
from urllib.parse import urlencode

from bot.i18n.catalogue import Translator, language_for_locale, translator

APP_NAME = "Strategy Coach"
_STYLE = (
    "body{font-family:-apple-system,BlinkMacSystemFont,'Segoe UI',Roboto,sans-serif;"
    "max-width:36rem;margin:4rem auto;padding:0 1rem;line-height:1.5;color:#1d1c1d}"
    "a.button{display:inline-block;background:#4a154b;color:#fff;padding:.6rem 1.2rem;"
    "border-radius:.3rem;text-decoration:none;font-weight:600}code{background:#f4f4f4;"
    "padding:0 .2rem}"
)


def browser_language(headers: Mapping[str, Sequence[str] | str]) -> str:
    """The browser's first language (Accept-Language), as "en" or "nb"."""
    value = headers.get("accept-language") or ""
    first = value[0] if isinstance(value, (list, tuple)) and value else value
    return language_for_locale(str(first).split(",")[0].split(";")[0].strip() or None)


def app_redirect_url(app_id: str, team_id: str) -> str:
    """A link that opens the app in the workspace it was just installed in."""
    return "https://slack.com/app_redirect?" + urlencode({"app": app_id, "team": team_id})


def _page(language: str, title: str, paragraphs: list[str], link: tuple[str, str]) -> str:
    """`paragraphs` are HTML already escaped; `link` is (url, label), escaped here."""
    url, label = link
    body = "".join(f"<p>{paragraph}</p>" for paragraph in paragraphs)
    return (
        f'<!DOCTYPE html><html lang="{escape(language)}"><head><meta charset="utf-8">'
        f'<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{escape(title)}</title><style>{_STYLE}</style></head><body>"
        f"<h1>{escape(title)}</h1>{body}"
        f'<p><a class="button" href="{escape(url)}">{escape(label)}</a></p></body></html>'
    )


def install_page(authorize_url: str, language: str) -> str:
    tr = translator(language)
    return _page(
        tr.language,
        APP_NAME,
        [
            escape(
                tr(
                    "Strategy Coach helps your team turn a marketing strategy into goals, "
                    "metrics and owners, and asks each owner for a short check-in every week, "
                    "right in Slack."
                )
            ),
            escape(tr("Add it to your workspace to get started.")),
        ],
        (authorize_url, tr("Add to Slack")),
    )


def success_page(app_id: str, team_id: str, team_name: str, language: str) -> str:
    tr = translator(language)
    invite = f"<code>{escape('/invite @' + APP_NAME)}</code>"
    command = "<code>/strategy</code>"
    return _page(
        tr.language,
        tr("Strategy Coach is installed"),
        [
            escape(tr("Strategy Coach is now part of {team}.", team=team_name or team_id)),
            escape(
                tr("Next: invite it to a channel with {invite}, then type {command} there.")
            ).format(invite=invite, command=command),
            escape(tr("The coach has also sent you a direct message with the first steps.")),
        ],
        (app_redirect_url(app_id, team_id), tr("Open Slack")),
    )


def failure_page(reason: str, install_path: str, language: str) -> str:
    tr = translator(language)
    return _page(
        tr.language,
        tr("Strategy Coach was not installed"),
        [escape(_failure_reason(tr, reason)), escape(tr("Nothing was installed."))],
        (install_path, tr("Try again")),
    )


def org_wide_page(install_path: str, language: str) -> str:
    tr = translator(language)
    return _page(
        tr.language,
        tr("Strategy Coach was not installed"),
        [
            escape(
                tr(
                    "Installing Strategy Coach for a whole Enterprise Grid organization is not "
                    "supported yet. Nothing was installed."
                )
            ),
            escape(tr("Install it in each workspace that should use it instead.")),
        ],
        (install_path, tr("Install in a workspace")),
    )


def _failure_reason(tr: Translator, reason: str) -> str:
    if reason == "access_denied":
        return tr("The installation was cancelled.")
    if reason in ("invalid_state", "invalid_browser"):
        return tr(
            "This installation link has expired or was already used: start again from the "
            "install page."
        )
    if reason in ("invalid_code", "missing_code"):
        return tr("Slack did not confirm the installation.")
    if reason == "storage_error":
        return tr("The installation could not be saved. Please try again in a few minutes.")
    return tr("Slack could not finish the installation.")
