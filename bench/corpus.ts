import { projectTypes, technologies } from '../server/src/db/taxonomy';

/**
 * The benchmark's catalogue text, made up but shaped like the real thing: listings come from
 * stacks (a Go backend, a Rails shop, embedded C and C++ …) whose technologies are tagged and named
 * in the text the way people write them (golang, k8s, postgres, JS, TS, Node.js, .NET, CI/CD …);
 * everyday words follow a Zipf-like law (a few in nearly every listing, most in few), rare words
 * turn up about once in 10,000 listings, and lengths vary from a line to a long brief. Sentences
 * are assembled from parts with numbers, places and fillers, so no one sentence is repeated
 * across the catalogue. Deterministic: listing `n` is always the same listing.
 */

/** mulberry32: a small seeded PRNG, so a listing's text depends on its number only. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Random = () => number;
const pick = <T>(random: Random, list: readonly T[]): T => list[Math.floor(random() * list.length)];
/** Index 0 most often, then ever rarer: P(index < k) = log(k + 1) / log(n + 1). */
const zipfIndex = (random: Random, n: number) => Math.min(n - 1, Math.floor(Math.exp(random() * Math.log(n + 1))) - 1);
const zipf = <T>(random: Random, list: readonly T[]): T => list[zipfIndex(random, list.length)];

/** Everyday words of job posts, most common first (the order is their Zipf rank). */
export const EVERYDAY = `work team project remote experience build help need time app data new code week
  users support product help design development features client existing system quality good fast simple
  clear hours start small customers feedback release improve integration backend frontend api dashboard
  mobile web tests review performance security documentation deploy database platform service services
  migration refactor budget deadline milestone sprint estimate contract handover maintenance upgrade legacy
  rewrite framework library plugin extension theme template component responsive accessibility payments
  checkout search analytics reporting pipeline deployment container monitoring alerting logging tracing cache
  queue worker scheduler cron webhook oauth login signup onboarding billing invoice subscription pricing
  catalogue inventory warehouse shipping tracking map geolocation chat messaging notification email
  newsletter landing page blog cms editor upload image video streaming audio podcast player localisation
  translation tablet desktop offline sync schema index query optimisation replication backup restore audit
  penetration regression automation scraper crawler bot assistant recommendation ranking feed timeline
  profile settings admin panel permissions roles trail export import csv spreadsheet pdf printing label
  barcode scanner bluetooth firmware sensor embedded microcontroller prototype enclosure circuit schematic
  layout branding logo typography palette illustration icon wireframe mockup usability interview research
  persona journey workshop roadmap backlog storybook animation transition gesture keyboard shortcut
  latency throughput scalability observability resilience failover sharding partitioning caching
  serialization validation authentication authorization encryption compliance gdpr hipaa invoicing ledger
  reconciliation forecasting marketplace booking calendar reservation ticketing loyalty coupon referral
  affiliate leaderboard matchmaking multiplayer telemetry firmware bootloader driver kernel compiler
  interpreter parser linter formatter bundler transpiler benchmark profiler debugger emulator simulator
  robotics drone lidar camera thermostat wearable pedometer greenhouse irrigation brewery bakery dentist
  veterinary pharmacy clinic school university library museum theatre festival stadium marina airport`
  .split(/\s+/)
  .filter(Boolean);

/** Words in about one listing in 10,000 each: searches with a handful of matches. */
export const RARE = `quokka axolotl narwhal pangolin okapi capybara wombat tardigrade cassowary marmoset
  ocelot platypus kinkajou numbat dugong gharial saola vaquita quetzal hoatzin bilby potoroo fossa binturong
  aardwolf zorilla dibatag gerenuk takin markhor`
  .split(/\s+/)
  .filter(Boolean);

