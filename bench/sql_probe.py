"""Counts the SQL statements of a `strategy-coach run` process, for bench/fanout.py.

bench/fanout.py copies this file as `sitecustomize.py` into a folder it puts on the processes'
PYTHONPATH, so the real console script runs unchanged and the product's code knows nothing of
it. With FANOUT_SQL_COUNT_FILE set, every statement any engine sends (SQLAlchemy's
`before_cursor_execute`, listened on the Engine class) is counted, apart for the main thread
(start-up: migrations, the app's construction) and the other threads (the scheduler's ticks;
no HTTP requests reach the processes in the benchmark). The counts are written to that file as
JSON twice a second and at exit.
"""

from __future__ import annotations

import os

_PATH = os.environ.get("FANOUT_SQL_COUNT_FILE")

if _PATH:
    import atexit
    import json
    import threading

    from sqlalchemy import event
    from sqlalchemy.engine import Engine

    _counts = {"startup": 0, "ticks": 0}
    _lock = threading.Lock()

    def _count(*_args: object) -> None:
        key = "startup" if threading.current_thread() is threading.main_thread() else "ticks"
        with _lock:
            _counts[key] += 1

    def _write() -> None:
        with _lock:
            text = json.dumps(_counts)
        temporary = f"{_PATH}.tmp"
        with open(temporary, "w", encoding="utf-8") as out:
            out.write(text)
        os.replace(temporary, str(_PATH))

    def _keep_writing() -> None:
        stopped = threading.Event()
        while not stopped.wait(0.5):
            _write()

    event.listen(Engine, "before_cursor_execute", _count)
    atexit.register(_write)
    threading.Thread(target=_keep_writing, name="sql-probe", daemon=True).start()
