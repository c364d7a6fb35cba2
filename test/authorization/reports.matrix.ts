import { Permission } from '../../src/auth/permission.js';
import type { MatrixModule } from './route-spec.js';

/**
 * The monitor's routes take no ids: a coordinator always gets the own team's figures (the reports
 * e2e test checks that another team's data never shows). Without `?month=` an allowed caller gets 400.
 */
export const reportsMatrix: MatrixModule = {
  name: 'reports',
  routes: [
    { method: 'GET', path: '/api/reports/monthly', access: Permission.ReportRead },
    { method: 'GET', path: '/api/reports/monthly.csv', access: Permission.ReportRead },
    { method: 'GET', path: '/api/reports/monthly.pdf', access: Permission.ReportRead },
  ],
};
