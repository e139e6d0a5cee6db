import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { toGlobalId } from '../../graphql/global-id';
import { Node } from '../../graphql/node-interface';
import type { CreditEntity } from './credit.entity';
import type { PaymentEntity, PaymentProvider, PaymentStatus } from './payment.entity';
import type { PaymentPages } from './payments.service';

export enum PaymentStatusEnum {
  PENDING = 'PENDING',
  PAID = 'PAID',
  FAILED = 'FAILED',
  EXPIRED = 'EXPIRED',
}
registerEnumType(PaymentStatusEnum, {
  name: 'PaymentStatus',
  description: 'Where a purchase of credits stands: credits exist only for PAID ones.',
  valuesConfig: {
    PENDING: {
      description:
        'Checkout started, not paid yet; also while a delayed payment method (such as a bank debit) is being processed after checkout.',
    },
    PAID: { description: 'Paid; its credits were granted. A paid payment never changes again.' },
    FAILED: { description: 'The buyer completed checkout but the payment was declined later (a delayed payment method failed): no credits. Start a new checkout to try again.' },
    EXPIRED: { description: 'The checkout was abandoned and expired without payment: no credits.' },
  },
});

export enum PaymentModeEnum {
  STRIPE = 'STRIPE',
  TEST = 'TEST',
}
registerEnumType(PaymentModeEnum, {
  name: 'PaymentMode',
  description: 'How this server takes payments.',
  valuesConfig: {
    STRIPE: { description: 'Stripe Checkout; credits are granted by Stripe’s verified webhook.' },
    TEST: { description: 'No payment provider: the app’s own test checkout page grants the credits (`confirmTestCheckout`).' },
  },
});

@ObjectType('Payment', { implements: Node, description: 'A purchase of posting credits: visible to members of its employer only.' })
export class PaymentType extends Node {
  localId: string;
  employerId: string;

  @Field(() => Int, { description: 'Credits bought.' })
  quantity: number;

  @Field(() => Int, { description: 'Total price in the smallest unit of `currency` (cents).' })
  amountCents: number;

  @Field({ description: 'Three-letter ISO currency code, lower case (e.g. "usd").' })
  currency: string;

  @Field(() => PaymentStatusEnum, { description: 'Pending, paid, failed or expired; only PAID ones granted credits.' })
  status: PaymentStatus;

  @Field(() => PaymentModeEnum, { description: 'Stripe, or the test checkout.' })
  provider: PaymentModeEnum;

  @Field({ description: 'When the checkout was started.' })
  createdAt: Date;

  @Field(() => Date, { nullable: true, description: 'When the payment was confirmed and its credits granted; null until then.' })
  paidAt: Date | null;
}

const PROVIDER_MODE: Record<PaymentProvider, PaymentModeEnum> = { stripe: PaymentModeEnum.STRIPE, test: PaymentModeEnum.TEST };

const paymentGlobalId = (paymentId: string) => toGlobalId('Payment', paymentId);

/** The web app's pages for a payment, which know it by its global id (the one `confirmTestCheckout` takes). */
export function paymentPages(publicUrl: string): PaymentPages {
  return {
    testCheckout: (paymentId) => `${publicUrl}/checkout/test?payment=${paymentGlobalId(paymentId)}`,
    stripeReturn: (paymentId, checkout) => `${publicUrl}/credits?checkout=${checkout}&payment=${paymentGlobalId(paymentId)}`,
  };
}

export function toPaymentType(entity: PaymentEntity): PaymentType {
  return Object.assign(new PaymentType(), {
    id: paymentGlobalId(entity.id),
    localId: entity.id,
    employerId: entity.employerId,
    quantity: entity.quantity,
    amountCents: entity.amountCents,
    currency: entity.currency,
    status: entity.status,
    provider: PROVIDER_MODE[entity.provider],
    createdAt: entity.createdAt,
    paidAt: entity.paidAt,
  });
}

@ObjectType('CheckoutSession', { description: 'A started checkout: send the buyer to `url` to pay.' })
export class CheckoutSessionType {
  @Field(() => ID, { description: 'The global id of the pending Payment.' })
  id: string;

  @Field({ description: 'Where the buyer pays: Stripe Checkout, or the app’s own test checkout page in test mode.' })
  url: string;

  @Field(() => PaymentType, { description: 'The pending payment this checkout pays for.' })
  payment: PaymentType;
}

@ObjectType('CreditPricing', { description: 'What a posting credit costs on this server and how it is paid.' })
export class CreditPricingType {
  @Field(() => Int, { description: 'Price of one credit in the smallest unit of `currency` (cents).' })
  unitAmountCents: number;

  @Field({ description: 'Three-letter ISO currency code, lower case.' })
  currency: string;

  @Field(() => Int, { description: 'The fewest credits one checkout may buy.' })
  minQuantity: number;

  @Field(() => Int, { description: 'The most credits one checkout may buy.' })
  maxQuantity: number;

  @Field(() => PaymentModeEnum, { description: 'Stripe, or the test checkout.' })
  mode: PaymentModeEnum;
}

@ObjectType('CreditSpend', { description: 'One credit spent on publishing one listing.' })
export class CreditSpendType {
  listingLocalId: string;

  @Field(() => ID, { description: 'Global id of the listing the credit published.' })
  listingId: string;

  @Field({ description: 'When it was spent.' })
  spentAt: Date;
}

export function toCreditSpendType(entity: CreditEntity): CreditSpendType {
  if (!entity.listingId || !entity.spentAt) throw new Error(`credit ${entity.id} is not spent`);
  return Object.assign(new CreditSpendType(), {
    listingLocalId: entity.listingId,
    listingId: toGlobalId('Listing', entity.listingId),
    spentAt: entity.spentAt,
  });
}

@ObjectType('CreditLedger', { description: 'Credits bought and spent by an employer: members only.' })
export class CreditLedgerType {
  employerId: string;
}
