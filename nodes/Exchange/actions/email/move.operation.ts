import { moveItemBatch } from '../../ews/moveItem';
import { transferOperation } from '../messageTransfer';

export const kind = 'batchedWrite';

const move = transferOperation('move', moveItemBatch);

export const description = move.description;
export const prepare = move.prepare;
