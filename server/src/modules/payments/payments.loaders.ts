import DataLoader from 'dataloader';
import { IsNull, Not } from 'typeorm';
import { isUuid } from '../../db/ids';
import { groupLoaderByKey, inKeyOrder, loaderByKey, type LoaderFactory } from '../../db/loaders';
import { CreditEntity } from './credit.entity';
import { PaymentEntity } from './payment.entity';

/** A malformed id (from `node(id)`) is null rather than a database error. */
export const paymentByIdLoader = loaderByKey(PaymentEntity, 'id', { accepts: isUuid });

export const unspentCreditCountByEmployerIdLoader: LoaderFactory<string, number> = (ds) =>
  new DataLoader(async (ids) => {
    const rows: Array<{ employer_id: string; count: number }> = await ds.query(
      `SELECT employer_id, count(*)::int AS count FROM credits
        WHERE employer_id = ANY($1::uuid[]) AND listing_id IS NULL
        GROUP BY employer_id`,
      [[...ids]],
    );
    return inKeyOrder(ids, rows, (row) => row.employer_id).map((row) => row?.count ?? 0);
  });

/** Newest first. */
export const paymentsByEmployerIdLoader = groupLoaderByKey(PaymentEntity, 'employerId', { order: { createdAt: 'DESC', id: 'DESC' } });

/** Spent credits, most recently spent first. */
export const spentCreditsByEmployerIdLoader = groupLoaderByKey(CreditEntity, 'employerId', {
  where: { listingId: Not(IsNull()) },
  order: { spentAt: 'DESC', id: 'DESC' },
});
