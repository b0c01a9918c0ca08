// The one typed client of the API. Its types are generated from openapi.yaml
// (npm run gen:api); npm run check:api fails when they are stale, and tsc
// fails where a view uses what the API no longer has. Views call the API
// through `api` and unwrap answers with `ok`, which turns every error into an
// ApiError with the API's error model.
import createClient, { type Middleware } from 'openapi-fetch';
import type { components, paths } from './schema';

export type Schemas = components['schemas'];
export type Contract = Schemas['Contract'];
export type ContractStatus = Schemas['ContractStatus'];
export type Flag = Schemas['Flag'];
export type FlagKind = Schemas['FlagKind'];
export type Evidence = Schemas['Evidence'];
export type EvidenceKind = Schemas['EvidenceKind'];
export type EvidenceContentType = Schemas['EvidenceContentType'];
export type EvidenceReason = Schemas['EvidenceReason'];
export type EvidenceUpload = Schemas['EvidenceUpload'];
export type Block = Schemas['Block'];
export type Catalog = Schemas['Catalog'];
export type BlockKind = Schemas['BlockKind'];
export type Municipality = Schemas['Municipality'];
export type ValuationItem = Schemas['ValuationItem'];
export type ValuationRequest = Schemas['ValuationRequest'];
export type ValuationResult = Schemas['ValuationResult'];
export type ValuationLine = Schemas['ValuationLine'];
export type PlanRevision = Schemas['PlanRevision'];
export type PlanSummary = Schemas['PlanSummary'];
export type Report = Schemas['Report'];
export type ReportItem = Schemas['ReportItem'];
export type ReportSummary = Schemas['ReportSummary'];
export type Realisation = Schemas['Realisation'];
export type Overdue = Schemas['Overdue'];
export type AmendmentRequest = Schemas['AmendmentRequest'];
export type Event = Schemas['Event'];
export type Problem = Schemas['Problem'];
export type Reporting = Schemas['Reporting'];
export type Role = Schemas['Role'];
export type CreateContractRequest = Schemas['CreateContractRequest'];

/** An answer other than 2xx, in the API's error model. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly details: Problem[];
  readonly requestId: string;

  constructor(status: number, code: string, message: string, details: Problem[] = [], requestId = '') {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.details = details;
    this.requestId = requestId;
  }

  /** The problems of one field and the fields below it (items[2] has items[2].months). */
  problemsOf(field: string): Problem[] {
    return this.details.filter((d) => d.field === field || d.field.startsWith(field + '.') || d.field.startsWith(field + '['));
  }
}

/** The error of a failed fetch (no answer at all). */
export function networkError(): ApiError {
  return new ApiError(0, 'network', 'network');
}

/** Reads an error body into an ApiError; API Gateway's own {"message"} too. */
export function toApiError(status: number, body: unknown, requestId = ''): ApiError {
  if (body && typeof body === 'object' && 'error' in body) {
    const e = (body as { error: Partial<Schemas['Error']['error']> }).error;
    return new ApiError(status, e.code ?? 'unknown', e.message ?? '', e.details ?? [], e.request_id ?? requestId);
  }
  if (body && typeof body === 'object' && 'message' in body) {
    return new ApiError(status, status === 404 ? 'not_found' : 'gateway', String((body as { message: unknown }).message), [], requestId);
  }
  return new ApiError(status, status >= 500 ? 'internal' : 'unknown', typeof body === 'string' ? body : '', [], requestId);
}

type Answer<T> = { data?: T; error?: unknown; response: Response };

/** Unwraps an openapi-fetch answer: its data, or an ApiError thrown. */
export async function ok<T>(call: Promise<Answer<T>>): Promise<T> {
  let res: Answer<T>;
  try {
    res = await call;
  } catch (e) {
    if (e instanceof ApiError) throw e;
    throw networkError();
  }
  if (res.response.ok && res.error === undefined) return res.data as T;
  const err = toApiError(res.response.status, res.error, res.response.headers.get('x-request-id') ?? '');
  onError?.(err);
  throw err;
}

