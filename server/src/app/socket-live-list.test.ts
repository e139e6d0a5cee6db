import 'reflect-metadata';
import type { SubscribePayload } from 'graphql-ws';
import { LiveSubscription } from '../graphql/subscriptions';
import { endingOnReturn, operationEnded, startOperation, type Socket } from './websocket-checks';

/*
 * A socket's live subscriptions (`SocketState.live`) leave its list however they end: graphql-ws 6
 * calls no `return()` on an iterator whose `next()` rejected (it sends the error, deletes the
 * operation and runs `onError`), so one that ends with an error while its socket stays open (its
 * session signed out elsewhere, a membership ended, the database away at its access check) left
 * the list only when the socket closed, unbounded on a long-lived socket that subscribes again and
 * not counted by MAX_OPERATIONS_PER_SOCKET. `LiveSubscription.onEnded` runs on either end.
 */

function fakeSocket(): Socket {
  return { extra: { socket: { close: () => undefined, readyState: 1, OPEN: 1 } } } as unknown as Socket;
}

describe('a socket’s list of live subscriptions', () => {
  it('loses a subscription that ended with an error, as graphql-ws ends it (next() rejects, no return(), then onError)', async () => {
    const socket = fakeSocket();
    const payload: SubscribePayload = { query: 'subscription { notificationAdded { id } }' };
    expect(startOperation(socket, '1', payload)).toBeUndefined();
    const live = new LiveSubscription<unknown>((value) => [value]);
    endingOnReturn(socket, '1', payload, live as unknown as AsyncIterable<never>);
    expect(socket.extra.live).toHaveLength(1);

    // The access watch ends it (signed out elsewhere, membership ended, database away at the check).
    live.end(() => new Error('Your session has ended'));
    // graphql-ws's `for await` pulls: next() rejects; it sends the error and calls onError, never return().
    await expect(live.next()).rejects.toThrow('Your session has ended');
    operationEnded(socket, '1', payload);

    expect(socket.extra.operations?.size).toBe(0);
    expect(socket.extra.live ?? []).toHaveLength(0);
  });

  it('does not grow with every subscribe-and-error cycle on one socket', async () => {
    const socket = fakeSocket();
    for (let n = 0; n < 100; n++) {
      const payload: SubscribePayload = { query: 'subscription { notificationAdded { id } }' };
      const id = String(n);
      expect(startOperation(socket, id, payload)).toBeUndefined();
      const live = new LiveSubscription<unknown>((value) => [value]);
      endingOnReturn(socket, id, payload, live as unknown as AsyncIterable<never>);
      live.end(() => new Error('ended'));
      await live.next().catch(() => undefined);
      operationEnded(socket, id, payload);
    }
    // The operation count is back to 0 (the 50-per-socket limit never trips) while the list keeps all 100.
    expect(socket.extra.operations?.size).toBe(0);
    expect(socket.extra.live?.length ?? 0).toBeLessThanOrEqual(0);
  });
});
