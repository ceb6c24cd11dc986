import { buildExpandDL, readExpandDL } from '../../nodes/Exchange/ews/expandDL';
import { buildResolveNames, readResolveNames } from '../../nodes/Exchange/ews/resolveNames';
import { EwsError } from '../../nodes/Exchange/transport/errors';
import { serialize } from '../../nodes/Exchange/transport/xml';
import { validateBody } from '../../sandbox/schemaValidator';
import { bareBody } from '../helpers/ewsXml';
import { schemaIt } from '../helpers/schemaIt';
import { soapAnswer } from '../helpers/soapAnswer';

/**
 * ResolveNames and ExpandDL read from answers shaped as the EWS reference shows them, including what the
 * sandbox's directory has no example of: personal contacts and distribution lists of the Contacts folder.
 */

const valid = { valid: true, errors: [] };

function resolveNamesAnswer(responseClass: string, code: string, resolutions: string): string {
	return (
		`<m:ResolveNamesResponse><m:ResponseMessages><m:ResolveNamesResponseMessage ResponseClass="${responseClass}">` +
		(code === 'NoError' ? '' : '<m:MessageText>Multiple results were found.</m:MessageText>') +
		`<m:ResponseCode>${code}</m:ResponseCode>` +
		(resolutions ? `<m:ResolutionSet TotalItemsInView="2" IncludesLastItemInRange="true">${resolutions}</m:ResolutionSet>` : '') +
		'</m:ResolveNamesResponseMessage></m:ResponseMessages></m:ResolveNamesResponse>'
	);
}

describe('ResolveNames', () => {
	schemaIt('sends the entry with ReturnFullContactData, which the schema requires', async () => {
		const request = buildResolveNames({ entry: 'Alice & Co', fullContactData: false });
		const xml = bareBody(request);
		expect(serialize(request)).toBe('<m:ResolveNames ReturnFullContactData="false"><m:UnresolvedEntry>Alice &amp; Co</m:UnresolvedEntry></m:ResolveNames>');
		expect(await validateBody(xml)).toEqual(valid);
	});

	it('reads every candidate of an ambiguous name (a Warning), with contact details and a personal contact\'s id', () => {
		const answer = soapAnswer(
			resolveNamesAnswer(
				'Warning',
				'ErrorNameResolutionMultipleResults',
				'<t:Resolution><t:Mailbox><t:Name>Dana Diaz</t:Name><t:EmailAddress>dana@contoso.com</t:EmailAddress><t:RoutingType>SMTP</t:RoutingType><t:MailboxType>Mailbox</t:MailboxType></t:Mailbox>' +
					'<t:Contact><t:DisplayName>Dana Diaz</t:DisplayName><t:GivenName>Dana</t:GivenName><t:CompanyName>Contoso</t:CompanyName>' +
					'<t:EmailAddresses><t:Entry Key="EmailAddress1">SMTP:dana@contoso.com</t:Entry><t:Entry Key="EmailAddress2">smtp:d.diaz@contoso.com</t:Entry></t:EmailAddresses>' +
					'<t:PhoneNumbers><t:Entry Key="BusinessPhone">+1 425 555 0102</t:Entry><t:Entry Key="MobilePhone"/></t:PhoneNumbers>' +
					'<t:ContactSource>ActiveDirectory</t:ContactSource><t:OfficeLocation>B2</t:OfficeLocation><t:Surname>Diaz</t:Surname></t:Contact></t:Resolution>' +
					'<t:Resolution><t:Mailbox><t:Name>Dana (private)</t:Name><t:EmailAddress>dana@fabrikam.com</t:EmailAddress><t:RoutingType>SMTP</t:RoutingType><t:MailboxType>Contact</t:MailboxType><t:ItemId Id="AAMkContact=" ChangeKey="EQAA"/></t:Mailbox></t:Resolution>',
			),
		);
		expect(readResolveNames(answer)).toEqual([
			{
				mailbox: { name: 'Dana Diaz', address: 'dana@contoso.com', routingType: 'SMTP', mailboxType: 'Mailbox', itemId: undefined },
				contact: {
					displayName: 'Dana Diaz',
					givenName: 'Dana',
					initials: undefined,
					surname: 'Diaz',
					companyName: 'Contoso',
					department: undefined,
					jobTitle: undefined,
					officeLocation: 'B2',
					emailAddresses: ['dana@contoso.com', 'd.diaz@contoso.com'],
					phoneNumbers: { BusinessPhone: '+1 425 555 0102' },
					contactSource: 'ActiveDirectory',
				},
			},
			{ mailbox: { name: 'Dana (private)', address: 'dana@fabrikam.com', routingType: 'SMTP', mailboxType: 'Contact', itemId: 'AAMkContact=' } },
		]);
	});

	it('reads no result as no candidates, and throws other errors', () => {
		const none = soapAnswer(
			'<m:ResolveNamesResponse><m:ResponseMessages><m:ResolveNamesResponseMessage ResponseClass="Error"><m:MessageText>No results were found.</m:MessageText>' +
				'<m:ResponseCode>ErrorNameResolutionNoResults</m:ResponseCode><m:DescriptiveLinkKey>0</m:DescriptiveLinkKey></m:ResolveNamesResponseMessage></m:ResponseMessages></m:ResolveNamesResponse>',
		);
		expect(readResolveNames(none)).toEqual([]);
		const denied = soapAnswer(
			'<m:ResolveNamesResponse><m:ResponseMessages><m:ResolveNamesResponseMessage ResponseClass="Error"><m:MessageText>Access is denied.</m:MessageText>' +
				'<m:ResponseCode>ErrorAccessDenied</m:ResponseCode></m:ResolveNamesResponseMessage></m:ResponseMessages></m:ResolveNamesResponse>',
		);
		expect(() => readResolveNames(denied)).toThrow(EwsError);
	});
});

describe('ExpandDL', () => {
	schemaIt('names the group by its address', async () => {
		const request = buildExpandDL('team@contoso.com');
		const xml = bareBody(request);
		expect(serialize(request)).toBe('<m:ExpandDL><m:Mailbox><t:EmailAddress>team@contoso.com</t:EmailAddress></m:Mailbox></m:ExpandDL>');
		expect(await validateBody(xml)).toEqual(valid);
	});

	it('reads the members in order, a nested group with its mailbox type', () => {
		const answer = soapAnswer(
			'<m:ExpandDLResponse><m:ResponseMessages><m:ExpandDLResponseMessage ResponseClass="Success"><m:ResponseCode>NoError</m:ResponseCode>' +
				'<m:DLExpansion TotalItemsInView="2" IncludesLastItemInRange="true">' +
				'<t:Mailbox><t:Name>Team</t:Name><t:EmailAddress>team@contoso.com</t:EmailAddress><t:RoutingType>SMTP</t:RoutingType><t:MailboxType>PublicDL</t:MailboxType></t:Mailbox>' +
				'<t:Mailbox><t:Name>Erin</t:Name><t:EmailAddress>erin@contoso.com</t:EmailAddress><t:RoutingType>SMTP</t:RoutingType><t:MailboxType>Mailbox</t:MailboxType></t:Mailbox>' +
				'</m:DLExpansion></m:ExpandDLResponseMessage></m:ResponseMessages></m:ExpandDLResponse>',
		);
		expect(readExpandDL(answer).map((member) => [member.name, member.address, member.mailboxType])).toEqual([
			['Team', 'team@contoso.com', 'PublicDL'],
			['Erin', 'erin@contoso.com', 'Mailbox'],
		]);
	});
});
