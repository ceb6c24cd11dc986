/**
 * A refusal of one store operation, with the EWS response code Exchange answers it with: the operations
 * turn it into that item's error ResponseMessage while the others go on.
 */
export class StoreError extends Error {
	constructor(
		readonly code: string,
		message: string,
	) {
		super(message);
		this.name = 'StoreError';
	}
}

export const itemNotFound = () => new StoreError('ErrorItemNotFound', 'The specified object was not found in the store.');
export const folderNotFound = () => new StoreError('ErrorFolderNotFound', 'The specified folder could not be found in the store.');
export const idMalformed = () => new StoreError('ErrorInvalidIdMalformed', 'Id is malformed.');
