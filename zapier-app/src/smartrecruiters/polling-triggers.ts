/**
 * SmartRecruiters triggers for Zapier. SmartRecruiters activates a webhook subscription with an
 * X-Hook-Secret handshake that the receiver must echo, and Zapier hooks cannot answer it (Zapier does not
 * support identity confirmation for webhook subscriptions). So these triggers poll the Customer API
 * instead, one per catalogue event they can observe there, with dedupe ids that are stable for the same
 * change and new for every new one:
 *   candidate.created           candidate id                         (createdOn inside the window)
 *   candidate.updated           candidate id + updatedOn
 *   job.created / job.updated   job id / job id + updatedOn
 *   application.created         candidate id + job id                (first status-history entry inside the window)
 *   application.status.updated  candidate id + job id + changedOn    (later status-history entries)
 * Each item carries the catalogue's notification body as `data` (what the webhook would have said) and
 * the resource itself, so a Zap needs no extra lookup step.
 */
import type { Bundle, Trigger, ZObject } from 'zapier-platform-core';
import type { EventDefinition, AnyPlatformDefinition } from '../../../core';
import { nounOf, triggerDescriptionOf, triggerKeyOf, triggerLabelOf } from '../naming';
import { type OutputField, finishOutputFields, schemaFields } from '../output-fields';
import {
	type ApiRecord,
	type Assignment,
	HISTORY_CONCURRENCY,
	MAX_CANDIDATES_WITH_HISTORY,
	type StatusHistoryEntry,
	assignmentsOf,
	listAll,
	mapWithConcurrency,
	statusHistory,
	timeOf,
} from './api';
import { applicationSample, applicationSchema, candidateSample, candidateSchema, jobSample, jobSchema } from './resources';

/** How far back a poll looks. Zapier polls every 1 to 15 minutes and remembers the ids it has seen. */
export const POLL_WINDOW_HOURS = 24;

export interface PollItem {
	id: string;
	event: string;
	occurredAt: string | null;
	data: Record<string, string>;
	candidate?: Record<string, unknown>;
	job?: Record<string, unknown>;
	application?: Record<string, unknown>;
}

export const pollEnvelopeFields: OutputField[] = [
	{ key: 'id', label: 'Event ID', type: 'string', required: true, primary: true },
	{ key: 'event', label: 'Event', type: 'string', required: true },
	{ key: 'occurredAt', label: 'Occurred At', type: 'datetime' },
];

type Resource = 'candidate' | 'job' | 'application';

/** What a poll reads: changes since a time, over at most so many pages of each list. */
interface PollWindow {
	since: Date;
	maxPages?: number;
}

interface PollingSpec {
	event: string;
	resources: Resource[];
	poll(z: ZObject, window: PollWindow): Promise<PollItem[]>;
	sample: PollItem;
}

/**
 * The editor's "Test trigger" on an account with no change in the window: the most recent real items
 * of any age instead of none, from the first page of each list only.
 */
export const SAMPLE_ITEMS = 3;
const SAMPLE_WINDOW: PollWindow = { since: new Date(0), maxPages: 1 };

const schemas = { candidate: candidateSchema, job: jobSchema, application: applicationSchema };

