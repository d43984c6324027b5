"""`strategy-coach shell` on the command line, without a terminal: the installed console script
run with `--script FILE` or with the lines piped in, as someone shares or replays a dialogue.
The output is a plain-text transcript (no terminal codes, no secrets); a wrong argument ends
with one line naming it and exit status 2."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

# The installed console script, beside this interpreter (the venv's bin), else on PATH.
SCRIPT = Path(sys.executable).with_name("strategy-coach")
if not SCRIPT.exists():
    SCRIPT = Path(shutil.which("strategy-coach") or SCRIPT)
WAIT = 60  # seconds; the shell starts in about 2 (it migrates a fresh SQLite database)
GOAL = "We want 500 newsletter sign-ups by 2027-06-30, from 120 today, and we mean it"
DIALOGUE = ["/strategy", GOAL, ":4", ":quit"]
ESCAPE = re.compile(r"\x1b|\x9b")  # ESC, or the 8-bit CSI
SECRET = re.compile(r"xox[abpre]-|xapp-")


def _shell(
    folder: Path, *args: str, stdin: str | None = None, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    environment = {
        "PATH": "/usr/bin:/bin",
        "HOME": str(folder),
        "DATABASE_URL": f"sqlite:///{folder}/db.sqlite",
        "LANG": "en_US.UTF-8",
        "LOGNAME": "kari",
        **(env or {}),
    }
    return subprocess.run(
        [str(SCRIPT), "shell", *args],
        cwd=folder,
        env=environment,
        input=stdin if stdin is not None else "",
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=WAIT,
    )


def _after(lines: list[str], start: int, text: str) -> int:
    """The number of the first line from `start` on that contains `text`."""
    for number in range(start, len(lines)):
        if text in lines[number]:
            return number
    raise AssertionError(f"{text!r} not after line {start} in:\n" + "\n".join(lines))


def _assert_transcript(out: str) -> None:
    """Each prompt with its typed line, each followed by what the coach said to it."""
    lines = out.splitlines()
    assert lines[0].startswith("Strategy Coach shell: you are @kari in #marketing.")
    at = _after(lines, 0, "The shell's clock:")
    assert "(Europe/Oslo)" in lines[at]
    at = _after(lines, at, "@kari #marketing> /strategy")
    assert lines[at] == "@kari #marketing> /strategy"
    at = _after(lines, at, "Strategy Coach  #marketing")
    at = _after(lines, at, "Step 1 of 5: Goals")
    at = _after(lines, at, "[1] Use a form  [2] Skip for now")
    at = _after(lines, at, "@kari #marketing › thread> ")
    assert lines[at] == "@kari #marketing › thread> " + GOAL  # one line, however long
    at = _after(lines, at, "Saved goal 1: newsletter sign-ups from 120 to 500")
    at = _after(lines, at, "[3] Use a form  [4] Skip for now")
    at = _after(lines, at, "@kari #marketing › thread> :4")
    assert lines[at] == "@kari #marketing › thread> :4"
    at = _after(lines, at, "Left Goals as it is.")
    at = _after(lines, at, "Step 2 of 5: Mission")
    assert lines[-1] == "@kari #marketing › thread> :quit"


def _assert_plain(result: subprocess.CompletedProcess[str]) -> None:
    for stream in (result.stdout, result.stderr):
        assert not ESCAPE.search(stream), f"terminal codes in {stream!r}"
        assert not SECRET.search(stream), f"a token in {stream!r}"
        assert "Traceback" not in stream


def test_a_script_file_prints_the_transcript(tmp_path: Path) -> None:
    script = tmp_path / "dialogue.txt"
    script.write_text("# a goal, then skip to the mission\n" + "\n".join(DIALOGUE) + "\n")
    result = _shell(tmp_path, "--script", str(script), "--tz", "Europe/Oslo")
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    _assert_transcript(result.stdout)
    assert "a goal, then skip" not in result.stdout  # comments are not typed
    _assert_plain(result)


def test_lines_piped_in_print_the_same_transcript(tmp_path: Path) -> None:
    result = _shell(tmp_path, "--tz", "Europe/Oslo", stdin="\n".join(DIALOGUE) + "\n")
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    _assert_transcript(result.stdout)
    _assert_plain(result)


def test_the_end_of_the_input_leaves_like_quit(tmp_path: Path) -> None:
    result = _shell(tmp_path, "--tz", "Europe/Oslo", stdin="/strategy help")  # no newline
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    at = _after(lines, 0, "@kari #marketing> /strategy help")
    _after(lines, at, "/strategy status")
    _assert_plain(result)


def test_language_person_and_zone_from_the_command_line(tmp_path: Path) -> None:
    result = _shell(
        tmp_path,
        "--lang",
        "nb",
        "--as",
        "@ola",
        "--tz",
        "Asia/Kolkata",
        stdin="/strategy\n:quit\n",
    )
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert "@ola" in lines[0] and "#marketing" in lines[0]
    assert "Strategy Coach shell: you are" not in lines[0]  # Norwegian
    assert "(Asia/Kolkata)" in lines[_after(lines, 0, "Asia/Kolkata")]
    at = _after(lines, 0, "@ola #marketing> /strategy")
    _after(lines, at, "Steg 1 av 5: Mål")
    _assert_plain(result)


@pytest.mark.parametrize(
    ("args", "named"),
    [
        (["--script", "missing.txt"], "missing.txt"),
        (["--script", "."], "--script"),
        (["--tz", "Not/AZone"], "Not/AZone"),
        (["--tz", "America"], "America"),  # a folder of zones, not a zone
        (["--tz", "../../etc/passwd"], "--tz"),
    ],
)
def test_a_wrong_argument_ends_with_one_line_and_status_2(
    tmp_path: Path, args: list[str], named: str
) -> None:
    result = _shell(tmp_path, *args, stdin="/strategy\n:quit\n")
    assert result.returncode == 2
    assert result.stdout == ""
    assert len(result.stderr.splitlines()) == 1, result.stderr
    assert result.stderr.startswith("strategy-coach: ")
    assert named in result.stderr
    _assert_plain(result)
    assert not (tmp_path / "db.sqlite").exists()  # nothing started


def test_a_script_that_is_not_utf8_is_named_and_status_2(tmp_path: Path) -> None:
    script = tmp_path / "latin1.txt"
    script.write_bytes("/strategy\nMer salg på nett\n".encode("latin-1"))
    result = _shell(tmp_path, "--script", str(script), "--tz", "Europe/Oslo")
    assert result.returncode == 2
    assert result.stdout == ""
    assert len(result.stderr.splitlines()) == 1, result.stderr
    assert "latin1.txt" in result.stderr and "UTF-8" in result.stderr
    _assert_plain(result)


def test_a_script_saved_with_a_byte_order_mark_runs_its_first_line(tmp_path: Path) -> None:
    script = tmp_path / "notepad.txt"
    script.write_text("/strategy help\r\n:quit\r\n", encoding="utf-8-sig")
    result = _shell(tmp_path, "--script", str(script), "--tz", "Europe/Oslo")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    at = _after(lines, 0, "/strategy help")
    assert lines[at] == "@kari #marketing> /strategy help"
    _after(lines, at, "/strategy status")  # the coach's help, not a message in the channel
    _assert_plain(result)
