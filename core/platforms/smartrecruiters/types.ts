/**
 * SmartRecruiters notification bodies (VerifiedEvent.data). Notifications are thin: the body names
 * the changed resource by id, the headers carry event-name, event-version, event-id and a Link to
 * the resource in the Customer API. Which body each event carries is described in events.ts.
 */

/** job.created, job.updated, job.status.updated, job.hiring-team.updated. */
export interface SmartRecruitersJobNotification {
	/** The job's id. */
	id: string;
}

/** job.ad.created, job.ad.updated, job.ad.postings.updated. */
export interface SmartRecruitersJobAdNotification {
	jobId: string;
	jobAdId: string;
}

/** position.created, position.updated, position.deleted. */
export interface SmartRecruitersPositionNotification {
	jobId: string;
	positionId: string;
}

/** application.* except application.attachment.created. */
export interface SmartRecruitersApplicationNotification {
	jobId: string;
	candidateId: string;
}

/** application.attachment.created. */
export interface SmartRecruitersApplicationAttachmentNotification {
	jobId: string;
	candidateId: string;
	applicationId?: string;
	attachmentId: string;
}

/** candidate.created, candidate.updated, candidate.deleted. */
export interface SmartRecruitersCandidateNotification {
	/** The candidate's id. */
	id: string;
}

/** offer.created, offer.updated. */
export interface SmartRecruitersOfferNotification {
	jobId: string;
	candidateId: string;
	offerId: string;
}

/** offer.approval.*, offer.approver.*. */
export interface SmartRecruitersOfferApprovalNotification extends SmartRecruitersOfferNotification {
	approvalRequestId: string;
}

/** job.approval.*, job.approver.*. */
export interface SmartRecruitersJobApprovalNotification {
	jobId: string;
	approvalRequestId: string;
}

/** interview.created, interview.updated, interview.canceled. */
export interface SmartRecruitersInterviewNotification {
	interviewId: string;
}

export type SmartRecruitersNotification =
	| SmartRecruitersJobNotification
	| SmartRecruitersJobAdNotification
	| SmartRecruitersPositionNotification
	| SmartRecruitersApplicationNotification
	| SmartRecruitersApplicationAttachmentNotification
	| SmartRecruitersCandidateNotification
	| SmartRecruitersOfferNotification
	| SmartRecruitersOfferApprovalNotification
	| SmartRecruitersJobApprovalNotification
	| SmartRecruitersInterviewNotification;

/** The `data` of this platform's events by catalogue entity (events.ts `entities`). */
export interface SmartRecruitersEntityData {
	job: SmartRecruitersJobNotification | SmartRecruitersJobAdNotification | SmartRecruitersJobApprovalNotification;
	position: SmartRecruitersPositionNotification;
	application: SmartRecruitersApplicationNotification | SmartRecruitersApplicationAttachmentNotification;
	candidate: SmartRecruitersCandidateNotification;
	offer: SmartRecruitersOfferNotification | SmartRecruitersOfferApprovalNotification;
	interview: SmartRecruitersInterviewNotification;
}
