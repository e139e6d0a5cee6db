import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

/*
 * In PostgreSQL an unqualified name in ORDER BY means the OUTPUT column of that name first. A
 * statement that selects `seq::text AS seq` and orders `BY seq` sorts text: "100" before "99", so
 * events come out of order (and LIMIT keeps the wrong ones) once numbers gain a digit. Every SQL
 * text in server/src that renames a column to text must order by the table's column, qualified.
 */

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') ? [full] : [];
  });
}

/** Template literals of a file (SQL is written in them), roughly: from a backtick to the next. */
function templates(source: string): string[] {
  return source.split('`').filter((_, i) => i % 2 === 1);
}

/** `ORDER BY name` (unqualified) in a statement that also outputs `…::text AS name`. */
export function textOrderedColumns(sql: string): string[] {
  const renamed = [...sql.matchAll(/::text\s+AS\s+"?(\w+)"?/gi)].map((match) => match[1]);
  return renamed.filter((name) => new RegExp(`ORDER\\s+BY\\s+(?:[^;]*?,\\s*)?"?${name}"?(?![.\\w])`, 'i').test(sql));
}

it('finds the fault it guards against', () => {
  expect(textOrderedColumns('SELECT id, seq::text AS seq FROM messages WHERE x = $1 ORDER BY seq DESC LIMIT 1')).toEqual(['seq']);
  expect(textOrderedColumns('SELECT seq::text AS seq FROM e ORDER BY kind, seq')).toEqual(['seq']);
  expect(textOrderedColumns('SELECT id, seq::text AS seq FROM messages ORDER BY messages.seq DESC')).toEqual([]);
  expect(textOrderedColumns('SELECT m.seq::text AS seq FROM t m ORDER BY m.seq')).toEqual([]);
});

it('no statement in server/src orders by a column it renamed to text', () => {
  const root = path.join(__dirname, '..');
  const found = sourceFiles(root).flatMap((file) =>
    templates(readFileSync(file, 'utf8'))
      .filter((sql) => textOrderedColumns(sql).length > 0)
      .map((sql) => `${path.relative(root, file)}: ${sql.replace(/\s+/g, ' ').slice(0, 160)}`),
  );
  expect(found).toEqual([]);
});
