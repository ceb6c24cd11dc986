"""Creates a meeting with a required attendee and a room, sending the invitations."""
from datetime import timedelta

from exchangelib import UTC, Attendee, CalendarItem, EWSDateTime, Mailbox
from exchangelib.items import SEND_TO_ALL_AND_SAVE_COPY

from referee import account, arg, run


def scenario():
    acc = account()
    start = EWSDateTime.from_string(arg("start")).astimezone(UTC)
    meeting = CalendarItem(
        account=acc,
        folder=acc.calendar,
        subject=arg("subject"),
        start=start,
        end=start + timedelta(minutes=30),
        location="Conference Room 101",
        required_attendees=[Attendee(mailbox=Mailbox(email_address=arg("attendee")), response_type="Unknown")],
        resources=[Attendee(mailbox=Mailbox(email_address=arg("room")), response_type="Unknown")],
    )
    meeting.save(send_meeting_invitations=SEND_TO_ALL_AND_SAVE_COPY)
    return {"id": meeting.id, "changeKey": meeting.changekey}


run(scenario)
