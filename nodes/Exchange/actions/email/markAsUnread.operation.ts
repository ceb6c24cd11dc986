import { markReadOperation } from '../markRead';

export const kind = 'batchedWrite';

const markAsUnread = markReadOperation('markAsUnread');

export const description = markAsUnread.description;
export const prepare = markAsUnread.prepare;
