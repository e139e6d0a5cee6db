import { createSourceEventStream, execute, print, type DocumentNode, type ExecutionArgs, type ExecutionResult } from 'graphql';
import { isDatabaseUnavailable } from '../db/unavailable';
import type { Context } from './context';
import { LiveSubscription } from './subscriptions';

/**
 * One event value's executions, by what decides a result: the viewer, the operation and its
 * variables. Held as long as the value is (each event's values live until every subscriber has
 * delivered them), so nothing here outlives its event.
 */
const executions = new WeakMap<object, Map<string, Map<string, Promise<ExecutionResult>>>>();

/**
 * The JSON of each result without errors, made once however many sockets send it (graphql-ws
 * would stringify it again for each): `serializedResult` answers it for a result this module made.
 */
const serialized = new WeakMap<ExecutionResult, string>();

/** The result's JSON, made once, when it is a result of an execution here without errors; else undefined. */
export function serializedResult(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const json = serialized.get(value as ExecutionResult);
  if (json !== '') return json;
  const made = JSON.stringify(value);
  serialized.set(value as ExecutionResult, made);
  return made;
}

/** Each document's text, printed once: the sockets of one subscription text share its document (app/websocket-checks.ts, `PreparedDocuments`). */
const printed = new WeakMap<DocumentNode, string>();

function printOnce(document: DocumentNode): string {
  let text = printed.get(document);
  if (text === undefined) {
    text = print(document);
    printed.set(document, text);
  }
  return text;
}

/**
 * graphql-ws's `subscribe`: graphql-js's own (the source stream of the subscription field, then
 * one execution per event with the event as root value), except that subscriptions of one viewer
 * running the same operation with the same variables share the execution of an event value they
 * share (`EventScope.once`): a result depends only on the event, the viewer and the request, so
 * the sockets of one user (tabs, devices; a conversation has only its two participants) watching
 * one topic cost one execution per event on this instance, not one each. Each socket still gets
 * its own message, whose payload is serialized once per result (`serializedResult`). Errors of
 * the source stream propagate as graphql-js's do. A `LiveSubscription` (every subscription of the
 * app) takes the execution as its last step, so its events reach the socket executed, with no
 * iterator of ours in between.
 */
export async function subscribeSharingExecutions(args: ExecutionArgs): Promise<AsyncIterableIterator<ExecutionResult> | ExecutionResult> {
  const stream = await createSourceEventStream(args);
  if (!isAsyncIterable(stream)) return stream;
  const source = stream[Symbol.asyncIterator]();
  const viewer = (args.contextValue as Context | undefined)?.viewer?.userId ?? '';
  // By the document's text (one string per document, shared by its subscriptions), then by the
  // rest: a subscription holds no copy of the text (memory per idle subscribed socket).
  const text = printOnce(args.document);
  const key = [viewer, args.operationName ?? '', JSON.stringify(args.variableValues ?? {})].join('\u0000');
  const run = async (event: unknown): Promise<ExecutionResult> => {
    const result = await execute({ ...args, rootValue: event });
    // Marked for serializing once (its JSON is made by the first socket that sends it).
    if (!result.errors) serialized.set(result, '');
    return result;
  };
  const executeShared = (event: unknown): Promise<ExecutionResult> => {
    if (typeof event !== 'object' || event === null) return run(event);
    let byText = executions.get(event);
    if (!byText) {
      byText = new Map();
      executions.set(event, byText);
    }
    let byKey = byText.get(text);
    if (!byKey) {
      byKey = new Map();
      byText.set(text, byKey);
    }
    let result = byKey.get(key);
    if (!result) {
      result = run(event);
      byKey.set(key, result);
    }
    return result;
  };
  // A live subscription runs the execution as its last step: no iterator around it. An event
  // whose execution failed because the database is away, and that the subscription's module will
  // deliver later (`onDropped` says so), is dropped rather than sent as an error.
  if (stream instanceof LiveSubscription) {
    const live = stream as LiveSubscription<unknown>;
    return live.pipe(async (event) => {
      const result = await executeShared(event);
      const unavailable = live.onDropped ? result.errors?.find((error) => isDatabaseUnavailable(error)) : undefined;
      if (unavailable && live.onDropped?.()) throw unavailable;
      return [result];
    });
  }
  const results: AsyncIterableIterator<ExecutionResult> = {
    async next() {
      const result = await source.next();
      return result.done ? { value: undefined, done: true } : { value: await executeShared(result.value), done: false };
    },
    async return() {
      await source.return?.();
      return { value: undefined, done: true };
    },
    async throw(error?: unknown) {
      await source.return?.();
      throw error;
    },
    [Symbol.asyncIterator]: () => results,
  };
  return results;
}

function isAsyncIterable(value: AsyncIterable<unknown> | ExecutionResult): value is AsyncIterable<unknown> {
  return typeof value === 'object' && value !== null && Symbol.asyncIterator in value;
}
