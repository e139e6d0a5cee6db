import DataLoader from 'dataloader';
import { In } from 'typeorm';
import type { LoaderFactory } from '../../graphql/context';
import { ListingTechnologyEntity } from './listing-technology.entity';
import { ListingEntity } from './listing.entity';
import { isUuid } from '../../graphql/global-id';

/** Listings by id, visible or not: callers decide what the viewer may see. A malformed id is null. */
export const listingByIdLoader: LoaderFactory<string, ListingEntity | null> = (ds) =>
  new DataLoader(async (ids) => {
    const valid = ids.filter(isUuid);
    const rows = valid.length ? await ds.getRepository(ListingEntity).findBy({ id: In(valid) }) : [];
    const byId = new Map(rows.map((row) => [row.id, row]));
    return ids.map((id) => byId.get(id) ?? null);
  });

/** Technology ids of each listing, in id order. */
export const technologyIdsByListingIdLoader: LoaderFactory<string, number[]> = (ds) =>
  new DataLoader(async (listingIds) => {
    const rows = await ds
      .getRepository(ListingTechnologyEntity)
      .find({ where: { listingId: In([...listingIds]) }, order: { technologyId: 'ASC' } });
    const byListing = new Map<string, number[]>(listingIds.map((id) => [id, []]));
    for (const row of rows) byListing.get(row.listingId)?.push(row.technologyId);
    return listingIds.map((id) => byListing.get(id) ?? []);
  });
