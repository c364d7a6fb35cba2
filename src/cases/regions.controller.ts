import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiProperty, ApiTags } from '@nestjs/swagger';
import { Public } from '../auth/decorators.js';
import { YOUTH_CARE_REGIONS } from './regions.js';

export class RegionResponse {
  @ApiProperty({ example: 'ijsselland' }) code!: string;
  @ApiProperty({ example: 'IJsselland' }) name!: string;
}

/** Reference data: public, because the public registration form offers the regions too. */
@ApiTags('cases')
@Controller('api')
export class RegionsController {
  @Public()
  @Get('regions')
  @ApiOkResponse({ type: [RegionResponse] })
  list(): RegionResponse[] {
    return YOUTH_CARE_REGIONS.map(({ code, name }) => ({ code, name }));
  }
}
