import type { MatrixModule } from './route-spec.js';

export const casesMatrix: MatrixModule = {
  name: 'cases',
  routes: [
    { method: 'GET', path: '/api/regions', access: 'public' },
  ],
};