/** How people write each tagged technology, most usual spelling first (aliases included). */
export const SPELLINGS: Readonly<Record<string, readonly string[]>> = {
  JavaScript: ['JavaScript', 'JS', 'javascript', 'Node.js', 'React', 'Vue.js', 'Next.js', 'ES2022'],
  TypeScript: ['TypeScript', 'TS', 'typescript', 'Angular', 'Deno'],
  Ruby: ['Ruby', 'Ruby on Rails', 'Rails', 'Sinatra'],
  Go: ['Go', 'golang', 'Golang', 'Go modules'],
  Python: ['Python', 'Django', 'FastAPI', 'pandas', 'Flask', 'python3'],
  Rust: ['Rust', 'Tokio', 'rustc', 'Cargo'],
  C: ['C', 'ANSI C', 'C99', 'embedded C'],
  'C++': ['C++', 'C++17', 'Qt', 'cpp'],
  'C#': ['C#', '.NET', 'ASP.NET', 'ASP.NET Core', 'Unity', 'F#'],
  Java: ['Java', 'Spring Boot', 'JVM', 'Maven'],
  Scala: ['Scala', 'Akka', 'Spark'],
  'Visual Basic': ['Visual Basic', 'VB.NET', 'VBA'],
  SQL: ['SQL', 'T-SQL', 'PL/pgSQL'],
  PHP: ['PHP', 'Laravel', 'Symfony', 'WordPress'],
  'Objective-C': ['Objective-C', 'ObjC', 'Cocoa'],
  Swift: ['Swift', 'SwiftUI', 'UIKit'],
  R: ['R', 'RStudio', 'tidyverse', 'Shiny'],
  Perl: ['Perl', 'Perl 5', 'CPAN'],
  Julia: ['Julia', 'Julia 1.10'],
  Lua: ['Lua', 'LuaJIT', 'Roblox Lua'],
  Kotlin: ['Kotlin', 'Jetpack Compose', 'Ktor'],
  Elixir: ['Elixir', 'Phoenix', 'LiveView'],
  Erlang: ['Erlang', 'OTP', 'BEAM'],
  Crystal: ['Crystal', 'Crystal lang'],
  PostgreSQL: ['PostgreSQL', 'Postgres', 'postgres', 'PG', 'PostGIS'],
  MySQL: ['MySQL', 'mysql', 'InnoDB'],
  MariaDB: ['MariaDB', 'Galera'],
  'Oracle Database': ['Oracle', 'Oracle Database', 'PL/SQL'],
  'Microsoft SQL Server': ['SQL Server', 'MSSQL', 'Microsoft SQL Server'],
  MongoDB: ['MongoDB', 'Mongo', 'Mongoose'],
  'IBM Db2': ['Db2', 'IBM Db2'],
  Redis: ['Redis', 'redis', 'Redis Streams'],
  Elasticsearch: ['Elasticsearch', 'ES cluster', 'OpenSearch', 'Kibana'],
  'Apache Cassandra': ['Cassandra', 'Apache Cassandra', 'ScyllaDB'],
  OrientDB: ['OrientDB'],
  SQLite: ['SQLite', 'sqlite3'],
  'Amazon DynamoDB': ['DynamoDB', 'Dynamo'],
  Neo4j: ['Neo4j', 'Cypher'],
  Firebase: ['Firebase', 'Firestore'],
  FileMaker: ['FileMaker', 'Claris FileMaker'],
  'Microsoft Access': ['Access', 'MS Access', 'Microsoft Access'],
  'Amazon Web Services': ['AWS', 'Amazon Web Services', 'Lambda', 'S3', 'EC2'],
  'Google Cloud Platform': ['GCP', 'Google Cloud', 'BigQuery', 'Cloud Run'],
  'Microsoft Azure': ['Azure', 'Azure Functions', 'Microsoft Azure'],
  DigitalOcean: ['DigitalOcean', 'DO droplets'],
  Heroku: ['Heroku', 'Heroku dynos'],
  Docker: ['Docker', 'docker-compose', 'containers'],
  Kubernetes: ['Kubernetes', 'k8s', 'K8s', 'Helm'],
  'GitHub Actions': ['GitHub Actions', 'GH Actions', 'CI/CD'],
  'GitLab CI/CD': ['GitLab CI/CD', 'GitLab CI', 'CI/CD'],
};

interface Stack {
  name: string;
  /** Technologies by name, the first always tagged. */
  technologies: readonly string[];
  /** Project type ids it is usually posted as. */
  projectTypes: readonly number[];
  products: readonly string[];
}

