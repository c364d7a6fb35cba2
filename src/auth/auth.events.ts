/** Published (after commit) when sessions stop being valid, so open sockets of those sessions close at once. */
export class SessionsRevoked {
  static readonly event = 'sessions.revoked';
  constructor(readonly sessionIds: string[]) {}
}
