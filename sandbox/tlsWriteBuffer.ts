import type * as https from 'https';
import type { Socket } from 'net';

/**
 * Node's server pauses a connection's parser when the next request arrives before the previous answer's write
 * has drained; on TLS sockets, data already decrypted then reaches the paused parser and the connection dies
 * with HPE_PAUSED (seen with 20-100 KB answers on Node 20). A write buffer as large as any answer keeps that
 * pause from happening; Node offers no public option for TLS sockets.
 */
export function writeBufferAsLargeAs(server: https.Server, bytes: number): void {
	server.on('secureConnection', (socket: Socket) => {
		(socket as unknown as { _writableState: { highWaterMark: number } })._writableState.highWaterMark = bytes;
	});
}
