"""Recording sent check-ins with one transaction for many sends (a group commit).

Each send, once Slack has answered, hands its record here and waits until it is committed: the
first to come writes what has queued up by then in one transaction while the next ones queue,
then one of them writes theirs. A send never returns before its record is in the database, so
the one window for a duplicate (posted, then the process dies before "sent" commits; see
storage/checkin_claims.py) stays as short as one commit, and eight workers sharing commits need
a fraction of the transactions one each would. If a write fails, every send in it gets the error,
as it would have from its own transaction.
"""

from __future__ import annotations

import datetime as dt
import threading
from dataclasses import dataclass

from storage import checkin_batches, people
from storage.checkin_batches import SentRecord
from storage.db import SessionFactory


@dataclass(frozen=True)
class SentDM:
    team_id: str
    owner_id: str
    checkin_id: int
    dm_channel: str
    message_ts: str
    sent_at: dt.datetime
    new_dm_channel: bool  # the owner's DM channel is not stored yet (or has changed)


class _Waiting:
    __slots__ = ("done", "error", "recorded", "sent")

    def __init__(self, sent: SentDM) -> None:
        self.sent = sent
        self.done = False
        self.recorded = False
        self.error: BaseException | None = None


class SendRecords:
    def __init__(self, sessions: SessionFactory, worker: str) -> None:
        self.sessions = sessions
        self.worker = worker  # whose claims a record that is not taken gives up
        self._turn = threading.Condition()
        self._queued: list[_Waiting] = []
        self._writing = False
        self._pending = 0

    @property
    def pending(self) -> int:
        """Records handed in and not yet committed (being written, or queued)."""
        with self._turn:
            return self._pending

    def record(self, sent: SentDM) -> bool:
        """Mark the check-in sent (and keep a new DM channel); returns once committed: False
        if the strategy had a new owner by then (storage/checkin_batches.py `record_sent`)."""
        waiting = _Waiting(sent)
        with self._turn:
            self._queued.append(waiting)
            self._pending += 1
            while not waiting.done:
                if self._writing:
                    self._turn.wait()
                    continue
                self._writing = True
                batch, self._queued = self._queued, []
                self._turn.release()
                error: BaseException | None = None
                refused: set[int] = set()
                try:
                    refused = self._write([queued.sent for queued in batch])
                except BaseException as failed:  # each waiting send gets it, the writer too
                    error = failed
                finally:
                    self._turn.acquire()
                    for queued in batch:
                        queued.done, queued.error = True, error
                        queued.recorded = queued.sent.checkin_id not in refused
                    self._pending -= len(batch)
                    self._writing = False
                    self._turn.notify_all()
        if waiting.error is not None:
            raise waiting.error
        return waiting.recorded

    def _write(self, batch: list[SentDM]) -> set[int]:
        with self.sessions.begin() as session:
            refused = checkin_batches.record_sent(
                session,
                [
                    SentRecord(
                        sent.checkin_id,
                        sent.dm_channel,
                        sent.message_ts,
                        sent.sent_at,
                        sent.owner_id,
                    )
                    for sent in batch
                ],
                self.worker,
            )
            for sent in batch:
                if sent.new_dm_channel:
                    people.remember_dm(session, sent.team_id, sent.owner_id, sent.dm_channel)
        return refused
