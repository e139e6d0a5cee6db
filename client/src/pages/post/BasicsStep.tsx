import { useState, type FormEvent } from 'react';
import { TextArea, TextField } from '../../components/Field';
import { useFocusFirstInvalid, type FieldErrors } from '../../lib/errors';
import { fieldAdvice } from '../../lib/errorSentences';
import { DESCRIPTION, TITLE, type DraftFields } from './steps';
import { StepButtons } from './WizardFrame';

/** Title and description, checked here against the API's limits before they are saved. */
export function BasicsStep({
  draft,
  errors,
  saving,
  saveLabel,
  onBack,
  onSave,
}: {
  draft: DraftFields;
  errors: FieldErrors;
  saving: boolean;
  saveLabel?: string;
  onBack?: () => void;
  onSave: (fields: { title: string; description: string }) => void;
}) {
  const [title, setTitle] = useState(draft.title);
  const [description, setDescription] = useState(draft.description);
  const [local, setLocal] = useState<FieldErrors>({});
  const { ref, failed } = useFocusFirstInvalid();

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const problems: FieldErrors = {};
    const t = [...title.trim()].length;
    const d = [...description.trim()].length;
    if (t < TITLE.min || t > TITLE.max) problems.title = fieldAdvice(`must be ${TITLE.min} to ${TITLE.max} characters`);
    if (d < DESCRIPTION.min || d > DESCRIPTION.max) problems.description = fieldAdvice(`must be ${DESCRIPTION.min} to 10,000 characters`);
    setLocal(problems);
    if (Object.keys(problems).length === 0) onSave({ title: title.trim(), description: description.trim() });
    else failed();
  };

  return (
    <form ref={ref} onSubmit={submit} noValidate className="stack">
      <h2>The basics</h2>
      <TextField
        label="Title"
        name="title"
        hint={`${TITLE.min} to ${TITLE.max} characters, e.g. “GraphQL API for a bike shop”.`}
        value={title}
        maxLength={TITLE.max + 20}
        onChange={(e) => setTitle(e.target.value)}
        error={local.title ?? errors.title}
      />
      <TextArea
        label="Description"
        name="description"
        rows={10}
        hint="What needs doing, for how long, and what a good applicant knows. At least 20 characters."
        value={description}
        onChange={(e) => setDescription(e.target.value)}
        error={local.description ?? errors.description}
      />
      <StepButtons onBack={onBack} saving={saving} label={saveLabel} />
    </form>
  );
}
