import http from 'node:http';
import type { AddressInfo, Socket as NetSocket } from 'node:net';
import WebSocket from 'ws';
import { buildNotification, buildUser } from '../../test/factories';
import { useTestApp } from '../../test/harness';
import { eventually } from '../../test/live';
import { createErrorFormatter } from '../graphql/errors';
import { MAX_UNREAD_BYTES_PER_SOCKET } from '../graphql/limits';
import { getSchema } from '../graphql/schema';
import { notificationAddedTopic } from '../modules/notifications/notifications.events';
import { createWebSocketServer, type GraphQLWebSocketServer } from './websocket';

/**
 * A client that subscribes and stops reading must not make the server hold everything it is sent
 * (issue 11, limits): past MAX_UNREAD_BYTES_PER_SOCKET its socket is closed, and dropped if it does
 * not read up to the close frame either. The WebSocket server runs on its own HTTP server here, with
 * the test app's database and pub/sub, so its `clients` can be looked at.
 */

let httpServer: http.Server;
let server: GraphQLWebSocketServer;
let url: string;
afterAll(async () => {
  await server.dispose();
  await new Promise((resolve) => httpServer.close(resolve));
});
const t = useTestApp();
beforeAll(async () => {
  httpServer = http.createServer();
  const { deps } = t.app;
  server = createWebSocketServer({ httpServer, deps, schema: await getSchema(), formatError: createErrorFormatter(deps.logger), validationRules: [], trustProxy: () => false });
  await new Promise<void>((resolve) => httpServer.listen(0, '127.0.0.1', resolve));
  url = `ws://127.0.0.1:${(httpServer.address() as AddressInfo).port}/graphql`;
});

/** Each event carries this much: a hundred of them fill the kernel's buffers, a few more the bound. */
const EVENT_BYTES = 100 * 1024;

const connectionOf = (socket: WebSocket) => (socket as unknown as { _socket: NetSocket })._socket;

/**
 * A raw graphql-ws client subscribed to the user's notifications, live (it has read one event),
 * then no longer reading; `publish` announces one large notification, and the server's side of
 * the socket is `serverSide`.
 */
async function slowReader() {
  const user = await buildUser(t.app);
  const notification = await buildNotification(t.app, user.user, { payload: { summary: 'x'.repeat(EVENT_BYTES) } });
  const publish = () => t.app.deps.pubsub.publish(notificationAddedTopic(user.user.id), { notificationId: notification.id, userId: user.user.id });

  const client = new WebSocket(url, 'graphql-transport-ws');
  const received: string[] = [];
  client.on('message', (data: Buffer) => received.push(JSON.parse(data.toString('utf8')).type));
  const closed = new Promise<{ code: number; reason: string }>((resolve) => client.once('close', (code, reason) => resolve({ code, reason: reason.toString('utf8') })));
  await new Promise((resolve) => client.once('open', resolve));
  client.send(JSON.stringify({ type: 'connection_init', payload: { authorization: `Bearer ${user.token}` } }));
  await eventually(() => received.includes('connection_ack'), 5000, 'connection_ack');
  client.send(JSON.stringify({ id: '1', type: 'subscribe', payload: { query: 'subscription { notificationAdded { id payload } }' } }));
  await eventually(
    async () => {
      await publish();
      return received.includes('next');
    },
    10_000,
    'the subscription to be live',
  );
  connectionOf(client).pause();

  const serverSide = [...server.wsServer.clients].find((socket) => connectionOf(socket).remotePort === connectionOf(client).localPort);
  if (!serverSide) throw new Error('the server has no socket for this client');
  return { client, closed, publish, serverSide };
}

/** Publishes until the server starts closing `serverSide`; answers the most it ever held unread. */
async function publishUntilClosing({ publish, serverSide }: Awaited<ReturnType<typeof slowReader>>): Promise<number> {
  let mostUnread = 0;
  for (let sent = 0; sent < 1000 && serverSide.readyState === WebSocket.OPEN; sent++) {
    await publish();
    await new Promise((resolve) => setTimeout(resolve, 5));
    mostUnread = Math.max(mostUnread, serverSide.bufferedAmount);
  }
  expect(serverSide.readyState).toBe(WebSocket.CLOSING);
  return mostUnread;
}

it('closes the socket of a client that stops reading once it holds more than the bound, with the reason', async () => {
  const reader = await slowReader();
  const mostUnread = await publishUntilClosing(reader);
  expect(mostUnread).toBeGreaterThan(MAX_UNREAD_BYTES_PER_SOCKET);
  expect(mostUnread).toBeLessThan(MAX_UNREAD_BYTES_PER_SOCKET + 2 * EVENT_BYTES);

  // Closing, the socket takes nothing more.
  for (let i = 0; i < 20; i++) await reader.publish();
  await new Promise((resolve) => setTimeout(resolve, 100));
  expect(reader.serverSide.bufferedAmount).toBeLessThanOrEqual(mostUnread);

  // A client that reads again gets what was queued, then the close frame with the reason.
  connectionOf(reader.client).resume();
  expect(await reader.closed).toEqual({ code: 1008, reason: expect.stringMatching(/^Client too slow: \d+ bytes unread$/) });
  await eventually(() => !server.wsServer.clients.has(reader.serverSide), 5000, 'the socket to leave the server');
});

it('drops a client that does not read up to the close frame either', async () => {
  const reader = await slowReader();
  await publishUntilClosing(reader);
  await eventually(() => !server.wsServer.clients.has(reader.serverSide), 5000, 'the socket to leave the server');
  expect(reader.serverSide.readyState).toBe(WebSocket.CLOSED);
  reader.client.terminate();
});
