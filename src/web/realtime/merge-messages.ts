/**
 * Adds messages by id and keeps them in order (by `seq` where the message has one, then by time): a
 * message arriving twice (socket and catch-up) shows once. For a case thread's and a group's messages.
 */
export function mergeMessages<T extends { id: string; createdAt: string }>(current: T[], incoming: T[]): T[] {
  const byId = new Map(current.map((m) => [m.id, m]));
  for (const m of incoming) byId.set(m.id, m);
  const seq = (m: T) => (m as { seq?: number }).seq ?? 0;
  return [...byId.values()].sort((a, b) => seq(a) - seq(b) || a.createdAt.localeCompare(b.createdAt));
}
