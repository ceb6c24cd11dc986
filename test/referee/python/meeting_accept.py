"""Invites an attendee, then, as the attendee, finds the meeting request in the Inbox and accepts it."""
from datetime import timedelta

from exchangelib import UTC, Attendee, CalendarItem, EWSDateTime, Mailbox
from exchangelib.items import SEND_TO_ALL_AND_SAVE_COPY

from referee import account, arg, run


def scenario():
    organizer = account()
    start = EWSDateTime.from_string(arg("start")).astimezone(UTC)
    meeting = CalendarItem(
        account=organizer,
        folder=organizer.calendar,
        subject=arg("subject"),
        start=start,
        end=start + timedelta(minutes=30),
        required_attendees=[Attendee(mailbox=Mailbox(email_address=arg("attendee")), response_type="Unknown")],
    )
    meeting.save(send_meeting_invitations=SEND_TO_ALL_AND_SAVE_COPY)
    attendee = account(arg("attendee"))
    requests = list(attendee.inbox.filter(subject=arg("subject")))
    requests[0].accept(body="Count me in")
    return {"meeting": meeting.id, "requests": [type(item).__name__ for item in requests], "request": requests[0].id}


run(scenario)
