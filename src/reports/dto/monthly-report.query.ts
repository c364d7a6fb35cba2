import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsOptional, Matches } from 'class-validator';

const toBool = ({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value);

export class MonthlyReportQuery {
  @ApiProperty({ example: '2022-05', description: 'The month (YYYY-MM, Europe/Amsterdam). Not a month that has not started yet (422).' })
  @Matches(/^(19|20|21)\d{2}-(0[1-9]|1[0-2])$/, { message: 'month must be a month as YYYY-MM, e.g. 2022-05' })
  month: string;

  @ApiPropertyOptional({ description: '`true`: the version for publication: counts below 5 as "<5", no free text.' })
  @IsOptional() @Transform(toBool) @IsBoolean({ message: 'publish must be true or false' })
  publish?: boolean;
}

/** The CSV's query: as the report's, plus the separator (Dutch Excel opens `;` with a BOM as columns). */
export class MonthlyReportCsvQuery extends MonthlyReportQuery {
  @ApiPropertyOptional({ enum: ['comma', 'semicolon'], description: '`semicolon`: fields separated by `;` and a UTF-8 BOM, as Excel with Dutch settings expects. Default `comma` (RFC 4180).' })
  @IsOptional() @IsIn(['comma', 'semicolon'], { message: 'separator must be comma or semicolon' })
  separator?: 'comma' | 'semicolon';
}
