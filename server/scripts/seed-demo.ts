import 'reflect-metadata';
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type * as MailParser from 'mailparser';
import { createApp } from '../src/app';
import { loadConfig } from '../src/config';
import { runningEmbeddedPostgresUrl, startEmbeddedPostgres, type EmbeddedPostgres } from '../src/db/embedded';
import { createLogger } from '../src/logger';
import { mailDirectory, type Mail, type Mailer } from '../src/mail/mailer';

/**
 * `npm run seed:demo`: a marketplace to look around in, on a fresh install: three employers with
 * nine published gigs across the taxonomy, a freelancer's conversation with a poster, and the
 * contract they both signed. Everything goes through the public GraphQL API of the app itself
 * (every rule, validation and event of a real user's request holds, no SQL), on the embedded
 * PostgreSQL like `npm start` (shared with a running `npm start`, else started for the run), or on
 * DATABASE_URL.
 *
 * Each demo account verifies its email as a person does (publishing and signing need it, DESIGN
 * §4): the seed reads the verification mail the app sends at sign-up and posts its token to
 * `verifyEmail`, so no demo account shows the "verify your email" banner.
 *
 * A database that already has the whole demo (its signed contract, looked at by signing in as
 * Tomás and out again) is left alone: the run says so and changes nothing else. A database with only part of it (a run that stopped half-way) is refused
 * with a message, never reported as seeded.
 */

/** Every demo account signs in with this password. */
export const DEMO_PASSWORD = 'techgigs demo password';

/** Addresses on a reserved domain (RFC 2606): no mail can ever reach anyone. */
export const DEMO_ACCOUNTS = {
  maya: { email: 'maya.okafor@demo.techgigs.example', displayName: 'Maya Okafor' },
  jonas: { email: 'jonas.lindqvist@demo.techgigs.example', displayName: 'Jonas Lindqvist' },
  priya: { email: 'priya.raman@demo.techgigs.example', displayName: 'Priya Raman' },
  tomas: { email: 'tomas.herrera@demo.techgigs.example', displayName: 'Tomás Herrera' },
} as const;

type Person = keyof typeof DEMO_ACCOUNTS;

interface DemoGig {
  title: string;
  description: string;
  projectType: string;
  technologies: string[];
}

/**
 * What the demo gigs pay, how long they take and where, in the order of the gigs (publishing
 * requires terms): fixed and hourly, remote and on site, in a few currencies.
 */
const DEMO_TERMS = [
  { budget: { kind: 'FIXED', minCents: 400_000, maxCents: 600_000, currency: 'USD' }, duration: { weeks: 6, hoursPerWeek: 15 }, location: { kind: 'REMOTE', timeZoneWindow: { fromUtcOffsetMinutes: -480, toUtcOffsetMinutes: -240 } } },
  { budget: { kind: 'HOURLY', minCents: 6_000, maxCents: 8_500, currency: 'USD' }, duration: { weeks: 4, hoursPerWeek: 10 }, location: { kind: 'HYBRID', city: 'Portland', countryCode: 'US' } },
  { budget: { kind: 'FIXED', minCents: 250_000, maxCents: 250_000, currency: 'USD' }, duration: { weeks: 3, hoursPerWeek: 20 }, location: { kind: 'REMOTE' } },
  { budget: { kind: 'FIXED', minCents: 1_200_000, maxCents: 1_800_000, currency: 'EUR' }, duration: { weeks: 12, hoursPerWeek: 20 }, location: { kind: 'REMOTE', timeZoneWindow: { fromUtcOffsetMinutes: 0, toUtcOffsetMinutes: 180 } } },
  { budget: { kind: 'HOURLY', minCents: 9_000, maxCents: 12_000, currency: 'EUR' }, duration: { weeks: 2, hoursPerWeek: 30 }, location: { kind: 'REMOTE' } },
  { budget: { kind: 'FIXED', minCents: 500_000, maxCents: 700_000, currency: 'EUR' }, duration: { weeks: 3, hoursPerWeek: 15 }, location: { kind: 'ONSITE', city: 'Berlin', countryCode: 'DE' } },
  { budget: { kind: 'FIXED', minCents: 80_000, maxCents: 150_000, currency: 'GBP' }, duration: { weeks: 4, hoursPerWeek: 5 }, location: { kind: 'HYBRID', city: 'Leeds', countryCode: 'GB' } },
  { budget: { kind: 'HOURLY', minCents: 4_500, maxCents: 6_000, currency: 'GBP' }, duration: { weeks: 2, hoursPerWeek: 20 }, location: { kind: 'REMOTE' } },
  { budget: { kind: 'FIXED', minCents: 300_000, maxCents: 450_000, currency: 'GBP' }, duration: { weeks: 5, hoursPerWeek: 8 }, location: { kind: 'REMOTE', timeZoneWindow: { fromUtcOffsetMinutes: -60, toUtcOffsetMinutes: 120 } } },
] as const;

