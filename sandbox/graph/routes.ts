import { SEND_MAIL_ROUTES } from './sendMail';
import type { GraphRoute } from './types';

/** Every Graph route the sandbox serves, each resource's from its own module. */
export const GRAPH_ROUTES: GraphRoute[] = [...SEND_MAIL_ROUTES];
