import { el, serialize } from './xml';

/** HTML error pages shaped like the ones IIS answers with when a request never reaches Exchange. */

const TITLES: Record<number, string> = {
	400: 'Bad Request',
	401: '401 - Unauthorized: Access is denied due to invalid credentials.',
	403: '403 - Forbidden: Access is denied.',
	404: '404 - File or directory not found.',
	405: '405 - HTTP verb used to access this page is not allowed.',
	413: 'Request Entity Too Large',
	500: '500 - Internal server error.',
	502: '502 - Web server received an invalid response while acting as a gateway or proxy server.',
	503: 'Service Unavailable',
	504: '504 - Gateway Timeout',
};

export function iisErrorPage(status: number): string {
	const title = TITLES[status] ?? `${status} - Error`;
	return (
		'<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-strict.dtd">' +
		serialize(
			el(
				'html',
				{ xmlns: 'http://www.w3.org/1999/xhtml' },
				el('head', {}, el('meta', { 'http-equiv': 'Content-Type', content: 'text/html; charset=iso-8859-1' }), el('title', {}, title)),
				el('body', {}, el('div', { id: 'header' }, el('h1', {}, 'Server Error')), el('div', { id: 'content' }, el('h2', {}, title))),
			),
		)
	);
}
