import { responseOperation } from '../messageResponses';

export const kind = 'batchedWrite';

const replyAll = responseOperation('replyAll');

export const description = replyAll.description;
export const prepare = replyAll.prepare;
