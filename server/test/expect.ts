import { errorOf, type GraphQLResponse } from './harness';

/** The response failed with BAD_USER_INPUT naming exactly these input fields. */
export function expectBadFields(response: GraphQLResponse, fields: string[]): void {
  const error = errorOf(response);
  expect(error.extensions?.code).toBe('BAD_USER_INPUT');
  expect(Object.keys(error.extensions?.fields ?? {}).sort()).toEqual([...fields].sort());
}

/** The code of a response's single error. */
export const codeOf = (response: GraphQLResponse) => errorOf(response).extensions?.code;
