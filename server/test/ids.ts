import { toGlobalId } from '../src/graphql/global-id';

/** Taxonomy ids of the seed (server/src/db/taxonomy.ts). */
export const WEB_FULL_STACK = 8;
export const WEB_BACKEND = 9;
export const WEB_FRONTEND = 10;
export const DESIGN_LOGO = 13;
export const TYPESCRIPT = 2;
export const PYTHON = 5;
export const POSTGRESQL = 25;
export const DOCKER = 47;

export const technologyGid = (id: number) => toGlobalId('Technology', id);
export const projectTypeGid = (id: number) => toGlobalId('ProjectType', id);
export const superTypeGid = (id: number) => toGlobalId('ProjectSuperType', id);
export const employerGid = (employer: { id: string }) => toGlobalId('Employer', employer.id);
export const listingGid = (listing: { id: string }) => toGlobalId('Listing', listing.id);