/** Kinds of gig, most common first (Zipf rank). */
const STACKS: readonly Stack[] = [
  { name: 'web frontend', technologies: ['TypeScript', 'JavaScript', 'GitHub Actions'], projectTypes: [10, 8, 15], products: ['single-page app', 'dashboard', 'design system', 'storefront'] },
  { name: 'Node backend', technologies: ['JavaScript', 'TypeScript', 'PostgreSQL', 'Redis', 'Docker', 'Amazon Web Services'], projectTypes: [9, 8], products: ['REST API', 'GraphQL API', 'webhook service', 'job queue'] },
  { name: 'Python', technologies: ['Python', 'PostgreSQL', 'Amazon Web Services', 'Docker', 'Redis'], projectTypes: [9, 8, 4], products: ['data pipeline', 'Django app', 'scraper', 'ML model API'] },
  { name: 'PHP', technologies: ['PHP', 'MySQL', 'MariaDB', 'JavaScript', 'DigitalOcean'], projectTypes: [8, 15, 9], products: ['WordPress site', 'Laravel app', 'shop', 'plugin'] },
  { name: 'Go', technologies: ['Go', 'PostgreSQL', 'Kubernetes', 'Google Cloud Platform', 'Docker', 'Redis'], projectTypes: [9, 17], products: ['microservice', 'CLI tool', 'gRPC service', 'proxy'] },
  { name: 'iOS', technologies: ['Swift', 'Objective-C', 'Firebase', 'SQLite'], projectTypes: [5, 11, 2], products: ['iPhone app', 'watch app', 'widget', 'in-app purchases'] },
  { name: 'Android', technologies: ['Kotlin', 'Java', 'Firebase', 'SQLite'], projectTypes: [6, 7, 11], products: ['Android app', 'offline mode', 'camera feature', 'push notifications'] },
  { name: 'Java', technologies: ['Java', 'Oracle Database', 'Kubernetes', 'Microsoft Azure', 'Scala'], projectTypes: [9, 1], products: ['Spring service', 'batch job', 'integration', 'reporting module'] },
  { name: '.NET', technologies: ['C#', 'Microsoft SQL Server', 'Microsoft Azure', 'Visual Basic'], projectTypes: [3, 9, 1], products: ['WPF app', 'ASP.NET site', 'Excel add-in', 'Unity game'] },
  { name: 'DevOps', technologies: ['Kubernetes', 'Docker', 'GitHub Actions', 'GitLab CI/CD', 'Amazon Web Services', 'Google Cloud Platform'], projectTypes: [17, 9], products: ['CI pipeline', 'cluster', 'Terraform setup', 'monitoring stack'] },
  { name: 'Rails', technologies: ['Ruby', 'PostgreSQL', 'Redis', 'Heroku', 'JavaScript'], projectTypes: [8, 9], products: ['Rails app', 'admin area', 'billing flow', 'Sidekiq jobs'] },
  { name: 'embedded', technologies: ['C', 'C++', 'Rust', 'Lua'], projectTypes: [18, 4], products: ['firmware', 'driver', 'bootloader', 'sensor board'] },
  { name: 'C++ desktop', technologies: ['C++', 'C', 'SQLite'], projectTypes: [1, 3, 4, 2], products: ['Qt app', 'audio plugin', 'game engine', 'CAD tool'] },
  { name: 'data science', technologies: ['Python', 'R', 'SQL', 'Julia', 'Elasticsearch', 'Google Cloud Platform'], projectTypes: [9, 16], products: ['forecast', 'notebook', 'dashboard', 'recommendation model'] },
  { name: 'data stores', technologies: ['PostgreSQL', 'MongoDB', 'Elasticsearch', 'Apache Cassandra', 'Redis', 'Amazon DynamoDB', 'Neo4j'], projectTypes: [9, 16], products: ['schema migration', 'query tuning', 'replication setup', 'backup plan'] },
  { name: 'Elixir', technologies: ['Elixir', 'Erlang', 'PostgreSQL'], projectTypes: [9, 8], products: ['Phoenix app', 'realtime chat', 'LiveView dashboard'] },
  { name: 'Rust', technologies: ['Rust', 'C', 'Kubernetes', 'PostgreSQL'], projectTypes: [9, 4, 1], products: ['CLI tool', 'WebAssembly module', 'parser', 'service'] },
  { name: 'design', technologies: ['JavaScript'], projectTypes: [12, 13, 14, 15, 11], products: ['logo', 'brand book', 'landing page design', 'app screens'] },
  { name: 'QA', technologies: ['JavaScript', 'Python', 'Java', 'GitHub Actions'], projectTypes: [19], products: ['test suite', 'end-to-end tests', 'load test', 'test plan'] },
  { name: 'legacy', technologies: ['Perl', 'Visual Basic', 'Microsoft Access', 'FileMaker', 'IBM Db2', 'OrientDB', 'Crystal'], projectTypes: [3, 16, 9], products: ['database', 'report', 'macro', 'migration off it'] },
];

