import { Module } from '@nestjs/common';
import { AccountsModule } from '../accounts/accounts.module.js';
import { CasesModule } from '../cases/cases.module.js';
import { DemoService } from './demo.service.js';

@Module({ imports: [AccountsModule, CasesModule], providers: [DemoService] })
export class DemoModule {}
