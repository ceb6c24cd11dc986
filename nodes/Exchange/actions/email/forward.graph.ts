import { graphResponseOperation } from '../graphMessageResponses';

export const kind = 'batchedWrite';

export const prepare = graphResponseOperation('forward');
