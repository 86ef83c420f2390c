import type { EntityDefinition, EventDefinition, JsonSchema } from '../../types';
import type {
	SmartRecruitersEntityData,
	SmartRecruitersApplicationAttachmentNotification,
	SmartRecruitersApplicationNotification,
	SmartRecruitersCandidateNotification,
	SmartRecruitersInterviewNotification,
	SmartRecruitersJobAdNotification,
	SmartRecruitersJobApprovalNotification,
	SmartRecruitersJobNotification,
	SmartRecruitersOfferApprovalNotification,
	SmartRecruitersOfferNotification,
	SmartRecruitersPositionNotification,
} from './types';

/*
 * Event names: the EventName enum of SmartRecruiters' Webhooks Subscriptions API (v201907, "Callbacks"
 * of POST /subscriptions), as generated into the public open_api_smart_recruiters_sdk client, plus
 * interview.created/updated/canceled (listed as SmartRecruiters webhook events by Knit's connector
 * docs). review.* and onboarding.* exist too but are not catalogued yet; they pass through as unknown.
 *
 * Bodies are thin, camelCase id sets ("The id of the changed resource is provided in the body";
 * developers.smartrecruiters.com/docs/receiving-webhook-notifications). Field sets confirmed by the
 * SDK's callback payload models: job `{ id }`, job ad postings `{ jobId, jobAdId }`, position
 * `{ jobId, positionId }`, application attachment `{ jobId, candidateId, applicationId, attachmentId }`.
 * The others (application `{ jobId, candidateId }`, candidate `{ id }`, offer, approval and interview
 * bodies) follow the same pattern but are not confirmed. The docs' signing example body
 * `{"job_id":"jid","candidate_id":"cid"}` is illustrative only. Schemas allow extra fields.
 *
 * Versions: the only callback version the docs show is `v201910` (signing example, application.created);
 * samples use it for every event.
 */

const EVENT_VERSION = 'v201910';

// Keyed by the payload types' entities, so that every entity has one (types.ts).
export const smartRecruitersEntities: Record<keyof SmartRecruitersEntityData, EntityDefinition> = {
	job: { noun: 'Job', description: 'A job (requisition) in SmartRecruiters, with its ads and approvals.' },
	position: { noun: 'Position', description: 'An opening (headcount) of a job.' },
	application: { noun: 'Application', description: "A candidate's application to a job." },
	candidate: { noun: 'Candidate', description: 'A person in the SmartRecruiters candidate database.' },
	offer: { noun: 'Offer', description: 'A job offer made to a candidate, with its approvals.' },
	interview: { noun: 'Interview', description: 'An interview scheduled for an application.' },
};

type Field = [key: string, title: string, description: string];

function notificationSchema(title: string, primary: string, fields: Field[], optional: string[] = []): JsonSchema {
	const properties: Record<string, JsonSchema> = {};
	for (const [key, fieldTitle, description] of fields) {
		properties[key] = { type: 'string', title: fieldTitle, description, ...(key === primary ? { 'x-primary': true } : {}) };
	}
	return {
		type: 'object',
		title,
		description: 'Ids of the changed resource; fetch its current state from the Link header URL.',
		required: fields.map(([key]) => key).filter((key) => !optional.includes(key)),
		properties,
	};
}

const JOB_ID: Field = ['jobId', 'Job ID', 'Id of the job.'];
const CANDIDATE_ID: Field = ['candidateId', 'Candidate ID', 'Id of the candidate.'];
const OFFER_ID: Field = ['offerId', 'Offer ID', 'Id of the offer.'];
const APPROVAL_ID: Field = ['approvalRequestId', 'Approval Request ID', 'Id of the approval request (Approvals API).'];

const jobSchema = notificationSchema('Job Notification', 'id', [['id', 'Job ID', 'Id of the job.']]);
const jobAdSchema = notificationSchema('Job Ad Notification', 'jobId', [JOB_ID, ['jobAdId', 'Job Ad ID', 'Id of the job ad.']]);
const positionSchema = notificationSchema('Position Notification', 'positionId', [JOB_ID, ['positionId', 'Position ID', 'Id of the position.']]);
const applicationSchema = notificationSchema('Application Notification', 'candidateId', [JOB_ID, CANDIDATE_ID]);
const applicationAttachmentSchema = notificationSchema(
	'Application Attachment Notification',
	'candidateId',
	[JOB_ID, CANDIDATE_ID, ['applicationId', 'Application ID', 'Id of the application.'], ['attachmentId', 'Attachment ID', 'Id of the new attachment.']],
	['applicationId'],
);
const candidateSchema = notificationSchema('Candidate Notification', 'id', [['id', 'Candidate ID', 'Id of the candidate.']]);
const offerSchema = notificationSchema('Offer Notification', 'offerId', [JOB_ID, CANDIDATE_ID, OFFER_ID]);
const offerApprovalSchema = notificationSchema('Offer Approval Notification', 'offerId', [JOB_ID, CANDIDATE_ID, OFFER_ID, APPROVAL_ID]);
const jobApprovalSchema = notificationSchema('Job Approval Notification', 'jobId', [JOB_ID, APPROVAL_ID]);
const interviewSchema = notificationSchema('Interview Notification', 'interviewId', [['interviewId', 'Interview ID', 'Id of the interview.']]);

