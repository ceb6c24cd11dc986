"""Moves one message to Deleted Items, soft-deletes another, hard-deletes a third and refreshes it."""
from exchangelib import Message

from referee import account, arg, run


def scenario():
    acc = account()
    subject = arg("subject")
    trash, soft, hard = (Message(account=acc, folder=acc.inbox, subject=f"{subject} {label}", body="x") for label in ("trash", "soft", "hard"))
    for item in (trash, soft, hard):
        item.save()
    trash.move_to_trash()
    soft.soft_delete()
    hard_id, hard_changekey = hard.id, hard.changekey
    hard.delete()
    ghost = Message(account=acc, id=hard_id, changekey=hard_changekey)
    try:
        ghost.refresh()
        refresh_error = None
    except Exception as error:  # the error class is what the test checks
        refresh_error = type(error).__name__
    return {
        "inTrash": [m.subject for m in acc.trash.filter(subject__startswith=subject)],
        "inInbox": [m.subject for m in acc.inbox.filter(subject__startswith=subject)],
        "refreshError": refresh_error,
    }


run(scenario)
