import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { Transactional } from '../database/transaction-host.js';
import { AppConfig } from '../config/app-config.js';
import { AccountsService } from './accounts.service.js';

/** Creates the first admin from ADMIN_EMAIL / ADMIN_PASSWORD when the database has no users yet. */
@Injectable()
export class AdminBootstrapService implements OnApplicationBootstrap {
  private readonly logger = new Logger('AdminBootstrap');

  constructor(
    private readonly accounts: AccountsService,
    @Inject(AppConfig) private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.ADMIN_EMAIL || !this.config.ADMIN_PASSWORD) return;
    if ((await this.accounts.countUsers()) > 0) return;
    await this.createAdmin(this.config.ADMIN_EMAIL, this.config.ADMIN_PASSWORD);
    this.logger.log('Created the first admin account from ADMIN_EMAIL');
  }

  @Transactional()
  private async createAdmin(email: string, password: string): Promise<void> {
    await this.accounts.createUser({ email, displayName: 'Beheerder', role: 'admin', organisationId: null, password });
  }
}
