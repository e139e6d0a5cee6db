import { Arg, Ctx, FieldResolver, ID, Mutation, Resolver, Root } from 'type-graphql';
import { requireViewer, type Context } from '../../graphql/context';
import { parseUuidId } from '../../graphql/global-id';
import { MultilineArgs } from '../../graphql/text';
import { loadUser, UserType } from '../accounts/user.type';
import { ChangeOrderType, CONTRACT_HIDDEN_ERRORS, ContractType, toChangeOrderType, toContractType } from './contract.type';
import { changeOrderNotFound } from './contracts.errors';
import { ChangeOrderInput } from './contracts.inputs';
import { contractByIdLoader } from './contracts.loaders';

const CHANGE_ORDER_HIDDEN_ERRORS =
  'NOT_FOUND for an unknown change order and, exactly alike, for one whose contract you may not read; UNAUTHENTICATED when signed out.';

@Resolver(() => ChangeOrderType)
export class ChangeOrdersResolver {
  @Mutation(() => ChangeOrderType, {
    description:
      'Proposes a change to an ACTIVE contract (CONFLICT otherwise): the worker only. ' +
      'FORBIDDEN for the poster and other members of the employer, who may read the contract; ' +
      CONTRACT_HIDDEN_ERRORS,
  })
  async submitChangeOrder(
    @Arg('contractId', () => ID, { description: 'Global id of the contract.' }) contractId: string,
    @Arg('changes', () => ChangeOrderInput, { description: 'What changes, and by how much in price and schedule.' }) changes: ChangeOrderInput,
    @Ctx() ctx: Context,
  ): Promise<ChangeOrderType> {
    const viewer = requireViewer(ctx);
    const changeOrder = await ctx.services.contracts.submitChangeOrder(viewer.userId, parseUuidId('Contract', contractId, 'contractId'), changes);
    return toChangeOrderType(changeOrder);
  }

  @Mutation(() => ChangeOrderType, {
    description:
      'Accepts a PROPOSED change order (CONFLICT once decided): the employer side only (its poster; its owners once the poster has left the employer), never its author. ' +
      'FORBIDDEN for the worker (its author) and for other members of the employer, who may read it; ' +
      CHANGE_ORDER_HIDDEN_ERRORS,
  })
  async acceptChangeOrder(@Arg('id', () => ID, { description: 'Global id of the change order.' }) id: string, @Ctx() ctx: Context): Promise<ChangeOrderType> {
    const viewer = requireViewer(ctx);
    return toChangeOrderType(await ctx.services.contracts.decideChangeOrder(viewer.userId, parseUuidId('ChangeOrder', id, 'id'), 'ACCEPTED'));
  }

  @Mutation(() => ChangeOrderType, {
    description:
      'Rejects a PROPOSED change order (CONFLICT once decided) with a reason (1 to 2,000 characters): the employer side only (its poster; its owners once the poster has left the employer), never its author. ' +
      'FORBIDDEN for the worker (its author) and for other members of the employer, who may read it; ' +
      CHANGE_ORDER_HIDDEN_ERRORS,
  })
  @MultilineArgs('reason')
  async rejectChangeOrder(@Arg('id', () => ID, { description: 'Global id of the change order.' }) id: string, @Arg('reason', { description: 'Why the change order is rejected (1 to 2,000 characters).' }) reason: string, @Ctx() ctx: Context): Promise<ChangeOrderType> {
    const viewer = requireViewer(ctx);
    return toChangeOrderType(
      await ctx.services.contracts.decideChangeOrder(viewer.userId, parseUuidId('ChangeOrder', id, 'id'), 'REJECTED', reason),
    );
  }

  @Mutation(() => ChangeOrderType, {
    description:
      'Withdraws a PROPOSED change order (CONFLICT once decided): its author only. ' +
      'FORBIDDEN for the poster and for other members of the employer, who may read it; ' +
      CHANGE_ORDER_HIDDEN_ERRORS,
  })
  async withdrawChangeOrder(@Arg('id', () => ID, { description: 'Global id of the change order.' }) id: string, @Ctx() ctx: Context): Promise<ChangeOrderType> {
    const viewer = requireViewer(ctx);
    return toChangeOrderType(await ctx.services.contracts.decideChangeOrder(viewer.userId, parseUuidId('ChangeOrder', id, 'id'), 'WITHDRAWN'));
  }

  @FieldResolver(() => ContractType, { description: 'The contract it changes.' })
  async contract(@Root() changeOrder: ChangeOrderType, @Ctx() ctx: Context): Promise<ContractType> {
    const contract = await ctx.loader(contractByIdLoader).load(changeOrder.contractId);
    if (!contract) throw changeOrderNotFound();
    return toContractType(contract);
  }

  @FieldResolver(() => UserType, { description: 'The worker who submitted it.' })
  createdBy(@Root() changeOrder: ChangeOrderType, @Ctx() ctx: Context): Promise<UserType> {
    return loadUser(ctx, changeOrder.createdById);
  }

  @FieldResolver(() => UserType, { nullable: true, description: 'The poster who accepted it.' })
  async acceptedBy(@Root() changeOrder: ChangeOrderType, @Ctx() ctx: Context): Promise<UserType | null> {
    return changeOrder.acceptedById ? loadUser(ctx, changeOrder.acceptedById) : null;
  }

  @FieldResolver(() => UserType, { nullable: true, description: 'Who accepted, rejected or withdrew it.' })
  async decidedBy(@Root() changeOrder: ChangeOrderType, @Ctx() ctx: Context): Promise<UserType | null> {
    return changeOrder.decidedById ? loadUser(ctx, changeOrder.decidedById) : null;
  }
}
