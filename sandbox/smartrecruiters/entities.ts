/**
 * The resources a SmartRecruiters notification's `link` header points at. Notifications carry only
 * ids; the receiver fetches the current state from the Customer API. Paths are the real ones
 * (api.smartrecruiters.com: /jobs/{jobId}, /candidates/{id}/jobs/{jobId}/offers/{offerId},
 * /approvals-api/v201910/approvals/{id}, /interviews-api/v201904/interviews/{id}, ...).
 *
 * The store knows every id of the catalogue samples and every id an emitted event carried; each
 * resource is generated from its ids alone, so a job and the application that names it agree.
 */
import { createHash } from 'node:crypto';
import { platforms } from '../../core';
import type { RouteDefinition, SandboxRequest } from '../http/server-kit';
import { json } from '../http/server-kit';
import { notFound } from './api-errors';

type Ids = Record<string, string>;

interface EntityKind {
	kind: string;
	/** Body fields that identify the resource. */
	fields: string[];
	/** Only for events whose name starts so (bodies with a bare `id`). */
	eventPrefix?: string;
	/** Real Customer API path, `{field}` placeholders. */
	path: string;
	/** Further paths that serve the same resource. */
	aliases?: string[];
	build(ids: Ids): Record<string, unknown>;
}

/** Most specific first: an offer approval body also names the offer, the job and the candidate. */
const kinds: EntityKind[] = [
	{ kind: 'approval', fields: ['approvalRequestId'], path: '/approvals-api/v201910/approvals/{approvalRequestId}', build: approval },
	{ kind: 'offer', fields: ['candidateId', 'jobId', 'offerId'], path: '/candidates/{candidateId}/jobs/{jobId}/offers/{offerId}', build: offer },
	{ kind: 'interview', fields: ['interviewId'], path: '/interviews-api/v201904/interviews/{interviewId}', build: interview },
	{
		kind: 'position',
		fields: ['jobId', 'positionId'],
		path: '/jobs/{jobId}/positions/{positionId}',
		aliases: ['/jobs-api/v1/jobs/{jobId}/positions/{positionId}'],
		build: position,
	},
	{ kind: 'jobAd', fields: ['jobId', 'jobAdId'], path: '/jobs/{jobId}/jobads/{jobAdId}', aliases: ['/jobs-api/v1/jobs/{jobId}/jobads/{jobAdId}'], build: jobAd },
	{ kind: 'attachment', fields: ['attachmentId'], path: '/candidates/attachments/{attachmentId}', build: attachment },
	{
		kind: 'application',
		fields: ['candidateId', 'jobId'],
		path: '/candidates/{candidateId}/jobs/{jobId}',
		aliases: ['/candidates-api/v1/candidates/{candidateId}/jobs/{jobId}'],
		build: application,
	},
	{ kind: 'candidate', fields: ['id'], eventPrefix: 'candidate.', path: '/candidates/{id}', aliases: ['/candidates-api/v1/candidates/{id}'], build: candidate },
	{ kind: 'job', fields: ['id'], eventPrefix: 'job.', path: '/jobs/{id}', aliases: ['/jobs-api/v1/jobs/{id}'], build: job },
];

function idsOf(data: unknown, kind: EntityKind, event: string): Ids | undefined {
	if (data === null || typeof data !== 'object') return undefined;
	if (kind.eventPrefix !== undefined && !event.startsWith(kind.eventPrefix)) return undefined;
	const record = data as Record<string, unknown>;
	const ids: Ids = {};
	for (const field of kind.fields) {
		const value = record[field];
		if (typeof value !== 'string' || value === '') return undefined;
		ids[field] = value;
	}
	return ids;
}

function fill(pattern: string, ids: Ids): string {
	return pattern.replace(/\{(\w+)\}/g, (_, field: string) => encodeURIComponent(ids[field]));
}

function keyOf(kind: string, ids: Ids): string {
	return `${kind}:${Object.keys(ids)
		.sort()
		.map((field) => ids[field])
		.join('/')}`;
}

export class EntityStore {
	private readonly known = new Set<string>();

	constructor() {
		this.reset();
	}

