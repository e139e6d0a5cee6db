interface Option {
  id: string;
  name: string;
}

/** Options under their group's name: radio buttons to pick one, checkboxes to pick several; the step's error above them. */
export function ChoiceGroups({
  type,
  name,
  groups,
  checked,
  disabled,
  onChange,
  error,
}: {
  type: 'radio' | 'checkbox';
  name: string;
  groups: ReadonlyArray<Option & { options: readonly Option[] }>;
  checked: (id: string) => boolean;
  disabled?: (id: string) => boolean;
  onChange: (id: string) => void;
  error?: string;
}) {
  return (
    <>
      {error && (
        <p className="field__error" role="alert">
          {error}
        </p>
      )}
      <div className="choice-groups">
        {groups.map((group) => (
          <fieldset key={group.id} className="choices">
            <legend>{group.name}</legend>
            {group.options.map((option) => (
              <label key={option.id} className="choice">
                <input type={type} name={name} value={option.id} checked={checked(option.id)} disabled={disabled?.(option.id)} onChange={() => onChange(option.id)} />
                <span>{option.name}</span>
              </label>
            ))}
          </fieldset>
        ))}
      </div>
    </>
  );
}
