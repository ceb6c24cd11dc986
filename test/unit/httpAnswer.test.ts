import { readAnswer, splitChallenges } from '../../nodes/Exchange/transport/http/answer';

describe('splitChallenges', () => {
	it('splits WWW-Authenticate lines joined into one value back into challenges (RFC 9110 11.6.1)', () => {
		expect(splitChallenges('Negotiate, NTLM')).toEqual(['Negotiate', 'NTLM']);
		expect(splitChallenges('NTLM TlRMTVNTUAACAAAA==, Basic realm="mail.contoso.com"')).toEqual(['NTLM TlRMTVNTUAACAAAA==', 'Basic realm="mail.contoso.com"']);
		expect(splitChallenges('Bearer realm="a, b", error = "invalid_token", Basic realm=""')).toEqual(['Bearer realm="a, b", error = "invalid_token"', 'Basic realm=""']);
		expect(splitChallenges('Bearer error="say \\"hi, there\\""')).toEqual(['Bearer error="say \\"hi, there\\""']);
	});
});

describe('readAnswer', () => {
	it('flattens headers alike whichever client carried the answer, and splits a joined challenge line', async () => {
		const answer = await readAnswer({ status: 401, headers: { 'WWW-Authenticate': 'Negotiate, NTLM', 'Set-Cookie': ['a=1', 'b=2'] }, body: Buffer.from('denied') });

		expect(answer).toEqual({ status: 401, headers: { 'www-authenticate': 'Negotiate, NTLM', 'set-cookie': 'a=1, b=2' }, wwwAuthenticate: ['Negotiate', 'NTLM'], body: 'denied', socket: undefined });
	});
});
