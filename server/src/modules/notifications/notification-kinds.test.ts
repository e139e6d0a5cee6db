import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildSchema, type GraphQLObjectType } from 'graphql';
import ts from 'typescript';
import { getSchema } from '../../graphql/schema';
import { NOTIFICATION_KINDS } from './notification-kinds';

const SRC = join(__dirname, '..', '..');

/** The families of notification kinds (as notification-preferences.ts groups them). */
const KIND_PATTERN = /\b(MESSAGE_RECEIVED|SAVED_SEARCH_[A-Z_]+|LISTING_[A-Z_]+|CONTRACT_[A-Z_]+|CHANGE_ORDER_[A-Z_]+|REVIEWS?_[A-Z_]+)\b/g;

/** Words of those families in the sources' strings that are not notification kinds, and why. */
const NOT_KINDS: Record<string, string> = {
  LISTING_DAYS: 'a setting (the posting period)',
  REVIEW_WINDOW_DAYS: 'a constant',
  REVIEW_SUBMITTED: 'a contract event that never notifies: a review stays hidden until published (REVIEW_AWAITING_YOURS tells the other party)',
};

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') ? [path] : [];
  });
}

/** Every word of the kind families in the strings (not the identifiers or comments) of the server's sources. */
function kindWordsInStrings(): Map<string, string> {
  const found = new Map<string, string>();
  for (const path of sourceFiles(SRC)) {
    const source = ts.createSourceFile(path, readFileSync(path, 'utf8'), ts.ScriptTarget.Latest, true);
    const visit = (node: ts.Node): void => {
      if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node) || ts.isTemplateHead(node) || ts.isTemplateMiddle(node) || ts.isTemplateTail(node)) {
        for (const match of node.text.matchAll(KIND_PATTERN)) if (!found.has(match[0])) found.set(match[0], path);
      }
      node.forEachChild(visit);
    };
    visit(source);
  }
  return found;
}

describe('notification kinds', () => {
  it('the list names every kind the sources store (and the finder finds them)', () => {
    const words = kindWordsInStrings();
    // The finder reads SQL, object literals and constants alike.
    for (const kind of ['MESSAGE_RECEIVED', 'SAVED_SEARCH_MATCH', 'LISTING_EXPIRING', 'REVIEW_AWAITING_YOURS', 'CONTRACT_ACTIVE']) expect(words.has(kind)).toBe(true);
    const missing = [...words].filter(([word]) => !(word in NOTIFICATION_KINDS) && !(word in NOT_KINDS)).map(([word, path]) => `${word} (${path})`);
    expect(missing).toEqual([]);
  });

  it('Notification.kind documents each kind with its meaning, in the built and the committed schema', async () => {
    const built = await getSchema();
    const committed = buildSchema(readFileSync(join(SRC, '..', '..', 'schema.graphql'), 'utf8'));
    for (const schema of [built, committed]) {
      const description = (schema.getType('Notification') as GraphQLObjectType).getFields().kind.description ?? '';
      for (const [kind, meaning] of Object.entries(NOTIFICATION_KINDS)) expect(description).toContain(`${kind}: ${meaning}.`);
    }
  });
});
