/**
 * The `data` member of a decrypted TalentPools event (`{ eventType, timestamp, data }`).
 * TalentPools does not publish these shapes; they mirror core/platforms/talentpools/events.ts,
 * which is where a field is added when a real delivery shows one.
 */

export interface TalentPoolsFreelancer {
	id: string;
	firstName: string;
	lastName: string;
	email: string;
	phone?: string | null;
	headline?: string | null;
	country?: string | null;
	city?: string | null;
	skills?: string[];
	categories?: string[];
	hourlyRate?: number | null;
	currency?: string | null;
	profileUrl?: string | null;
	registeredAt: string;
}

export interface TalentPoolsCustomer {
	id: string;
	firstName: string;
	lastName: string;
	email: string;
	companyName?: string | null;
	phone?: string | null;
	country?: string | null;
	city?: string | null;
	registeredAt: string;
}

export type TalentPoolsBudgetType = 'fixed' | 'hourly';

export interface TalentPoolsJob {
	id: string;
	title: string;
	description: string;
	category?: string | null;
	skills?: string[];
	budget?: number | null;
	budgetType?: TalentPoolsBudgetType | null;
	currency?: string | null;
	location?: string | null;
	remote?: boolean;
	customerId: string;
	customerName?: string | null;
	url?: string | null;
	postedAt: string;
}

export interface TalentPoolsApplication {
	id: string;
	jobId: string;
	jobTitle?: string | null;
	freelancerId: string;
	freelancerName?: string | null;
	freelancerEmail?: string | null;
	coverLetter?: string | null;
	proposedRate?: number | null;
	rateType?: TalentPoolsBudgetType | null;
	currency?: string | null;
	appliedAt: string;
}

/** What one TalentPools event carries in `data`, by our event name. */
export interface TalentPoolsEventDataMap {
	'freelancer.registered': TalentPoolsFreelancer;
	'customer.registered': TalentPoolsCustomer;
	'job.posted': TalentPoolsJob;
	'job.application.created': TalentPoolsApplication;
}

/** The `data` of this platform's events by catalogue entity (events.ts `entities`). */
export interface TalentPoolsEntityData {
	freelancer: TalentPoolsFreelancer;
	customer: TalentPoolsCustomer;
	job: TalentPoolsJob;
	application: TalentPoolsApplication;
}
