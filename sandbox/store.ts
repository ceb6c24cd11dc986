import { randomBytes } from 'crypto';
import { AccountDirectory, SandboxMailbox, sameAddress } from './accounts';

/**
 * What the sandbox's mailboxes hold, as plain typed data, so tests can check exactly what arrived and how
 * often (the deliveries log is the exactly-once witness).
 */

export interface Address {
	address: string;
	name?: string;
}

export interface Body {
	type: 'HTML' | 'Text';
	text: string;
}

export interface StoredAttachment {
	name: string;
	contentType?: string;
	contentId?: string;
	isInline: boolean;
	content: Buffer;
}

export type MessageDisposition = 'SaveOnly' | 'SendOnly' | 'SendAndSaveCopy';
export type MeetingInvitationsMode = 'SendToNone' | 'SendOnlyToAll' | 'SendToAllAndSaveCopy';

interface ItemBase {
	id: string;
	changeKey: string;
	/** The mailbox whose folder holds this copy. */
	mailbox: string;
	subject?: string;
	body?: Body;
	categories: string[];
	importance?: string;
	sensitivity?: string;
	/** The account that made the request (the one authenticated, not the impersonated mailbox). */
	createdBy: string;
	createdAt: Date;
}

export interface StoredMessage extends ItemBase {
	kind: 'message';
	/** Shared by every copy of one sent message: count deliveries of a message with it. */
	internetMessageId: string;
	from?: Address;
	/** The mailbox the message was sent as (the impersonated or the authenticated one). */
	sender: Address;
	toRecipients: Address[];
	ccRecipients: Address[];
	bccRecipients: Address[];
	replyTo: Address[];
	attachments: StoredAttachment[];
	isReadReceiptRequested?: boolean;
	isDeliveryReceiptRequested?: boolean;
	disposition: MessageDisposition;
	isDraft: boolean;
}

export interface DateTimeValue {
	/** The value exactly as the request carried it. */
	raw: string;
	/** The instant it names; offset-less values are read as UTC (a stand-in for the time zone rules). */
	instant: Date;
}

export interface StoredCalendarItem extends ItemBase {
	kind: 'calendarItem';
	start?: DateTimeValue;
	end?: DateTimeValue;
	startTimeZone?: string;
	endTimeZone?: string;
	isAllDayEvent?: boolean;
	legacyFreeBusyStatus?: string;
	location?: string;
	reminderIsSet?: boolean;
	reminderMinutesBeforeStart?: number;
	organizer: Address;
	requiredAttendees: Address[];
	optionalAttendees: Address[];
	resources: Address[];
	invitationsSent: MeetingInvitationsMode;
	attachments: StoredAttachment[];
}

/** What lands in an attendee's or resource's inbox when invitations are sent. */
export interface StoredMeetingRequest extends ItemBase {
	kind: 'meetingRequest';
	internetMessageId: string;
	/** The organizer's calendar item this request is about. */
	calendarItemId: string;
	organizer: Address;
	start?: DateTimeValue;
	end?: DateTimeValue;
	location?: string;
}

export type StoredItem = StoredMessage | StoredCalendarItem | StoredMeetingRequest;

export interface Delivery {
	/** The internetMessageId of the delivered message or meeting request. */
	messageId: string;
	kind: 'message' | 'meetingRequest';
	subject?: string;
	sender: string;
	recipient: string;
	/** Outside the organisation: kept in the external outbox instead of a mailbox. */
	external: boolean;
	at: Date;
}

export const FOLDER_NAMES = ['msgfolderroot', 'inbox', 'sentitems', 'calendar', 'drafts'] as const;
export type FolderName = (typeof FOLDER_NAMES)[number];

const FOLDER_DISPLAY_NAMES: Record<FolderName, string> = {
	msgfolderroot: 'Top of Information Store',
	inbox: 'Inbox',
	sentitems: 'Sent Items',
	calendar: 'Calendar',
	drafts: 'Drafts',
};

/** EWS ids are opaque base64 strings; random bytes make them look and behave like the real ones. */
export function newOpaqueId(bytes = 48): string {
	return randomBytes(bytes).toString('base64');
}

