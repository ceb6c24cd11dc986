import { parseRecipients, RecipientError, recipientsToStrings } from '../../nodes/Exchange/helpers/recipients';

function errorOf(value: unknown, field = 'To'): RecipientError {
	try {
		parseRecipients(value, field);
	} catch (error) {
		if (error instanceof RecipientError) return error;
		throw error;
	}
	throw new Error(`no error for ${JSON.stringify(value)}`);
}

describe('parseRecipients: list forms', () => {
	it('treats empty values as no recipients', () => {
		expect(parseRecipients(undefined, 'To')).toEqual([]);
		expect(parseRecipients(null, 'To')).toEqual([]);
		expect(parseRecipients('', 'To')).toEqual([]);
		expect(parseRecipients('  ', 'To')).toEqual([]);
		expect(parseRecipients([], 'To')).toEqual([]);
		expect(parseRecipients('[]', 'To')).toEqual([]);
	});

	it('splits at commas, semicolons and line breaks, ignoring empty entries', () => {
		expect(parseRecipients('a@x.com, b@y.org', 'To')).toEqual([{ address: 'a@x.com' }, { address: 'b@y.org' }]);
		expect(parseRecipients('a@x.com; b@y.org;', 'To')).toEqual([{ address: 'a@x.com' }, { address: 'b@y.org' }]);
		expect(parseRecipients('a@x.com\r\nb@y.org\n', 'To')).toEqual([{ address: 'a@x.com' }, { address: 'b@y.org' }]);
		expect(parseRecipients(' ,a@x.com,, ', 'To')).toEqual([{ address: 'a@x.com' }]);
	});

	it('reads display names, quoted ones with commas, semicolons and escaped quotes inside', () => {
		expect(parseRecipients('Ann Smith <ann@x.com>, <bob@y.org>', 'To')).toEqual([
			{ address: 'ann@x.com', name: 'Ann Smith' },
			{ address: 'bob@y.org' },
		]);
		expect(parseRecipients('"Smith, Ann" <ann@x.com>; "Doe; \\"JD\\" John" <jd@y.org>', 'To')).toEqual([
			{ address: 'ann@x.com', name: 'Smith, Ann' },
			{ address: 'jd@y.org', name: 'Doe; "JD" John' },
		]);
		expect(parseRecipients('Zoë Ünal<zoe@x.com>', 'To')).toEqual([{ address: 'zoe@x.com', name: 'Zoë Ünal' }]);
	});

	it('reads a JSON array string', () => {
		expect(parseRecipients('["a@x.com","b@y.org"]', 'To')).toEqual([{ address: 'a@x.com' }, { address: 'b@y.org' }]);
		expect(parseRecipients(' ["\\"Smith, Ann\\" <ann@x.com>"] ', 'To')).toEqual([{ address: 'ann@x.com', name: 'Smith, Ann' }]);
	});

	it('reads arrays of strings and objects from expressions', () => {
		expect(
			parseRecipients(
				['a@x.com, b@y.org', { address: 'c@z.net', name: 'Cee' }, { email: 'd@z.net' }, { email: 'e@z.net', name: ' ' }],
				'Cc',
			),
		).toEqual([
			{ address: 'a@x.com' },
			{ address: 'b@y.org' },
			{ address: 'c@z.net', name: 'Cee' },
			{ address: 'd@z.net' },
			{ address: 'e@z.net' },
		]);
		expect(parseRecipients({ address: 'solo@x.com' }, 'Cc')).toEqual([{ address: 'solo@x.com' }]);
	});

	it('accepts what RFC 5322 allows beyond the common case', () => {
		for (const address of [
			'first.last+tag@sub.example.co.uk',
			"o'brien@x.ie",
			'a!#$%&*/=?^_`{|}~-@x.com',
			'"john doe"@x.com',
			'"a@b"@x.com',
			'"quote\\"inside"@x.com',
			'user@[192.0.2.1]',
			'user@[IPv6:2001:db8::1]',
			'δοκιμή@παράδειγμα.δοκιμή',
			'x@xn--bcher-kva.example',
		]) {
			expect(parseRecipients(address, 'To')).toEqual([{ address }]);
		}
	});
});