interface DemoEmployer {
  poster: Person;
  name: string;
  aboutUs: string;
  gigs: DemoGig[];
}

export const DEMO_EMPLOYERS: DemoEmployer[] = [
  {
    poster: 'maya',
    name: 'Harbor & Pine Coffee Roasters',
    aboutUs: 'A roastery with three cafés and a subscription shop. Eleven people, one of whom is Maya, who looks after everything with a plug.',
    gigs: [
      {
        title: 'Move our coffee subscription shop off a legacy PHP plugin',
        description:
          'Our subscription shop (about 1,400 active subscribers) runs on a PHP plugin that is no longer maintained. We want a small Node.js backend with PostgreSQL that keeps billing dates, pauses and skips, imports the existing subscribers, and talks to our payment provider. Roughly six weeks of evenings; we can meet in Lisbon or online.',
        projectType: 'Software · Web · Backend',
        technologies: ['TypeScript', 'PostgreSQL', 'PHP'],
      },
      {
        title: 'Label printing app for the roastery floor',
        description:
          'We print bag labels (origin, roast date, weight) from a spreadsheet today. We would like a simple desktop app for the Windows PC on the roastery floor that reads the day\u2019s roasts and prints to our thermal printer. Clear screens, big buttons, coffee-proof.',
        projectType: 'Software · Desktop · Windows',
        technologies: ['C#', 'SQLite'],
      },
      {
        title: 'Redesign the pages of our online coffee shop',
        description:
          'Our shop pages look tired next to our new bags and menus. We need the product, subscription and checkout pages redesigned for phones first, delivered as a small set of components our developer can build in plain JavaScript and CSS.',
        projectType: 'Design · Website',
        technologies: ['JavaScript'],
      },
    ],
  },
  {
    poster: 'jonas',
    name: 'Fieldnote Health',
    aboutUs: 'We make a note-taking app for community nurses that works offline on visits. Seed-funded, eight people, fully remote across Europe.',
    gigs: [
      {
        title: 'Offline sync for a nursing notes app on Android',
        description:
          'Nurses write visit notes where there is no signal. Our Android app keeps them in SQLite and syncs when it can, but conflicts are handled badly. We want a careful review and a rewrite of the sync layer in Kotlin with tests that simulate flaky networks.',
        projectType: 'Software · Mobile · Android',
        technologies: ['Kotlin', 'SQLite', 'Firebase'],
      },
      {
        title: 'Set up CI/CD with preview environments',
        description:
          'Every pull request should get its own preview environment of our web app and API, torn down when it merges. We use GitHub, Docker and a small Kubernetes cluster on Google Cloud. Document it so the team can run it without you.',
        projectType: 'DevOps · CI/CD',
        technologies: ['GitHub Actions', 'Docker', 'Kubernetes', 'Google Cloud Platform'],
      },
      {
        title: 'Accessibility audit of our web app (WCAG 2.2 AA)',
        description:
          'Before our next hospital pilot we need an accessibility audit of the web app against WCAG 2.2 AA: screen readers, keyboard use, contrast, forms. A written report with the problems ranked and how to fix each, and a session with our developers.',
        projectType: 'Quality Assurance',
        technologies: ['TypeScript'],
      },
    ],
  },
  {
    poster: 'priya',
    name: 'Priya Raman',
    aboutUs: 'An independent product manager posting small gigs for her own side projects.',
    gigs: [
      {
        title: 'Sensor dashboard for a community garden',
        description:
          'Our community garden has six soil-moisture sensors on ESP32 boards. I would like them to report to a small service and show a simple dashboard of the last week, with an alert when a bed is too dry. Hardware is in place; this is firmware tweaks, a backend and a page.',
        projectType: 'Hardware · IoT',
        technologies: ['C', 'Python', 'PostgreSQL'],
      },
      {
        title: 'Plan and run a two-week discovery for a tenants\u2019 association app',
        description:
          'A tenants\u2019 association wants an app for repair requests and meeting notices, likely on Firebase as volunteers will look after it. Before anyone builds anything I need someone to plan interviews, run a two-week discovery with me, and write up what to build first.',
        projectType: 'Project Management',
        technologies: ['Firebase'],
      },
      {
        title: 'Fast product search for a secondhand bookshop',
        description:
          'A friend\u2019s secondhand bookshop lists 30,000 books online and the search is slow and misses typos. Replace it with a search that is quick, forgives spelling and ranks by relevance; the catalogue lives in MySQL.',
        projectType: 'Software · Web · Full stack',
        technologies: ['Python', 'MySQL', 'Elasticsearch'],
      },
    ],
  },
];

