import { GeographySchema1763800000000 } from './1763800000000-GeographySchema';

/** Every migration, in order. Add new ones at the end. */
export const ALL_MIGRATIONS = [GeographySchema1763800000000];