describe('parseRecipients: invalid addresses', () => {
	it.each([
		['bob@', 'the domain part is missing'],
		['@x.com', 'the local part (before "@") is missing'],
		['bob', 'the "@" is missing'],
		['a@b@c.com', 'it contains more than one "@"'],
		['a..b@c.com', 'the local part contains two dots in a row'],
		['.a@c.com', 'the local part starts or ends with a dot'],
		['a.@c.com', 'the local part starts or ends with a dot'],
		['a b@c.com', 'it contains a space'],
		['a@c..com', 'the domain contains two dots in a row'],
		['a@.c.com', 'the domain starts or ends with a dot'],
		['a@c.com.', 'the domain starts or ends with a dot'],
		['a@-c.com', 'the domain label "-c" contains a character not allowed there'],
		['a@c_d.com', 'the domain label "c_d" contains a character not allowed there'],
		['a@localhost', 'the domain "localhost" has no dot: use the full domain name, e.g. contoso.com'],
		['a@1.2.3.4', 'the top-level domain is numeric'],
		['a@[300.1.1.1]', 'the domain literal [300.1.1.1] is not a valid IP address'],
		['a(b)@c.com', 'the local part contains a character not allowed there'],
		['"unclosed@c.com', 'a quote is not closed'],
		['"a"b@c.com', 'the quoted local part is malformed'],
		[`${'a'.repeat(65)}@c.com`, 'the local part is longer than 64 characters'],
		[`a@${'b'.repeat(64)}.com`, `the domain label "${'b'.repeat(20)}…" is longer than 63 characters`],
		[`a@${'abcdefghi.'.repeat(25)}com`, 'it is longer than 254 characters'],
	])('%j: %s', (address, reason) => {
		const error = errorOf(address);
		expect(error.reason).toBe(reason);
		expect(error.field).toBe('To');
		expect(error.value).toBe(address);
		expect(error.message).toBe(`Invalid e-mail address "${address}" in "To": ${reason}`);
	});

	it('names the field and the one bad address among good ones', () => {
		const error = errorOf('ok@x.com, "Bob" <bob@>, also@x.com', 'Bcc');
		expect(error.message).toBe('Invalid e-mail address "bob@" in "Bcc": the domain part is missing');
	});

	it('refuses a line break inside angle brackets, where it does not separate entries', () => {
		expect(errorOf('Bob <bob@x\n.com>').reason).toBe('it contains a line break');
	});

	it('refuses an unquoted display name with a comma, naming the fragment', () => {
		expect(errorOf('Smith, Ann <ann@x.com>').value).toBe('Smith');
	});

	it('refuses broken JSON, objects without an address and other types', () => {
		expect(errorOf('["a@x.com",]').reason).toBe('it looks like a JSON array but is not valid JSON');
		expect(errorOf([{ name: 'Nobody' }]).reason).toBe('an object needs an "address" or "email" property');
		expect(errorOf(42).reason).toBe('expected text, a list or an array');
		expect(errorOf({ address: 'bad@' }).reason).toBe('the domain part is missing');
	});
});

describe('recipientsToStrings', () => {
	it('lists the addresses in order', () => {
		expect(recipientsToStrings(parseRecipients('"B" <b@x.com>, a@y.com', 'To'))).toEqual(['b@x.com', 'a@y.com']);
	});
});

describe('RecipientError message', () => {
	it('shows control characters escaped, keeping the raw value in the field', () => {
		const error = errorOf('Bob <bob@x\n.com>');
		expect(error.message).toBe('Invalid e-mail address "bob@x\\u000A.com" in "To": it contains a line break');
		expect(error.value).toBe('bob@x\n.com');
	});

	it('refuses C0 and C1 control characters', () => {
		expect(errorOf('a\u0000@c.com').message).toBe('Invalid e-mail address "a\\u0000@c.com" in "To": it contains a control character');
		expect(errorOf('a\u0085b@c.com').message).toBe('Invalid e-mail address "a\\u0085b@c.com" in "To": it contains a control character');
	});
});
