"""Saves a message, changes it through a second Account (another session), then refreshes the first copy."""
from exchangelib import Message

from referee import account, arg, run


def scenario():
    acc = account()
    mine = Message(account=acc, folder=acc.inbox, subject=arg("subject"), body="first version")
    mine.save()
    changekey_before = mine.changekey
    other = account()
    theirs = list(other.fetch(ids=[(mine.id, mine.changekey)]))[0]
    theirs.subject = arg("subject") + " (edited elsewhere)"
    theirs.is_read = False
    theirs.save(update_fields=["subject", "is_read"])
    mine.refresh()
    return {
        "id": mine.id,
        "subject": mine.subject,
        "isRead": mine.is_read,
        "changekeyBefore": changekey_before,
        "changekeyAfter": mine.changekey,
        "theirChangekey": theirs.changekey,
    }


run(scenario)
