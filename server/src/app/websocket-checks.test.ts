import 'reflect-metadata';
import { specifiedRules, type DocumentNode, type GraphQLError } from 'graphql';
import { getSchema } from '../graphql/schema';
import { PreparedDocuments } from './websocket-checks';

/*
 * A subscription's document is parsed and validated once per text: every socket sending the same
 * text shares one syntax tree; what does not validate, and what is long, is never kept.
 */

const NOTIFICATIONS = 'subscription { notificationAdded { id kind createdAt readAt } }';

async function documents(): Promise<PreparedDocuments> {
  return new PreparedDocuments(await getSchema(), specifiedRules);
}

it('gives every socket sending one text the same document', async () => {
  const prepared = await documents();
  const first = prepared.prepare(NOTIFICATIONS) as DocumentNode;
  expect(first.kind).toBe('Document');
  expect(prepared.prepare(NOTIFICATIONS)).toBe(first);
  expect(prepared.prepare(`${NOTIFICATIONS} `)).not.toBe(first);
});

it('answers coded errors for a text that does not parse or validate, every time', async () => {
  const prepared = await documents();
  for (let i = 0; i < 2; i++) {
    expect((prepared.prepare('subscription {') as GraphQLError[])[0].extensions.code).toBe('GRAPHQL_PARSE_FAILED');
    expect((prepared.prepare('subscription { nothingHere }') as GraphQLError[])[0].extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
  }
});

it('keeps at most 200 texts, the least recently used going first, and no long ones', async () => {
  const prepared = await documents();
  const first = prepared.prepare(NOTIFICATIONS);
  const fill = (count: number) => {
    for (let i = 0; i < count; i++) prepared.prepare(`subscription { notificationAdded { id } } # ${i}`);
  };
  fill(199);
  expect(prepared.prepare(NOTIFICATIONS)).toBe(first);
  fill(200);
  expect(prepared.prepare(NOTIFICATIONS)).not.toBe(first);

  const long = `subscription { notificationAdded { id } } # ${'x'.repeat(4096)}`;
  expect(prepared.prepare(long)).not.toBe(prepared.prepare(long));
});
