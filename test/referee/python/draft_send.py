"""Saves a draft in Drafts, then sends it by id (SendItem) with a copy in Sent Items."""
from exchangelib import Mailbox, Message

from referee import account, arg, run


def scenario():
    acc = account()
    draft = Message(account=acc, folder=acc.drafts, subject=arg("subject"), body="draft body", to_recipients=[Mailbox(email_address=arg("to"))])
    draft.save()
    draft_id = draft.id
    in_drafts = [m.id for m in acc.drafts.filter(subject=arg("subject"))]
    draft.send()
    return {
        "draftId": draft_id,
        "inDraftsBefore": in_drafts,
        "inDraftsAfter": [m.id for m in acc.drafts.filter(subject=arg("subject"))],
        "inSent": [m.subject for m in acc.sent.filter(subject=arg("subject"))],
    }


run(scenario)
