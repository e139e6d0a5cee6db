import { useMutation, useQuery } from '@apollo/client/react';
import { useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { FormError } from '../../components/Field';
import { queryFallback } from '../../components/States';
import { graphql } from '../../gql';
import type { NotificationPreferenceKind } from '../../gql/graphql';
import { useFormErrors } from '../../lib/errors';
import { useTitle } from '../../lib/useTitle';
import { useSession } from '../../session';
import { ResendVerificationButton } from '../../components/VerifyEmailBanner';

const NotificationPreferencesDocument = graphql(`
  query NotificationPreferences {
    notificationPreferences {
      kind
      emailDigest
    }
  }
`);

const UpdateNotificationPreferencesDocument = graphql(`
  mutation UpdateNotificationPreferences($input: UpdateNotificationPreferencesInput!) {
    updateNotificationPreferences(input: $input) {
      kind
      emailDigest
    }
  }
`);

/** Each kind in words, in the order the API lists them. */
const LABELS: Record<NotificationPreferenceKind, { label: string; hint: string }> = {
  MESSAGES: { label: 'Messages', hint: 'New messages in your conversations' },
  CONTRACTS: { label: 'Contracts', hint: 'Contracts started, signed, completed or cancelled, and change orders' },
  REVIEWS: { label: 'Reviews', hint: 'Reviews of you, and replies to your reviews' },
  SAVED_SEARCHES: { label: 'Saved searches', hint: 'New gigs matching a saved search' },
  LISTINGS: { label: 'Your gigs', hint: 'Postings about to expire or expired' },
  OTHER: { label: 'Everything else', hint: 'Any other notification' },
};

/**
 * Which notifications are mailed. A digest comes when a notification has stayed unread for 15
 * minutes and lists everything unread of the kinds chosen here; every kind is on until turned off.
 */
export function NotificationSettingsPage() {
  useTitle('Notification emails');
  const { data, loading, error, refetch } = useQuery(NotificationPreferencesDocument);
  const [update, { loading: saving }] = useMutation(UpdateNotificationPreferencesDocument);
  const [changes, setChanges] = useState<Partial<Record<NotificationPreferenceKind, boolean>>>({});
  const [saved, setSaved] = useState(false);
  const { formError, run, formRef } = useFormErrors();
  const preferences = data?.notificationPreferences;
  const { viewer } = useSession();

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setSaved(false);
    const preferences = Object.entries(changes).map(([kind, emailDigest]) => ({ kind: kind as NotificationPreferenceKind, emailDigest: Boolean(emailDigest) }));
    if (preferences.length === 0) {
      setSaved(true);
      return;
    }
    await run(async () => {
      await update({ variables: { input: { preferences } }, refetchQueries: [NotificationPreferencesDocument], awaitRefetchQueries: true });
      setChanges({});
      setSaved(true);
    });
  };

  return (
    <section className="narrow">
      <h1>Notification emails</h1>
      <p>
        When a notification stays unread for 15 minutes, we email you one digest of everything unread of the kinds you choose here: never one email per
        message. Notifications always appear on your <Link to="/notifications">Notifications</Link> page.
      </p>
      {viewer?.emailVerified === false && (
        <div className="card stack" role="note">
          <p>
            <strong>No digest is mailed to you yet:</strong> digests go only to a verified address, and {viewer.email} is not verified. Follow the link we
            mailed you, or ask for a new one.
          </p>
          <ResendVerificationButton />
        </div>
      )}
      {queryFallback({ data, loading, error, refetch })}
      {preferences && (
        <form ref={formRef} onSubmit={submit} className="card stack">
          <FormError message={formError} />
          <fieldset className="choices">
            <legend>Email me a digest of</legend>
            {preferences.map(({ kind, emailDigest }) => {
              const checked = changes[kind] ?? emailDigest;
              const hintId = `notification-kind-${kind}-hint`;
              return (
                <label key={kind} className="choice">
                  <input
                    type="checkbox"
                    name="kinds"
                    value={kind}
                    checked={checked}
                    aria-describedby={hintId}
                    onChange={() => {
                      setSaved(false);
                      setChanges({ ...changes, [kind]: !checked });
                    }}
                  />
                  <span>
                    {LABELS[kind].label}
                    <span id={hintId} className="muted small">
                      {' '}
                      ({LABELS[kind].hint})
                    </span>
                  </span>
                </label>
              );
            })}
          </fieldset>
          <div className="row">
            <button type="submit" className="button" disabled={saving}>
              {saving ? 'Saving…' : 'Save'}
            </button>
            <p role="status" className="muted">
              {saved ? 'Saved.' : ''}
            </p>
          </div>
        </form>
      )}
    </section>
  );
}
