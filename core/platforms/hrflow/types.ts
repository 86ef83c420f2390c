/**
 * HrFlow.ai webhook events, as VerifiedEvent.data: the posted fields (`type`, `origin`, `message`)
 * with the JSON-encoded `profile` or `job` field parsed into an object. Keys are 40-hex strings.
 */

export type HrFlowProfileEventType =
	| 'profile.parsing.success'
	| 'profile.parsing.update'
	| 'profile.parsing.error'
	| 'profile.storing.success'
	| 'profile.storing.update'
	| 'profile.storing.error'
	| 'profile.searching.success'
	| 'profile.searching.update'
	| 'profile.searching.error'
	| 'profile.scoring.success'
	| 'profile.scoring.update'
	| 'profile.scoring.error';

export type HrFlowJobEventType =
	| 'job.storing.success'
	| 'job.storing.update'
	| 'job.storing.error'
	| 'job.searching.success'
	| 'job.searching.update'
	| 'job.searching.error'
	| 'job.scoring.success'
	| 'job.scoring.update'
	| 'job.scoring.error';

export interface HrFlowProfileRef {
	/** Profile key. */
	key: string;
	/** The source (profile storage) the profile lives in. */
	source: { key: string };
}

export interface HrFlowJobRef {
	/** Job key. */
	key: string;
	/** The board (job storage) the job lives in. */
	board: { key: string };
}

export interface HrFlowProfileEventData {
	type: HrFlowProfileEventType;
	/** Where the action came from, e.g. "api". */
	origin?: string;
	/** Human-readable outcome, e.g. "profile parsing succeed". */
	message?: string;
	profile: HrFlowProfileRef;
}

export interface HrFlowJobEventData {
	type: HrFlowJobEventType;
	origin?: string;
	message?: string;
	job: HrFlowJobRef;
}

export type HrFlowEventData = HrFlowProfileEventData | HrFlowJobEventData;

/** The `data` of this platform's events by catalogue entity (events.ts `entities`). */
export interface HrFlowEntityData {
	profile: HrFlowProfileEventData;
	job: HrFlowJobEventData;
}
