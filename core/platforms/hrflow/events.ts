import type { EntityDefinition, EventDefinition, JsonSchema } from '../../types';
import type { HrFlowEntityData, HrFlowJobEventData, HrFlowJobEventType, HrFlowProfileEventData, HrFlowProfileEventType } from './types';

/*
 * The 12 profile and 9 job event types of HrFlow.ai's webhook connector, with the descriptions and
 * volumes of its two event tables. Its docs also show a `job.parsing.success` payload, but that
 * type is in neither table, so it is not catalogued (it would still pass through as unknown).
 * The job payload example's raw content says `source` where the form values say `board`; we follow
 * the form values (`job.board.key`), which match HrFlow's job model.
 */

// Keyed by the payload types' entities, so that every entity has one (types.ts).
export const hrFlowEntities: Record<keyof HrFlowEntityData, EntityDefinition> = {
	profile: { noun: 'Profile', description: 'A candidate profile (parsed CV/resume) stored in an HrFlow.ai source.' },
	job: { noun: 'Job', description: 'A job stored in an HrFlow.ai board.' },
};

// Sample object keys say they are examples: real HrFlow keys are 40 hex digits, the shape of a secret
// to any scanner (n8n's no-hardcoded-secrets rule), and nothing that looks like a secret ships in code.
const sampleKeys = {
	profile: { key: 'example-profile-key', source: 'example-source-key' },
	job: { key: 'example-job-key', board: 'example-board-key' },
};

const keySchema = (title: string, description: string, primary = false): JsonSchema => ({
	type: 'string',
	title,
	description,
	...(primary ? { 'x-primary': true } : {}),
});

function envelopeProperties(type: string): Record<string, JsonSchema> {
	return {
		type: { type: 'string', title: 'Event Type', description: 'The HrFlow.ai event type.', enum: [type] },
		origin: { type: 'string', title: 'Origin', description: 'Where the action came from, e.g. "api".' },
		message: { type: 'string', title: 'Message', description: 'Human-readable outcome, e.g. "profile parsing succeed".' },
	};
}

function profileSchema(type: HrFlowProfileEventType): JsonSchema {
	return {
		type: 'object',
		title: 'Profile Event',
		required: ['type', 'profile'],
		properties: {
			...envelopeProperties(type),
			profile: {
				type: 'object',
				title: 'Profile',
				description: 'Reference to the profile; fetch it with the Profile API using both keys.',
				required: ['key', 'source'],
				properties: {
					key: keySchema('Profile Key', 'Key of the profile.', true),
					source: {
						type: 'object',
						title: 'Source',
						description: 'The source (profile storage) holding the profile.',
						required: ['key'],
						properties: { key: keySchema('Source Key', 'Key of the source.') },
					},
				},
			},
		},
	};
}

function jobSchema(type: HrFlowJobEventType): JsonSchema {
	return {
		type: 'object',
		title: 'Job Event',
		required: ['type', 'job'],
		properties: {
			...envelopeProperties(type),
			job: {
				type: 'object',
				title: 'Job',
				description: 'Reference to the job; fetch it with the Job API using both keys.',
				required: ['key', 'board'],
				properties: {
					key: keySchema('Job Key', 'Key of the job.', true),
					board: {
						type: 'object',
						title: 'Board',
						description: 'The board (job storage) holding the job.',
						required: ['key'],
						properties: { key: keySchema('Board Key', 'Key of the board.') },
					},
				},
			},
		},
	};
}

/*
 * HrFlow's docs only show success messages ("profile parsing succeed"); the update and error
 * wordings below are our guesses for samples and may differ from what HrFlow sends.
 */
function sampleMessage(type: string): string {
	const [object, stage, status] = type.split('.');
	if (status === 'update') return `${object} ${stage} update succeed`;
	if (status === 'error') return `${object} ${stage} failed`;
	return `${object} ${stage} succeed`;
}

function profileEvent(type: HrFlowProfileEventType, label: string, description: string, volume: 'high' | 'medium' | 'low'): EventDefinition {
	const message = sampleMessage(type);
	const sample: HrFlowProfileEventData = {
		type,
		origin: 'api',
		message,
		profile: { key: sampleKeys.profile.key, source: { key: sampleKeys.profile.source } },
	};
	return { name: type, label, description, entity: 'profile', schema: profileSchema(type), sample, sampleMeta: { origin: 'api', message }, volume };
}

