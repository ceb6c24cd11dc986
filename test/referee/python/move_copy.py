"""Moves a message into a new folder under Inbox, copies it back to Inbox, and fetches the old id."""
from exchangelib import Folder, Message

from referee import account, arg, run


def scenario():
    acc = account()
    folder = Folder(parent=acc.inbox, name=arg("folder"))
    folder.save()
    item = Message(account=acc, folder=acc.inbox, subject=arg("subject"), body="x")
    item.save()
    old_id, old_changekey = item.id, item.changekey
    item.move(folder)
    copy = item.copy(acc.inbox)
    old = list(acc.fetch(ids=[(old_id, old_changekey)]))[0]
    return {
        "oldId": old_id,
        "movedId": item.id,
        "copyId": copy[0] if copy else None,
        "inFolder": [m.id for m in folder.filter(subject=arg("subject"))],
        "inInbox": [m.id for m in acc.inbox.filter(subject=arg("subject"))],
        "oldIdFetch": type(old).__name__,
    }


run(scenario)
