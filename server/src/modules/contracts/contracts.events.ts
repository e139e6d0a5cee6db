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
  | 'CHANGE_ORDER_WITHDRAWN'
  | 'COMPLETION_REQUESTED'
  | 'COMPLETION_DECLINED'
  | 'COMPLETED'
  | 'CANCELLED'
  | 'REVIEW_SUBMITTED'
  | 'REVIEWS_PUBLISHED'
  | 'REVIEW_REPLIED';

/** A contract changed; the subscriber loads the contract (and change order) itself. */
export interface ContractUpdatedEvent {
  contractId: string;
  kind: ContractEventKind;
  changeOrderId?: string;
  reviewId?: string;
  /**
   * The audit trail's sequence number of the event (`contract_events.seq`, a bigint as a string):
   * a subscriber delivers the trail up to it from the last event it took (`ContractCatchUp`). Without
   * it (an older release's event) the event is delivered as it is.
   */
  seq?: string;
}

/** One topic per contract: `contract.updated:<contractId>`. */
export const contractUpdatedTopic = defineTopic<ContractUpdatedEvent>('contract.updated');