const specs: PollingSpec[] = [
	{
		event: 'candidate.created',
		resources: ['candidate'],
		poll: async (z, { since, maxPages }) =>
			(await candidatesSince(z, since, maxPages))
				.filter((c) => (timeOf(c, 'createdOn') ?? 0) >= since.getTime())
				.map((c) => ({ id: c.id, event: 'candidate.created', occurredAt: iso(c, 'createdOn'), data: { id: c.id }, candidate: c })),
		sample: { id: candidateSample.id, event: 'candidate.created', occurredAt: candidateSample.createdOn, data: { id: candidateSample.id }, candidate: candidateSample },
	},
	{
		event: 'candidate.updated',
		resources: ['candidate'],
		poll: async (z, { since, maxPages }) =>
			(await candidatesSince(z, since, maxPages))
				.filter(changedAfterCreation)
				.map((c) => ({ id: `${c.id}:${c.updatedOn}`, event: 'candidate.updated', occurredAt: iso(c, 'updatedOn'), data: { id: c.id }, candidate: c })),
		sample: {
			id: `${candidateSample.id}:${candidateSample.updatedOn}`,
			event: 'candidate.updated',
			occurredAt: candidateSample.updatedOn,
			data: { id: candidateSample.id },
			candidate: candidateSample,
		},
	},
	{
		event: 'job.created',
		resources: ['job'],
		poll: async (z, { since, maxPages }) =>
			(await jobsSince(z, since, maxPages))
				.filter((j) => (timeOf(j, 'createdOn') ?? 0) >= since.getTime())
				.map((j) => ({ id: j.id, event: 'job.created', occurredAt: iso(j, 'createdOn'), data: { id: j.id }, job: j })),
		sample: { id: jobSample.id, event: 'job.created', occurredAt: jobSample.createdOn, data: { id: jobSample.id }, job: jobSample },
	},
	{
		event: 'job.updated',
		resources: ['job'],
		poll: async (z, { since, maxPages }) =>
			(await jobsSince(z, since, maxPages))
				.filter(changedAfterCreation)
				.map((j) => ({ id: `${j.id}:${j.updatedOn}`, event: 'job.updated', occurredAt: iso(j, 'updatedOn'), data: { id: j.id }, job: j })),
		sample: { id: `${jobSample.id}:${jobSample.updatedOn}`, event: 'job.updated', occurredAt: jobSample.updatedOn, data: { id: jobSample.id }, job: jobSample },
	},
	{
		event: 'application.created',
		resources: ['candidate', 'application'],
		poll: async (z, { since, maxPages }) =>
			(await applicationsSince(z, since, maxPages)).flatMap(({ candidate, assignment, history }) => {
				const appliedOn = history[0]?.changedOn;
				if (appliedOn === undefined || Date.parse(appliedOn) < since.getTime()) return [];
				return [
					{
						id: `${candidate.id}:${assignment.jobId}`,
						event: 'application.created',
						occurredAt: appliedOn,
						data: { jobId: assignment.jobId, candidateId: candidate.id },
						candidate,
						application: application(candidate, assignment, history, history[history.length - 1]),
					},
				];
			}),
		sample: {
			id: `${candidateSample.id}:${jobSample.id}`,
			event: 'application.created',
			occurredAt: applicationSample.appliedOn,
			data: { jobId: jobSample.id, candidateId: candidateSample.id },
			candidate: candidateSample,
			application: applicationSample,
		},
	},
	{
		event: 'application.status.updated',
		resources: ['candidate', 'application'],
		poll: async (z, { since, maxPages }) =>
			(await applicationsSince(z, since, maxPages)).flatMap(({ candidate, assignment, history }) =>
				// The first entry is the application itself; each later one is a change of status.
				history.slice(1).flatMap((entry) =>
					Date.parse(entry.changedOn) < since.getTime()
						? []
						: [
								{
									id: `${candidate.id}:${assignment.jobId}:${entry.changedOn}`,
									event: 'application.status.updated',
									occurredAt: entry.changedOn,
									data: { jobId: assignment.jobId, candidateId: candidate.id },
									candidate,
									application: application(candidate, assignment, history, entry),
								},
							],
				),
			),
		sample: {
			id: `${candidateSample.id}:${jobSample.id}:${applicationSample.statusChangedOn}`,
			event: 'application.status.updated',
			occurredAt: applicationSample.statusChangedOn,
			data: { jobId: jobSample.id, candidateId: candidateSample.id },
			candidate: candidateSample,
			application: applicationSample,
		},
	},
];

