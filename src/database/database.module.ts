import { Global, Module } from '@nestjs/common';
import { TransactionHost } from './transaction-host.js';

@Global()
@Module({ providers: [TransactionHost], exports: [TransactionHost] })
export class DatabaseModule {}
