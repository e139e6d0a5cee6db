import { generateKeyPairSync, verify } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { loadConfig } from '../config';
import { parseDkim } from './dkim';
import { createMailer, mailDirectory } from './mailer';

const pem = (type: 'rsa' | 'ed25519') =>
  type === 'rsa'
    ? generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString()
    : generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();

describe('DKIM configuration', () => {
  it('takes all three variables or none, each checked, and reports every problem at start', () => {
    const problems: string[] = [];
    expect(parseDkim({}, problems)).toBeUndefined();
    expect(problems).toEqual([]);

    const key = pem('rsa');
    expect(parseDkim({ domain: 'Mail.Example.com', selector: 's2026', privateKey: key.replace(/\n/g, '\\n') }, problems)).toEqual({
      domainName: 'mail.example.com',
      keySelector: 's2026',
      privateKey: key.trim(),
    });
    expect(parseDkim({ domain: 'example.com', selector: 'ed', privateKey: pem('ed25519') }, problems)).toBeDefined();
    expect(problems).toEqual([]);

    expect(() => loadConfig({ DKIM_DOMAIN: 'example.com' })).toThrow(/DKIM_DOMAIN, DKIM_SELECTOR and DKIM_PRIVATE_KEY go together/);
    const all = (() => {
      try {
        loadConfig({ DKIM_DOMAIN: 'not a domain', DKIM_SELECTOR: 'bad selector!', DKIM_PRIVATE_KEY: 'not a key' });
        return '';
      } catch (error) {
        return (error as Error).message;
      }
    })();
    expect(all).toMatch(/DKIM_DOMAIN must be a domain name/);
    expect(all).toMatch(/DKIM_SELECTOR must be a DNS label/);
    expect(all).toMatch(/DKIM_PRIVATE_KEY must be a private key in PEM/);
    expect(loadConfig({}).mail.dkim).toBeUndefined();
  });

  it('signs every mail with List-Unsubscribe and List-Unsubscribe-Post among the signed headers, verifiable with the public key', async () => {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const dataDir = path.join(os.tmpdir(), `techgigs-dkim-${randomBytes(4).toString('hex')}`);
    const config = loadConfig({
      DATA_DIR: dataDir,
      PUBLIC_URL: 'https://gigs.example.com',
      DKIM_DOMAIN: 'gigs.example.com',
      DKIM_SELECTOR: 'mail',
      DKIM_PRIVATE_KEY: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    });
    const mailer = createMailer(config);
    await mailer.send({
      to: 'ana@example.test',
      subject: 'Digest',
      text: 'text',
      html: '<p>html</p>',
      headers: { 'List-Unsubscribe': '<https://gigs.example.com/unsubscribe?token=t>', 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' },
    });
    mailer.close();
    const [name] = await readdir(mailDirectory(dataDir));
    const raw = await readFile(path.join(mailDirectory(dataDir), name), 'utf8');
    const signature = /^DKIM-Signature: ((?:.*\r\n[ \t].*)*.*)\r\n/m.exec(raw)?.[1].replace(/\r\n[ \t]+/g, ' ');
    expect(signature).toBeDefined();
    const tags = Object.fromEntries(signature!.split(';').map((tag) => tag.trim().split(/=(.*)/s).slice(0, 2)).filter(([k]) => k) as Array<[string, string]>);
    expect(tags.d).toBe('gigs.example.com');
    expect(tags.s).toBe('mail');
    const signed = tags.h.toLowerCase().split(':');
    expect(signed).toEqual(expect.arrayContaining(['from', 'subject', 'list-unsubscribe', 'list-unsubscribe-post']));
    // The signature is real: a wrong key would not verify it (relaxed header canonicalisation, RFC 6376 §3.4.2).
    const headerBlock = raw.slice(0, raw.indexOf('\r\n\r\n'));
    const fields = headerBlock.split(/\r\n(?![ \t])/);
    const relaxed = (field: string) => {
      const colon = field.indexOf(':');
      return `${field.slice(0, colon).toLowerCase().trim()}:${field.slice(colon + 1).replace(/\r\n/g, '').replace(/[ \t]+/g, ' ').trim()}`;
    };
    const byName = (wanted: string) => fields.find((field) => field.slice(0, field.indexOf(':')).toLowerCase() === wanted);
    const dkimField = relaxed(byName('dkim-signature')!).replace(/b=[^;]*$/, 'b=');
    const data = [...signed.filter((field) => byName(field)).map((field) => `${relaxed(byName(field)!)}\r\n`), dkimField].join('');
    const b = tags.b.replace(/\s+/g, '');
    expect(verify('sha256', Buffer.from(data), publicKey, Buffer.from(b, 'base64'))).toBe(true);
    expect(verify('sha256', Buffer.from(data), generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey, Buffer.from(b, 'base64'))).toBe(false);
  });
});
