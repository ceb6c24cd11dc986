import { responseOperation } from '../messageResponses';

export const kind = 'batchedWrite';

const forward = responseOperation('forward');

export const description = forward.description;
export const prepare = forward.prepare;
