import { graphTransfer } from '../graphMessageTransfer';

export const kind = 'batchedWrite';

export const prepare = graphTransfer('copy');
