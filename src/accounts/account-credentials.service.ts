import { Injectable } from '@nestjs/common';
import { TransactionHost } from '../database/transaction-host.js';
import { User } from './user.entity.js';

/**
 * An account's secrets (password hash, TOTP secret and last used step), for the auth module: it
 * checks them and asks for changes here, in the caller's transaction, so the accounts module stays
 * the one writer of `app_user`.
 */
@Injectable()
export class AccountCredentialsService {
  constructor(private readonly txHost: TransactionHost) {}

  private get users() {
    return this.txHost.tx.getRepository(User);
  }

  /** The account with this address (any letter case) and its secrets, or null. */
  byEmail(email: string): Promise<User | null> {
    return this.users.createQueryBuilder('u')
      .addSelect(['u.passwordHash', 'u.totpSecret', 'u.totpLastStep'])
      .where('lower(u.email) = lower(:email)', { email: email.trim() })
      .getOne();
  }

  /** The account and its secrets; `lock`: held until the transaction ends (enrolling a second factor). */
  byId(userId: string, options: { lock?: boolean } = {}): Promise<User | null> {
    const query = this.users.createQueryBuilder('u')
      .addSelect(['u.passwordHash', 'u.totpSecret', 'u.totpLastStep']).where('u.id = :id', { id: userId });
    return (options.lock ? query.setLock('pessimistic_write') : query).getOne();
  }

  /** Records a TOTP time step as used; false when it (or a later one) was used already (RFC 6238 §5.2). */
  async useTotpStep(userId: string, step: number): Promise<boolean> {
    const result: [unknown[], number] = await this.txHost.tx.query(
      `UPDATE app_user SET totp_last_step = $2 WHERE id = $1 AND (totp_last_step IS NULL OR totp_last_step < $2)`,
      [userId, step],
    );
    return result[1] === 1;
  }

  /** A new TOTP secret, not in force until `enableTotp`. */
  async startTotp(userId: string, secret: string): Promise<void> {
    await this.txHost.tx.query(`UPDATE app_user SET totp_secret = $2, totp_last_step = NULL WHERE id = $1`, [userId, secret]);
  }

  async enableTotp(userId: string): Promise<void> {
    await this.txHost.tx.query(`UPDATE app_user SET totp_enabled_at = now() WHERE id = $1`, [userId]);
  }

  async setPasswordHash(userId: string, passwordHash: string): Promise<void> {
    await this.txHost.tx.query(`UPDATE app_user SET password_hash = $2, updated_at = now() WHERE id = $1`, [userId, passwordHash]);
  }
}
