/**
 * The Microsoft Graph permissions the node's operations need, as the README's app registration steps list them.
 * Delegated ones are asked for by name when a user signs in; `.Shared` ones reach other users' mailboxes the
 * signed-in user has Full Access to. App-only access asks for `/.default`: the application permissions an
 * admin granted.
 */
export const GRAPH_DELEGATED_PERMISSIONS = [
	'Mail.ReadWrite',
	'Mail.ReadWrite.Shared',
	'Mail.Send',
	'Mail.Send.Shared',
	'Calendars.ReadWrite',
	'Calendars.ReadWrite.Shared',
	'User.ReadBasic.All',
	'User.Read.All',
	'GroupMember.Read.All',
	'Place.Read.All',
];

export const GRAPH_APPLICATION_PERMISSIONS = ['Mail.ReadWrite', 'Mail.Send', 'Calendars.ReadWrite', 'User.Read.All', 'GroupMember.Read.All', 'Place.Read.All'];
