"""Modals: building their inputs and reading what comes back, whatever shape it arrives in.

Pure functions. The readers take Slack's `view.state.values` as it arrives and never raise:
whatever is missing or malformed becomes an error on the right block (for
`ack(response_action="errors")`) or is left out.
"""

from __future__ import annotations

from decimal import Decimal

from bot.domain.limits import fits_amount
from bot.i18n.catalogue import Translator
from bot.slack.blocks import fit, plain
from bot.text.numbers import find_numbers, parse_number

ACTION = "value"  # the action_id of every input, so a reader always knows where to look
TITLE_LIMIT = 24
LABEL_LIMIT = 150
INPUT_LIMIT = 3000
_PLACEHOLDER_LIMIT = 150
_HINT_LIMIT = 2000


# --- building ---------------------------------------------------------------------------------


def modal(
    callback_id: str, private_metadata: str, title: str, blocks: list[dict], tr: Translator
) -> dict:
    """A modal with Save and Cancel; `private_metadata` says what it is about (a row id)."""
    return {
        "type": "modal",
        "callback_id": callback_id,
        "private_metadata": private_metadata,
        "title": plain(fit(title, TITLE_LIMIT)),
        "submit": plain(fit(tr("Save"), TITLE_LIMIT)),
        "close": plain(fit(tr("Cancel"), TITLE_LIMIT)),
        "blocks": blocks,
    }


def input_block(
    block_id: str,
    label: str,
    element: dict,
    hint: str | None = None,
    optional: bool = False,
) -> dict:
    block = {
        "type": "input",
        "block_id": block_id,
        "label": plain(fit(label, LABEL_LIMIT)),
        "element": {**element, "action_id": ACTION},
        "optional": optional,
    }
    if hint:
        block["hint"] = plain(fit(hint, _HINT_LIMIT))
    return block


def text_input(placeholder: str, max_length: int, multiline: bool = False) -> dict:
    return {
        "type": "plain_text_input",
        "placeholder": plain(fit(placeholder, _PLACEHOLDER_LIMIT)),
        "max_length": max_length,
        "multiline": multiline,
    }


# --- reading ----------------------------------------------------------------------------------


def element(values: object, block_id: str) -> dict:
    """The submitted element of a block, or {} whatever shape the payload has."""
    if not isinstance(values, dict):
        return {}
    block = values.get(block_id)
    if not isinstance(block, dict):
        return {}
    element = block.get(ACTION)
    if not isinstance(element, dict):  # an unexpected action_id: take the block's only element
        element = next((e for e in block.values() if isinstance(e, dict)), None)
    return element if isinstance(element, dict) else {}


def read_text(values: object, block_id: str) -> str:
    value = element(values, block_id).get("value")
    return value.strip() if isinstance(value, str) else ""


def read_number(
    values: object, block_id: str, tr: Translator, errors: dict[str, str]
) -> Decimal | None:
    text = read_text(values, block_id)
    if not text:
        errors[block_id] = tr("Write a number here, like 1200.")
        return None
    try:
        result = parse_number(text)
    except Exception:  # a reader of user input must not take the whole submission down
        result = None
    value = getattr(result, "value", None)
    if isinstance(value, Decimal) and fits_amount(value):
        return value
    if isinstance(value, Decimal) and value.is_finite():
        errors[block_id] = tr("That number is too large for me.")
        return None
    if getattr(result, "problem", None) != "ambiguous":
        errors[block_id] = tr("I couldn't read that as a number. Write it like 1200 or 12.5.")
    elif len(find_numbers(text)) > 1:
        errors[block_id] = tr("Write just one number here.")
    else:
        errors[block_id] = tr(
            "I can't tell whether the dot marks thousands or decimals. Write it without the "
            "dot, like 1234 or 1,5."
        )
    return None
