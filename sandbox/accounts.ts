/**
 * The sandbox's directory: who may log on, and which mailboxes exist. The defaults are test fixtures,
 * printed by the CLI on purpose; they protect nothing.
 */

export interface SandboxAccount {
	/** The logon name without domain, as typed in `DOMAIN\user`. */
	username: string;
	password: string;
	/** The mailbox the account owns. */
	primarySmtpAddress: string;
	/** Holds the ApplicationImpersonation role: may act as any mailbox through ExchangeImpersonation. */
	canImpersonate: boolean;
	/** Mailboxes this account holds FullAccess and SendAs on, for delegate access without impersonation. */
	fullAccessTo: string[];
}

export type MailboxKind = 'user' | 'room';

export interface SandboxMailbox {
	smtpAddress: string;
	displayName: string;
	kind: MailboxKind;
	/** Directory attributes ResolveNames returns with ReturnFullContactData. */
	contact?: DirectoryContact;
}

export interface DirectoryContact {
	givenName?: string;
	surname?: string;
	jobTitle?: string;
	department?: string;
	businessPhone?: string;
}

/** A distribution group: members are mailboxes or other groups, by SMTP address. */
export interface DistributionGroup {
	smtpAddress: string;
	displayName: string;
	members: string[];
	/** A room list: GetRoomLists lists it, GetRooms its member rooms. */
	isRoomList?: boolean;
}

export interface Directory {
	netbiosDomain: string;
	dnsDomain: string;
	computerName: string;
	accounts: SandboxAccount[];
	mailboxes: SandboxMailbox[];
	groups: DistributionGroup[];
}

export const DEFAULT_DIRECTORY: Directory = {
	netbiosDomain: 'CONTOSO',
	dnsDomain: 'contoso.com',
	computerName: 'EXCH01',
	accounts: [
		{
			username: 'svc-n8n',
			password: 'S3rvice!Pass',
			primarySmtpAddress: 'svc-n8n@contoso.com',
			canImpersonate: true,
			fullAccessTo: ['alice@contoso.com', 'bob@contoso.com', 'carol@contoso.com', 'room-101@contoso.com', 'invoices@contoso.com', 'forms@contoso.com'],
		},
		{
			username: 'alice',
			password: 'Al1ce!Pass',
			primarySmtpAddress: 'alice@contoso.com',
			canImpersonate: false,
			fullAccessTo: [],
		},
	],
	mailboxes: [
		{ smtpAddress: 'svc-n8n@contoso.com', displayName: 'n8n Service', kind: 'user' },
		{
			smtpAddress: 'alice@contoso.com',
			displayName: 'Alice Anders',
			kind: 'user',
			contact: { givenName: 'Alice', surname: 'Anders', jobTitle: 'Accountant', department: 'Finance', businessPhone: '+1 425 555 0101' },
		},
		{ smtpAddress: 'bob@contoso.com', displayName: 'Bob Berg', kind: 'user' },
		{ smtpAddress: 'carol@contoso.com', displayName: 'Carol Castro', kind: 'user' },
		{ smtpAddress: 'room-101@contoso.com', displayName: 'Conference Room 101', kind: 'room' },
		{ smtpAddress: 'room-a@contoso.com', displayName: 'Room A', kind: 'room' },
		{ smtpAddress: 'room-b@contoso.com', displayName: 'Room B', kind: 'room' },
		// A shared mailbox: nobody logs on to it; the service account reaches it by impersonation or FullAccess.
		{ smtpAddress: 'invoices@contoso.com', displayName: 'Invoices', kind: 'user' },
		{ smtpAddress: 'forms@contoso.com', displayName: 'Forms', kind: 'user' },
	],
	groups: [
		{ smtpAddress: 'team@contoso.com', displayName: 'Team', members: ['alice@contoso.com', 'bob@contoso.com', 'carol@contoso.com'] },
		{ smtpAddress: 'all-staff@contoso.com', displayName: 'All Staff', members: ['team@contoso.com', 'svc-n8n@contoso.com'] },
		{ smtpAddress: 'rooms@contoso.com', displayName: 'Headquarters Rooms', members: ['room-a@contoso.com', 'room-b@contoso.com'], isRoomList: true },
	],
};

/** Lookups over a directory; names and addresses compare case-insensitively, as Active Directory does. */
export class AccountDirectory {
	constructor(readonly directory: Directory) {}

	/** Accepts the domain as NetBIOS or DNS name, or empty (a client may leave it out). */
	findAccount(username: string, domain: string): SandboxAccount | undefined {
		const wanted = domain.toLowerCase();
		const domainMatches =
			wanted === '' ||
			wanted === this.directory.netbiosDomain.toLowerCase() ||
			wanted === this.directory.dnsDomain.toLowerCase();
		if (!domainMatches) return undefined;
		return this.directory.accounts.find((a) => a.username.toLowerCase() === username.toLowerCase());
	}

	/** Resolves the `DOMAIN\user`, `user@domain` and bare `user` logon forms used by Basic auth. */
	findByLogonName(logonName: string): SandboxAccount | undefined {
		const backslash = logonName.indexOf('\\');
		if (backslash >= 0) return this.findAccount(logonName.slice(backslash + 1), logonName.slice(0, backslash));
		const at = logonName.lastIndexOf('@');
		if (at >= 0) {
			const byUpn = this.findAccount(logonName.slice(0, at), logonName.slice(at + 1));
			return byUpn ?? this.directory.accounts.find((a) => sameAddress(a.primarySmtpAddress, logonName));
		}
		return this.findAccount(logonName, '');
	}

	findMailbox(smtpAddress: string): SandboxMailbox | undefined {
		return this.directory.mailboxes.find((m) => sameAddress(m.smtpAddress, smtpAddress));
	}

	findGroup(smtpAddress: string): DistributionGroup | undefined {
		return this.directory.groups.find((g) => sameAddress(g.smtpAddress, smtpAddress));
	}

	/** Whether an address belongs to the organisation, where unknown recipients are refused instead of relayed. */
	isInternalAddress(smtpAddress: string): boolean {
		return smtpAddress.toLowerCase().endsWith(`@${this.directory.dnsDomain.toLowerCase()}`);
	}
}

export function sameAddress(a: string, b: string): boolean {
	return a.toLowerCase() === b.toLowerCase();
}