function jobEvent(type: HrFlowJobEventType, label: string, description: string, volume: 'high' | 'medium' | 'low'): EventDefinition {
	const message = sampleMessage(type);
	const sample: HrFlowJobEventData = {
		type,
		origin: 'api',
		message,
		job: { key: sampleKeys.job.key, board: { key: sampleKeys.job.board } },
	};
	return { name: type, label, description, entity: 'job', schema: jobSchema(type), sample, sampleMeta: { origin: 'api', message }, volume };
}

export const hrFlowEvents: EventDefinition[] = [
	profileEvent('profile.parsing.success', 'Profile Parsed', 'Sent when a Profile is parsed successfully for the 1st time.', 'high'),
	profileEvent('profile.parsing.update', 'Profile Parsed Again', 'Sent when an existing Profile is parsed again successfully.', 'medium'),
	profileEvent('profile.parsing.error', 'Profile Parsing Failed', 'Sent when parsing a Profile has failed and should be retried. The Profile Parsing cannot be retrieved.', 'low'),
	profileEvent('profile.storing.success', 'Profile Stored', 'Sent when a Profile is saved successfully for the 1st time.', 'high'),
	profileEvent('profile.storing.update', 'Profile Updated', 'Sent when an existing Profile is updated successfully.', 'medium'),
	profileEvent('profile.storing.error', 'Profile Storing Failed', 'Sent when saving a Profile has failed and should be retried. The Profile cannot be retrieved.', 'low'),
	profileEvent(
		'profile.searching.success',
		'Profile Indexed for Search',
		'Sent when a Profile is saved successfully in the Searching API Index for the 1st time and is ready to be queried.',
		'high',
	),
	profileEvent(
		'profile.searching.update',
		'Profile Search Index Updated',
		'Sent when an existing Profile is updated successfully in the Searching API Index and is ready to be queried.',
		'medium',
	),
	profileEvent(
		'profile.searching.error',
		'Profile Search Indexing Failed',
		'Sent when saving a Profile in the Searching API Index has failed and should be retried. The Profile cannot be queried.',
		'low',
	),
	profileEvent(
		'profile.scoring.success',
		'Profile Indexed for Scoring',
		'Sent when a Profile is saved successfully in the Scoring API Index for the 1st time and is ready to be scored.',
		'high',
	),
	profileEvent(
		'profile.scoring.update',
		'Profile Scoring Index Updated',
		'Sent when an existing Profile is updated successfully in the Scoring API Index and is ready to be scored.',
		'medium',
	),
	profileEvent(
		'profile.scoring.error',
		'Profile Scoring Indexing Failed',
		'Sent when saving a Profile in the Scoring API Index has failed and should be retried. The Profile cannot be scored.',
		'low',
	),
	jobEvent('job.storing.success', 'Job Stored', 'Sent when a Job is saved successfully for the 1st time.', 'high'),
	jobEvent('job.storing.update', 'Job Updated', 'Sent when an existing Job is updated successfully.', 'high'),
	jobEvent('job.storing.error', 'Job Storing Failed', 'Sent when saving a Job has failed and should be retried. The Job cannot be retrieved.', 'low'),
	jobEvent(
		'job.searching.success',
		'Job Indexed for Search',
		'Sent when a Job is saved successfully in the Searching API Index for the 1st time and is ready to be queried.',
		'high',
	),
	jobEvent('job.searching.update', 'Job Search Index Updated', 'Sent when an existing Job is updated successfully in the Searching API Index and is ready to be queried.', 'high'),
	jobEvent(
		'job.searching.error',
		'Job Search Indexing Failed',
		'Sent when saving a Job in the Searching API Index has failed and should be retried. The Job cannot be queried.',
		'low',
	),
	jobEvent('job.scoring.success', 'Job Indexed for Scoring', 'Sent when a Job is saved successfully in the Scoring API Index for the 1st time and is ready to be scored.', 'high'),
	jobEvent('job.scoring.update', 'Job Scoring Index Updated', 'Sent when an existing Job is updated successfully in the Scoring API Index and is ready to be scored.', 'high'),
	jobEvent(
		'job.scoring.error',
		'Job Scoring Indexing Failed',
		'Sent when saving a Job in the Scoring API Index has failed and should be retried. The Job cannot be scored.',
		'low',
	),
];
