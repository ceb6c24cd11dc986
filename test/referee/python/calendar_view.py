"""Creates a daily series of five occurrences (unless told to only look), then lists a calendar view over it.

calendar.view() is FindItem with CalendarView: the server expands the series, so each occurrence arrives as
its own item, in start order, with its type (Occurrence or Exception). The master is read back with GetItem.
"""
from datetime import timedelta

from exchangelib import UTC, CalendarItem, EWSDate, EWSDateTime
from exchangelib.items import SEND_TO_NONE
from exchangelib.recurrence import DailyPattern, Recurrence

from referee import account, arg, run


def scenario():
    acc = account()
    start = EWSDateTime.from_string(arg("start")).astimezone(UTC)
    master_id = None
    if arg("create") == "yes":
        series = CalendarItem(
            account=acc,
            folder=acc.calendar,
            subject=arg("subject"),
            start=start,
            end=start + timedelta(minutes=30),
            recurrence=Recurrence(pattern=DailyPattern(interval=1), start=EWSDate(start.year, start.month, start.day), number=5),
        )
        series.save(send_meeting_invitations=SEND_TO_NONE)
        master_id = series.id
    view = acc.calendar.view(start=start - timedelta(days=1), end=start + timedelta(days=7))
    occurrences = [
        {"id": item.id, "subject": item.subject, "start": item.start.isoformat(), "type": item.type}
        for item in view
        if item.subject.startswith(arg("subject"))
    ]
    result = {"occurrences": occurrences}
    if master_id:
        master = acc.calendar.get(id=master_id)
        result["master"] = {"type": master.type, "recurrence": str(master.recurrence)}
    return result


run(scenario)
