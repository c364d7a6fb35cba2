import { useEffect, useState } from 'react';
import { api } from '../../api/client.js';
import type { Region } from '../../api/types.js';

/** The youth-care regions (public), and a name for a code. */
export function useRegions(): { regions: Region[]; regionName(code: string): string } {
  const [regions, setRegions] = useState<Region[]>([]);
  useEffect(() => { api<Region[]>('/api/regions', { anonymous: true }).then(setRegions, () => setRegions([])); }, []);
  return { regions, regionName: (code) => regions.find((r) => r.code === code)?.name ?? code };
}
