import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import type { ValidationError } from 'class-validator';
import { isDatabaseUnavailable } from '../db/unavailable';
import { DATABASE_UNAVAILABLE_MESSAGE, DomainError, type ErrorCode, type FieldErrors } from '../errors';
import type { Logger } from '../logger';

/** Flattens class-validator errors of nested inputs to `input.title`-style paths. */
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

/** `{ "input.title": "String cannot represent …" }` from graphql-js's message about a variable. */
function coercionFields(message: string): FieldErrors | null {
  const match = COERCION.exec(message);
  if (!match) return null;
  const [, variable, path, reason] = match;
  return { [path ?? variable]: reason ?? (message.includes('not provided') ? 'is required' : 'must not be null') };
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
        extensions: { code: original.code, ...(original.fields ? { fields: original.fields } : {}) },
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

