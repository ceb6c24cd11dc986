import { ATTACHMENT_ROUTES } from './attachments';
import { MAIL_FOLDER_ROUTES } from './mailFolders';
import { MESSAGE_ROUTES } from './messages';
import { SEND_MAIL_ROUTES } from './sendMail';
import type { GraphRoute } from './types';

/** Every Graph route the sandbox serves, each resource's from its own module. */
export const GRAPH_ROUTES: GraphRoute[] = [...MESSAGE_ROUTES, ...MAIL_FOLDER_ROUTES, ...ATTACHMENT_ROUTES, ...SEND_MAIL_ROUTES];
