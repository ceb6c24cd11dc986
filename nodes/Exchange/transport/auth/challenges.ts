/** The auth schemes a 401 offers, by name (Negotiate, NTLM, Basic, Bearer), with their token if any. */
export interface Challenge {
	scheme: string;
	token?: string;
}

export function parseChallenges(values: string[]): Challenge[] {
	return values
		.map((value) => value.trim())
		.filter(Boolean)
		.map((value) => {
			const [scheme, ...rest] = value.split(/\s+/);
			const token = rest.join(' ');
			return { scheme, token: token || undefined };
		});
}

export function offeredSchemes(values: string[]): string[] {
	return [...new Set(parseChallenges(values).map((c) => c.scheme))];
}

export function describeOffered(values: string[]): string {
	const schemes = offeredSchemes(values);
	return schemes.length ? schemes.join(', ') : 'no authentication scheme';
}
