import { defineTopic } from '../../pubsub/pubsub';

/** What happened to a contract: the audit-trail kinds, also sent live. */
export type ContractEventKind =
  | 'CREATED'
  | 'DETAILS_SAVED'
  | 'SIGNED'
  | 'LOCKED'
  | 'CHANGE_ORDER_SUBMITTED'
  | 'CHANGE_ORDER_ACCEPTED'
  | 'CHANGE_ORDER_REJECTED'
  | 'CHANGE_ORDER_WITHDRAWN';

/** A contract changed; the subscriber loads the contract (and change order) itself. */
export interface ContractUpdatedEvent {
  contractId: string;
  kind: ContractEventKind;
  changeOrderId?: string;
}

/** One topic per contract: `contract.updated:<contractId>`. */
export const contractUpdatedTopic = defineTopic<ContractUpdatedEvent>('contract.updated');
