"""Saves many messages into Inbox with one bulk_create call."""
from exchangelib import Message

from referee import account, arg, run


def scenario():
    acc = account()
    count = int(arg("count"))
    items = [Message(account=acc, subject=f"{arg('prefix')} {n:03d}", body=f"bulk message {n}") for n in range(count)]
    results = acc.bulk_create(folder=acc.inbox, items=items)
    errors = [str(r) for r in results if isinstance(r, Exception)]
    return {"created": len(results) - len(errors), "errors": errors, "ids": [r.id for r in results if not isinstance(r, Exception)]}


run(scenario)
