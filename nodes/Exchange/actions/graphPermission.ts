import { EwsError } from '../transport/errors';

/**
 * A Graph refusal for want of a permission (403 Authorization_RequestDenied / ErrorAccessDenied), with the
 * permission the operation needs named in the hint; any other error as it is.
 */
export function namingPermission(error: unknown, permissions: string): unknown {
	if (!(error instanceof EwsError) || error.httpStatus !== 403) return error;
	if (!['Authorization_RequestDenied', 'ErrorAccessDenied', 'Forbidden'].includes(error.code)) return error;
	return new EwsError({
		code: error.code,
		message: error.message,
		hint: `The app lacks the Microsoft Graph permission this operation needs: ${permissions}. In Entra ID, open the app registration → API permissions, add it (Application for app-only access, Delegated for a signed-in user) and grant admin consent.`,
		httpStatus: error.httpStatus,
		processing: error.processing,
	});
}
