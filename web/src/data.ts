// Reference data that rarely changes, loaded once per page load: the
// municipalities' policies and the building-block catalogs.
import { useEffect, useState } from 'preact/hooks';
import { type Block, type Catalog, type Municipality, reference } from './api/client';
import { getLang } from './i18n';

let municipalities: Promise<Municipality[]> | null = null;

export function loadMunicipalities(): Promise<Municipality[]> {
  municipalities ??= reference.municipalities().then(
    (r) => r.items,
    (e: unknown) => {
      municipalities = null;
      throw e;
    },
  );
  return municipalities;
}

/** Municipality id → policy; empty until loaded (names then show as ids). */
export function useMunicipalities(): Map<string, Municipality> {
  const [map, setMap] = useState<Map<string, Municipality>>(new Map());
  useEffect(() => {
    let live = true;
    loadMunicipalities().then(
      (ms) => live && setMap(new Map(ms.map((m) => [m.id, m]))),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, []);
  return map;
}

export function municipalityName(map: Map<string, Municipality>, id: string): string {
  return map.get(id)?.name ?? id;
}

const catalogs = new Map<string, Promise<Catalog>>();

/** The catalog of a municipality in force on a date (the award date, for a contract). */
export function loadCatalog(municipality: string, on?: string): Promise<Catalog> {
  const key = `${municipality}|${on ?? ''}`;
  let p = catalogs.get(key);
  if (!p) {
    p = reference.catalog(municipality, on);
    p.catch(() => catalogs.delete(key));
    catalogs.set(key, p);
  }
  return p;
}

export function blockName(b: Block | undefined, code: string): string {
  if (!b) return code;
  return getLang() === 'en' ? b.name_en : b.name_nl;
}
