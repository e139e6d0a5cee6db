import DataLoader from 'dataloader';
import { In } from 'typeorm';
import type { LoaderFactory } from '../../graphql/context';
import { ChangeOrderEntity } from './change-order.entity';
import { ContractDetailsEntity } from './contract-details.entity';
import { ContractEventEntity } from './contract-event.entity';
import { ContractEntity } from './contract.entity';

function byKey<K, V>(keys: readonly K[], rows: V[], keyOf: (row: V) => K): Array<V | null> {
  const map = new Map(rows.map((row) => [keyOf(row), row]));
  return keys.map((key) => map.get(key) ?? null);
}

function groupByKey<K, V>(keys: readonly K[], rows: V[], keyOf: (row: V) => K): V[][] {
  const groups = new Map<K, V[]>(keys.map((key) => [key, []]));
  for (const row of rows) groups.get(keyOf(row))?.push(row);
  return keys.map((key) => groups.get(key) ?? []);
}

export const contractByIdLoader: LoaderFactory<string, ContractEntity | null> = (ds) =>
  new DataLoader(async (ids) => byKey(ids, await ds.getRepository(ContractEntity).findBy({ id: In([...ids]) }), (row) => row.id));

export const contractByConversationIdLoader: LoaderFactory<string, ContractEntity | null> = (ds) =>
  new DataLoader(async (ids) =>
    byKey(ids, await ds.getRepository(ContractEntity).findBy({ conversationId: In([...ids]) }), (row) => row.conversationId),
  );

/** The latest version of each contract's details: one DISTINCT ON query for the whole batch. */
export const currentDetailsByContractIdLoader: LoaderFactory<string, ContractDetailsEntity | null> = (ds) =>
  new DataLoader(async (ids) => {
    const rows = await ds
      .getRepository(ContractDetailsEntity)
      .createQueryBuilder('details')
      .distinctOn(['details.contractId'])
      .where('details.contractId IN (:...ids)', { ids })
      .orderBy('details.contractId')
      .addOrderBy('details.version', 'DESC')
      .getMany();
    return byKey(ids, rows, (row) => row.contractId);
  });

/** Every version of each contract, oldest first. */
export const versionsByContractIdLoader: LoaderFactory<string, ContractDetailsEntity[]> = (ds) =>
  new DataLoader(async (ids) => {
    const rows = await ds.getRepository(ContractDetailsEntity).find({ where: { contractId: In([...ids]) }, order: { version: 'ASC' } });
    return groupByKey(ids, rows, (row) => row.contractId);
  });

export const detailsByIdLoader: LoaderFactory<string, ContractDetailsEntity | null> = (ds) =>
  new DataLoader(async (ids) => byKey(ids, await ds.getRepository(ContractDetailsEntity).findBy({ id: In([...ids]) }), (row) => row.id));

/** Each contract's change orders, oldest first. */
export const changeOrdersByContractIdLoader: LoaderFactory<string, ChangeOrderEntity[]> = (ds) =>
  new DataLoader(async (ids) => {
    const rows = await ds.getRepository(ChangeOrderEntity).find({ where: { contractId: In([...ids]) }, order: { createdAt: 'ASC', id: 'ASC' } });
    return groupByKey(ids, rows, (row) => row.contractId);
  });

export const changeOrderByIdLoader: LoaderFactory<string, ChangeOrderEntity | null> = (ds) =>
  new DataLoader(async (ids) => byKey(ids, await ds.getRepository(ChangeOrderEntity).findBy({ id: In([...ids]) }), (row) => row.id));

/** Each contract's audit trail in the order it was written. */
export const eventsByContractIdLoader: LoaderFactory<string, ContractEventEntity[]> = (ds) =>
  new DataLoader(async (ids) => {
    const rows = await ds.getRepository(ContractEventEntity).find({ where: { contractId: In([...ids]) }, order: { seq: 'ASC' } });
    return groupByKey(ids, rows, (row) => row.contractId);
  });

export const eventBySeqLoader: LoaderFactory<string, ContractEventEntity | null> = (ds) =>
  new DataLoader(async (seqs) => byKey(seqs, await ds.getRepository(ContractEventEntity).findBy({ seq: In([...seqs]) }), (row) => row.seq));
