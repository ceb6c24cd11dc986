import { createHmac, randomBytes, timingSafeEqual } from 'crypto';

/**
 * Opaque sync states, as SyncFolderItems hands them out: base64 over the folder synchronised and the position
 * in the store's change sequence reached, sealed with a key of this store so that an altered or made-up state
 * is refused (ErrorInvalidSyncStateData) as Exchange refuses one. States carry a generation: `invalidateAll`
 * makes every earlier state stale, as a mailbox move or a store repair does on a real server.
 */

const VERSION = 1;
const SEAL_BYTES = 16;

export interface SyncPosition {
	folderId: string;
	/** The last change sequence the client has seen (0 before a first sync completed a page). */
	sequence: number;
}

export class SyncStates {
	private readonly key = randomBytes(32);
	private generation = 0;

	encode(position: SyncPosition): string {
		const payload = Buffer.from(JSON.stringify({ v: VERSION, g: this.generation, f: position.folderId, s: position.sequence }), 'utf8');
		return Buffer.concat([payload, this.seal(payload)]).toString('base64');
	}

	/** The position a state names, or undefined for a state this store did not issue, issued for another folder, or made stale. */
	decode(state: string, folderId: string): SyncPosition | undefined {
		const bytes = Buffer.from(state.trim(), 'base64');
		if (bytes.length <= SEAL_BYTES) return undefined;
		const payload = bytes.subarray(0, bytes.length - SEAL_BYTES);
		if (!timingSafeEqual(bytes.subarray(bytes.length - SEAL_BYTES), this.seal(payload))) return undefined;
		const data = JSON.parse(payload.toString('utf8')) as { v: number; g: number; f: string; s: number };
		if (data.v !== VERSION || data.g !== this.generation || data.f !== folderId) return undefined;
		return { folderId: data.f, sequence: data.s };
	}

	invalidateAll(): void {
		this.generation++;
	}

	private seal(payload: Buffer): Buffer {
		return createHmac('sha256', this.key).update(payload).digest().subarray(0, SEAL_BYTES);
	}
}
