import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Public, RequirePermission } from '../auth/decorators.js';
import { Permission } from '../auth/permission.js';
import { UuidParam } from '../common/uuid-param.pipe.js';
import { DirectoryService } from './directory.service.js';
import {
  CreateDirectoryServiceDto, DirectoryQueryDto, DirectoryServiceListResponse, DirectoryServiceResponse, UpdateDirectoryServiceDto,
} from './dto/directory-service.dto.js';
import { HsdsDocumentDto, HsdsImportResponse } from './dto/hsds.dto.js';
import type { HsdsDocument } from './hsds/hsds-mapping.js';
import { HsdsService } from './hsds/hsds.service.js';

/** The help directory (overzicht hulp): public to read, for parents without an account and professionals alike; kept by coordinators. */
@ApiTags('directory')
@Controller('api/directory')
export class DirectoryController {
  constructor(private readonly directory: DirectoryService, private readonly hsds: HsdsService) {}

  @Public()
  @Get('services')
  @ApiOkResponse({ type: DirectoryServiceListResponse })
  search(@Query() query: DirectoryQueryDto): Promise<DirectoryServiceListResponse> {
    return this.directory.search(query);
  }

  @Public()
  @Get('services/:id')
  @ApiOkResponse({ type: DirectoryServiceResponse })
  get(@Param('id', UuidParam) id: string): Promise<DirectoryServiceResponse> {
    return this.directory.get(id);
  }

  @RequirePermission(Permission.DirectoryManage)
  @Post('services')
  @ApiCreatedResponse({ type: DirectoryServiceResponse })
  create(@Body() dto: CreateDirectoryServiceDto): Promise<DirectoryServiceResponse> {
    return this.directory.create(dto);
  }

  @RequirePermission(Permission.DirectoryManage)
  @Patch('services/:id')
  @ApiOkResponse({ type: DirectoryServiceResponse })
  update(@Param('id', UuidParam) id: string, @Body() dto: UpdateDirectoryServiceDto): Promise<DirectoryServiceResponse> {
    return this.directory.update(id, dto);
  }

  @RequirePermission(Permission.DirectoryManage)
  @Delete('services/:id')
  @HttpCode(204)
  @ApiNoContentResponse()
  async remove(@Param('id', UuidParam) id: string): Promise<void> {
    await this.directory.remove(id);
  }

  /** The whole directory as Open Referral HSDS 3.0 JSON. */
  @Public()
  @Get('hsds')
  @ApiOkResponse({ type: HsdsDocumentDto })
  exportHsds(): Promise<HsdsDocumentDto> {
    return this.hsds.exportDocument() as Promise<HsdsDocumentDto>;
  }

  /** Imports an HSDS 3.0 document: all or nothing; every bad record is named (`services[3].name`). */
  @RequirePermission(Permission.DirectoryManage)
  @Post('hsds')
  @HttpCode(200)
  @ApiOkResponse({ type: HsdsImportResponse })
  importHsds(@Body() dto: HsdsDocumentDto): Promise<HsdsImportResponse> {
    return this.hsds.importDocument(dto as HsdsDocument);
  }
}
