import { copyItemBatch } from '../../ews/copyItem';
import { transferOperation } from '../messageTransfer';

export const kind = 'batchedWrite';

const copy = transferOperation('copy', copyItemBatch);

export const description = copy.description;
export const prepare = copy.prepare;
