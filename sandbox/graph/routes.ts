import { DELTA_ROUTES } from './delta';
import { EVENT_ROUTES } from './events';
import type { GraphRoute } from './types';

/** Every Graph route the sandbox serves, each resource's from its own module. */
export const GRAPH_ROUTES: GraphRoute[] = [...EVENT_ROUTES, ...DELTA_ROUTES];
