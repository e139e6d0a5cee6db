import { useParams } from 'react-router';
import { NewDraftWizard } from './NewDraftWizard';
import { SavedDraftWizard } from './SavedDraftWizard';

/**
 * Post a gig: employer → basics → project type → technologies → review → pay and publish.
 * Saving the basics creates the draft on the server (`/post/<listing id>`); every later step saves
 * it there, so it can be resumed anywhere from the employer's drafts. The API accepts an
 * incomplete draft and refuses to publish it; review and publish say what is still missing.
 */
export function PostWizard() {
  const { listingId } = useParams();
  return listingId ? <SavedDraftWizard listingId={listingId} /> : <NewDraftWizard />;
}
