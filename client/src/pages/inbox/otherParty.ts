import { getFragmentData, graphql, type FragmentType } from '../../gql';

const OtherParty_conversation = graphql(`
  fragment OtherParty_conversation on Conversation {
    freelancer {
      id
      profile {
        displayName
      }
    }
    poster {
      id
      profile {
        displayName
      }
    }
  }
`);

/** The person at the other end of a conversation from the viewer, and whether the viewer is its poster. */
export function otherParty(ref: FragmentType<typeof OtherParty_conversation>, viewerId: string | undefined) {
  const { freelancer, poster } = getFragmentData(OtherParty_conversation, ref);
  return { other: viewerId === freelancer.id ? poster : freelancer, viewerIsPoster: viewerId === poster.id };
}
