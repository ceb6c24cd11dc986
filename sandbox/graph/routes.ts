import { ATTACHMENT_ROUTES } from './attachments';
import { DELTA_ROUTES } from './delta';
import { DIRECTORY_ROUTES } from './directory';
import { EVENT_ROUTES } from './events';
import { MAIL_FOLDER_ROUTES } from './mailFolders';
import { MESSAGE_ROUTES } from './messages';
import { PLACE_ROUTES } from './places';
import { SCHEDULE_ROUTES } from './schedule';
import { SEND_MAIL_ROUTES } from './sendMail';
import type { GraphRoute } from './types';

/**
 * Every Graph route the sandbox serves, each resource's from its own module. Delta routes come first: their
 * paths (`.../messages/delta`) would otherwise read as an item named "delta".
 */
export const GRAPH_ROUTES: GraphRoute[] = [
	...DELTA_ROUTES,
	...MESSAGE_ROUTES,
	...MAIL_FOLDER_ROUTES,
	...ATTACHMENT_ROUTES,
	...SEND_MAIL_ROUTES,
	...EVENT_ROUTES,
	...DIRECTORY_ROUTES,
	...PLACE_ROUTES,
	...SCHEDULE_ROUTES,
];
