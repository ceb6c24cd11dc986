"""exchangelib's paged filter over one folder, newest first, for the benchmark beside Email -> Get Many.

Reads every message of the mailbox's Inbox 100 at a time (a QuerySet, which since exchangelib 4 keeps no cache
of its own) and keeps each as a dict of the fields the node's simplified output has, as a workflow would hold them.
Prints one JSON object: the count, the seconds, and the process's resident memory before and at its peak.
"""
import json
import resource
import time

from referee import account, run

FIELDS = ("subject", "sender", "to_recipients", "cc_recipients", "datetime_received", "datetime_sent", "is_read",
          "has_attachments", "importance", "categories", "conversation_id", "message_id")


def rss_bytes():
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * resource.getpagesize()


def mailbox(m):
    return {"name": m.name, "address": m.email_address} if m else None


def scenario():
    acc = account()
    folder = acc.inbox
    # Resolves the folder and warms the connection, as the node's run resolves its folder path: not measured.
    folder.refresh()
    before = rss_bytes()
    started = time.perf_counter()
    query = folder.all().order_by("-datetime_received").only(*FIELDS)
    query.page_size = 100
    held = []
    for item in query:
        held.append({
            "id": item.id, "changeKey": item.changekey, "subject": item.subject, "from": mailbox(item.sender),
            "to": [mailbox(m) for m in item.to_recipients or []], "cc": [mailbox(m) for m in item.cc_recipients or []],
            "receivedAt": str(item.datetime_received), "sentAt": str(item.datetime_sent), "isRead": item.is_read,
            "hasAttachments": item.has_attachments, "importance": item.importance, "categories": item.categories or [],
            "conversationId": item.conversation_id.id if item.conversation_id else None, "internetMessageId": item.message_id,
        })
    seconds = time.perf_counter() - started
    return {
        "items": len(held),
        "seconds": seconds,
        "rssBefore": before,
        "rssHeld": rss_bytes(),
        # ru_maxrss is in kilobytes on Linux, and covers the whole process life (its start included).
        "peakRss": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024,
    }


run(scenario)
