import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { buildSchema, type GraphQLObjectType } from 'graphql';
import ts from 'typescript';

/*
 * Error messages are read by people: the web app shows the server's own words for FORBIDDEN,
 * CONFLICT and PAYMENT_REQUIRED (client/src/lib/errorSentences.ts). So a message says what a
 * person does ("ask for a new link from the banner"), never which API operation does it. This
 * reads every message the server's sources give an error (the arguments of the error
 * constructors of errors.ts, of DomainError and its subclasses, and of each module's *.errors.ts
 * helpers) and refuses any that names an operation or a field in code style.
 */

const SRC = join(__dirname, '..');
const ROOT = join(SRC, '..', '..');

/** The constructors of errors.ts, whose arguments are what the client reads. */
const ERROR_CONSTRUCTORS = new Set(['unauthenticated', 'forbidden', 'notFound', 'conflict', 'paymentRequired', 'rateLimited', 'serviceUnavailable', 'badInput', 'DomainError']);

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') ? [path] : [];
  });
}

/** The API's operations: every field of Query, Mutation and Subscription in the committed schema. */
function operationNames(): Set<string> {
  const schema = buildSchema(readFileSync(join(ROOT, 'schema.graphql'), 'utf8'));
  const roots = [schema.getQueryType(), schema.getMutationType(), schema.getSubscriptionType()].filter((type): type is GraphQLObjectType => Boolean(type));
  return new Set(roots.flatMap((type) => Object.keys(type.getFields())));
}

interface Message {
  where: string;
  text: string;
}

/** The literal text of every string and template piece under `node`. */
function literalTexts(node: ts.Node): string[] {
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return [node.text];
  if (ts.isTemplateExpression(node)) return [node.head.text, ...node.templateSpans.flatMap((span) => [...literalTexts(span.expression), span.literal.text])];
  const texts: string[] = [];
  node.forEachChild((child) => {
    texts.push(...literalTexts(child));
  });
  return texts;
}

function calleeName(node: ts.CallExpression | ts.NewExpression): string | null {
  const callee = node.expression;
  if (ts.isIdentifier(callee)) return callee.text;
  if (ts.isPropertyAccessExpression(callee)) return callee.name.text;
  return null;
}

/** The messages given to errors in one source file. */
function errorMessages(path: string): Message[] {
  const source = ts.createSourceFile(path, readFileSync(path, 'utf8'), ts.ScriptTarget.Latest, true);
  const errorsFile = path.endsWith('.errors.ts');
  const messages: Message[] = [];
  const visit = (node: ts.Node, inDomainErrorClass: boolean): void => {
    const domainErrorClass =
      inDomainErrorClass ||
      (ts.isClassDeclaration(node) && (node.heritageClauses ?? []).some((clause) => clause.types.some((type) => type.expression.getText(source) === 'DomainError')));
    const isErrorCall =
      (ts.isCallExpression(node) || ts.isNewExpression(node)) &&
      (ERROR_CONSTRUCTORS.has(calleeName(node) ?? '') || (domainErrorClass && node.expression.kind === ts.SyntaxKind.SuperKeyword));
    // A module's *.errors.ts holds nothing but messages: every literal in it counts.
    const isErrorsFileExport = errorsFile && ts.isVariableStatement(node);
    if (isErrorCall || isErrorsFileExport) {
      const args = ts.isVariableStatement(node) ? [node] : ((node as ts.CallExpression | ts.NewExpression).arguments ?? []);
      const { line } = source.getLineAndCharacterOfPosition(node.getStart(source));
      for (const arg of args) for (const text of literalTexts(arg)) messages.push({ where: `${relative(ROOT, path)}:${line + 1}`, text });
      return;
    }
    node.forEachChild((child) => visit(child, domainErrorClass));
  };
  visit(source, false);
  return messages;
}

/** What is wrong with a message for people, if anything. */
function problemOf(text: string, operations: Set<string>): string | null {
  const parenthesized = /\(\s*([a-z]+[A-Z][A-Za-z]*)(\([^)]*\))?\s*\)/.exec(text);
  if (parenthesized) return `names ${parenthesized[1]} in parentheses`;
  const coded = /`([^`]+)`/.exec(text);
  if (coded) return `names ${coded[1]} in code style`;
  const operation = text.match(/\b[a-z]+[A-Z][A-Za-z]*\b/g)?.find((word) => operations.has(word));
  if (operation) return `names the operation ${operation}`;
  return null;
}

describe('error messages', () => {
  const operations = operationNames();
  const messages = sourceFiles(SRC).flatMap(errorMessages);

  it('are found in the sources (the scan reads what it should)', () => {
    expect(operations.has('resendVerificationEmail')).toBe(true);
    expect(messages.some((message) => message.text.startsWith('Verify your email address to '))).toBe(true);
    expect(messages.some((message) => message.text === 'This gig is closed: it takes no new conversations')).toBe(true);
    expect(messages.some((message) => message.where.includes('contracts.errors.ts'))).toBe(true);
  });

  it('say what a person does, never an API operation or a field in code style', () => {
    const problems = messages.flatMap((message) => {
      const problem = problemOf(message.text, operations);
      return problem ? [`${message.where}: "${message.text}" ${problem}`] : [];
    });
    expect(problems).toEqual([]);
  });

  it('the check itself refuses what it should and passes plain words', () => {
    expect(problemOf('or ask for a new one (resendVerificationEmail)', operations)).toMatch(/resendVerificationEmail/);
    expect(problemOf('renew it with `renewListing`', operations)).toMatch(/renewListing/);
    expect(problemOf('call renewListing to publish it again', operations)).toMatch(/operation renewListing/);
    expect(problemOf('or ask for a new link from the banner at the top of the page', operations)).toBeNull();
    expect(problemOf('The review window closed (14 days after the contract ended)', operations)).toBeNull();
  });
});
