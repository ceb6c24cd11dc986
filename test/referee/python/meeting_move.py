"""Creates a meeting with one attendee, then moves it two hours later and sends the update to all."""
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
        required_attendees=[Attendee(mailbox=Mailbox(email_address=arg("attendee")), response_type="Unknown")],
    )
    meeting.save(send_meeting_invitations=SEND_TO_ALL_AND_SAVE_COPY)
    meeting.start += timedelta(hours=2)
    meeting.end += timedelta(hours=2)
    meeting.save(update_fields=["start", "end"], send_meeting_invitations=SEND_TO_ALL_AND_SAVE_COPY)
    moved = acc.calendar.get(id=meeting.id)
    return {"id": moved.id, "changeKey": moved.changekey, "start": moved.start.isoformat()}


run(scenario)