const technologyIdByName = new Map(technologies.map((t) => [t.name, t.id]));
const projectTypeIds = projectTypes.map((p) => p.id);

const VERBS = ['Build', 'Fix', 'Design', 'Migrate', 'Speed up', 'Refactor', 'Extend', 'Audit', 'Prototype', 'Maintain', 'Port', 'Test', 'Rewrite', 'Scale'];
const LEVELS = ['', '', 'Senior ', 'Junior ', 'Lead ', 'Freelance ', 'Part-time '];
const ROLES = ['developer', 'engineer', 'consultant', 'contractor', 'expert', 'specialist'];
const INDUSTRIES = ['fintech', 'health', 'logistics', 'retail', 'media', 'travel', 'education', 'energy', 'insurance', 'gaming', 'agritech', 'legal', 'nonprofit', 'music', 'real estate'];
const CITIES = ['Berlin', 'Lisbon', 'Austin', 'Toronto', 'Nairobi', 'Bangalore', 'Manila', 'Warsaw', 'Lagos', 'Melbourne', 'Utrecht', 'Montreal', 'Porto', 'Tallinn', 'Denver', 'Cork'];
const ZONES = ['UTC-5 to UTC+1', 'CET', 'US time zones', 'APAC hours', 'UTC±3', 'EU overlap'];

/** One listing of the benchmark's catalogue. */
export interface BenchListing {
  title: string;
  description: string;
  projectTypeId: number;
  technologyIds: number[];
}

function spelling(random: Random, technology: string): string {
  const forms = SPELLINGS[technology] ?? [technology];
  // The usual spelling half the time, an alias or framework otherwise.
  return random() < 0.5 ? forms[0] : pick(random, forms);
}

function everydayRun(random: Random, words: number): string {
  const out: string[] = [];
  for (let i = 0; i < words; i += 1) out.push(zipf(random, EVERYDAY));
  return out.join(' ');
}

const capital = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** Listing number `n` (1-based), always the same. */
export function benchListing(n: number): BenchListing {
  const random = rng(Math.imul(n, 2654435761) ^ 0x5bd1e995);
  const stack = zipf(random, STACKS);
  const tagged = [stack.technologies[0]];
  for (const technology of stack.technologies.slice(1)) if (random() < 0.4) tagged.push(technology);
  // Now and then a technology outside the stack.
  if (random() < 0.15) tagged.push(pick(random, technologies).name);
  const names = [...new Set(tagged)];
  const technologyIds = names.map((name) => technologyIdByName.get(name)).filter((id): id is number => id !== undefined);
  const projectTypeId = random() < 0.85 ? pick(random, stack.projectTypes) : pick(random, projectTypeIds);

  const main = spelling(random, names[0]);
  const product = pick(random, stack.products);
  const industry = pick(random, INDUSTRIES);
  const titles = [
    () => `${pick(random, VERBS)} our ${product} in ${main}`,
    () => `${pick(random, LEVELS)}${main} ${pick(random, ROLES)} for a ${industry} ${product}`,
    () => `${capital(product)} with ${main}${names[1] ? ` and ${spelling(random, names[1])}` : ''}`,
    () => `${main}: ${everydayRun(random, 2 + Math.floor(random() * 3))} ${product}`,
    () => `${pick(random, VERBS)} a ${zipf(random, EVERYDAY)} ${product} (${main})`,
  ];
  const title = pick(random, titles)();

  const sentences: string[] = [];
  const mention = () => spelling(random, pick(random, names));
  const parts = [
    () => `We are a ${1 + Math.floor(random() * 200)}-person ${industry} company in ${pick(random, CITIES)} and need help with our ${product}.`,
    () => `You will ${pick(random, VERBS).toLowerCase()} the ${zipf(random, EVERYDAY)} ${zipf(random, EVERYDAY)} and ${zipf(random, EVERYDAY)} of our ${product}.`,
    () => `Stack: ${names.map((name) => spelling(random, name)).join(', ')}.`,
    () => `The ${zipf(random, EVERYDAY)} part is written in ${mention()} and talks to ${mention()}.`,
    () => `Must know ${mention()}; ${spelling(random, pick(random, technologies).name)} is a plus.`,
    () => `${capital(everydayRun(random, 4 + Math.floor(random() * 14)))}.`,
    () => `${capital(everydayRun(random, 3 + Math.floor(random() * 6)))} with ${mention()}, ${everydayRun(random, 2 + Math.floor(random() * 8))}.`,
    () =>
      random() < 0.6
        ? `Remote, ${pick(random, ZONES)}, about ${5 + Math.floor(random() * 60)} hours over ${1 + Math.floor(random() * 12)} weeks.`
        : `On site in ${pick(random, CITIES)} ${1 + Math.floor(random() * 4)} days a week for ${2 + Math.floor(random() * 20)} weeks.`,
    () => `Budget around ${(1 + Math.floor(random() * 150)) * 100} USD; ${everydayRun(random, 3 + Math.floor(random() * 5))}.`,
  ];
  // Lengths vary: mostly a short paragraph, sometimes a line, sometimes a long brief.
  // At least the introduction and a free sentence, whose words make each description its own.
  const count = 2 + Math.floor(random() ** 2 * 24);
  sentences.push(parts[0](), parts[5]());
  for (let i = 2; i < count; i += 1) sentences.push(pick(random, parts)());
  if (random() < RARE.length / 10_000) sentences.splice(Math.floor(random() * sentences.length), 0, `Our mascot is a ${pick(random, RARE)}.`);
  return { title, description: sentences.join(' '), projectTypeId, technologyIds };
}

