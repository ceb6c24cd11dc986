import { graphMarkRead } from '../graphMarkRead';

export const kind = 'batchedWrite';

export const prepare = graphMarkRead('markAsUnread');
