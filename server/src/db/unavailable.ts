/**
 * Whether `error` says that PostgreSQL is away, restarting or not answering in time, rather than
 * that the request was wrong: the client should retry later (SERVICE_UNAVAILABLE), and nothing
 * in our code is at fault.
 *
 * Looks through the wrappers an error arrives in: GraphQL's `originalError` (and `thrownValue`
 * for a value it did not take for an Error), TypeORM's `QueryFailedError.driverError`, `cause`,
 * and an `AggregateError`'s errors (one per address tried). Duck-typed rather than `instanceof
 * Error`: an error made in another realm (Node's own, seen from a Jest sandbox) is no instance.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  const seen = new Set<unknown>();
  const visit = (value: unknown): boolean => {
    if (typeof value !== 'object' || value === null || seen.has(value)) return false;
    seen.add(value);
    const { name, code, message, driverError, originalError, thrownValue, cause, errors } = value as Record<string, unknown>;
    if (typeof code === 'string' && unavailableCode(code)) return true;
    if (typeof message === 'string' && UNAVAILABLE_MESSAGES.has(message)) return true;
    if (typeof name === 'string' && CONNECTION_LOST_MID_TRANSACTION.has(name)) return true;
    return [driverError, originalError, thrownValue, cause, ...(Array.isArray(errors) ? errors : [])].some(visit);
  };
  return visit(error);
}

function unavailableCode(code: string): boolean {
  return (
    // SQLSTATE class 08: connection exception.
    /^08[0-9A-Z]{3}$/.test(code) ||
    // Shut down by an administrator or a crash, starting up or shutting down, out of connections.
    ['57P01', '57P02', '57P03', '53300'].includes(code) ||
    // Cancelled by statement_timeout, or a session ended by idle_in_transaction_session_timeout.
    code === '57014' ||
    code === '25P03' ||
    // The socket: nobody listening, dropped, unreachable, or the name of the host not resolving.
    ['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN'].includes(code)
  );
}

/** node-postgres's own errors carry no code: these are the messages of its connection and timeout failures. */
const UNAVAILABLE_MESSAGES = new Set([
  'Connection terminated unexpectedly',
  'Connection terminated due to connection timeout',
  'timeout exceeded when trying to connect',
  'Query read timeout',
  'Client has encountered a connection error and is not queryable',
]);

/**
 * TypeORM's errors for a statement on a connection it has already given back: PostgreSQL went away
 * in the middle of a transaction, pg reported it on the connection, the pool dropped it, and the
 * transaction's next statement finds it gone (its work was rolled back with the connection).
 */
const CONNECTION_LOST_MID_TRANSACTION = new Set(['QueryRunnerAlreadyReleasedError', 'QueryRunnerProviderAlreadyReleasedError']);
