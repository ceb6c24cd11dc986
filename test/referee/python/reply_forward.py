"""Replies, replies to all and forwards the Inbox message with a subject, letting the server write the subject."""
from exchangelib import Mailbox

from referee import account, arg, run


def scenario():
    acc = account()
    original = acc.inbox.get(subject=arg("subject"))
    original.reply(subject=None, body="Reply from the referee")
    original.reply_all(subject=None, body="Reply to all from the referee")
    original.forward(subject=None, body="Forward from the referee", to_recipients=[Mailbox(email_address=arg("forward_to"))])
    return {"original": original.id, "author": original.author.email_address}


run(scenario)
