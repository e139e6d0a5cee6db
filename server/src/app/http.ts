import { existsSync } from 'node:fs';
import type { Server as HttpServer } from 'node:http';
import type { ApolloServer } from '@apollo/server';
import { expressMiddleware } from '@as-integrations/express5';
import express, { type ErrorRequestHandler, type Express, type RequestHandler } from 'express';
import helmet from 'helmet';
import type { Config } from '../config';
import { createContext, type Context } from '../graphql/context';
import { requestError } from '../graphql/errors';
import { MAX_BODY_BYTES } from '../graphql/limits';
import { sendHttpError } from '../http-errors';
import type { Logger } from '../logger';
import type { AppDeps } from './services';
import { httpRoutes } from './http-routes';
import { webAppFiles } from './web-app';

/** The Express app: health check, module routes, `/graphql`, and the web app's files. */
export function createExpress(deps: AppDeps): Express {
  const expressApp = express();
  expressApp.set('trust proxy', deps.config.trustProxy);
  expressApp.disable('x-powered-by');
  expressApp.use(securityHeaders(deps.config));
  return expressApp;
}

/**
 * Browser protections on every response (helmet). The CSP allows only our own scripts, styles,
 * fonts and connections (the WebSocket at PUBLIC_URL's origin included); images may also come
 * over https, because an employer's logo is an https URL on its own host. No framing, no plugins,
 * no `<base>` or form posts elsewhere. HSTS only when PUBLIC_URL is https (on plain http it would
 * be ignored at best, and would lock a local https-less setup out at worst).
 */
export function securityHeaders(config: Pick<Config, 'publicUrl'>): RequestHandler {
  const publicUrl = new URL(config.publicUrl);
  const https = publicUrl.protocol === 'https:';
  const socketOrigin = `${https ? 'wss:' : 'ws:'}//${publicUrl.host}`;
  return helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        scriptSrcAttr: ["'none'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'https:'],
        fontSrc: ["'self'"],
        connectSrc: ["'self'", socketOrigin],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        ...(https ? { upgradeInsecureRequests: [] } : {}),
      },
    },
    xFrameOptions: { action: 'deny' },
    strictTransportSecurity: https ? { maxAge: 31_536_000, includeSubDomains: false } : false,
    referrerPolicy: { policy: 'no-referrer' },
  });
}

export function mountRoutes(expressApp: Express, deps: AppDeps, apollo: ApolloServer<Context>): void {
  const { config, ds } = deps;
  // 503 as soon as the database fails to answer within 2 s, never a hang: a load balancer takes
  // the instance out while PostgreSQL is away and back in when it answers again.
  expressApp.get('/healthz', async (_req, res) => {
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<boolean>((resolve) => (timer = setTimeout(resolve, 2_000, false)));
    const answered = ds.query('SELECT 1').then(
      () => true,
      () => false,
    );
    const healthy = await Promise.race([answered, timedOut]);
    clearTimeout(timer);
    if (healthy) res.json({ status: 'ok' });
    else res.status(503).json({ status: 'unavailable' });
  });

  for (const mount of httpRoutes) mount(expressApp, deps);

  expressApp.use(
    '/graphql',
    express.json({ limit: MAX_BODY_BYTES }),
    expressMiddleware(apollo, {
      context: async ({ req }) => {
        try {
          return await createContext(deps, req.headers.authorization, {
            ip: req.ip ?? null,
            userAgent: req.headers['user-agent'] ?? null,
          });
        } catch (error) {
          throw requestError(error) ?? error;
        }
      },
    }),
  );

  if (existsSync(config.clientDist)) {
    // Compressed copies by Accept-Encoding, hashed assets cached for a year (web-app.ts).
    const webApp = webAppFiles(config.clientDist);
    expressApp.use(webApp.files);
    // The web app routes on the client: every other GET is its shell, but for a missing file (a
    // path with an extension, such as a stale build's script), which is a 404 rather than HTML.
    expressApp.get(/^\/(?!graphql|webhooks|healthz)(?!(?:.*\/)?[^/]*\.[^/]*$).*/, webApp.shell);
  }

  expressApp.use(notFound(allowedMethods(expressApp)));
  expressApp.use(httpErrorHandler(deps.logger));
}

/**
 * Requests Node's HTTP parser refuses before Express sees them (a header over its limit, a
 * malformed request line) get the same JSON shape as every other error, not an empty body.
 */
/**
 * How long an idle keep-alive connection stays open: longer than the 60 s idle timeout of common
 * load balancers (AWS's ALB) and than HTTP clients keep theirs (Node's fetch reads our
 * `Keep-Alive: timeout=65` and closes a second before), so the client always closes an idle
 * connection first and never sends a request on one the server is closing at that instant (an
 * `ECONNRESET` the client cannot retry safely). Node's default is 5 s.
 */
