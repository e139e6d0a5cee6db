import DataLoader from 'dataloader';
import { isUuid } from '../../db/ids';
import { inKeyOrder, loaderByKey, type LoaderFactory } from '../../db/loaders';
import { ListingEntity } from './listing.entity';

/** Listings by id, visible or not: callers decide what the viewer may see. A malformed id is null. */
export const listingByIdLoader = loaderByKey(ListingEntity, 'id', { accepts: isUuid });

/** Technology ids of each listing, in id order (plain SQL: one row per listing). */
export const technologyIdsByListingIdLoader: LoaderFactory<string, number[]> = (ds) =>
  new DataLoader(async (listingIds) => {
    const rows = (await ds.query(
      `SELECT listing_id, array_agg(technology_id ORDER BY technology_id) AS ids FROM listing_technologies WHERE listing_id = ANY($1::uuid[]) GROUP BY listing_id`,
      [listingIds],
    )) as Array<{ listing_id: string; ids: number[] }>;
    return inKeyOrder(listingIds, rows, (row) => row.listing_id).map((row) => row?.ids ?? []);
  });