let token: string | null = null;
let onError: ((e: ApiError) => void) | undefined;

/** Sets the bearer token every call carries, and who hears of errors (a 401 signs out). */
export function configureApi(opts: { token: string | null; onError?: (e: ApiError) => void }): void {
  token = opts.token;
  onError = opts.onError;
}

const auth: Middleware = {
  onRequest({ request }) {
    if (token) request.headers.set('Authorization', `Bearer ${token}`);
    return request;
  },
};

let baseUrl = '';

/** The API's base URL: the portal's own origin, unless config.json names another. */
export function setApiBase(url: string | undefined): void {
  baseUrl = (url ?? '').replace(/\/$/, '');
  api = make();
}

function make() {
  // The client reads JSON: routes that can also answer CSV or PDF (by
  // Accept) are typed by their JSON answer.
  const c = createClient<paths, 'application/json'>({ baseUrl: baseUrl || globalThis.location?.origin || 'http://localhost' });
  c.use(auth);
  return c;
}

export let api = make();

/** If-Match for a change based on the contract version the user saw. */
export function ifMatch(version: number): { 'If-Match': string } {
  return { 'If-Match': `"${version}"` };
}

/** Every page of a list route, up to a bound (the API pages by cursor). */
export async function allPages<T>(
  page: (cursor: string | undefined) => Promise<{ items: T[]; next_cursor?: string | null }>,
  maxPages = 25,
): Promise<{ items: T[]; complete: boolean }> {
  const items: T[] = [];
  let cursor: string | undefined;
  for (let i = 0; i < maxPages; i++) {
    const p = await page(cursor);
    items.push(...p.items);
    if (!p.next_cursor) return { items, complete: true };
    cursor = p.next_cursor;
  }
  return { items, complete: false };
}

// Resource helpers: one function per call the views make, so a new field or
// route is added in one place.

export const contracts = {
  list: (cursor?: string) =>
    ok(api.GET('/contracts', { params: { query: { limit: 200, ...(cursor ? { cursor } : {}) } } })),
  all: () => allPages((c) => contracts.list(c)),
  get: (id: string) => ok(api.GET('/contracts/{id}', { params: { path: { id } } })),
  create: (body: CreateContractRequest) => ok(api.POST('/contracts', { body })),
  history: (id: string, cursor?: string) =>
    ok(api.GET('/contracts/{id}/history', { params: { path: { id }, query: { limit: 200, ...(cursor ? { cursor } : {}) } } })),
  register: (id: string, body: Schemas['RegistrationRequest']) =>
    ok(api.POST('/contracts/{id}/registration', { params: { path: { id } }, body })),
  plan: (id: string, revision?: number) =>
    ok(api.GET('/contracts/{id}/plan', { params: { path: { id }, query: revision ? { revision } : {} } })),
  submitPlan: (id: string, body: Schemas['PlanRequest']) =>
    ok(api.PUT('/contracts/{id}/plan', { params: { path: { id } }, body })),
  decidePlan: (id: string, version: number, body: Schemas['PlanDecisionRequest']) =>
    ok(api.POST('/contracts/{id}/plan/decision', { params: { path: { id }, header: ifMatch(version) }, body })),
  extendPlan: (id: string, version: number, body: Schemas['PlanExtensionRequest']) =>
    ok(api.POST('/contracts/{id}/plan/extension', { params: { path: { id }, header: ifMatch(version) }, body })),
  amend: (id: string, version: number, body: AmendmentRequest) =>
    ok(api.POST('/contracts/{id}/amendments', { params: { path: { id }, header: ifMatch(version) }, body })),
  cancel: (id: string, version: number, body: Schemas['CancellationRequest']) =>
    ok(api.POST('/contracts/{id}/cancellation', { params: { path: { id }, header: ifMatch(version) }, body })),
  report: (id: string, period: string) =>
    ok(api.GET('/contracts/{id}/reports/{period}', { params: { path: { id, period } } })),
  submitReport: (id: string, period: string, body: Schemas['ReportRequest']) =>
    ok(api.PUT('/contracts/{id}/reports/{period}', { params: { path: { id, period } }, body })),
  decideReport: (id: string, period: string, version: number, body: Schemas['ReportDecisionRequest']) =>
    ok(api.POST('/contracts/{id}/reports/{period}/decision', { params: { path: { id, period }, header: ifMatch(version) }, body })),
};

