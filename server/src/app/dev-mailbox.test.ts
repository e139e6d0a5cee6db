import { randomBytes } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import { ok, startTestApp, type TestApp } from '../../test/harness';
import { eventually } from '../../test/live';
import type { Mailbox } from './dev-mailbox';

const SIGN_UP = 'mutation ($input: SignUpInput!) { signUp(input: $input) { token } }';
const VERIFY = 'mutation ($token: String!) { verifyEmail(input: { token: $token }) }';
const RESET = 'mutation ($email: String!) { requestPasswordReset(input: { email: $email }) }';
const ME = '{ me { emailVerified } }';

async function mailbox(app: TestApp): Promise<{ status: number; body: unknown }> {
  const response = await fetch(`${app.url}/dev/mailbox.json`);
  return { status: response.status, body: await response.json() };
}

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
});
