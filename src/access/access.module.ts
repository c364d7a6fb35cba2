import { Global, Module } from '@nestjs/common';
import { AccessService } from './access.service.js';

/** The one access layer (`AccessService` + `access.rules.ts`), available to every feature module. */
@Global()
@Module({ providers: [AccessService], exports: [AccessService] })
export class AccessModule {}