/** The gig Tomás asks about, and the messages of their conversation, in order. */
const CONVERSATION = {
  gig: 'Move our coffee subscription shop off a legacy PHP plugin',
  messages: [
    ['tomas', 'Hi Maya, I have moved two WooCommerce subscription shops to Node and PostgreSQL before. Do you know which payment provider features you rely on (retries, card updates)?'],
    ['maya', 'Hi Tomás, thanks! Card updates and automatic retries, yes. Pauses are the big one: people pause over the summer.'],
    ['tomas', 'That fits well. I would start with an export of the current subscribers and a dry run of the import, then billing, then pauses and skips. Six weeks of evenings sounds right.'],
    ['maya', 'Sounds good. Shall I put it into a contract? Fixed price, paid in two parts?'],
    ['tomas', 'Yes please, two parts works for me.'],
  ] as Array<[Person, string]>,
};

const CONTRACT = {
  descriptionOfServices: 'Replace the subscription plugin of the Harbor & Pine online shop with a Node.js (TypeScript) backend on PostgreSQL, and move the existing subscribers to it.',
  deliverables: 'A backend service with billing dates, pauses and skips; an import of all current subscribers, checked against the old shop; tests; a short runbook.',
  projectSchedule: 'Six weeks from signing: import dry run by week 2, billing by week 4, pauses and skips and the switch-over by week 6.',
  pricingAndRates: 'Fixed price of EUR 4,800 for the whole project.',
  paymentTermsAndSchedule: 'EUR 2,400 when the import dry run is accepted, EUR 2,400 after the switch-over; each invoice payable within 14 days.',
  termsAndConditions: 'The code belongs to Harbor & Pine once paid. Either party may end the contract with a week\u2019s notice, paying for the work done so far.',
};

export interface GqlResponse<T> {
  data?: T;
  errors?: Array<{ message: string; extensions?: { code?: string; fields?: Record<string, string> } }>;
}

/** One GraphQL request, as `token`'s user when given. */
export type Gql = <T = any>(query: string, variables?: Record<string, unknown>, token?: string) => Promise<GqlResponse<T>>;

export interface SeedSummary {
  seeded: boolean;
  employers: number;
  gigs: number;
  contractStatus?: string;
}

/**
 * The token of the verification mail the app sent to `email` at sign-up (the `token` parameter of
 * its `/verify-email?token=…` link), waiting for the mail job when needed.
 */
export type VerificationToken = (email: string) => Promise<string>;

