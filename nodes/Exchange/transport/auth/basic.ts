import { EwsError } from '../errors';
import type { HttpAnswer } from '../http/answer';
import { describeOffered, offeredSchemes } from './challenges';

export function basicAuthorization(username: string, password: string): string {
	return `Basic ${Buffer.from(`${username}:${password}`, 'utf8').toString('base64')}`;
}

export function basicUnauthorized(answer: HttpAnswer): EwsError {
	const offered = offeredSchemes(answer.wwwAuthenticate);
	if (!offered.some((scheme) => scheme.toLowerCase() === 'basic')) {
		return new EwsError({
			code: 'BasicNotOffered',
			message: `Exchange does not accept Basic authentication on this URL (it offers ${describeOffered(answer.wwwAuthenticate)})`,
			hint: offered.some((s) => /^(ntlm|negotiate)$/i.test(s))
				? 'Choose NTLM as the credential\'s authentication, or have an admin enable Basic authentication on the EWS virtual directory.'
				: 'Have an admin enable Basic authentication on the EWS virtual directory.',
			httpStatus: 401,
			processing: 'notProcessed',
		});
	}
	return new EwsError({
		code: 'Unauthorized',
		message: 'Exchange refused the user name or password (HTTP 401)',
		hint: 'Check the user name (UPN such as svc@contoso.com, or DOMAIN\\user) and the password, and that the account is not locked or expired.',
		httpStatus: 401,
		processing: 'notProcessed',
	});
}
