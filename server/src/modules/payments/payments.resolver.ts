import { Arg, Args, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { requireViewer, type Context } from '../../graphql/context';
import { parseUuidId } from '../../graphql/global-id';
import { registerNodeType } from '../../graphql/node';
import { loadOrThrow } from '../../graphql/relations';
import { EmployerType, toEmployerType } from '../employers/employer.type';
import { employerByIdLoader } from '../employers/employers.loaders';
import { ListingType, toListingType } from '../listings/listing.type';
import { listingByIdLoader } from '../listings/listings.loaders';
import {
  CheckoutSessionType,
  CreditLedgerType,
  CreditPricingType,
  CreditSpendType,
  PaymentModeEnum,
  PaymentType,
  toCreditSpendType,
  toPaymentType,
} from './payment.type';
import { StartCreditCheckoutArgs } from './payments.inputs';
import { creditsField, viewerMaySeePayment } from './payments.policy';
import { MAX_CREDIT_QUANTITY, MIN_CREDIT_QUANTITY } from './payments.service';
import { paymentByIdLoader, paymentsByEmployerIdLoader, spentCreditsByEmployerIdLoader, unspentCreditCountByEmployerIdLoader } from './payments.loaders';

registerNodeType('Payment', async (id, ctx) => {
  const payment = await ctx.loader(paymentByIdLoader).load(id);
  return payment && (await viewerMaySeePayment(ctx, payment)) ? toPaymentType(payment) : null;
});

@Resolver(() => PaymentType)
export class PaymentsResolver {
  @Query(() => CreditPricingType, { description: 'What a posting credit costs and how this server takes payment.' })
  creditPricing(@Ctx() ctx: Context): CreditPricingType {
    const { creditPriceCents, currency } = ctx.app.config.stripe;
    return Object.assign(new CreditPricingType(), {
      unitAmountCents: creditPriceCents,
      currency,
      minQuantity: MIN_CREDIT_QUANTITY,
      maxQuantity: MAX_CREDIT_QUANTITY,
      mode: ctx.services.payments.mode === 'stripe' ? PaymentModeEnum.STRIPE : PaymentModeEnum.TEST,
    });
  }

  @Mutation(() => CheckoutSessionType, {
    description:
      'Starts buying posting credits for an employer (members only): records a pending payment and answers where to pay. ' +
      'Credits arrive when the payment is confirmed: by Stripe’s webhook, or by `confirmTestCheckout` in test mode. ' +
      'Errors: UNAUTHENTICATED when signed out; NOT_FOUND for an unknown employer; FORBIDDEN for a signed-in non-member ' +
      '(employers are public, so this reveals nothing), and in test mode under NODE_ENV=production; ' +
      'BAD_USER_INPUT for a quantity out of range; SERVICE_UNAVAILABLE when Stripe cannot start a checkout (nothing is charged).',
  })
  async startCreditCheckout(@Args(() => StartCreditCheckoutArgs) args: StartCreditCheckoutArgs, @Ctx() ctx: Context): Promise<CheckoutSessionType> {
    const viewer = requireViewer(ctx);
    const employerId = parseUuidId('Employer', args.employerId, 'employerId');
    const { payment, url } = await ctx.services.payments.startCheckout(viewer.userId, employerId, args.quantity);
    const type = toPaymentType(payment);
    return Object.assign(new CheckoutSessionType(), { id: type.id, url, payment: type });
  }

  @Mutation(() => PaymentType, {
    description:
      'Test mode only (no Stripe key, not in production): pays a pending test checkout and grants its credits. ' +
      'Members of the payment’s employer only; confirming again changes nothing. ' +
      'Errors: UNAUTHENTICATED when signed out; NOT_FOUND for a payment of an employer you are not a member of, exactly as for an unknown id; ' +
      'FORBIDDEN when this server does not take test payments (Stripe mode, or production) or, for members, when the payment goes through Stripe; ' +
      'CONFLICT when the checkout has failed or expired.',
  })
  async confirmTestCheckout(@Arg('id', () => ID, { description: 'The Payment’s global id (`CheckoutSession.id`).' }) id: string, @Ctx() ctx: Context): Promise<PaymentType> {
    const viewer = requireViewer(ctx);
    const paymentId = parseUuidId('Payment', id, 'id');
    return toPaymentType(await ctx.services.payments.confirmTestCheckout(viewer.userId, paymentId));
  }

  @FieldResolver(() => EmployerType, { description: 'The employer the credits are for.' })
  async employer(@Root() payment: PaymentType, @Ctx() ctx: Context): Promise<EmployerType> {
    return toEmployerType(await loadOrThrow(ctx, employerByIdLoader, payment.employerId, "payment's employer"));
  }
}

@Resolver(() => EmployerType)
export class EmployerCreditsResolver {
  @FieldResolver(() => Int, { nullable: true, description: 'Unspent posting credits: members only, null for everyone else.' })
  async credits(@Root() employer: EmployerType, @Ctx() ctx: Context): Promise<number | null> {
    return creditsField(ctx, employer.localId, () => ctx.loader(unspentCreditCountByEmployerIdLoader).load(employer.localId));
  }

  @FieldResolver(() => CreditLedgerType, { nullable: true, description: 'Credits bought and spent: members only, null for everyone else.' })
  async creditLedger(@Root() employer: EmployerType, @Ctx() ctx: Context): Promise<CreditLedgerType | null> {
    return creditsField(ctx, employer.localId, () => Object.assign(new CreditLedgerType(), { employerId: employer.localId }));
  }
}

@Resolver(() => CreditLedgerType)
export class CreditLedgerResolver {
  @FieldResolver(() => [PaymentType], { description: 'Every purchase, newest first, whatever its status: pending, paid, failed or expired.' })
  async purchases(@Root() ledger: CreditLedgerType, @Ctx() ctx: Context): Promise<PaymentType[]> {
    const payments = await ctx.loader(paymentsByEmployerIdLoader).load(ledger.employerId);
    return payments.map(toPaymentType);
  }

  @FieldResolver(() => [CreditSpendType], { description: 'Every credit spent on publishing a listing, most recent first.' })
  async spends(@Root() ledger: CreditLedgerType, @Ctx() ctx: Context): Promise<CreditSpendType[]> {
    const credits = await ctx.loader(spentCreditsByEmployerIdLoader).load(ledger.employerId);
    return credits.map(toCreditSpendType);
  }
}

@Resolver(() => CreditSpendType)
export class CreditSpendResolver {
  // The ledger is members-only and the listing is the employer's own, so drafts and closed listings show too.
  @FieldResolver(() => ListingType, { description: 'The listing the credit published.' })
  async listing(@Root() spend: CreditSpendType, @Ctx() ctx: Context): Promise<ListingType> {
    return toListingType(await loadOrThrow(ctx, listingByIdLoader, spend.listingLocalId, "spent credit's listing"));
  }
}
