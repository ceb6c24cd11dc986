import { DIRECTORY_ROUTES } from './directory';
import { PLACE_ROUTES } from './places';
import { SCHEDULE_ROUTES } from './schedule';
import type { GraphRoute } from './types';

/** Every Graph route the sandbox serves, each resource's from its own module. */
export const GRAPH_ROUTES: GraphRoute[] = [...DIRECTORY_ROUTES, ...PLACE_ROUTES, ...SCHEDULE_ROUTES];
