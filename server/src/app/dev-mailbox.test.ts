import { randomBytes } from 'node:crypto';
import os from 'node:os';
import { isLoopbackAddress, isLoopbackHost, mailboxServed, mailboxStartWarnings, publicUrlStartWarnings } from './dev-mailbox';
import path from 'node:path';
import { ok, startTestApp, type TestApp } from '../../test/harness';
import { eventually } from '../../test/live';
import type { Mailbox } from './dev-mailbox';

const SIGN_UP = 'mutation ($input: SignUpInput!) { signUp(input: $input) { token } }';
const VERIFY = 'mutation ($token: String!) { verifyEmail(input: { token: $token }) }';
const RESET = 'mutation ($email: String!) { requestPasswordReset(input: { email: $email }) }';
const ME = '{ me { emailVerified } }';

async function mailbox(app: TestApp, options: { host?: string; headers?: Record<string, string>; path?: string } = {}): Promise<{ status: number; body: unknown }> {
  const url = new URL(options.path ?? '/dev/mailbox.json', app.url);
  if (options.host) url.hostname = options.host.includes(':') ? `[${options.host}]` : options.host;
  const response = await fetch(url, { headers: options.headers });
  return { status: response.status, body: await response.json() };
}

/** This machine's own addresses that are not loopback: a connection to one comes from it, not from 127.0.0.1. */
function ownNonLoopbackAddresses(): string[] {
  return Object.values(os.networkInterfaces())
    .flat()
    .filter((entry) => entry !== undefined && !entry.internal && !entry.address.startsWith('fe80'))
    .map((entry) => entry!.address);
}

const NOT_FOUND = { status: 404, body: { error: { code: 'NOT_FOUND', message: 'Not found' } } };

describe('GET /dev/mailbox.json', () => {
  it('outside production lists the mails written under DATA_DIR/mail, newest first, with their links: a sign-up verifies through it', async () => {
    const dataDir = path.join(os.tmpdir(), `techgigs-mailbox-${randomBytes(4).toString('hex')}`);
    const app = await startTestApp({ env: { DATA_DIR: dataDir, PUBLIC_URL: 'https://techgigs.test' } });
    try {
      expect(await mailbox(app)).toEqual({ status: 200, body: { delivery: 'files', mails: [] } });
      const email = `mailbox-${randomBytes(4).toString('hex')}@example.test`;
      const { token } = ok(await app.gql(SIGN_UP, { input: { email, password: 'correct horse battery staple', displayName: 'Mia Mailbox' } })).signUp;
      await eventually(async () => ((await mailbox(app)).body as Mailbox).mails.length === 1, 20_000, 'the verification mail');

      const [verification] = ((await mailbox(app)).body as Mailbox).mails;
      expect(verification).toMatchObject({ to: email, subject: 'Verify your email for TechGigs', id: expect.stringMatching(/\.eml$/) });
      expect(new Date(verification.sentAt!).getTime()).toBeGreaterThan(Date.now() - 60_000);
      expect(verification.text).toContain('Please confirm that this address is yours.');
      const link = verification.links.find((candidate) => candidate.startsWith('https://techgigs.test/verify-email?token='));
      expect(link).toBeDefined();

      ok(await app.gql(RESET, { email }));
      await eventually(async () => ((await mailbox(app)).body as Mailbox).mails.length === 2, 20_000, 'the reset mail');
      expect(((await mailbox(app)).body as Mailbox).mails.map((mail) => mail.subject)).toEqual(['Reset your TechGigs password', 'Verify your email for TechGigs']);

      expect(ok(await app.gql(ME, {}, token)).me.emailVerified).toBe(false);
      ok(await app.gql(VERIFY, { token: new URL(link!).searchParams.get('token') }));
      expect(ok(await app.gql(ME, {}, token)).me.emailVerified).toBe(true);
    } finally {
      await app.stop();
    }
  });

  it('does not exist in production: 404 as JSON, like any unknown path', async () => {
    const app = await startTestApp({ env: { NODE_ENV: 'production', LOG_LEVEL: 'silent', PUBLIC_URL: 'https://techgigs.example' } });
    try {
      expect(await mailbox(app)).toEqual({ status: 404, body: { error: { code: 'NOT_FOUND', message: expect.any(String) } } });
    } finally {
      await app.stop();
    }
  });

  describe('is served to a loopback peer only, whatever X-Forwarded-For says', () => {
    let app: TestApp;
    beforeAll(async () => {
      // Every proxy trusted: the client address the app uses elsewhere would be the header's.
      app = await startTestApp({ env: { TRUST_PROXY: 'true' } });
    });
    afterAll(() => app.stop());

    it('a loopback peer is served, even when a header claims another address', async () => {
      expect((await mailbox(app)).status).toBe(200);
      expect((await mailbox(app, { host: '127.0.0.1', headers: { 'x-forwarded-for': '203.0.113.9' } })).status).toBe(200);
    });

    it('a peer on another address of this machine gets 404 (JSON and page), even with X-Forwarded-For: 127.0.0.1', async () => {
      const addresses = ownNonLoopbackAddresses();
      // The gate itself, as a socket on another machine would report its address.
      expect(mailboxServed(app.config, '192.0.2.7')).toBe(false);
      expect(mailboxServed(app.config, '::ffff:192.0.2.7')).toBe(false);
      for (const host of addresses) {
        expect(await mailbox(app, { host })).toEqual(NOT_FOUND);
        expect(await mailbox(app, { host, headers: { 'x-forwarded-for': '127.0.0.1', forwarded: 'for=127.0.0.1' } })).toEqual(NOT_FOUND);
        expect(await mailbox(app, { host, path: '/dev/mailbox' })).toEqual(NOT_FOUND);
      }
    });
  });

  it('with SMTP_URL (mail leaves the machine, no files to list): 404 even from loopback', async () => {
    const app = await startTestApp({ env: { SMTP_URL: 'smtp://127.0.0.1:9' } });
    try {
      expect(await mailbox(app)).toEqual(NOT_FOUND);
      expect(await mailbox(app, { path: '/dev/mailbox' })).toEqual(NOT_FOUND);
    } finally {
      await app.stop();
    }
  });
});