/** Search phrases as people type them: technologies and aliases, everyday words, pairs, rare words, quoted phrases. */
export function searchPhrase(random: Random): string {
  const technology = () => spelling(random, pick(random, technologies).name);
  const kinds = [
    technology,
    () => zipf(random, EVERYDAY),
    () => `${technology()} ${zipf(random, EVERYDAY)}`,
    () => `${zipf(random, EVERYDAY)} ${zipf(random, EVERYDAY)}`,
    () => `${technology()} ${technology()}`,
    () => pick(random, RARE),
    () => pick(random, EVERYDAY.slice(0, 30)),
    () => `"${zipf(random, EVERYDAY)} ${zipf(random, EVERYDAY)}"`,
  ];
  return pick(random, kinds)();
}

/** A technology spelling and its prefixes, as typed into a search box. */
export function searchPrefix(random: Random): string {
  const word = random() < 0.6 ? spelling(random, pick(random, technologies).name) : zipf(random, EVERYDAY);
  return word.slice(0, 1 + Math.floor(random() * Math.min(5, word.length)));
}

/** A listing's terms as the `listings` columns hold them (null: not stated), and when its paid period ends. */
export interface BenchTerms {
  budgetKind: 'FIXED' | 'HOURLY' | null;
  budgetMinCents: number | null;
  budgetMaxCents: number | null;
  budgetCurrency: string | null;
  durationWeeks: number | null;
  hoursPerWeek: number | null;
  locationKind: 'REMOTE' | 'HYBRID' | 'ONSITE' | null;
  locationCity: string | null;
  locationCountryCode: string | null;
  utcOffsetFromMinutes: number | null;
  utcOffsetToMinutes: number | null;
  /** Days after the seed's time the listing's period ends (1 to 60). */
  expiresInDays: number;
}

/** Currencies of budgets, most common first (USD about half, then EUR and GBP). */
export const BENCH_CURRENCIES: ReadonlyArray<{ currency: string; share: number }> = [
  { currency: 'USD', share: 0.5 },
  { currency: 'EUR', share: 0.25 },
  { currency: 'GBP', share: 0.13 },
  { currency: 'CAD', share: 0.05 },
  { currency: 'AUD', share: 0.03 },
  { currency: 'INR', share: 0.02 },
  { currency: 'CHF', share: 0.02 },
];

const OFFICES: ReadonlyArray<[string, string]> = [
  ['Berlin', 'DE'], ['London', 'GB'], ['Manchester', 'GB'], ['Paris', 'FR'], ['Amsterdam', 'NL'], ['Madrid', 'ES'], ['Lisbon', 'PT'],
  ['New York', 'US'], ['Austin', 'US'], ['San Francisco', 'US'], ['Chicago', 'US'], ['Toronto', 'CA'], ['Sydney', 'AU'], ['Bangalore', 'IN'],
  ['Zurich', 'CH'], ['Warsaw', 'PL'], ['Stockholm', 'SE'], ['Dublin', 'IE'],
];

