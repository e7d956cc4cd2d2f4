// Provider webhooks are delivered at least once: the same SMS (same provider message id) may
// arrive twice, minutes apart. A case remembers the ids it has taken, a bounded list carried over
// continue-as-new, and takes each id once.

/** Ids remembered (redeliveries come within minutes; a case takes far fewer messages). */
export const SEEN_PROVIDER_IDS_LIMIT = 500;

/**
 * Whether `providerId` is new to the case; remembers it. `seen` is the case's own list (in its
 * carried memory), oldest first; the oldest is forgotten past the limit.
 */
export function firstDelivery(seen: string[], providerId: string): boolean {
  if (seen.includes(providerId)) return false;
  seen.push(providerId);
  if (seen.length > SEEN_PROVIDER_IDS_LIMIT) seen.shift();
  return true;
}
