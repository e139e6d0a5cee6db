/** A listing's publish has committed. Raised in-process, once, by the instance that published it. */
export interface ListingPublished {
  listingId: string;
}

/** Handles an event for another module; awaited before the mutation answers, and must not throw. */
export type ListingPublishedHandler = (event: ListingPublished) => Promise<void>;
