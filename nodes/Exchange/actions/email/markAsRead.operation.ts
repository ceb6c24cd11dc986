import { markReadOperation } from '../markRead';

export const kind = 'batchedWrite';

const markAsRead = markReadOperation('markAsRead');

export const description = markAsRead.description;
export const prepare = markAsRead.prepare;
