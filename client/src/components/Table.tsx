import type { ReactNode } from 'react';

/**
 * A table headed by its column names, scrolling sideways on a narrow screen; `children` are its rows.
 * The scrolling box takes the focus, so a keyboard can scroll it too; `label` names it (by default its columns).
 */
export function Table({ columns, label, children }: { columns: string[]; label?: string; children: ReactNode }) {
  return (
    <div className="table-scroll" tabIndex={0} role="region" aria-label={label ?? `Table: ${columns.join(', ')}`}>
      <table>
        <thead>
          <tr>
            {columns.map((column) => (
              <th key={column} scope="col">
                {column}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>{children}</tbody>
      </table>
    </div>
  );
}
