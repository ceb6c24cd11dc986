import { responseOperation } from '../messageResponses';

export const kind = 'batchedWrite';

const reply = responseOperation('reply');

export const description = reply.description;
export const prepare = reply.prepare;
