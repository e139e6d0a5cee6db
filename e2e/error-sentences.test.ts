import { readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import ts from 'typescript';
import type * as Sentences from '../client/src/lib/errorSentences.js' with { 'resolution-mode': 'import' };
import type { ErrorCode as DomainErrorCode } from '../server/src/errors';
import { createErrorFormatter } from '../server/src/graphql/errors';
import { startTestApp, type TestApp } from '../server/test/harness';

/**
 * The web app's module, compiled for Node as it stands: the client is an ES module package that
 * Jest (CommonJS here) cannot load directly, and this module imports nothing.
 */
function loadClientModule<T>(relative: string): T {
  const source = readFileSync(path.join(__dirname, '..', 'client', 'src', relative), 'utf8');
  const { outputText } = ts.transpileModule(source, { compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 } });
  const module = { exports: {} as T };
  new Function('module', 'exports', outputText)(module, module.exports);
  return module.exports;
}

const { ERROR_SENTENCES, fieldAdvice, httpStatusSentence, sentenceForCode, UNKNOWN_ERROR_SENTENCE } = loadClientModule<typeof Sentences>('lib/errorSentences.ts');

/*
 * What the web app tells a person when a request fails, checked against what the API really says:
 * every code has its own sentence, and every field message the server sends becomes advice.
 */

/** Every domain code (a new one in server/src/errors.ts fails to compile here until it is listed). */
const DOMAIN_CODES = {
  UNAUTHENTICATED: true,
  FORBIDDEN: true,
  NOT_FOUND: true,
  BAD_USER_INPUT: true,
  CONFLICT: true,
  PAYMENT_REQUIRED: true,
  RATE_LIMITED: true,
  SERVICE_UNAVAILABLE: true,
} satisfies Record<DomainErrorCode, true>;

/** The codes the error formatter lets through besides the domain ones (server/src/graphql/errors.ts). */
const TRANSPORT_CODES = [
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_REQUEST',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  'OPERATION_RESOLUTION_FAILURE',
  'QUERY_TOO_COMPLEX',
  'INTERNAL_SERVER_ERROR',
];

describe('error sentences', () => {
  test('every code the API can answer with has a sentence of its own, not the fallback', () => {
    for (const code of [...Object.keys(DOMAIN_CODES), ...TRANSPORT_CODES]) {
      const sentence = sentenceForCode(code, undefined);
      expect({ code, sentence }).toEqual({ code, sentence: expect.stringMatching(/^[A-Z].*[.!?]$/) });
      expect(sentence).not.toBe(UNKNOWN_ERROR_SENTENCE);
    }
    expect(Object.keys(ERROR_SENTENCES).sort()).toEqual([...Object.keys(DOMAIN_CODES), ...TRANSPORT_CODES].sort());
  });

  test('the error formatter passes no code the web app does not know', () => {
    // Whatever the formatter is given, the code it answers with is one the web app has a sentence for.
    const format = createErrorFormatter({ warn: () => undefined, error: () => undefined } as never);
    const anyCode = fc.oneof(fc.constantFrom(...Object.keys(DOMAIN_CODES), ...TRANSPORT_CODES), fc.string());
    fc.assert(
      fc.property(anyCode, fc.string(), (code, message) => {
        const formatted = format({ message, extensions: { code } }, new Error(message));
        expect(Object.keys(ERROR_SENTENCES)).toContain(formatted.extensions?.code);
      }),
    );
  });

  test('a wrong password is not "please sign in": the sign-in page says so in its own words', () => {
    const wrongPassword = 'That email and password do not match an account. Check both, then try again.';
    expect(sentenceForCode('UNAUTHENTICATED', 'Email or password is incorrect', { UNAUTHENTICATED: wrongPassword })).toBe(wrongPassword);
  });

  test('a conflict keeps what the server says about this case, as a sentence', () => {
    expect(sentenceForCode('CONFLICT', 'Version 2 is not the current version (3): review the latest version before signing')).toBe(
      'Version 2 is not the current version (3): review the latest version before signing.',
    );
  });

  test('failed HTTP responses without a GraphQL answer get a human sentence, never "Received status code 500"', () => {
    fc.assert(
      fc.property(fc.integer({ min: 400, max: 599 }), (status) => {
        const sentence = httpStatusSentence(status);
        expect(sentence).not.toMatch(/status code|\d{3}/);
        expect(sentence).toMatch(/^[A-Z].*\.$/);
      }),
    );
    expect(httpStatusSentence(500)).toBe(ERROR_SENTENCES.INTERNAL_SERVER_ERROR);
    expect(httpStatusSentence(503)).toBe(ERROR_SENTENCES.SERVICE_UNAVAILABLE);
  });

  test('field advice says what to do, for the messages the validators write', () => {
    expect(fieldAdvice('must be 10 to 200 characters')).toBe('Use 10 to 200 characters.');
    expect(fieldAdvice('must be at most 2,000 characters')).toBe('Shorten this to 2,000 characters or fewer.');
    expect(fieldAdvice('must be an email address')).toBe('Enter an email address, like name@example.com.');
    expect(fieldAdvice('is already registered')).toBe('An account with this email already exists. Sign in instead, or use another email.');
    expect(fieldAdvice('must not be blank')).toBe('Fill this in.');
    expect(fieldAdvice('needs 1 to 10 technologies to publish')).toBe('Choose 1 to 10 technologies before publishing.');
    expect(fieldAdvice('must be a whole number from 1 to 50')).toBe('Enter a whole number from 1 to 50.');
    expect(fieldAdvice('must not contain control characters')).toBe('Remove the invisible special characters (paste it as plain text), then try again.');
  });

  test('any "must …" fragment becomes a whole sentence (property)', () => {
    const fragment = fc.string({ minLength: 1, maxLength: 40 }).filter((s) => s.trim().length > 0 && !/[.!?]\s*$/.test(s));
    fc.assert(
      fc.property(fragment, (rest) => {
        const advice = fieldAdvice(`must ${rest}`);
        expect(advice).toMatch(/^[A-Z]/);
        expect(advice).toMatch(/[.!?]$/);
        expect(advice).not.toMatch(/^must /);
      }),
    );
  });

  describe('against the running API', () => {
    let app: TestApp;
    beforeAll(async () => {
      app = await startTestApp();
    });
    afterAll(async () => {
      await app?.stop();
    });

    test("each field message of a refused sign-up becomes advice that starts with what to do, not with the API's fragment", async () => {
      const { errors } = await app.gql('mutation ($input: SignUpInput!) { signUp(input: $input) { token } }', {
        input: { email: 'not an email', password: 'short', displayName: ' ' },
      });
      const fields = errors?.[0]?.extensions?.fields ?? {};
      expect(Object.keys(fields).sort()).toEqual(['displayName', 'email', 'password']);
      for (const message of Object.values(fields)) {
        const advice = fieldAdvice(String(message));
        expect(advice).toMatch(/^(Use|Enter|Fill|Shorten|Choose|Remove|Keep|An account)/);
      }
    });
  });
});
