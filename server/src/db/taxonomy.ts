/**
 * The taxonomy as the brief lists it, with its slips fixed (DESIGN §3): products spelled as they
 * spell themselves, Scala once, the untitled list as the DevOps class. Ids are stable: clients
 * and saved searches hold them.
 */
export const projectSuperTypes: ReadonlyArray<{ id: number; name: string }> = [
  { id: 1, name: 'Software' },
  { id: 2, name: 'Design' },
  { id: 3, name: 'Project Management' },
  { id: 4, name: 'DevOps' },
  { id: 5, name: 'Hardware' },
  { id: 6, name: 'Quality Assurance' },
];

export const projectTypes: ReadonlyArray<{ id: number; superTypeId: number; type: string | null; platform: string | null }> = [
  { id: 1, superTypeId: 1, type: 'Desktop', platform: 'Cross-platform' },
  { id: 2, superTypeId: 1, type: 'Desktop', platform: 'macOS' },
  { id: 3, superTypeId: 1, type: 'Desktop', platform: 'Windows' },
  { id: 4, superTypeId: 1, type: 'Desktop', platform: 'Linux' },
  { id: 5, superTypeId: 1, type: 'Mobile', platform: 'iOS' },
  { id: 6, superTypeId: 1, type: 'Mobile', platform: 'Android' },
  { id: 7, superTypeId: 1, type: 'Mobile', platform: 'Cross-platform' },
  { id: 8, superTypeId: 1, type: 'Web', platform: 'Full stack' },
  { id: 9, superTypeId: 1, type: 'Web', platform: 'Backend' },
  { id: 10, superTypeId: 1, type: 'Web', platform: 'Frontend' },
  { id: 11, superTypeId: 2, type: 'App', platform: null },
  { id: 12, superTypeId: 2, type: 'Branding', platform: null },
  { id: 13, superTypeId: 2, type: 'Logo', platform: null },
  { id: 14, superTypeId: 2, type: 'Print', platform: null },
  { id: 15, superTypeId: 2, type: 'Website', platform: null },
  { id: 16, superTypeId: 3, type: null, platform: null },
  { id: 17, superTypeId: 4, type: 'CI/CD', platform: null },
  { id: 18, superTypeId: 5, type: 'IoT', platform: null },
  { id: 19, superTypeId: 6, type: null, platform: null },
];

export const technologyClasses: ReadonlyArray<{ id: number; name: string }> = [
  { id: 1, name: 'Programming Language' },
  { id: 2, name: 'Data Store' },
  { id: 3, name: 'Cloud Provider' },
  { id: 4, name: 'DevOps' },
];

const byClass: Record<number, Array<[name: string, icon: string]>> = {
  1: [
    ['JavaScript', 'javascript'], ['TypeScript', 'typescript'], ['Ruby', 'ruby'], ['Go', 'go'],
    ['Python', 'python'], ['Rust', 'rust'], ['C', 'c'], ['C++', 'cplusplus'], ['C#', 'csharp'],
    ['Java', 'java'], ['Scala', 'scala'], ['Visual Basic', 'visualbasic'], ['SQL', 'sql'],
    ['PHP', 'php'], ['Objective-C', 'objectivec'], ['Swift', 'swift'], ['R', 'r'], ['Perl', 'perl'],
    ['Julia', 'julia'], ['Lua', 'lua'], ['Kotlin', 'kotlin'], ['Elixir', 'elixir'],
    ['Erlang', 'erlang'], ['Crystal', 'crystal'],
  ],
  2: [
    ['PostgreSQL', 'postgresql'], ['MySQL', 'mysql'], ['MariaDB', 'mariadb'], ['Oracle Database', 'oracle'],
    ['Microsoft SQL Server', 'microsoftsqlserver'], ['MongoDB', 'mongodb'], ['IBM Db2', 'ibmdb2'],
    ['Redis', 'redis'], ['Elasticsearch', 'elasticsearch'], ['Apache Cassandra', 'apachecassandra'],
    ['OrientDB', 'orientdb'], ['SQLite', 'sqlite'], ['Amazon DynamoDB', 'amazondynamodb'],
    ['Neo4j', 'neo4j'], ['Firebase', 'firebase'], ['FileMaker', 'filemaker'],
    ['Microsoft Access', 'microsoftaccess'],
  ],
  3: [
    ['Amazon Web Services', 'amazonwebservices'], ['Google Cloud Platform', 'googlecloud'],
    ['Microsoft Azure', 'microsoftazure'], ['DigitalOcean', 'digitalocean'], ['Heroku', 'heroku'],
  ],
  4: [['Docker', 'docker'], ['Kubernetes', 'kubernetes'], ['GitHub Actions', 'githubactions'], ['GitLab CI/CD', 'gitlab']],
};

export const technologies: ReadonlyArray<{ id: number; name: string; icon: string; technologyClassId: number }> =
  Object.entries(byClass)
    .flatMap(([classId, list]) => list.map(([name, icon]) => ({ name, icon, technologyClassId: Number(classId) })))
    .map((technology, index) => ({ id: index + 1, ...technology }));
