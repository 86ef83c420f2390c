/**
 * The few SmartRecruiters Customer API reads the polling triggers make (https://api.smartrecruiters.com,
 * OAuth bearer token added by the app's beforeRequest). Lists are cursor-paged: `limit` up to 100 and
 * the `nextPageId` of each page as the next `pageId`.
 */
import type { ZObject } from 'zapier-platform-core';
import { SMARTRECRUITERS_DEFAULT_BASE_URL } from '../../../core/platforms/smartrecruiters/api';

export const SMARTRECRUITERS_API = SMARTRECRUITERS_DEFAULT_BASE_URL;
export const PAGE_SIZE = 100;
/** A poll reads at most this many pages; older changes are long deduplicated by then. */
export const MAX_PAGES = 5;
/** Status histories are one request per application: only the most recently updated candidates get them. */
export const MAX_CANDIDATES_WITH_HISTORY = 50;
export const HISTORY_CONCURRENCY = 5;

export type ApiRecord = Record<string, unknown> & { id: string };

export interface Assignment {
	jobId: string;
	jobTitle: string | null;
	status: string | null;
	subStatus: string | null;
}

export interface StatusHistoryEntry {
	status: string;
	subStatus: string | null;
	changedOn: string;
}

/**
 * Every record of a cursor-paged list, each once: a record changed while the pages are read moves and
 * shows up on two pages, and the later (newer) copy is kept, so nothing is fetched twice for it.
 */
export async function listAll(z: ZObject, path: string, params: Record<string, string>, maxPages = MAX_PAGES): Promise<ApiRecord[]> {
	const records: ApiRecord[] = [];
	let pageId: string | undefined;
	for (let page = 0; page < maxPages; page += 1) {
		const response = await z.request({
			url: `${SMARTRECRUITERS_API}${path}`,
			method: 'GET',
			params: { ...params, limit: String(PAGE_SIZE), ...(pageId !== undefined ? { pageId } : {}) },
		});
		const body = (response.data ?? {}) as { content?: unknown; nextPageId?: unknown };
		const content = Array.isArray(body.content) ? body.content : [];
		records.push(...content.filter(isApiRecord));
		pageId = typeof body.nextPageId === 'string' && body.nextPageId !== '' ? body.nextPageId : undefined;
		if (pageId === undefined || content.length === 0) break;
	}
	return newestCopies(records);
}

function newestCopies(records: ApiRecord[]): ApiRecord[] {
	const byId = new Map<string, ApiRecord>();
	for (const record of records) {
		const kept = byId.get(record.id);
		if (kept === undefined || (timeOf(record, 'updatedOn') ?? 0) >= (timeOf(kept, 'updatedOn') ?? 0)) byId.set(record.id, record);
	}
	return [...byId.values()];
}

/** The candidate's applications: its primary assignment and the secondary ones, each to one job. */
export function assignmentsOf(candidate: ApiRecord): Assignment[] {
	const all = [candidate.primaryAssignment, ...(Array.isArray(candidate.secondaryAssignments) ? candidate.secondaryAssignments : [])];
	const assignments: Assignment[] = [];
	for (const entry of all) {
		const a = entry as { job?: { id?: unknown; title?: unknown }; status?: unknown; subStatus?: unknown } | null | undefined;
		if (typeof a?.job?.id !== 'string' || assignments.some((x) => x.jobId === a.job?.id)) continue;
		assignments.push({
			jobId: a.job.id,
			jobTitle: typeof a.job.title === 'string' ? a.job.title : null,
			status: typeof a.status === 'string' ? a.status : null,
			subStatus: typeof a.subStatus === 'string' ? a.subStatus : null,
		});
	}
	return assignments;
}

/** GET /candidates/{id}/jobs/{jobId}/status/history, oldest first. */
export async function statusHistory(z: ZObject, candidateId: string, jobId: string): Promise<StatusHistoryEntry[]> {
	const response = await z.request({
		url: `${SMARTRECRUITERS_API}/candidates/${encodeURIComponent(candidateId)}/jobs/${encodeURIComponent(jobId)}/status/history`,
		method: 'GET',
	});
	const body = (response.data ?? {}) as { content?: unknown };
	const entries: StatusHistoryEntry[] = [];
	for (const entry of Array.isArray(body.content) ? body.content : []) {
		const e = entry as { status?: unknown; subStatus?: unknown; changedOn?: unknown };
		if (typeof e.status !== 'string' || typeof e.changedOn !== 'string' || Number.isNaN(Date.parse(e.changedOn))) continue;
		entries.push({ status: e.status, subStatus: typeof e.subStatus === 'string' ? e.subStatus : null, changedOn: e.changedOn });
	}
	return entries.sort((a, b) => Date.parse(a.changedOn) - Date.parse(b.changedOn));
}

export async function mapWithConcurrency<T, R>(items: T[], limit: number, run: (item: T) => Promise<R>): Promise<R[]> {
	const results: R[] = new Array(items.length);
	let next = 0;
	const workers = Array.from({ length: Math.min(limit, items.length) }, async () => {
		while (next < items.length) {
			const index = next;
			next += 1;
			results[index] = await run(items[index]);
		}
	});
	await Promise.all(workers);
	return results;
}

function isApiRecord(value: unknown): value is ApiRecord {
	return value !== null && typeof value === 'object' && !Array.isArray(value) && typeof (value as { id?: unknown }).id === 'string';
}

export function timeOf(record: Record<string, unknown>, field: string): number | undefined {
	const value = record[field];
	if (typeof value !== 'string') return undefined;
	const time = Date.parse(value);
	return Number.isNaN(time) ? undefined : time;
}
