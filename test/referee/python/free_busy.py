"""Free/busy of several mailboxes in Europe/Berlin, as exchangelib asks for it: GetServerTimeZones for the zone's
rules, then GetUserAvailabilityRequest with that TimeZone (DetailedMerged, 30-minute intervals)."""
from exchangelib import EWSDateTime, EWSTimeZone

from referee import account, arg, run


def scenario():
    acc = account()
    zone = EWSTimeZone("Europe/Berlin")
    start = EWSDateTime.from_string(arg("start")).astimezone(zone)
    end = EWSDateTime.from_string(arg("end")).astimezone(zone)
    mailboxes = [(address, "Required", False) for address in arg("mailboxes").split(",")]
    views = []
    for view in acc.protocol.get_free_busy_info(accounts=mailboxes, start=start, end=end):
        if isinstance(view, Exception):
            views.append({"error": type(view).__name__})
            continue
        views.append({
            "viewType": view.view_type,
            "merged": view.merged,
            "events": [
                [event.start.isoformat(), event.end.isoformat(), event.busy_type, event.details.subject if event.details else None]
                for event in view.calendar_events or []
            ],
            "workingHours": [[period.weekdays, period.start.isoformat(), period.end.isoformat()] for period in view.working_hours or []],
            "workingHoursBias": view.working_hours_timezone.bias if view.working_hours_timezone else None,
        })
    return {"views": views}


run(scenario)
