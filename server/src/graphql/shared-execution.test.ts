import { buildSchema, parse, type ExecutionResult } from 'graphql';
import { serializedResult, subscribeSharingExecutions } from './shared-execution';

/*
 * One execution per event value, viewer, operation and variables (DESIGN §6): sockets of one user
 * watching one topic cost one execution per event, and nothing is shared across viewers or
 * operations.
 */

let resolved = 0;
/** Each test's events: new values, as each event's are (results are kept per value). */
let values: Array<{ text: string }> = [];
const schema = buildSchema(`type Query { ok: Boolean } type Event { text: String! shout(times: Int!): String! viewer: String! } type Subscription { events: Event! }`);
const subscription = schema.getSubscriptionType()!.getFields().events;
subscription.subscribe = async function* () {
  for (const value of values) yield value;
};
subscription.resolve = (event) => {
  resolved += 1;
  return event;
};
const fields = schema.getType('Event') as unknown as { getFields(): Record<string, { resolve?: (...args: any[]) => unknown }> };
fields.getFields().shout.resolve = (event: { text: string }, { times }: { times: number }) => event.text.repeat(times);
fields.getFields().viewer.resolve = (_event: unknown, _args: unknown, context: { viewer: { userId: string } }) => context.viewer.userId;

async function collect(userId: string, times = 1, query = 'subscription ($times: Int!) { events { text shout(times: $times) viewer } }'): Promise<ExecutionResult[]> {
  const stream = await subscribeSharingExecutions({ schema, document: parse(query), variableValues: { times }, contextValue: { viewer: { userId } } });
  if (!(Symbol.asyncIterator in stream)) throw new Error(JSON.stringify(stream));
  const results: ExecutionResult[] = [];
  for await (const result of stream) results.push(result);
  return results;
}

beforeEach(() => {
  resolved = 0;
  values = [{ text: 'first' }, { text: 'second' }];
});

it('executes an event once for the subscriptions of one viewer running the same operation', async () => {
  const [a, b, c] = await Promise.all([collect('ann'), collect('ann'), collect('ann')]);
  expect(resolved).toBe(values.length);
  expect(a).toEqual([{ data: { events: { text: 'first', shout: 'first', viewer: 'ann' } } }, { data: { events: { text: 'second', shout: 'second', viewer: 'ann' } } }]);
  expect(b).toEqual(a);
  expect(c).toEqual(a);
});

it('executes apart for another viewer, other variables or another operation', async () => {
  const [ann, bob, twice, other] = await Promise.all([collect('ann'), collect('bob'), collect('ann', 2), collect('ann', 1, 'subscription { events { text } }')]);
  expect(resolved).toBe(4 * values.length);
  expect(ann[0].data).toMatchObject({ events: { viewer: 'ann', shout: 'first' } });
  expect(bob[0].data).toMatchObject({ events: { viewer: 'bob' } });
  expect(twice[0].data).toMatchObject({ events: { shout: 'firstfirst' } });
  expect(other[0].data).toEqual({ events: { text: 'first' } });
});

it('answers a subscription that cannot start with its errors, as graphql-js does', async () => {
  const result = await subscribeSharingExecutions({ schema, document: parse('subscription { nope }'), contextValue: { viewer: null } });
  expect(result).toMatchObject({ errors: [expect.anything()] });
});

it('serializes a shared result once however many sockets send it, and nothing it did not make', async () => {
  const [a, b] = await Promise.all([collect('ann'), collect('ann')]);
  expect(b[0]).toBe(a[0]);
  const stringify = jest.spyOn(JSON, 'stringify');
  try {
    const sent = Array.from({ length: 5 }, () => serializedResult(a[0]));
    expect(sent).toEqual(sent.map(() => JSON.stringify(a[0])));
    stringify.mockClear();
    for (let i = 0; i < 5; i++) serializedResult(a[0]);
    expect(stringify).not.toHaveBeenCalled();
    expect(serializedResult({ data: { events: null } })).toBeUndefined();
    expect(serializedResult(null)).toBeUndefined();
  } finally {
    stringify.mockRestore();
  }
});
