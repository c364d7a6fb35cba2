/** The path of a request target (`/api/me?x=1` → `/api/me`), as sent: still percent-encoded. */
export function pathOf(url: string): string {
  const query = url.indexOf('?');
  return query === -1 ? url : url.slice(0, query);
}
