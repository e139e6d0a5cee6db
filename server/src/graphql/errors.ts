import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import type { ValidationError } from 'class-validator';
import { isDatabaseUnavailable } from '../db/unavailable';
import { DATABASE_UNAVAILABLE_MESSAGE, DomainError, type ErrorCode, type FieldErrors } from '../errors';
import type { Logger } from '../logger';

/**
 * The one spelling of a bad field's path in `extensions.fields` (DESIGN §5), whoever found it
 * (class-validator, the text normaliser, a service, GraphQL's coercion of variables): relative to
 * the argument, dot-separated, list positions as numbers. A field of an input-object argument is
 * named on its own (`title`, `hourlyRate.cents`, `links.0.url`), never with the argument's or the
 * variable's name; any other argument by its name (`body`, `contractId`, `skillIds.3`). The web
 * app puts a message beside the control named by the path's last name (`client/src/lib/errors.ts`).
 */
export function canonicalFieldPath(path: string): string {
  return path.replace(/\[(\d+)\]/g, '.$1').replace(/^\./, '');
}

/** Every path of `fields` in the canonical spelling (`canonicalFieldPath`); messages of paths that meet are joined. */
export function canonicalFields(fields: FieldErrors): FieldErrors {
  const canonical: FieldErrors = {};
  for (const [path, message] of Object.entries(fields)) {
    const key = canonicalFieldPath(path);
    canonical[key] = canonical[key] && canonical[key] !== message ? `${canonical[key]}; ${message}` : message;
  }
  return canonical;
}

/** Flattens class-validator errors of nested inputs to `hourlyRate.cents`-style paths (list items by position: `links.0.url`). */
export function fieldsFromValidationErrors(errors: ValidationError[], prefix = ''): FieldErrors {
  const fields: FieldErrors = {};
  for (const error of errors) {
    const path = prefix ? `${prefix}.${error.property}` : error.property;
    if (error.constraints) fields[path] = Object.values(error.constraints).join('; ');
    if (error.children?.length) Object.assign(fields, fieldsFromValidationErrors(error.children, path));
  }
  return fields;
}

const PUBLIC_CODES = new Set<string>([
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'NOT_FOUND',
  'BAD_USER_INPUT',
  'CONFLICT',
  'PAYMENT_REQUIRED',
  'RATE_LIMITED',
  'SERVICE_UNAVAILABLE',
] satisfies ErrorCode[]);

const PASS_THROUGH_CODES = new Set([
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_REQUEST',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  'OPERATION_RESOLUTION_FAILURE',
  'QUERY_TOO_COMPLEX',
]);

const COERCION = /^Variable "\$([^"]+)" (?:got invalid value .*?(?: at "([^"]+)")?; (.*)|of required type "[^"]+" was not provided\.|of non-null type "[^"]+" must not be null\.)$/s;

/** A coercion reason that names a field inside the value: missing, or unknown to the input type. */
const INNER_FIELD = /^Field "([^"]+)" (?:of required type "[^"]+" was not provided|is not defined by type "[^"]+")/;

/**
 * `{ "title": "String cannot represent …" }` from graphql-js's message about a variable: the path
 * in the variable (`input.links[0].url`), without the variable's own name when it holds an input
 * object (`links.0.url`, as `canonicalFieldPath` spells paths), with the field a reason names.
 */
function coercionFields(message: string): FieldErrors | null {
  const match = COERCION.exec(message);
  if (!match) return null;
  const [, variable, at, reason] = match;
  let path = at ?? variable;
  const inner = reason ? INNER_FIELD.exec(reason) : null;
  if (inner) path = `${path}.${inner[1]}`;
  const segments = canonicalFieldPath(path).split('.');
  // `input.title`: a field of the input object the variable holds, named on its own.
  const relative = segments.length > 1 && !/^\d+$/.test(segments[1]) ? segments.slice(1) : segments;
  return { [relative.join('.')]: reason ?? (message.includes('not provided') ? 'is required' : 'must not be null') };
}

/**
 * Every error leaves the server through here, over HTTP and WebSocket alike: domain errors keep
 * their code and fields, GraphQL's own request errors pass, anything else is logged and masked.
 */
export function createErrorFormatter(logger: Logger) {
  return function formatError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
    const original = error instanceof GraphQLError ? (error.originalError ?? error) : error;
    const base = { message: formatted.message, locations: formatted.locations, path: formatted.path };

    if (original instanceof DomainError) {
      return {
        ...base,
        message: original.message,
        extensions: { code: original.code, ...(original.fields ? { fields: canonicalFields(original.fields) } : {}) },
      };
    }
    const code = formatted.extensions?.code;
    // GraphQL's own coercion of variables ("Variable "$x" got invalid value …"): Apollo codes it
    // BAD_USER_INPUT, graphql-ws not at all. Either way the variable (and the path in it) is named.
    const coercion = original instanceof GraphQLError ? coercionFields(formatted.message) : null;
    if (coercion && (code === undefined || code === 'BAD_USER_INPUT')) {
      return { ...base, extensions: { code: 'BAD_USER_INPUT', fields: coercion } };
    }
    // A GraphQLError raised on purpose with a public code (requestError, a resolver's own).
    if (original instanceof GraphQLError && typeof code === 'string' && PUBLIC_CODES.has(code)) {
      return { ...base, extensions: { code } };
    }
    if (typeof code === 'string' && PASS_THROUGH_CODES.has(code)) {
      return { ...base, extensions: { code } };
    }
    // graphql-js's and Apollo's own request errors that name no variable carry no original error
    // and no code: the request was wrong, not the server.
    if (error instanceof GraphQLError && !error.originalError && !code) {
      return { ...base, extensions: { code: 'BAD_REQUEST' } };
    }
    if (code === 'BAD_USER_INPUT') return { ...base, extensions: { code, fields: { request: formatted.message } } };

    // PostgreSQL away, restarting or not answering in time: nothing the client did, and it may retry.
    if (isDatabaseUnavailable(error)) {
      logger.warn({ err: original, path: formatted.path }, 'database unavailable');
      return { ...base, message: DATABASE_UNAVAILABLE_MESSAGE, extensions: { code: 'SERVICE_UNAVAILABLE' } };
    }
    logger.error({ err: original, path: formatted.path }, 'unexpected error');
    return { message: 'Internal server error', locations: formatted.locations, path: formatted.path, extensions: { code: 'INTERNAL_SERVER_ERROR' } };
  };
}

/** HTTP status of a request refused before GraphQL runs, by code (otherwise Apollo's 500). */
const REQUEST_STATUS: Partial<Record<ErrorCode, number>> = { UNAUTHENTICATED: 401, SERVICE_UNAVAILABLE: 503 };

/**
 * A failure while setting a request up (authenticating it, over HTTP or at a socket's connect or
 * operation) as the GraphQL error it answers: a domain error keeps its code, a database that is
 * away is SERVICE_UNAVAILABLE, anything else is null (unexpected: let it be logged and masked).
 */
export function requestError(error: unknown): GraphQLError | null {
  const domain = error instanceof DomainError ? error : isDatabaseUnavailable(error) ? new DomainError('SERVICE_UNAVAILABLE', DATABASE_UNAVAILABLE_MESSAGE) : null;
  if (!domain) return null;
  const status = REQUEST_STATUS[domain.code];
  return new GraphQLError(domain.message, { originalError: domain, extensions: { code: domain.code, ...(status ? { http: { status } } : {}) } });
}