// Fictional ids in SmartRecruiters' UUID style.
const JOB = '5c4f7e2a-0d3b-4a8e-9f61-2b7d3c9e1a05';
const CANDIDATE = 'e1a7c3d9-6b2f-4f08-8c45-7d9e0b3a2f61';
const APPLICATION = '9b3d5f71-2c8e-4a64-b0d2-f5e7a9c1d384';

const jobSample: SmartRecruitersJobNotification = { id: JOB };
const jobAdSample: SmartRecruitersJobAdNotification = { jobId: JOB, jobAdId: '7f2e9a41-3c5d-4b86-a1e0-9d8c6b4f2e17' };
const positionSample: SmartRecruitersPositionNotification = { jobId: JOB, positionId: 'a3c8e6f0-4b1d-4e97-8a25-c6f0d2b8e493' };
const applicationSample: SmartRecruitersApplicationNotification = { jobId: JOB, candidateId: CANDIDATE };
const applicationAttachmentSample: SmartRecruitersApplicationAttachmentNotification = {
	jobId: JOB,
	candidateId: CANDIDATE,
	applicationId: APPLICATION,
	attachmentId: '2d6a8c0e-5f3b-4719-9e84-b1c3d5f7a926',
};
const candidateSample: SmartRecruitersCandidateNotification = { id: CANDIDATE };
const offerSample: SmartRecruitersOfferNotification = { jobId: JOB, candidateId: CANDIDATE, offerId: 'c7e9a1b3-8d5f-4c20-b6e4-0a2c4e6f8b15' };
const offerApprovalSample: SmartRecruitersOfferApprovalNotification = {
	...offerSample,
	approvalRequestId: 'f4b6d8e0-1a3c-4e5f-9b7d-3c5e7a9b1d28',
};
const jobApprovalSample: SmartRecruitersJobApprovalNotification = { jobId: JOB, approvalRequestId: '0e2c4a6b-8d1f-4379-a5c7-e9b1d3f5a742' };
const interviewSample: SmartRecruitersInterviewNotification = { interviewId: '6a8c0e2d-4f6b-4d81-93a5-b7d9f1c3e560' };

function event(name: string, label: string, description: string, entity: string, schema: JsonSchema, sample: unknown): EventDefinition {
	return { name, label, description, entity, schema, sample, sampleMeta: { version: EVENT_VERSION } };
}

