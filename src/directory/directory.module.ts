import { Module } from '@nestjs/common';
import { DirectoryDemoService } from './directory-demo.service.js';
import { DirectoryController } from './directory.controller.js';
import { DirectoryService } from './directory.service.js';
import { HsdsService } from './hsds/hsds.service.js';
import { MyServiceSuggestionsController, ServiceSuggestionsController } from './service-suggestions.controller.js';
import { CasesModule } from '../cases/cases.module.js';
import { ServiceSuggestionsService } from './service-suggestions.service.js';

/** The help directory (issue 20): services, HSDS 3.0 exchange, suggestions from a case. Owns the `directory_*` tables. */
@Module({
  imports: [CasesModule],
  controllers: [DirectoryController, ServiceSuggestionsController, MyServiceSuggestionsController],
  providers: [DirectoryService, HsdsService, ServiceSuggestionsService, DirectoryDemoService],
  exports: [DirectoryService, DirectoryDemoService, ServiceSuggestionsService],
})
export class DirectoryModule {}