describe('the mailbox gate', () => {
  const files = { nodeEnv: 'development', mail: { smtpUrl: null } } as unknown as Parameters<typeof mailboxServed>[0];

  it.each([
    ['127.0.0.1', true],
    ['127.20.0.3', true],
    ['::1', true],
    ['::ffff:127.0.0.1', true],
    ['192.0.2.2', false],
    ['::ffff:192.0.2.2', false],
    ['10.0.0.1', false],
    ['fd00::2', false],
    ['::', false],
  ])('%s is loopback: %s', (address, loopback) => {
    expect(isLoopbackAddress(address)).toBe(loopback);
    expect(mailboxServed(files, address)).toBe(loopback);
  });

  it('serves nobody in production, with SMTP_URL, or without a peer address', () => {
    expect(mailboxServed({ ...files, nodeEnv: 'production' }, '127.0.0.1')).toBe(false);
    expect(mailboxServed({ ...files, mail: { ...files.mail, smtpUrl: 'smtp://mail.example' } }, '127.0.0.1')).toBe(false);
    expect(mailboxServed(files, undefined)).toBe(false);
  });

  it('warns at start outside production when PUBLIC_URL is not this machine', () => {
    expect(isLoopbackHost('localhost')).toBe(true);
    expect(isLoopbackHost('[::1]')).toBe(true);
    expect(isLoopbackHost('127.0.0.1')).toBe(true);
    expect(isLoopbackHost('techgigs.example')).toBe(false);
    const at = (nodeEnv: string, publicUrl: string) => mailboxStartWarnings({ ...files, nodeEnv, publicUrl } as Parameters<typeof mailboxStartWarnings>[0]);
    expect(at('development', 'http://localhost:4000')).toEqual([]);
    expect(at('development', 'http://127.0.0.1:4000')).toEqual([]);
    expect(at('production', 'https://techgigs.example')).toEqual([]);
    expect(at('development', 'https://techgigs.example')).toEqual([expect.stringContaining('set NODE_ENV=production')]);
    expect(at('test', 'http://192.0.2.2:4000')).toEqual([expect.stringContaining('/dev/mailbox')]);
  });

  it('warns at start, in any NODE_ENV, when PUBLIC_URL is http:// on a host others reach', () => {
    expect(publicUrlStartWarnings({ publicUrl: 'http://localhost:4000' })).toEqual([]);
    expect(publicUrlStartWarnings({ publicUrl: 'http://127.0.0.1:4000' })).toEqual([]);
    expect(publicUrlStartWarnings({ publicUrl: 'https://techgigs.example' })).toEqual([]);
    expect(publicUrlStartWarnings({ publicUrl: 'http://techgigs.example' })).toEqual([expect.stringContaining('RFC 8058 wants as https')]);
    expect(publicUrlStartWarnings({ publicUrl: 'http://192.0.2.2:4000' })).toHaveLength(1);
  });
});
