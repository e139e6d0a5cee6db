import DataLoader from 'dataloader';
import { In, IsNull, Not } from 'typeorm';
import type { LoaderFactory } from '../../graphql/context';
import { CreditEntity } from './credit.entity';
import { PaymentEntity } from './payment.entity';
import { isUuid } from '../../graphql/global-id';

/** A malformed id (from `node(id)`) is null rather than a database error. */
export const paymentByIdLoader: LoaderFactory<string, PaymentEntity | null> = (ds) =>
  new DataLoader(async (ids) => {
    const valid = ids.filter(isUuid);
    const rows = valid.length ? await ds.getRepository(PaymentEntity).findBy({ id: In(valid) }) : [];
    const byId = new Map(rows.map((row) => [row.id, row]));
    return ids.map((id) => byId.get(id) ?? null);
  });

export const unspentCreditCountByEmployerIdLoader: LoaderFactory<string, number> = (ds) =>
  new DataLoader(async (ids) => {
    const rows: Array<{ employer_id: string; count: number }> = await ds.query(
      `SELECT employer_id, count(*)::int AS count FROM credits
        WHERE employer_id = ANY($1::uuid[]) AND listing_id IS NULL
        GROUP BY employer_id`,
      [[...ids]],
    );
    const byId = new Map(rows.map((row) => [row.employer_id, row.count]));
    return ids.map((id) => byId.get(id) ?? 0);
  });

/** Newest first. */
export const paymentsByEmployerIdLoader: LoaderFactory<string, PaymentEntity[]> = (ds) =>
  new DataLoader(async (ids) => {
    const rows = await ds.getRepository(PaymentEntity).find({ where: { employerId: In([...ids]) }, order: { createdAt: 'DESC', id: 'DESC' } });
    return ids.map((id) => rows.filter((row) => row.employerId === id));
  });

/** Spent credits, most recently spent first. */
export const spentCreditsByEmployerIdLoader: LoaderFactory<string, CreditEntity[]> = (ds) =>
  new DataLoader(async (ids) => {
    const rows = await ds
      .getRepository(CreditEntity)
      .find({ where: { employerId: In([...ids]), listingId: Not(IsNull()) }, order: { spentAt: 'DESC', id: 'DESC' } });
    return ids.map((id) => rows.filter((row) => row.employerId === id));
  });
