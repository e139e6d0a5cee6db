import { stat } from 'node:fs/promises';
import path from 'node:path';
import type { Request, RequestHandler, Response } from 'express';

/**
 * The web app's files from `client/dist`, as Vite builds them: hashed files under `/assets/` with
 * `.br` and `.gz` copies beside the text ones (written at build time, `client/vite.config.ts`).
 *
 * - Each file goes out in the best coding the browser accepts and the build has (Brotli, then gzip,
 *   then none), with `Content-Encoding`, `Vary: Accept-Encoding`, and the type of the file itself.
 * - `/assets/*` never changes under its name (the name carries a hash of the content): cached a
 *   year, `immutable`. Everything else (`index.html` above all, which names the current assets)
 *   is `no-cache`: the browser may keep it but asks first (a 304 when unchanged), so a new
 *   release is seen on the next load.
 */
export function webAppFiles(clientDist: string): { files: RequestHandler; shell: RequestHandler } {
  const root = path.resolve(clientDist);
  return {
    // A file of the build; anything else goes on (to the shell, or a 404).
    files: (req, res, next) => {
      if (req.method !== 'GET' && req.method !== 'HEAD') return next();
      const file = fileOf(root, req.path);
      if (!file) return next();
      sendWebAppFile(req, res, root, file).then((sent) => sent || next(), next);
    },
    // The web app routes on the client: its shell answers every address the server has no file for.
    shell: (req, res, next) => {
      sendWebAppFile(req, res, root, 'index.html').then((sent) => sent || next(), next);
    },
  };
}

/** The path of a URL path inside the build, or null for one that is not a plain relative file path. */
function fileOf(root: string, urlPath: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (decoded.includes('\0')) return null;
  const relative = path.posix.normalize(decoded).replace(/^\/+/, '');
  // Dot files and anything that would leave the build's directory are not the web app's.
  if (relative === '' || relative.split('/').some((segment) => segment.startsWith('.'))) return null;
  const full = path.resolve(root, relative);
  return full.startsWith(root + path.sep) ? path.relative(root, full) : null;
}

/**
 * The types of the files the build writes compressed copies of: a copy (`app.js.br`) is sent
 * with its original's type, so only these get one; any other file goes out as it is.
 */
const TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.html': 'text/html; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.xml': 'application/xml; charset=utf-8',
};

/** The codings we have copies in, best first (Brotli is some 15% smaller than gzip on our scripts). */
const CODINGS = [
  { coding: 'br', extension: '.br' },
  { coding: 'gzip', extension: '.gz' },
] as const;

export type Coding = (typeof CODINGS)[number]['coding'] | 'identity';

const YEAR_SECONDS = 365 * 24 * 60 * 60;

/** Sends `relative` (a path inside root) in the best coding we have for the request; false when there is no such file. */
async function sendWebAppFile(req: Request, res: Response, root: string, relative: string): Promise<boolean> {
  const original = await fileStat(path.join(root, relative));
  if (!original) return false;
  const type = TYPES[path.extname(relative).toLowerCase()];
  const available = new Map<Coding, { file: string; size: number; mtimeMs: number }>([['identity', { file: relative, ...original }]]);
  for (const { coding, extension } of type ? CODINGS : []) {
    const copy = await fileStat(path.join(root, relative + extension));
    if (copy) available.set(coding, { file: relative + extension, ...copy });
  }
  const coding = negotiateEncoding(req.headers['accept-encoding'], [...available.keys()]);
  const chosen = available.get(coding)!;
  // Every answer names the header it was chosen by, uncompressed ones too, so no cache hands a
  // Brotli body to a browser that asked without it, or the other way round.
  res.vary('Accept-Encoding');
  const immutable = relative.startsWith(`assets${path.sep}`);
  await new Promise<void>((resolve, reject) => {
    res.sendFile(
      chosen.file,
      {
        root,
        cacheControl: false,
        // Each coding is its own representation, with a validator of its own.
        etag: false,
        // Set only once the file is found and about to go out (an error answer carries none of them).
        headers: {
          ...(type ? { 'Content-Type': type } : {}),
          ...(coding === 'identity' ? {} : { 'Content-Encoding': coding }),
          'Cache-Control': immutable ? `public, max-age=${YEAR_SECONDS}, immutable` : 'no-cache',
          ETag: `W/"${chosen.size.toString(16)}-${Math.floor(chosen.mtimeMs).toString(16)}-${coding}"`,
        },
      },
      (error?: NodeJS.ErrnoException) => {
        // The browser went away mid-file: nothing left to answer (as Express does without a callback).
        if (!error || error.code === 'ECONNABORTED' || error.syscall === 'write') resolve();
        else reject(error);
      },
    );
  });
  return true;
}

async function fileStat(file: string): Promise<{ size: number; mtimeMs: number } | null> {
  const found = await stat(file).catch(() => null);
  return found?.isFile() ? { size: found.size, mtimeMs: found.mtimeMs } : null;
}

/**
 * The coding to answer in, of `available` (which holds `identity`), by the request's
 * Accept-Encoding (RFC 9110 §12.5.3): the highest quality wins, our order (`br`, `gzip`, then
 * none) breaks ties, `*` stands for every coding the header does not name, and `q=0` refuses one.
 * No header, or one that accepts nothing we have, gets the file as it is (RFC 9110 lets a server
 * disregard the header rather than answer 406).
 */
export function negotiateEncoding(header: string | undefined, available: readonly Coding[]): Coding {
  if (header === undefined) return 'identity';
  const qualities = new Map<string, number>();
  for (const part of header.split(',')) {
    const [name, ...parameters] = part.split(';').map((piece) => piece.trim());
    if (!name) continue;
    let quality = 1;
    for (const parameter of parameters) {
      const match = /^q\s*=\s*([01](?:\.\d{0,3})?)$/i.exec(parameter);
      if (match) quality = Math.min(Number(match[1]), 1);
    }
    const coding = name.toLowerCase();
    // The same coding twice: its best quality counts.
    qualities.set(coding, Math.max(quality, qualities.get(coding) ?? 0));
  }
  // Identity is acceptable unless refused, but below every coding the browser names: one that
  // asks for `gzip;q=0.5` still prefers gzip to nothing (as the `negotiator` package reads it).
  const named = [...qualities.values()].filter((quality) => quality > 0);
  const identityByDefault = named.length ? Math.min(...named) : 1;
  const qualityOf = (coding: Coding): number => {
    const quality = qualities.get(coding) ?? (coding === 'gzip' ? qualities.get('x-gzip') : undefined) ?? qualities.get('*');
    if (quality !== undefined) return quality;
    return coding === 'identity' ? identityByDefault : 0;
  };
  let best: Coding = 'identity';
  let bestQuality = 0;
  for (const coding of [...CODINGS.map((c) => c.coding), 'identity'] as const) {
    if (!available.includes(coding)) continue;
    const quality = qualityOf(coding);
    if (quality > bestQuality) [best, bestQuality] = [coding, quality];
  }
  return best;
}
