"""A strategy's thread as a reply in its channel first meets it: enough to tell, without loading
or locking the strategy, whether the coach waits for an answer from this person in this thread.

Most replies in a busy channel are not answers to the coach (another thread, a colleague's
remark, a live strategy with no question open); they are dropped on this look. What is acted on
is read again, locked, and the same tests are made there (bot/builder/service.py).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class DialogueThread:
    thread_ts: str | None  # the card's ts; None until the card is posted
    started_by: str
    owner_id: str | None
    step: str | None  # the open step's value; None: no question open (a live strategy)
    awaiting: str  # what the open question waits for

    def waits_for(self, user_id: str, thread_ts: str) -> bool:
        """A reply by `user_id` in the thread `thread_ts` may be an answer: it is the strategy's
        thread, the writer may answer (its starter or owner), and a question is open."""
        return (
            self.thread_ts is not None
            and self.thread_ts == thread_ts
            and user_id in (self.started_by, self.owner_id)
            and self.step is not None
        )
