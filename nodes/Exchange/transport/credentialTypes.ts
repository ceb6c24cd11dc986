/** The node's `authentication` parameter: it alone decides which credential, and so which transport, is used. */
export type Authentication = 'onPremises' | 'oAuth2' | 'accessToken';

export const CREDENTIAL_TYPE: Record<Authentication, string> = {
	onPremises: 'exchangeEwsApi',
	oAuth2: 'exchangeEwsOAuth2Api',
	accessToken: 'exchangeEwsAccessTokenApi',
};
