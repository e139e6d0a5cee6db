import type { NonEmptyArray } from 'type-graphql';
import { AccountsResolver } from '../modules/accounts/accounts.resolver';
import { EmployerMemberResolver, EmployersResolver, UserEmployersResolver } from '../modules/employers/employers.resolver';
import { NodeResolver } from './node';

/** Every resolver of the API. A module adds its resolvers here. */
export const resolvers: NonEmptyArray<Function> = [
  NodeResolver,
  AccountsResolver,
  EmployersResolver,
  EmployerMemberResolver,
  UserEmployersResolver,
];
