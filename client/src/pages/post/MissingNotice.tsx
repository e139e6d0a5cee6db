import type { Missing, StepKey } from './steps';

/** What the draft still needs before it can be published, each with a way to supply it. */
export function MissingNotice({ missing, onEdit }: { missing: Missing[]; onEdit: (step: StepKey) => void }) {
  if (!missing.length) return null;
  return (
    <div className="notice stack" role="status">
      <p>Before it can be published, this draft still needs:</p>
      <ul>
        {missing.map((m) => (
          <li key={m.step}>
            {m.label}{' '}
            <button type="button" className="link-button" onClick={() => onEdit(m.step)}>
              (add it)
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}