export const KEEP_ALIVE_MS = 65_000;

/** Keep-alive as `KEEP_ALIVE_MS` says; the headers' timeout must exceed it (Node's documentation). */
export function keepConnectionsAlive(httpServer: HttpServer): void {
  httpServer.keepAliveTimeout = KEEP_ALIVE_MS;
  httpServer.headersTimeout = KEEP_ALIVE_MS + 1_000;
}

export function answerClientErrors(httpServer: HttpServer): void {
  httpServer.on('clientError', (error: NodeJS.ErrnoException, socket) => {
    if (!socket.writable) return socket.destroy();
    const [status, code, message] =
      error.code === 'HPE_HEADER_OVERFLOW' ? [431, 'REQUEST_HEADER_FIELDS_TOO_LARGE', 'The request headers are too large'] : [400, 'BAD_REQUEST', 'Malformed HTTP request'];
    const body = JSON.stringify({ error: { code, message } });
    socket.end(`HTTP/1.1 ${status} ${status === 431 ? 'Request Header Fields Too Large' : 'Bad Request'}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`);
  });
}

/**
 * The methods each plain route answers (`GET` brings `HEAD`), read from the routes mounted so far:
 * ours and every module's, so another method on them is 405, not 404.
 */
function allowedMethods(expressApp: Express): ReadonlyMap<string, string> {
  const byPath = new Map<string, Set<string>>();
  for (const { route } of expressApp.router.stack) {
    if (!route || typeof route.path !== 'string') continue;
    const methods = byPath.get(route.path) ?? new Set<string>();
    for (const { method } of route.stack) if (method) methods.add(method.toUpperCase());
    if (methods.has('GET')) methods.add('HEAD');
    byPath.set(route.path, methods);
  }
  return new Map([...byPath].map(([path, methods]) => [path, [...methods].join(', ')]));
}

/** Reached by nothing else: an unknown path (the web app's shell takes every other GET), or a wrong method. */
function notFound(allowed: ReadonlyMap<string, string>): RequestHandler {
  return (req, res) => {
    const allow = allowed.get(req.path);
    if (allow) {
      res.setHeader('Allow', allow);
      sendHttpError(req, res, 405, 'METHOD_NOT_ALLOWED', `${req.method} is not allowed on ${req.path}; use ${allow}`);
      return;
    }
    sendHttpError(req, res, 404, 'NOT_FOUND', 'Not found');
  };
}

const CODES_BY_STATUS: Record<number, string> = {
  400: 'BAD_REQUEST',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  405: 'METHOD_NOT_ALLOWED',
  406: 'NOT_ACCEPTABLE',
  412: 'PRECONDITION_FAILED',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  416: 'RANGE_NOT_SATISFIABLE',
};

/** Our own words for the body parsers' errors (theirs may quote the body or name our files). */
function messageFor(error: { type?: unknown; limit?: unknown }, status: number): string {
  switch (error.type) {
    case 'entity.parse.failed':
      return 'The request body is not valid JSON';
    case 'entity.too.large':
      return typeof error.limit === 'number' ? `The request body is larger than ${error.limit} bytes` : 'The request body is too large';
    case 'encoding.unsupported':
      return 'Unsupported Content-Encoding';
    case 'charset.unsupported':
      return 'Unsupported charset; send UTF-8';
    default:
      return status === 404 ? 'Not found' : 'Bad request';
  }
}

/**
 * The one Express error handler: a client error of the body parsers, static files or routing
 * (it carries a 4xx `status`) keeps its status with a code; anything else is logged and answered
 * as a masked 500.
 */
export function httpErrorHandler(logger: Logger): ErrorRequestHandler {
  return (error: unknown, req, res, _next) => {
    const fields = (typeof error === 'object' && error !== null ? error : {}) as { status?: unknown; statusCode?: unknown; type?: unknown; limit?: unknown };
    const raw = fields.status ?? fields.statusCode;
    const status = typeof raw === 'number' && raw >= 400 && raw < 500 ? raw : 500;
    if (res.headersSent) {
      // Too late for an answer: end the connection rather than send a half response.
      logger.error({ err: error, method: req.method, path: req.path }, 'error after the response started');
      res.destroy();
      return;
    }
    if (status === 500) {
      logger.error({ err: error, method: req.method, path: req.path }, 'unexpected HTTP error');
      sendHttpError(req, res, 500, 'INTERNAL_SERVER_ERROR', 'Internal server error');
      return;
    }
    logger.debug({ status, type: fields.type, method: req.method, path: req.path }, 'HTTP client error');
    sendHttpError(req, res, status, CODES_BY_STATUS[status] ?? 'BAD_REQUEST', messageFor(fields, status));
  };
}
