import type { EwsAnswer } from '../transport/responses';
import { childNode, childNodes, el, textEl, type XmlElement } from '../transport/xml';
import { directoryMailbox, type DirectoryMailbox } from './fieldTypes';
import { onlyValue, perMessage, type EwsOperation } from './operation';

export const EXPAND_DL: EwsOperation = { name: 'ExpandDL', since: 'Exchange2007' };

/** `m:ExpandDL` of a distribution group named by its SMTP address. */
export function buildExpandDL(address: string): XmlElement {
	return el('m:ExpandDL', undefined, el('m:Mailbox', undefined, textEl('t:EmailAddress', address)));
}

/**
 * The group's members, one level deep as Exchange expands it: a nested group is a member with MailboxType
 * PublicDL. Exchange's error (ErrorNameResolutionNoResults for what is not a group) is thrown.
 */
export function readExpandDL(answer: EwsAnswer): DirectoryMailbox[] {
	return onlyValue(perMessage(answer, (message) => childNodes(childNode(message.node, 'DLExpansion'), 'Mailbox').map((mailbox) => directoryMailbox.read(mailbox))));
}
