/**
 * The SmartRecruiters Customer API resources the polling triggers read, as catalogue-style JSON schemas
 * (titles become Zapier labels through the same generator as the webhook payloads) with samples.
 * Shapes: GET /candidates and GET /jobs list summaries (Customer API, "Search candidates" and "Search
 * jobs", cursor paging with nextPageId), GET /candidates/{id}/jobs/{jobId}/status/history entries
 * (status, subStatus, changedOn). Only the fields the triggers promise are described; items carry
 * every field the API returns. Sample ids are the catalogue's, so `data` and the resource agree.
 */
import { type JsonSchema, platforms } from '../../../core';

/** Application statuses of SmartRecruiters' hiring pipeline. */
export const APPLICATION_STATUSES = ['LEAD', 'NEW', 'IN_REVIEW', 'INTERVIEW', 'OFFERED', 'HIRED', 'REJECTED', 'WITHDRAWN', 'TRANSFERRED'];

const labelled = (title: string): JsonSchema => ({
	type: ['object', 'null'],
	title,
	properties: {
		id: { type: 'string', title: `${title} ID` },
		label: { type: 'string', title: title },
	},
});

const locationSchema = (title: string, extra: Record<string, JsonSchema> = {}): JsonSchema => ({
	type: ['object', 'null'],
	title,
	properties: {
		city: { type: ['string', 'null'], title: 'City' },
		region: { type: ['string', 'null'], title: 'Region' },
		country: { type: ['string', 'null'], title: 'Country' },
		countryCode: { type: ['string', 'null'], title: 'Country Code' },
		...extra,
	},
});

export const candidateSchema: JsonSchema = {
	type: 'object',
	title: 'Candidate',
	required: ['id', 'firstName', 'lastName', 'createdOn'],
	properties: {
		id: { type: 'string', title: 'Candidate ID', 'x-primary': true },
		firstName: { type: 'string', title: 'First Name' },
		lastName: { type: 'string', title: 'Last Name' },
		email: { type: ['string', 'null'], format: 'email', title: 'Email' },
		internal: { type: 'boolean', title: 'Internal Candidate' },
		location: locationSchema('Candidate Location'),
		averageRating: { type: ['number', 'null'], title: 'Average Rating' },
		tags: { type: 'array', title: 'Tags', items: { type: 'string', title: 'Tag' } },
		createdOn: { type: 'string', format: 'date-time', title: 'Candidate Created On' },
		updatedOn: { type: 'string', format: 'date-time', title: 'Candidate Updated On' },
		primaryAssignment: {
			type: ['object', 'null'],
			title: 'Primary Application',
			properties: {
				job: {
					type: 'object',
					title: 'Primary Job',
					properties: { id: { type: 'string', title: 'Primary Job ID' }, title: { type: 'string', title: 'Primary Job Title' } },
				},
				status: { type: 'string', title: 'Primary Application Status', enum: APPLICATION_STATUSES },
				subStatus: { type: ['string', 'null'], title: 'Primary Application Sub-Status' },
			},
		},
	},
};

export const jobSchema: JsonSchema = {
	type: 'object',
	title: 'Job',
	required: ['id', 'title', 'createdOn'],
	properties: {
		id: { type: 'string', title: 'Job ID', 'x-primary': true },
		title: { type: 'string', title: 'Job Title' },
		refNumber: { type: ['string', 'null'], title: 'Reference Number' },
		status: { type: 'string', title: 'Job Status', description: 'CREATED, SOURCING, FILLED, INTERVIEW, OFFER, CANCELLED or ON_HOLD.' },
		postingStatus: { type: ['string', 'null'], title: 'Posting Status', description: 'PUBLIC, INTERNAL, NOT_PUBLISHED or PRIVATE.' },
		department: labelled('Department'),
		location: locationSchema('Job Location', { remote: { type: ['boolean', 'null'], title: 'Remote' } }),
		createdOn: { type: 'string', format: 'date-time', title: 'Job Created On' },
		updatedOn: { type: 'string', format: 'date-time', title: 'Job Updated On' },
	},
};

export const applicationSchema: JsonSchema = {
	type: 'object',
	title: 'Application',
	required: ['candidateId', 'jobId', 'status'],
	properties: {
		candidateId: { type: 'string', title: 'Application Candidate ID' },
		jobId: { type: 'string', title: 'Application Job ID', 'x-primary': true },
		jobTitle: { type: ['string', 'null'], title: 'Application Job Title' },
		status: { type: 'string', title: 'Application Status', enum: APPLICATION_STATUSES },
		subStatus: { type: ['string', 'null'], title: 'Application Sub-Status' },
		statusChangedOn: { type: ['string', 'null'], format: 'date-time', title: 'Status Changed On' },
		appliedOn: { type: ['string', 'null'], format: 'date-time', title: 'Applied On', description: 'Time of the first entry of the status history.' },
	},
};

function catalogueSample(event: string): Record<string, string> {
	const definition = platforms.smartrecruiters.events.find((e) => e.name === event);
	if (definition === undefined) throw new Error(`SmartRecruiters catalogue has no ${event} event`);
	return definition.sample as Record<string, string>;
}

const SAMPLE_CANDIDATE_ID = catalogueSample('candidate.created').id;
const SAMPLE_JOB_ID = catalogueSample('job.created').id;

export const candidateSample = {
	id: SAMPLE_CANDIDATE_ID,
	internal: false,
	firstName: 'Maya',
	lastName: 'Lindqvist',
	email: 'maya.lindqvist@example.com',
	location: { city: 'Stockholm', region: 'Stockholm County', country: 'Sweden', countryCode: 'se' },
	averageRating: 4,
	tags: ['referral', 'react'],
	createdOn: '2025-03-18T09:12:44.000Z',
	updatedOn: '2025-03-18T14:05:32.000Z',
	primaryAssignment: {
		job: { id: SAMPLE_JOB_ID, title: 'Senior Frontend Engineer' },
		status: 'IN_REVIEW',
		subStatus: 'Phone screen',
	},
};

export const jobSample = {
	id: SAMPLE_JOB_ID,
	title: 'Senior Frontend Engineer',
	refNumber: 'REF-2291',
	status: 'SOURCING',
	postingStatus: 'PUBLIC',
	department: { id: 'dep-4410', label: 'Engineering' },
	location: { city: 'Stockholm', region: 'Stockholm County', country: 'Sweden', countryCode: 'se', remote: true },
	createdOn: '2025-03-10T08:00:00.000Z',
	updatedOn: '2025-03-17T16:45:12.000Z',
};

export const applicationSample = {
	candidateId: SAMPLE_CANDIDATE_ID,
	jobId: SAMPLE_JOB_ID,
	jobTitle: 'Senior Frontend Engineer',
	status: 'IN_REVIEW',
	subStatus: 'Phone screen',
	statusChangedOn: '2025-03-18T14:05:32.000Z',
	appliedOn: '2025-03-18T09:12:44.000Z',
};
