import type { EntityManager } from 'typeorm';
import { memberRole, membersOnly, viewerIsMember, type RequestScope } from '../employers/employers.policy';
import type { PaymentEntity } from './payment.entity';

/**
 * Who may see payments and credits: the employer's members, and nobody else. For anyone else a
 * payment does not exist (NOT_FOUND, like an unknown id), and an employer's credit fields are null.
 */

type PaymentOwner = Pick<PaymentEntity, 'employerId'>;

/** Whether the viewer may see the payment, through the request's membership loader. */
export function viewerMaySeePayment(ctx: RequestScope, payment: PaymentOwner): Promise<boolean> {
  return viewerIsMember(ctx, payment.employerId);
}

/** Whether `userId` may see the payment, read through `manager`. */
export async function maySeePayment(manager: EntityManager, payment: PaymentOwner, userId: string): Promise<boolean> {
  return (await memberRole(manager, payment.employerId, userId)) !== null;
}

/** An employer's credit field: `read()` for its members, null for everyone else. */
export function creditsField<T>(ctx: RequestScope, employerId: string, read: () => T | Promise<T>): Promise<T | null> {
  return membersOnly(ctx, employerId, read);
}
