/** Published (after commit) when sessions stop being valid, so open sockets of those sessions close at once. */
export class SessionsRevoked {
  static readonly event = 'sessions.revoked';
  constructor(readonly sessionIds: string[]) {}
}

/**
 * Publish (after commit) when a user's account changed in a way their sessions carry: disabled,
 * another role or organisation, a new password. Every node drops that user's cached sessions.
 */
export class UserSessionsChanged {
  static readonly event = 'user.sessions_changed';
  constructor(readonly userIds: string[]) {}
}

/** Emitted on a node when ANOTHER node invalidated sessions or users, so this node closes their sockets. */
export class SessionsInvalidated {
  static readonly event = 'sessions.invalidated';
  constructor(readonly sessionIds: string[], readonly userIds: string[]) {}
}
