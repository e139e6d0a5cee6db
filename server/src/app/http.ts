import { existsSync } from 'node:fs';
import path from 'node:path';
import type { ApolloServer } from '@apollo/server';
import { expressMiddleware } from '@as-integrations/express5';
import express, { type Express } from 'express';
import { GraphQLError } from 'graphql';
import { createContext, InvalidTokenError, type Context } from '../graphql/context';
import type { AppDeps } from '../services';
import { httpRoutes } from './http-routes';

/** The Express app: health check, module routes, `/graphql`, and the web app's files. */
export function createExpress(deps: AppDeps): Express {
  const expressApp = express();
  expressApp.set('trust proxy', deps.config.trustProxy);
  expressApp.disable('x-powered-by');
  return expressApp;
}

export function mountRoutes(expressApp: Express, deps: AppDeps, apollo: ApolloServer<Context>): void {
  const { config, ds } = deps;
  expressApp.get('/healthz', async (_req, res) => {
    try {
      await ds.query('SELECT 1');
      res.json({ status: 'ok' });
    } catch {
      res.status(503).json({ status: 'unavailable' });
    }
  });

  for (const mount of httpRoutes) mount(expressApp, deps);

  expressApp.use(
    '/graphql',
    express.json({ limit: '1mb' }),
    expressMiddleware(apollo, {
      context: async ({ req }) => {
        try {
          return await createContext(deps, req.headers.authorization, {
            ip: req.ip ?? null,
            userAgent: req.headers['user-agent'] ?? null,
          });
        } catch (error) {
          if (error instanceof InvalidTokenError) {
            throw new GraphQLError(error.message, { extensions: { code: 'UNAUTHENTICATED', http: { status: 401 } } });
          }
          throw error;
        }
      },
    }),
  );

  if (existsSync(config.clientDist)) {
    expressApp.use(express.static(config.clientDist, { index: false, maxAge: '1h' }));
    // The web app routes on the client: every other GET is its shell.
    expressApp.get(/^\/(?!graphql|webhooks|healthz).*/, (_req, res) => {
      res.sendFile(path.join(config.clientDist, 'index.html'));
    });
  }
}