/** The `token` of a `/verify-email?token=…` link in a mail's text, if any. */
export function verificationTokenIn(text: string): string | undefined {
  const link = text.match(/https?:\/\/\S+\/verify-email\?token=[^\s<>"]+/)?.[0];
  return link ? (new URL(link).searchParams.get('token') ?? undefined) : undefined;
}

/** Thrown when the database holds part of the demo: a run that stopped half-way. */
export class PartialDemoError extends Error {}

/** How long a just-mailed link may be refused while the transaction that wrote its token commits. */
const VERIFY_RETRY_MS = 5_000;

/**
 * Runs the demo through the API at `gql`; refuses (seeded: false) when the whole demo is already
 * there, and throws PartialDemoError when only part of it is (its accounts without the signed
 * contract a complete run ends with).
 */
export async function seedDemo(gql: Gql, verificationToken: VerificationToken, log: (line: string) => void = () => undefined): Promise<SeedSummary> {
  const call = async <T = any>(what: string, query: string, variables: Record<string, unknown>, token?: string): Promise<T> => {
    const response = await gql<T>(query, variables, token);
    if (response.errors?.length || !response.data) throw new Error(`${what} failed: ${JSON.stringify(response.errors ?? 'no data')}`);
    return response.data;
  };

  // The first account tells whether the demo is here already: signing up again is refused.
  const tokens = {} as Record<Person, string>;
  for (const person of Object.keys(DEMO_ACCOUNTS) as Person[]) {
    const account = DEMO_ACCOUNTS[person];
    const response = await gql<{ signUp: { token: string } }>('mutation ($input: SignUpInput!) { signUp(input: $input) { token } }', { input: { ...account, password: DEMO_PASSWORD } });
    if (person === 'maya' && response.errors?.[0]?.extensions?.fields?.email) {
      if (await demoComplete(gql)) return { seeded: false, employers: 0, gigs: 0 };
      throw new PartialDemoError(
        `The database holds part of the demo (${account.email} exists, but not the contract a complete run ends with): an earlier run stopped half-way. Nothing was changed.`,
      );
    }
    if (response.errors?.length || !response.data) throw new Error(`signing up ${account.email} failed: ${JSON.stringify(response.errors)}`);
    tokens[person] = response.data.signUp.token;
  }
  log(`Signed up ${Object.keys(tokens).length} people.`);

  // Each follows the link of the mail sent at sign-up, as a person does.
  // The mail leaves inside the transaction that writes its token (a mail that fails leaves no
  // token), so a link followed the moment the mail is seen can beat that commit: try the newest
  // link again for a few seconds before giving up.
  for (const person of Object.keys(DEMO_ACCOUNTS) as Person[]) {
    const email = DEMO_ACCOUNTS[person].email;
    const deadline = Date.now() + VERIFY_RETRY_MS;
    for (;;) {
      const token = await verificationToken(email);
      const response = await gql('mutation ($input: VerifyEmailInput!) { verifyEmail(input: $input) }', { input: { token } });
      if (!response.errors?.length && response.data) break;
      const notYet = response.errors?.every((error) => error.extensions?.fields?.token) ?? false;
      if (!notYet || Date.now() > deadline) throw new Error(`verifying ${email} failed: ${JSON.stringify(response.errors ?? 'no data')}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  const { me } = await call<{ me: { emailVerified: boolean | null } | null }>('reading an account', '{ me { emailVerified } }', {}, tokens.maya);
  if (!me?.emailVerified) throw new Error(`${DEMO_ACCOUNTS.maya.email} is still not verified after following its link`);
  log(`Verified the email of ${Object.keys(tokens).length} people.`);

  const taxonomy = await call<{ projectTypes: Array<{ id: string; name: string }>; technologies: Array<{ id: string; name: string }> }>('reading the taxonomy', '{ projectTypes { id name } technologies { id name } }', {});
  const idOf = (list: Array<{ id: string; name: string }>, name: string) => {
    const found = list.find((item) => item.name === name);
    if (!found) throw new Error(`the taxonomy has no "${name}"`);
    return found.id;
  };

  const listingIds = new Map<string, string>();
  let gigNumber = 0;
  for (const employer of DEMO_EMPLOYERS) {
    const token = tokens[employer.poster];
    const { createEmployer } = await call<{ createEmployer: { id: string } }>(`creating ${employer.name}`, 'mutation ($input: CreateEmployerInput!) { createEmployer(input: $input) { id } }', { input: { name: employer.name, aboutUs: employer.aboutUs } }, token);
    // Credits bought in test mode, as the app's own checkout page does: one per gig.
    const { startCreditCheckout } = await call<{ startCreditCheckout: { id: string } }>(`buying credits for ${employer.name}`, 'mutation ($employerId: ID!, $quantity: Int!) { startCreditCheckout(employerId: $employerId, quantity: $quantity) { id } }', { employerId: createEmployer.id, quantity: employer.gigs.length }, token);
    await call(`paying for ${employer.name}'s credits (test mode)`, 'mutation ($id: ID!) { confirmTestCheckout(id: $id) { id } }', { id: startCreditCheckout.id }, token);
    for (const gig of employer.gigs) {
      const technologyIds = gig.technologies.map((name) => idOf(taxonomy.technologies, name));
      const { createListing } = await call<{ createListing: { id: string } }>(
        `drafting "${gig.title}"`,
        'mutation ($input: CreateListingInput!) { createListing(input: $input) { id } }',
        { input: { employerId: createEmployer.id, title: gig.title, description: gig.description, projectTypeId: idOf(taxonomy.projectTypes, gig.projectType), technologyIds, ...DEMO_TERMS[gigNumber++ % DEMO_TERMS.length] } },
        token,
      );
      await call(`publishing "${gig.title}"`, 'mutation ($id: ID!) { publishListing(id: $id) { id } }', { id: createListing.id }, token);
      listingIds.set(gig.title, createListing.id);
    }
    log(`${employer.name}: ${employer.gigs.length} gigs published.`);
  }

  // Tomás asks about Maya's gig; they agree in the chat.
  const [[, opening], ...replies] = CONVERSATION.messages;
  const { startConversation } = await call<{ startConversation: { id: string } }>('starting the conversation', 'mutation ($listingId: ID!, $body: String!) { startConversation(listingId: $listingId, body: $body) { id } }', { listingId: listingIds.get(CONVERSATION.gig), body: opening }, tokens.tomas);
  for (const [person, body] of replies) await call('sending a message', 'mutation ($conversationId: ID!, $body: String!) { sendMessage(conversationId: $conversationId, body: $body) { id } }', { conversationId: startConversation.id, body }, tokens[person]);
  log(`A conversation of ${CONVERSATION.messages.length} messages between Tomás and Maya.`);

  // Maya writes the contract from the conversation; both sign its first version, which locks it.
  const { createContract } = await call<{ createContract: { id: string } }>('creating the contract', 'mutation ($conversationId: ID!) { createContract(conversationId: $conversationId) { id } }', { conversationId: startConversation.id }, tokens.maya);
  const { updateContractDetails } = await call<{ updateContractDetails: { currentDetails: { version: number } } }>(
    'filling in the contract',
    'mutation ($contractId: ID!, $expectedVersion: Int!, $input: ContractDetailsInput!) { updateContractDetails(contractId: $contractId, expectedVersion: $expectedVersion, input: $input) { currentDetails { version } } }',
    { contractId: createContract.id, expectedVersion: 0, input: CONTRACT },
    tokens.maya,
  );
  const version = updateContractDetails.currentDetails.version;
  const sign = 'mutation ($contractId: ID!, $version: Int!) { signContract(contractId: $contractId, version: $version) { status } }';
  await call('Maya signing', sign, { contractId: createContract.id, version }, tokens.maya);
  const { signContract } = await call<{ signContract: { status: string } }>('Tomás signing', sign, { contractId: createContract.id, version }, tokens.tomas);
  log(`The contract is signed by both: ${signContract.status}.`);

  return { seeded: true, employers: DEMO_EMPLOYERS.length, gigs: listingIds.size, contractStatus: signContract.status };
}

/** How long the seed waits for a verification mail (its job runs within a second or two). */
const VERIFICATION_MAIL_TIMEOUT_MS = 60_000;

/**
 * The verification tokens of the mails the app sends: every mail this process's mailer sends is
 * seen on its way out (and still delivered); a mail sent by another instance's job worker (a
 * running `npm start` on the same database takes some of the jobs) is read from the mail
 * directory both write to when there is no SMTP_URL.
 */
function verificationMails(mailer: Mailer, directory: string | undefined): VerificationToken {
  const sent: Mail[] = [];
  // Mail files are named by the time they were sent (mailer.ts): older ones are another run's.
  const since = new Date().toISOString().replace(/[:.]/g, '-');
  const send = mailer.send.bind(mailer);
  mailer.send = async (mail) => {
    sent.push(mail);
    await send(mail);
  };
  return async (email) => {
    const deadline = Date.now() + VERIFICATION_MAIL_TIMEOUT_MS;
    for (;;) {
      // The newest: a newer verification mail retires the older links (account-mail.service.ts).
      const token = sent.filter((mail) => mail.to === email).map((mail) => verificationTokenIn(mail.text)).filter(Boolean).at(-1) ?? (directory ? await tokenInDirectory(directory, email, since) : undefined);
      if (token) return token;
      if (Date.now() > deadline) throw new Error(`no verification mail reached ${email} within ${VERIFICATION_MAIL_TIMEOUT_MS / 1000} s (is a job worker running?)`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  };
}

/** The newest verification token mailed to `email` among the `.eml` files of `directory` named from `since` on. */
async function tokenInDirectory(directory: string, email: string, since: string): Promise<string | undefined> {
  let names: string[];
  try {
    names = await readdir(directory);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  // A development dependency, as the dev mailbox uses it: seed:demo is a development tool.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { simpleParser } = require('mailparser') as typeof MailParser;
  // Names start with the time they were sent (mailer.ts): newest first.
  for (const name of names.filter((file) => file.endsWith('.eml') && file >= since).sort().reverse()) {
    const parsed = await simpleParser(await readFile(path.join(directory, name)));
    const to = Array.isArray(parsed.to) ? parsed.to.flatMap((address) => address.value) : (parsed.to?.value ?? []);
    if (!to.some((address) => address.address === email)) continue;
    const token = verificationTokenIn(parsed.text ?? '');
    if (token) return token;
  }
  return undefined;
}

/**
 * Whether the whole demo is there: Tomás signs in with the demo password and has a contract both
 * signed (ACTIVE, or COMPLETED since), the last thing a complete run makes.
 */
async function demoComplete(gql: Gql): Promise<boolean> {
  const signedIn = await gql<{ signIn: { token: string } }>('mutation ($input: SignInInput!) { signIn(input: $input) { token } }', {
    input: { email: DEMO_ACCOUNTS.tomas.email, password: DEMO_PASSWORD },
  });
  const token = signedIn.data?.signIn.token;
  if (!token) return false;
  const contracts = await gql<{ contracts: Array<{ status: string }> }>('{ contracts { status } }', {}, token);
  await gql('mutation { signOut }', {}, token);
  return (contracts.data?.contracts ?? []).some((contract) => contract.status === 'ACTIVE' || contract.status === 'COMPLETED');
}

/** The app on the configured database (or the embedded one, as `npm start` uses), seeded over HTTP. */
async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger(config.logLevel === 'info' ? 'warn' : config.logLevel);
  let embedded: EmbeddedPostgres | undefined;
  let databaseUrl = config.databaseUrl ?? runningEmbeddedPostgresUrl(config.dataDir);
  // A running `npm start` has the embedded PostgreSQL: seed through it, the server sees the demo at once.
  if (databaseUrl && !config.databaseUrl) console.log(`Using the embedded PostgreSQL of the running server (${path.join(config.dataDir, 'postgres')}).`);
  if (!databaseUrl) {
    try {
      embedded = await startEmbeddedPostgres(config.dataDir, logger);
    } catch (error) {
      if (existsSync(path.join(config.dataDir, 'postgres', 'postmaster.pid'))) {
        throw new Error(`The embedded PostgreSQL in ${path.join(config.dataDir, 'postgres')} is in use, most likely by a running \`npm start\`: stop it, run \`npm run seed:demo\`, then start again.`, { cause: error });
      }
      throw error;
    }
    databaseUrl = embedded.url;
  }
  const app = await createApp({ ...config, databaseUrl }, { logger, jobPollingIntervalSeconds: 0.5 });
  const verificationToken = verificationMails(app.deps.mailer, config.mail.smtpUrl ? undefined : mailDirectory(config.dataDir));
  try {
    const url = await app.listen(0);
    const gql: Gql = async <T,>(query: string, variables?: Record<string, unknown>, token?: string) => {
      const response = await fetch(`${url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
        body: JSON.stringify({ query, variables }),
      });
      return (await response.json()) as GqlResponse<T>;
    };
    const summary = await seedDemo(gql, verificationToken, (line) => console.log(line)).catch((error: unknown) => {
      if (error instanceof PartialDemoError) {
        throw new Error(`${error.message}\nTo seed, start from an empty database (another DATA_DIR, or a new DATABASE_URL).`, { cause: error });
      }
      throw new Error(
        `${error instanceof Error ? error.message : String(error)}\nThe database may hold part of the demo now: to seed again, start from an empty one (another DATA_DIR, or a new DATABASE_URL).`,
        { cause: error },
      );
    });
    const where = config.databaseUrl ? 'DATABASE_URL' : `the embedded PostgreSQL in ${config.dataDir}`;
    if (!summary.seeded) {
      console.log(`The demo is already in ${where} (${DEMO_ACCOUNTS.maya.email} exists): nothing was changed.`);
    } else {
      console.log(`Seeded ${where}: ${summary.employers} employers, ${summary.gigs} published gigs, a conversation and a signed contract.`);
    }
    console.log(`Sign in as ${Object.values(DEMO_ACCOUNTS).map(({ email }) => email).join(', ')} with the password "${DEMO_PASSWORD}".`);
  } finally {
    await app.stop();
    await embedded?.stop();
  }
}

if (require.main === module) {
  main().then(
    () => process.exit(0),
    (error) => {
      console.error(`seed:demo stopped: ${error instanceof Error ? error.message : String(error)}`);
      process.exit(1);
    },
  );
}