	/** Registers every resource the body names, and returns the notification's link path. */
	remember(event: string, data: unknown): string | undefined {
		let link: string | undefined;
		for (const kind of kinds) {
			const ids = idsOf(data, kind, event);
			if (ids === undefined) continue;
			this.known.add(keyOf(kind.kind, ids));
			link ??= fill(kind.path, ids);
		}
		// The resources around them exist too: an application's job and candidate, an offer's application.
		if (data !== null && typeof data === 'object') {
			const record = data as Record<string, unknown>;
			if (typeof record.jobId === 'string') this.known.add(keyOf('job', { id: record.jobId }));
			if (typeof record.candidateId === 'string') this.known.add(keyOf('candidate', { id: record.candidateId }));
			if (typeof record.jobId === 'string' && typeof record.candidateId === 'string')
				this.known.add(keyOf('application', { candidateId: record.candidateId, jobId: record.jobId }));
		}
		return link;
	}

	/** Back to the catalogue samples only. */
	reset(): void {
		this.known.clear();
		for (const definition of platforms.smartrecruiters.events) this.remember(definition.name, definition.sample);
	}

	routes(authorize: (request: SandboxRequest) => void): RouteDefinition[] {
		return kinds.flatMap((kind) =>
			[kind.path, ...(kind.aliases ?? [])].map((pattern, index) => ({
				name: `entities.${kind.kind}${index === 0 ? '' : `.alias${index}`}`,
				method: 'GET',
				pattern,
				handler: (request: SandboxRequest) => {
					authorize(request);
					const ids: Ids = {};
					for (const field of kind.fields) ids[field] = request.params[field];
					if (!this.known.has(keyOf(kind.kind, ids)))
						throw notFound(
							`No ${kind.kind} with ${Object.entries(ids)
								.map(([field, value]) => `${field} ${value}`)
								.join(', ')} in the sandbox. Emit an event that names it first.`,
						);
					return json(200, kind.build(ids));
				},
			})),
		);
	}
}

// ---- generated resources ---------------------------------------------------------------------
// Deterministic: the same id always gives the same resource, across restarts.

function pick<T>(id: string, salt: string, options: readonly T[]): T {
	const digest = createHash('sha256').update(`${salt}:${id}`).digest();
	return options[digest.readUInt32BE(0) % options.length];
}

function dateFor(id: string, salt: string, daysAgoMax = 60): string {
	const digest = createHash('sha256').update(`${salt}:${id}`).digest();
	const daysAgo = digest.readUInt16BE(0) % daysAgoMax;
	return new Date(Date.UTC(2026, 0, 31) - daysAgo * 86_400_000 + (digest.readUInt16BE(2) % 86_400) * 1000).toISOString();
}

const TITLES = ['Senior Backend Engineer', 'Customer Success Manager', 'Product Designer', 'Data Analyst', 'Talent Acquisition Partner', 'Site Reliability Engineer'] as const;
const DEPARTMENTS = ['Engineering', 'Customer Success', 'Design', 'Data', 'People', 'Operations'] as const;
const CITIES = [
	{ city: 'Berlin', country: 'Germany', countryCode: 'de' },
	{ city: 'Kraków', country: 'Poland', countryCode: 'pl' },
	{ city: 'San Francisco', country: 'United States', countryCode: 'us' },
	{ city: 'Paris', country: 'France', countryCode: 'fr' },
] as const;
const FIRST_NAMES = ['Priya', 'Jonas', 'Amara', 'Mateo', 'Yuki', 'Olivia'] as const;
const LAST_NAMES = ['Raman', 'Becker', 'Okafor', 'García', 'Tanaka', 'Smith'] as const;

function jobTitle(jobId: string): string {
	return pick(jobId, 'title', TITLES);
}

function personName(candidateId: string): { firstName: string; lastName: string } {
	return { firstName: pick(candidateId, 'first', FIRST_NAMES), lastName: pick(candidateId, 'last', LAST_NAMES) };
}

function job({ id }: Ids): Record<string, unknown> {
	const department = pick(id, 'department', DEPARTMENTS);
	return {
		id,
		title: jobTitle(id),
		refNumber: `REF${createHash('sha256').update(id).digest().readUInt16BE(0)}`,
		createdOn: dateFor(id, 'job-created'),
		updatedOn: dateFor(id, 'job-updated', 5),
		department: { id: department.toLowerCase().replace(/\s+/g, '-'), label: department },
		location: { ...pick(id, 'location', CITIES), remote: pick(id, 'remote', [true, false]) },
		status: pick(id, 'status', ['SOURCING', 'INTERVIEW', 'OFFER']),
		postingStatus: 'PUBLIC',
		typeOfEmployment: { id: 'permanent', label: 'Full-time' },
		experienceLevel: { id: 'mid_senior_level', label: 'Mid-Senior Level' },
		industry: { id: 'computer_software', label: 'Computer Software' },
		function: { id: 'engineering', label: 'Engineering' },
		targetHiringDate: dateFor(id, 'job-target', 30).slice(0, 10),
		actions: { details: { url: `/jobs/${id}`, method: 'GET' } },
	};
}

