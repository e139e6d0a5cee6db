import DataLoader from 'dataloader';
import { groupLoaderByKey, inKeyOrder, loaderByKey, type LoaderFactory } from '../../db/loaders';
import { ChangeOrderEntity } from './change-order.entity';
import { ContractDetailsEntity } from './contract-details.entity';
import { ContractEventEntity } from './contract-event.entity';
import { ContractEntity } from './contract.entity';

export const contractByIdLoader = loaderByKey(ContractEntity, 'id');

/** Each conversation's contract: the newest one not cancelled, else the newest cancelled one. */
export const contractByConversationIdLoader: LoaderFactory<string, ContractEntity | null> = (ds) =>
  new DataLoader(async (ids) => {
    const rows = await ds
      .getRepository(ContractEntity)
      .createQueryBuilder('contract')
      .distinctOn(['contract.conversationId'])
      .where('contract.conversationId IN (:...ids)', { ids })
      .orderBy('contract.conversationId')
      .addOrderBy(`contract.status = 'CANCELLED'`, 'ASC')
      .addOrderBy('contract.createdAt', 'DESC')
      .addOrderBy('contract.id', 'DESC')
      .getMany();
    return inKeyOrder(ids, rows, (row) => row.conversationId);
  });

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
    return inKeyOrder(ids, rows, (row) => row.contractId);
  });

/** Every version of each contract, oldest first. */
export const versionsByContractIdLoader = groupLoaderByKey(ContractDetailsEntity, 'contractId', { order: { version: 'ASC' } });

export const detailsByIdLoader = loaderByKey(ContractDetailsEntity, 'id');

/** Each contract's change orders, oldest first. */
export const changeOrdersByContractIdLoader = groupLoaderByKey(ChangeOrderEntity, 'contractId', { order: { createdAt: 'ASC', id: 'ASC' } });

export const changeOrderByIdLoader = loaderByKey(ChangeOrderEntity, 'id');

/** Each contract's audit trail in the order it was written. */
export const eventsByContractIdLoader = groupLoaderByKey(ContractEventEntity, 'contractId', { order: { seq: 'ASC' } });

export const eventBySeqLoader = loaderByKey(ContractEventEntity, 'seq');
