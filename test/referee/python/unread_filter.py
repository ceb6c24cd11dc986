"""Saves six messages, every other one unread, and filters them by read state."""
from exchangelib import Message

from referee import account, arg, run


def scenario():
    acc = account()
    tag = arg("tag")
    items = [
        Message(account=acc, folder=acc.inbox, subject=f"{tag} {n}", body="x", is_read=(n % 2 == 0)) for n in range(6)
    ]
    acc.bulk_create(folder=acc.inbox, items=items)
    unread = sorted(m.subject for m in acc.inbox.filter(subject__startswith=tag, is_read=False))
    read = sorted(m.subject for m in acc.inbox.filter(subject__startswith=tag, is_read=True))
    return {"unread": unread, "read": read}


run(scenario)
