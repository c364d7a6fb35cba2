import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { Transactional, TransactionHost } from '../database/transaction-host.js';
import { AppConfig } from '../config/app-config.js';
import { AccountsService } from './accounts.service.js';
import { User } from './user.entity.js';

/** Arbitrary constant: the advisory lock two nodes starting at once take around "is the database empty?". */
const FIRST_ADMIN_LOCK = 7261002;

/** Creates the first admin from ADMIN_EMAIL / ADMIN_PASSWORD when the database has no users yet. */
@Injectable()
export class AdminBootstrapService implements OnApplicationBootstrap {
  private readonly logger = new Logger('AdminBootstrap');

  constructor(
    private readonly accounts: AccountsService,
    private readonly txHost: TransactionHost,
    @Inject(AppConfig) private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.ADMIN_EMAIL || !this.config.ADMIN_PASSWORD) return;
    if (await this.createAdminOnEmptyDatabase(this.config.ADMIN_EMAIL, this.config.ADMIN_PASSWORD)) {
      this.logger.log('Created the first admin account from ADMIN_EMAIL');
    }
  }

  /** Two nodes starting at once on an empty database: the lock makes the second wait, then see the first one's admin. */
  @Transactional()
  private async createAdminOnEmptyDatabase(email: string, password: string): Promise<boolean> {
    await this.txHost.tx.query('SELECT pg_advisory_xact_lock($1)', [FIRST_ADMIN_LOCK]);
    if ((await this.txHost.tx.getRepository(User).count()) > 0) return false;
    await this.accounts.createUser({ email, displayName: 'Beheerder', role: 'admin', organisationId: null, password });
    return true;
  }
}
