import type { ICredentialsDecrypted, ICredentialTestFunctions, INodeCredentialTestResult } from 'n8n-workflow';
import { buildGetFolder } from '../ews/getFolder';
import { EwsError } from '../transport/errors';
import { ConnectionPool } from '../transport/http/connectionPool';
import { egressFilterOf } from '../transport/http/egress';
import { onPremisesClient } from '../transport/index';
import { responseMessageError } from '../transport/responses';
import { readOnPremisesSettings, SettingsError } from '../transport/settings';

export function failure(error: unknown): INodeCredentialTestResult {
	if (error instanceof EwsError) {
		return { status: 'Error', message: error.hint ? `${error.message}. ${error.hint}` : error.message };
	}
	if (error instanceof SettingsError) return { status: 'Error', message: error.message };
	return { status: 'Error', message: (error as Error).message };
}

/**
 * Proves the credential really works: an authenticated GetFolder of the mailbox root, as the test
 * mailbox when one is named (through impersonation when the credential impersonates, as a delegate
 * otherwise). NTLM cannot be described as a declarative test request, hence a method.
 */
export async function exchangeEwsApiTest(
	this: ICredentialTestFunctions,
	credential: ICredentialsDecrypted,
): Promise<INodeCredentialTestResult> {
	let pool: ConnectionPool | undefined;
	try {
		const settings = readOnPremisesSettings(credential.data ?? {});
		// A fresh connection, so the test proves a handshake with exactly these settings. n8n 2.x's credential test
		// context offers no outbound-request policy; one that does is applied.
		const egress = egressFilterOf(this.helpers);
		pool = new ConnectionPool({ url: settings.url, tls: settings.tls, timeoutMs: settings.timeoutMs, egress }, 1);
		const client = onPremisesClient(settings, 1, pool);
		const mailbox = settings.testMailbox;
		const access = client.access(mailbox);
		const answer = await client.call(
			buildGetFolder('msgfolderroot', access.mode === 'delegate' ? access.address : undefined),
			{ mailbox },
		);
		const failed = answer.messages.find((message) => message.responseClass === 'Error');
		if (failed) return failure(responseMessageError(failed));
		const as = mailbox ? (access.mode === 'impersonation' ? `, impersonating ${mailbox}` : `, opening ${mailbox} as a delegate`) : '';
		return { status: 'OK', message: `Connected to Exchange${as}` };
	} catch (error) {
		return failure(error);
	} finally {
		pool?.close();
	}
}