export class Folder {
	readonly id = newOpaqueId();
	readonly changeKey = newOpaqueId(12);
	readonly items: StoredItem[] = [];

	constructor(
		readonly name: FolderName,
		readonly mailbox: string,
	) {}

	get displayName(): string {
		return FOLDER_DISPLAY_NAMES[this.name];
	}

	messages(): StoredMessage[] {
		return this.items.filter((i): i is StoredMessage => i.kind === 'message');
	}

	calendarItems(): StoredCalendarItem[] {
		return this.items.filter((i): i is StoredCalendarItem => i.kind === 'calendarItem');
	}

	meetingRequests(): StoredMeetingRequest[] {
		return this.items.filter((i): i is StoredMeetingRequest => i.kind === 'meetingRequest');
	}
}

export class Mailbox {
	private readonly folders = new Map<FolderName, Folder>();

	constructor(readonly info: SandboxMailbox) {
		for (const name of FOLDER_NAMES) this.folders.set(name, new Folder(name, info.smtpAddress));
	}

	get address(): string {
		return this.info.smtpAddress;
	}

	folder(name: FolderName): Folder {
		return this.folders.get(name) as Folder;
	}

	allFolders(): Folder[] {
		return [...this.folders.values()];
	}
}

export class SandboxStore {
	private mailboxes = new Map<string, Mailbox>();
	deliveries: Delivery[] = [];
	/** Messages relayed to addresses outside the organisation. */
	externalOutbox: StoredItem[] = [];

	constructor(private readonly directory: AccountDirectory) {
		this.reset();
	}

	/** Empties every mailbox and the logs, as after a fresh install. */
	reset(): void {
		this.mailboxes = new Map(
			this.directory.directory.mailboxes.map((m) => [m.smtpAddress.toLowerCase(), new Mailbox(m)]),
		);
		this.deliveries = [];
		this.externalOutbox = [];
	}

	hasMailbox(address: string): boolean {
		return this.mailboxes.has(address.toLowerCase());
	}

	/** Throws for an unknown address: a test naming a mailbox that does not exist is a test bug. */
	mailbox(address: string): Mailbox {
		const mailbox = this.mailboxes.get(address.toLowerCase());
		if (!mailbox) throw new Error(`the sandbox has no mailbox ${address}`);
		return mailbox;
	}

	findFolderById(id: string): Folder | undefined {
		for (const mailbox of this.mailboxes.values()) {
			const folder = mailbox.allFolders().find((f) => f.id === id);
			if (folder) return folder;
		}
		return undefined;
	}

	findItem(id: string): StoredItem | undefined {
		for (const mailbox of this.mailboxes.values()) {
			for (const folder of mailbox.allFolders()) {
				const item = folder.items.find((i) => i.id === id);
				if (item) return item;
			}
		}
		return undefined;
	}

	deliveriesOf(messageId: string): Delivery[] {
		return this.deliveries.filter((d) => d.messageId === messageId);
	}

	/** Puts a copy of a message or meeting request into the recipient's inbox, or the external outbox. */
	deliver(item: StoredMessage | StoredMeetingRequest, recipient: string): void {
		const external = !this.hasMailbox(recipient);
		const copy = { ...item, id: newOpaqueId(), changeKey: newOpaqueId(12), mailbox: recipient };
		if (external) this.externalOutbox.push(copy);
		else this.mailbox(recipient).folder('inbox').items.push(copy);
		this.deliveries.push({
			messageId: item.internetMessageId,
			kind: item.kind,
			subject: item.subject,
			sender: item.kind === 'message' ? item.sender.address : item.organizer.address,
			recipient,
			external,
			at: new Date(),
		});
	}

	/** Every distinct recipient once, whatever the line (To/Cc/Bcc) and letter case they came in. */
	static uniqueRecipients(...lists: Address[][]): string[] {
		const seen: string[] = [];
		for (const address of lists.flat()) {
			if (!seen.some((s) => sameAddress(s, address.address))) seen.push(address.address);
		}
		return seen;
	}
}