export const evidence = {
  list: (id: string, cursor?: string) =>
    ok(api.GET('/contracts/{id}/evidence', { params: { path: { id }, query: { limit: 200, ...(cursor ? { cursor } : {}) } } })),
  all: (id: string) => allPages((c) => evidence.list(id, c)),
  announce: (id: string, body: Schemas['EvidenceRequest']) =>
    ok(api.POST('/contracts/{id}/evidence', { params: { path: { id } }, body })),
  get: (id: string) => ok(api.GET('/evidence/{id}', { params: { path: { id } } })),
};

export const flags = {
  list: (status: 'open' | 'all', cursor?: string) =>
    ok(api.GET('/flags', { params: { query: { status, limit: 200, ...(cursor ? { cursor } : {}) } } })),
  all: (status: 'open' | 'all' = 'open') => allPages((c) => flags.list(status, c)),
  decide: (id: string, body: Schemas['FlagDecisionRequest']) =>
    ok(api.POST('/flags/{id}/decision', { params: { path: { id } }, body })),
};

export const reference = {
  municipalities: () => ok(api.GET('/municipalities')),
  municipality: (id: string) => ok(api.GET('/municipalities/{id}', { params: { path: { id } } })),
  catalog: (id: string, on?: string): Promise<Catalog> =>
    ok(api.GET('/municipalities/{id}/catalog', { params: { path: { id }, query: on ? { on } : {} } })),
  value: (body: ValuationRequest) => ok(api.POST('/valuations', { body })),
};

export type ImportCheck = Schemas['ImportCheck'];
export type ImportJob = Schemas['ImportJob'];
export type ImportRowResult = Schemas['ImportRowResult'];
export type CouncilReport = Schemas['CouncilReport'];

// A CSV file is sent as its bytes, not as JSON, so the API can tell a file
// that is not UTF-8 (openapi-fetch types a text/csv body as a string).
const asCsv = { bodySerializer: (b: string) => b, headers: { 'Content-Type': 'text/csv' } };

// The route answers a dry run (200) or a job (202); the query decides which.
export const imports = {
  check: async (file: Blob) =>
    (await ok(api.POST('/contracts/import', { params: { query: { dry_run: true } }, body: file as unknown as string, ...asCsv }))) as ImportCheck,
  start: async (file: Blob) => (await ok(api.POST('/contracts/import', { body: file as unknown as string, ...asCsv }))) as ImportJob,
  get: (id: string) => ok(api.GET('/imports/{id}', { params: { path: { id } } })),
};

export const councilReports = {
  get: (municipality: string, year: number) =>
    ok(api.GET('/council-reports/{municipality}/{year}', { params: { path: { municipality, year: String(year) } } })),
};

/**
 * Fetches what a route answers in another type than JSON (a CSV export, a
 * PDF) with the bearer token; errors are the API's, as ApiError.
 */
export async function fetchFile(path: string, accept: 'text/csv' | 'application/pdf'): Promise<Blob> {
  let res: Response;
  try {
    res = await fetch((baseUrl || location.origin) + path, { headers: { Accept: accept, ...(token ? { Authorization: `Bearer ${token}` } : {}) } });
  } catch {
    throw networkError();
  }
  if (!res.ok) {
    const body: unknown = await res.json().catch(() => undefined);
    const err = toApiError(res.status, body, res.headers.get('x-request-id') ?? '');
    onError?.(err);
    throw err;
  }
  return res.blob();
}
