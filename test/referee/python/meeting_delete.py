"""Deletes a meeting the mailbox organizes, sending cancellations to its attendees."""
from exchangelib.items import SEND_TO_ALL_AND_SAVE_COPY

from referee import account, arg, run


def scenario():
    acc = account()
    meeting = acc.calendar.get(id=arg("id"))
    meeting.delete(send_meeting_cancellations=SEND_TO_ALL_AND_SAVE_COPY)
    return {"deleted": meeting.id}


run(scenario)
