import { ATTACHMENT_ROUTES } from './attachments';
import { DELTA_ROUTES } from './delta';
import { EVENT_ROUTES } from './events';
import { MAIL_FOLDER_ROUTES } from './mailFolders';
import { MESSAGE_ROUTES } from './messages';
import type { GraphRoute } from './types';

/** Every Graph route the sandbox serves, each resource's from its own module. */
export const GRAPH_ROUTES: GraphRoute[] = [...EVENT_ROUTES, ...DELTA_ROUTES, ...MESSAGE_ROUTES, ...MAIL_FOLDER_ROUTES, ...ATTACHMENT_ROUTES];