/**
 * The terms of listing `n`, deterministic like its text (`benchListing`): 85% state a budget, fixed
 * (60%: 200 to 50,000 in the currency, log-uniform, the most up to three times the least) or hourly
 * (15 to 150 an hour, the most up to 1.6 times the least), in USD, EUR, GBP mostly; 70% a duration
 * (1 to 52 weeks, 10 to 40 hours a week); 85% a location: remote (60%, half of them within a window of
 * UTC offsets), hybrid (25%) or on site (15%) in a city. The period ends 1 to 60 days after the seed.
 */
export function benchTerms(n: number): BenchTerms {
  const random = rng(Math.imul(n, 40503) ^ 0x2545f491);
  const terms: BenchTerms = {
    budgetKind: null,
    budgetMinCents: null,
    budgetMaxCents: null,
    budgetCurrency: null,
    durationWeeks: null,
    hoursPerWeek: null,
    locationKind: null,
    locationCity: null,
    locationCountryCode: null,
    utcOffsetFromMinutes: null,
    utcOffsetToMinutes: null,
    expiresInDays: 1 + Math.floor(random() * 60),
  };
  if (random() < 0.85) {
    let roll = random();
    terms.budgetCurrency = BENCH_CURRENCIES.find(({ share }) => (roll -= share) < 0)?.currency ?? 'USD';
    const logUniform = (lo: number, hi: number) => Math.exp(Math.log(lo) + random() * (Math.log(hi) - Math.log(lo)));
    if (random() < 0.6) {
      const least = Math.max(1, Math.round(logUniform(200, 50_000) / 50) * 50);
      terms.budgetKind = 'FIXED';
      terms.budgetMinCents = least * 100;
      terms.budgetMaxCents = Math.round((least * (1 + random() * 2)) / 50) * 50 * 100;
    } else {
      const least = Math.round(logUniform(15, 150));
      terms.budgetKind = 'HOURLY';
      terms.budgetMinCents = least * 100;
      terms.budgetMaxCents = Math.round(least * (1 + random() * 0.6)) * 100;
    }
  }
  if (random() < 0.7) {
    terms.durationWeeks = 1 + Math.floor(Math.exp(random() * Math.log(52)));
    terms.hoursPerWeek = pick(random, [10, 20, 20, 30, 40, 40, 40]);
  }
  if (random() < 0.85) {
    const roll = random();
    if (roll < 0.6) {
      terms.locationKind = 'REMOTE';
      if (random() < 0.5) {
        const from = (-8 + Math.floor(random() * 10)) * 60;
        terms.utcOffsetFromMinutes = from;
        terms.utcOffsetToMinutes = Math.min(840, from + (2 + Math.floor(random() * 8)) * 60);
      }
    } else {
      const [city, country] = pick(random, OFFICES);
      terms.locationKind = roll < 0.85 ? 'HYBRID' : 'ONSITE';
      terms.locationCity = city;
      terms.locationCountryCode = country;
    }
  }
  return terms;
}

/** The column values of `benchTerms`, in the order of BENCH_TERMS_COLUMNS. */
export const BENCH_TERMS_COLUMNS = [
  ['budget_kind', 'text'],
  ['budget_min_cents', 'int'],
  ['budget_max_cents', 'int'],
  ['budget_currency', 'text'],
  ['duration_weeks', 'int'],
  ['hours_per_week', 'int'],
  ['location_kind', 'text'],
  ['location_city', 'text'],
  ['location_country_code', 'text'],
  ['utc_offset_from_minutes', 'int'],
  ['utc_offset_to_minutes', 'int'],
] as const;

export function benchTermsValues(terms: BenchTerms): unknown[] {
  return [
    terms.budgetKind,
    terms.budgetMinCents,
    terms.budgetMaxCents,
    terms.budgetCurrency,
    terms.durationWeeks,
    terms.hoursPerWeek,
    terms.locationKind,
    terms.locationCity,
    terms.locationCountryCode,
    terms.utcOffsetFromMinutes,
    terms.utcOffsetToMinutes,
  ];
}
