import { ONE_REQUEST_LIMIT, UPLOAD_RANGE_BYTES, attachToDraft, splitForDraft } from '../../nodes/Exchange/actions/graphAttachments';
import type { GraphAnswer, GraphRequest } from '../../nodes/Exchange/transport/graph/types';

function file(name: string, size: number) {
	return { name, contentType: 'application/octet-stream', content: Buffer.alloc(size, name.charCodeAt(0)) };
}

function answer(status: number, body?: Record<string, unknown>): GraphAnswer {
	return { status, headers: {}, body };
}

describe('Graph attachments', () => {
	it('keeps in the draft\'s own request the files that fit in it, in order, and leaves the others for later', () => {
		const { inDraft, later } = splitForDraft([file('a', 1_000_000), file('b', 2_500_000), file('c', 1_500_000), file('d', 400_000)]);
		expect(inDraft.map((f) => f.name)).toEqual(['a', 'c', 'd']);
		expect(later.map((f) => f.name)).toEqual(['b']);
		expect(inDraft.reduce((sum, f) => sum + f.content.length, 0)).toBeLessThanOrEqual(ONE_REQUEST_LIMIT);
	});

	it('posts a small file, and uploads a large one in ranges where nextExpectedRanges points, multiples of 320 KiB', async () => {
		const sent: GraphRequest[] = [];
		const ranges: string[] = [];
		const big = file('big', 2 * UPLOAD_RANGE_BYTES + 10);
		const send = async (request: GraphRequest) => {
			sent.push(request);
			return request.path.endsWith('createUploadSession') ? answer(201, { uploadUrl: 'https://outlook.example/up?authtoken=x', nextExpectedRanges: ['0-'] }) : answer(201, { id: 'a' });
		};
		const upload = async (_url: string, bytes: Buffer, range: string) => {
			ranges.push(range);
			expect(bytes.length).toBeLessThanOrEqual(UPLOAD_RANGE_BYTES);
			const end = Number(/-(\d+)\//.exec(range)?.[1]);
			return end + 1 === big.content.length ? answer(201) : answer(200, { nextExpectedRanges: [String(end + 1)] });
		};

		await attachToDraft(send, upload, '/messages/d1', file('small', 10));
		await attachToDraft(send, upload, '/messages/d1', big);

		expect(sent.map((request) => request.path)).toEqual(['/messages/d1/attachments', '/messages/d1/attachments/createUploadSession']);
		expect(sent[1].body).toEqual({ AttachmentItem: { attachmentType: 'file', name: 'big', size: big.content.length, contentType: 'application/octet-stream' } });
		expect(UPLOAD_RANGE_BYTES % (320 * 1024)).toBe(0);
		expect(ranges).toEqual([
			`bytes 0-${UPLOAD_RANGE_BYTES - 1}/${big.content.length}`,
			`bytes ${UPLOAD_RANGE_BYTES}-${2 * UPLOAD_RANGE_BYTES - 1}/${big.content.length}`,
			`bytes ${2 * UPLOAD_RANGE_BYTES}-${big.content.length - 1}/${big.content.length}`,
		]);
	});

	it('stops when the upload session does not move on, instead of sending the same range again', async () => {
		const send = async () => answer(201, { uploadUrl: 'https://outlook.example/up', nextExpectedRanges: ['0-'] });
		const upload = async () => answer(200, { nextExpectedRanges: ['0'] });

		await expect(attachToDraft(send, upload, '/messages/d1', file('big', ONE_REQUEST_LIMIT + 1))).rejects.toMatchObject({ code: 'InvalidUploadAnswer' });
	});
});