export function pollingTriggersOf(platform: AnyPlatformDefinition): Record<string, Trigger> {
	const triggers: Record<string, Trigger> = {};
	for (const spec of specs) {
		const event = platform.events.find((e) => e.name === spec.event);
		if (event === undefined) throw new Error(`The ${platform.displayName} catalogue has no "${spec.event}" event for its polling trigger.`);
		const key = triggerKeyOf(event);
		triggers[key] = {
			key,
			noun: nounOf(platform, event),
			display: { label: triggerLabelOf(event), description: pollingDescription(platform, event) },
			operation: {
				type: 'polling',
				perform: async (z: ZObject, bundle: Bundle) => {
					const items = newestFirst(await spec.poll(z, { since: new Date(Date.now() - POLL_WINDOW_HOURS * 3600 * 1000) }));
					if (items.length > 0 || bundle.meta?.isLoadingSample !== true) return items;
					return newestFirst(await spec.poll(z, SAMPLE_WINDOW)).slice(0, SAMPLE_ITEMS);
				},
				sample: spec.sample as unknown as Record<string, unknown>,
				outputFields: pollingOutputFields(event, spec.resources),
			},
		};
	}
	return triggers;
}

/** Envelope, then the resources, then the notification body the webhook would have carried. */
export function pollingOutputFields(event: EventDefinition, resources: Resource[]): OutputField[] {
	return finishOutputFields(
		pollEnvelopeFields,
		...resources.map((resource) => schemaFields(schemas[resource], `${resource}__`, schemas[resource].title ?? resource)),
		schemaFields(event.schema, 'data__', 'Notification'),
	);
}

function pollingDescription(platform: AnyPlatformDefinition, event: EventDefinition): string {
	return `${triggerDescriptionOf(platform, event)} Checked by polling the SmartRecruiters API.`;
}

async function candidatesSince(z: ZObject, since: Date, maxPages?: number): Promise<ApiRecord[]> {
	return listAll(z, '/candidates', { updatedAfter: since.toISOString() }, maxPages);
}

async function jobsSince(z: ZObject, since: Date, maxPages?: number): Promise<ApiRecord[]> {
	return listAll(z, '/jobs', { updatedAfter: since.toISOString() }, maxPages);
}

interface ApplicationHistory {
	candidate: ApiRecord;
	assignment: Assignment;
	history: StatusHistoryEntry[];
}

async function applicationsSince(z: ZObject, since: Date, maxPages?: number): Promise<ApplicationHistory[]> {
	const candidates = (await candidatesSince(z, since, maxPages))
		.sort((a, b) => (timeOf(b, 'updatedOn') ?? 0) - (timeOf(a, 'updatedOn') ?? 0))
		.slice(0, MAX_CANDIDATES_WITH_HISTORY);
	const pairs = candidates.flatMap((candidate) => assignmentsOf(candidate).map((assignment) => ({ candidate, assignment })));
	return mapWithConcurrency(pairs, HISTORY_CONCURRENCY, async (pair) => ({ ...pair, history: await statusHistory(z, pair.candidate.id, pair.assignment.jobId) }));
}

function application(candidate: ApiRecord, assignment: Assignment, history: StatusHistoryEntry[], entry: StatusHistoryEntry | undefined): Record<string, unknown> {
	return {
		candidateId: candidate.id,
		jobId: assignment.jobId,
		jobTitle: assignment.jobTitle,
		status: entry?.status ?? assignment.status,
		subStatus: entry !== undefined ? entry.subStatus : assignment.subStatus,
		statusChangedOn: entry?.changedOn ?? null,
		appliedOn: history[0]?.changedOn ?? null,
	};
}

/** A record created and never changed since is not an update. */
function changedAfterCreation(record: ApiRecord): boolean {
	const created = timeOf(record, 'createdOn');
	const updated = timeOf(record, 'updatedOn');
	return updated !== undefined && (created === undefined || updated > created);
}

function iso(record: Record<string, unknown>, field: string): string | null {
	const time = timeOf(record, field);
	return time === undefined ? null : new Date(time).toISOString();
}

/** Zapier wants the newest first and each id once (a record can show up on two pages of a moving list). */
function newestFirst(items: PollItem[]): PollItem[] {
	const unique = [...new Map(items.map((item) => [item.id, item])).values()];
	const time = (item: PollItem) => Date.parse(item.occurredAt ?? '') || 0;
	return unique.sort((a, b) => time(b) - time(a) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}