export const smartRecruitersEvents: EventDefinition[] = [
	event('job.created', 'Job Created', 'Sent when a job is created.', 'job', jobSchema, jobSample),
	event('job.updated', 'Job Updated', "Sent when a job's details are updated.", 'job', jobSchema, jobSample),
	event('job.status.updated', 'Job Status Updated', "Sent when a job's status changes (for example to SOURCING, FILLED or CANCELLED).", 'job', jobSchema, jobSample),
	event('job.hiring-team.updated', 'Job Hiring Team Updated', "Sent when a job's hiring team changes.", 'job', jobSchema, jobSample),
	event('job.ad.created', 'Job Ad Created', 'Sent when a job ad is created for a job.', 'job', jobAdSchema, jobAdSample),
	event('job.ad.updated', 'Job Ad Updated', 'Sent when a job ad is updated.', 'job', jobAdSchema, jobAdSample),
	event(
		'job.ad.postings.updated',
		'Job Ad Postings Updated',
		'Sent when the postings of a job ad change (published to or unpublished from career sites and job boards).',
		'job',
		jobAdSchema,
		jobAdSample,
	),
	event('job.approval.created', 'Job Approval Requested', 'Sent when an approval request is created for a job.', 'job', jobApprovalSchema, jobApprovalSample),
	event('job.approval.approved', 'Job Approved', 'Sent when the approval request of a job is approved.', 'job', jobApprovalSchema, jobApprovalSample),
	event('job.approval.rejected', 'Job Approval Rejected', 'Sent when the approval request of a job is rejected.', 'job', jobApprovalSchema, jobApprovalSample),
	event('job.approval.abandoned', 'Job Approval Abandoned', 'Sent when the approval request of a job is abandoned.', 'job', jobApprovalSchema, jobApprovalSample),
	event(
		'job.approval.step.approved',
		'Job Approval Step Approved',
		'Sent when the approver of a step of the approval process approves the job.',
		'job',
		jobApprovalSchema,
		jobApprovalSample,
	),
	event(
		'job.approval.step.rejected',
		'Job Approval Step Rejected',
		'Sent when the approver of a step of the approval process rejects the job.',
		'job',
		jobApprovalSchema,
		jobApprovalSample,
	),
	event('job.approver.skipped', 'Job Approver Skipped', 'Sent when an approver of a job approval request is skipped.', 'job', jobApprovalSchema, jobApprovalSample),
	event(
		'job.approver.delegated',
		'Job Approver Delegated',
		'Sent when an approver of a job delegates approvals to a substitute for a selected period of time.',
		'job',
		jobApprovalSchema,
		jobApprovalSample,
	),
	event(
		'job.approval.comment.created',
		'Job Approval Comment Added',
		'Sent when a comment is added to the approval request of a job.',
		'job',
		jobApprovalSchema,
		jobApprovalSample,
	),
	event('position.created', 'Position Created', 'Sent when a position (opening) is added to a job.', 'position', positionSchema, positionSample),
	event('position.updated', 'Position Updated', 'Sent when a position of a job is updated.', 'position', positionSchema, positionSample),
	event('position.deleted', 'Position Deleted', 'Sent when a position is removed from a job.', 'position', positionSchema, positionSample),
	event('application.created', 'Application Created', 'Sent when a candidate applies to a job or is added to one.', 'application', applicationSchema, applicationSample),
	event(
		'application.status.updated',
		'Application Status Updated',
		"Sent when the status or sub-status of a candidate's application changes.",
		'application',
		applicationSchema,
		applicationSample,
	),
	event(
		'application.fields.updated',
		'Application Fields Updated',
		'Sent when the fields (properties) of an application are updated.',
		'application',
		applicationSchema,
		applicationSample,
	),
	event(
		'application.onboarding-status.updated',
		'Application Onboarding Status Updated',
		'Sent when the onboarding status of a hired application changes.',
		'application',
		applicationSchema,
		applicationSample,
	),
	event(
		'application.attachment.created',
		'Application Attachment Added',
		'Sent when an attachment is added to an application.',
		'application',
		applicationAttachmentSchema,
		applicationAttachmentSample,
	),
	event('application.source.updated', 'Application Source Updated', 'Sent when the source of an application changes.', 'application', applicationSchema, applicationSample),
	event(
		'application.screening-answers.created',
		'Screening Answers Submitted',
		'Sent when screening question answers are added to an application.',
		'application',
		applicationSchema,
		applicationSample,
	),
	event(
		'application.screening-answers.updated',
		'Screening Answers Updated',
		'Sent when the screening question answers of an application are updated.',
		'application',
		applicationSchema,
		applicationSample,
	),
	event('candidate.created', 'Candidate Created', 'Sent when a candidate is created.', 'candidate', candidateSchema, candidateSample),
	event('candidate.updated', 'Candidate Updated', "Sent when a candidate's details are updated.", 'candidate', candidateSchema, candidateSample),
	event('candidate.deleted', 'Candidate Deleted', 'Sent when a candidate is deleted.', 'candidate', candidateSchema, candidateSample),
	event('offer.created', 'Offer Created', 'Sent when an offer is created for a candidate.', 'offer', offerSchema, offerSample),
	event('offer.updated', 'Offer Updated', 'Sent when an offer is updated (including its status).', 'offer', offerSchema, offerSample),
	event('offer.approval.created', 'Offer Approval Requested', 'Sent when an approval request is created for an offer.', 'offer', offerApprovalSchema, offerApprovalSample),
	event('offer.approval.approved', 'Offer Approved', 'Sent when the approval request of an offer is approved.', 'offer', offerApprovalSchema, offerApprovalSample),
	event('offer.approval.rejected', 'Offer Approval Rejected', 'Sent when the approval request of an offer is rejected.', 'offer', offerApprovalSchema, offerApprovalSample),
	event('offer.approval.abandoned', 'Offer Approval Abandoned', 'Sent when the approval request of an offer is abandoned.', 'offer', offerApprovalSchema, offerApprovalSample),
	event(
		'offer.approval.step.approved',
		'Offer Approval Step Approved',
		'Sent when the approver of a step of the approval process approves the offer.',
		'offer',
		offerApprovalSchema,
		offerApprovalSample,
	),
	event(
		'offer.approval.step.rejected',
		'Offer Approval Step Rejected',
		'Sent when the approver of a step of the approval process rejects the offer.',
		'offer',
		offerApprovalSchema,
		offerApprovalSample,
	),
	event('offer.approver.skipped', 'Offer Approver Skipped', 'Sent when an approver of an offer approval request is skipped.', 'offer', offerApprovalSchema, offerApprovalSample),
	event(
		'offer.approver.delegated',
		'Offer Approver Delegated',
		'Sent when an approver of an offer delegates approvals to a substitute for a selected period of time.',
		'offer',
		offerApprovalSchema,
		offerApprovalSample,
	),
	event(
		'offer.approval.comment.created',
		'Offer Approval Comment Added',
		'Sent when a comment is added to the approval request of an offer.',
		'offer',
		offerApprovalSchema,
		offerApprovalSample,
	),
	event('interview.created', 'Interview Scheduled', 'Sent when an interview is scheduled for an application.', 'interview', interviewSchema, interviewSample),
	event('interview.updated', 'Interview Updated', 'Sent when a scheduled interview is changed.', 'interview', interviewSchema, interviewSample),
	event('interview.canceled', 'Interview Canceled', 'Sent when a scheduled interview is canceled.', 'interview', interviewSchema, interviewSample),
];