function candidate({ id }: Ids): Record<string, unknown> {
	const { firstName, lastName } = personName(id);
	return {
		id,
		firstName,
		lastName,
		email: `${firstName}.${lastName}@example.com`
			.toLowerCase()
			.normalize('NFD')
			.replace(/[\u0300-\u036f]/g, ''),
		phoneNumber: '+49 30 1234567',
		location: pick(id, 'location', CITIES),
		web: { linkedin: `https://www.linkedin.com/in/${firstName.toLowerCase()}-${id.slice(0, 6)}` },
		createdOn: dateFor(id, 'candidate-created'),
		updatedOn: dateFor(id, 'candidate-updated', 5),
		tags: ['sandbox'],
		actions: { details: { url: `/candidates/${id}`, method: 'GET' } },
	};
}

function application({ candidateId, jobId }: Ids): Record<string, unknown> {
	return {
		candidateId,
		job: { id: jobId, title: jobTitle(jobId) },
		status: pick(`${candidateId}/${jobId}`, 'status', ['NEW', 'IN_REVIEW', 'INTERVIEW', 'OFFERED']),
		subStatus: null,
		startsOn: null,
		createdOn: dateFor(`${candidateId}/${jobId}`, 'applied'),
		source: { id: 'linkedin', label: 'LinkedIn' },
		actions: { details: { url: `/candidates/${candidateId}/jobs/${jobId}`, method: 'GET' } },
	};
}

function offer({ candidateId, jobId, offerId }: Ids): Record<string, unknown> {
	return {
		id: offerId,
		status: pick(offerId, 'status', ['CREATED', 'PENDING_APPROVAL', 'APPROVED', 'SENT', 'ACCEPTED']),
		createdOn: dateFor(offerId, 'offer-created', 10),
		updatedOn: dateFor(offerId, 'offer-updated', 2),
		candidate: { id: candidateId, ...personName(candidateId) },
		job: { id: jobId, title: jobTitle(jobId) },
		properties: [
			{ id: 'base_salary', label: 'Base salary', value: { code: 'EUR', value: 85000 } },
			{ id: 'start_date', label: 'Start date', value: dateFor(offerId, 'start', 20).slice(0, 10) },
		],
	};
}

function approval({ approvalRequestId }: Ids): Record<string, unknown> {
	return {
		id: approvalRequestId,
		status: pick(approvalRequestId, 'status', ['PENDING', 'APPROVED', 'REJECTED']),
		createdOn: dateFor(approvalRequestId, 'approval-created', 10),
		approvalSteps: [{ approvers: [{ id: 'user-hiring-manager', type: 'USER' }], status: 'PENDING' }],
	};
}

function position({ jobId, positionId }: Ids): Record<string, unknown> {
	return {
		id: positionId,
		jobId,
		type: 'NEW',
		positionOpenDate: dateFor(positionId, 'open', 30).slice(0, 10),
		targetStartDate: dateFor(positionId, 'start', 10).slice(0, 10),
		status: 'OPEN',
	};
}

function jobAd({ jobId, jobAdId }: Ids): Record<string, unknown> {
	return {
		id: jobAdId,
		jobId,
		title: jobTitle(jobId),
		language: { code: 'en', label: 'English' },
		postingStatus: 'PUBLIC',
		createdOn: dateFor(jobAdId, 'ad-created', 20),
		updatedOn: dateFor(jobAdId, 'ad-updated', 3),
		jobAd: { sections: { jobDescription: { title: 'Job Description', text: `<p>Join us as ${jobTitle(jobId)}.</p>` } } },
	};
}

function attachment({ attachmentId }: Ids): Record<string, unknown> {
	return { id: attachmentId, name: 'resume.pdf', type: 'RESUME', contentType: 'application/pdf', createdOn: dateFor(attachmentId, 'attached', 10) };
}

function interview({ interviewId }: Ids): Record<string, unknown> {
	const startsOn = dateFor(interviewId, 'interview', 7);
	return {
		id: interviewId,
		title: 'Technical interview',
		timezone: 'Europe/Berlin',
		timeslots: [
			{
				id: `${interviewId.slice(0, 8)}-slot`,
				startsOn,
				endsOn: new Date(Date.parse(startsOn) + 3_600_000).toISOString(),
				interviewers: [{ id: 'user-hiring-manager', status: 'ACCEPTED' }],
			},
		],
	};
}
