"""Filters Inbox by subject and received time, newest first, in small pages, and counts the matches.

Three batches are saved a little over a second apart (DateTimeReceived has whole seconds): the first
before the cut-off, the other two after it; the newest batch must come first.
"""
import time

from exchangelib import UTC, EWSDateTime, Message

from referee import account, arg, run


def save(acc, label, count):
    items = [Message(account=acc, subject=f"{arg('tag')} {label} {n:02d}", body=label) for n in range(count)]
    acc.bulk_create(folder=acc.inbox, items=items)


def scenario():
    acc = account()
    save(acc, "old", 5)
    time.sleep(1.2)
    cutoff = EWSDateTime.now(UTC)
    time.sleep(1.2)
    save(acc, "mid", 12)
    time.sleep(1.2)
    save(acc, "new", 13)
    query = acc.inbox.filter(subject__contains=arg("tag"), datetime_received__gt=cutoff).order_by("-datetime_received")
    query.page_size = int(arg("page_size"))
    listed = [{"subject": m.subject, "received": m.datetime_received.isoformat()} for m in query]
    exact = list(acc.inbox.filter(subject=f"{arg('tag')} new 07"))
    return {
        "cutoff": cutoff.isoformat(),
        "listed": listed,
        "count": query.count(),
        "exactSubject": [m.subject for m in exact],
    }


run(scenario)
