import type { EntityDefinition, EventDefinition, JsonSchema } from '../../types';
import type { TalentPoolsEntityData, TalentPoolsApplication, TalentPoolsCustomer, TalentPoolsFreelancer, TalentPoolsJob } from './types';

/*
 * TalentPools documents four webhook events ("Freelancer registers", "Customer registers",
 * "Job is posted", "Freelancer applies for a job") but not the `eventType` strings it puts in the
 * decrypted plaintext. The dotted names below are OUR names, kept only here: if a real delivery
 * shows different strings, change them in this file and nowhere else. An eventType that is not in
 * this list still passes through verification as an unknown event (known: false), with its data.
 */

// Keyed by the payload types' entities, so that every entity has one (types.ts).
export const talentPoolsEntities: Record<keyof TalentPoolsEntityData, EntityDefinition> = {
	freelancer: { noun: 'Freelancer', description: 'A freelancer (talent) account on the TalentPools marketplace.' },
	customer: { noun: 'Customer', description: 'A customer (client) account that posts jobs on the marketplace.' },
	job: { noun: 'Job', description: 'A job posted by a customer on the marketplace.' },
	application: { noun: 'Job Application', description: "A freelancer's application for a posted job." },
};

const skillsSchema: JsonSchema = {
	type: 'array',
	title: 'Skills',
	description: 'Skills tagged on the record.',
	items: { type: 'string', title: 'Skill' },
};

const currencySchema: JsonSchema = {
	type: ['string', 'null'],
	title: 'Currency',
	description: 'ISO 4217 currency code, e.g. "GBP".',
};

const rateTypeSchema = (title: string, description: string): JsonSchema => ({
	type: ['string', 'null'],
	title,
	description,
	enum: ['fixed', 'hourly', null],
});

const freelancerSchema: JsonSchema = {
	type: 'object',
	title: 'Freelancer',
	required: ['id', 'firstName', 'lastName', 'email', 'registeredAt'],
	properties: {
		id: { type: 'string', title: 'Freelancer ID', description: 'Marketplace ID of the freelancer.', 'x-primary': true },
		firstName: { type: 'string', title: 'First Name' },
		lastName: { type: 'string', title: 'Last Name' },
		email: { type: 'string', format: 'email', title: 'Email' },
		phone: { type: ['string', 'null'], title: 'Phone' },
		headline: { type: ['string', 'null'], title: 'Headline', description: 'One-line professional headline from the profile.' },
		country: { type: ['string', 'null'], title: 'Country' },
		city: { type: ['string', 'null'], title: 'City' },
		skills: skillsSchema,
		categories: { type: 'array', title: 'Categories', description: 'Marketplace categories the freelancer works in.', items: { type: 'string', title: 'Category' } },
		hourlyRate: { type: ['number', 'null'], title: 'Hourly Rate', description: "The freelancer's advertised hourly rate." },
		currency: currencySchema,
		profileUrl: { type: ['string', 'null'], format: 'uri', title: 'Profile URL' },
		registeredAt: { type: 'string', format: 'date-time', title: 'Registered At' },
	},
};

const customerSchema: JsonSchema = {
	type: 'object',
	title: 'Customer',
	required: ['id', 'firstName', 'lastName', 'email', 'registeredAt'],
	properties: {
		id: { type: 'string', title: 'Customer ID', description: 'Marketplace ID of the customer.', 'x-primary': true },
		firstName: { type: 'string', title: 'First Name' },
		lastName: { type: 'string', title: 'Last Name' },
		email: { type: 'string', format: 'email', title: 'Email' },
		companyName: { type: ['string', 'null'], title: 'Company Name' },
		phone: { type: ['string', 'null'], title: 'Phone' },
		country: { type: ['string', 'null'], title: 'Country' },
		city: { type: ['string', 'null'], title: 'City' },
		registeredAt: { type: 'string', format: 'date-time', title: 'Registered At' },
	},
};

const jobSchema: JsonSchema = {
	type: 'object',
	title: 'Job',
	required: ['id', 'title', 'description', 'customerId', 'postedAt'],
	properties: {
		id: { type: 'string', title: 'Job ID', description: 'Marketplace ID of the job.', 'x-primary': true },
		title: { type: 'string', title: 'Title' },
		description: { type: 'string', title: 'Description' },
		category: { type: ['string', 'null'], title: 'Category' },
		skills: skillsSchema,
		budget: { type: ['number', 'null'], title: 'Budget', description: 'Total budget (fixed price) or rate (hourly), in Currency.' },
		budgetType: rateTypeSchema('Budget Type', 'Whether the budget is a fixed price or an hourly rate.'),
		currency: currencySchema,
		location: { type: ['string', 'null'], title: 'Location' },
		remote: { type: 'boolean', title: 'Remote', description: 'True when the job can be done remotely.' },
		customerId: { type: 'string', title: 'Customer ID', description: 'The customer who posted the job.' },
		customerName: { type: ['string', 'null'], title: 'Customer Name' },
		url: { type: ['string', 'null'], format: 'uri', title: 'Job URL' },
		postedAt: { type: 'string', format: 'date-time', title: 'Posted At' },
	},
};

const applicationSchema: JsonSchema = {
	type: 'object',
	title: 'Job Application',
	required: ['id', 'jobId', 'freelancerId', 'appliedAt'],
	properties: {
		id: { type: 'string', title: 'Application ID', 'x-primary': true },
		jobId: { type: 'string', title: 'Job ID' },
		jobTitle: { type: ['string', 'null'], title: 'Job Title' },
		freelancerId: { type: 'string', title: 'Freelancer ID' },
		freelancerName: { type: ['string', 'null'], title: 'Freelancer Name' },
		freelancerEmail: { type: ['string', 'null'], format: 'email', title: 'Freelancer Email' },
		coverLetter: { type: ['string', 'null'], title: 'Cover Letter' },
		proposedRate: { type: ['number', 'null'], title: 'Proposed Rate', description: 'The price or rate the freelancer proposes, in Currency.' },
		rateType: rateTypeSchema('Rate Type', 'Whether the proposed rate is a fixed price or hourly.'),
		currency: currencySchema,
		appliedAt: { type: 'string', format: 'date-time', title: 'Applied At' },
	},
};

const freelancerSample: TalentPoolsFreelancer = {
	id: 'frl_8f3c2a91d4',
	firstName: 'Amara',
	lastName: 'Okafor',
	email: 'amara.okafor@example.com',
	phone: '+44 20 7946 0321',
	headline: 'Senior React & Node.js developer, fintech and marketplaces',
	country: 'United Kingdom',
	city: 'Manchester',
	skills: ['React', 'TypeScript', 'Node.js', 'PostgreSQL'],
	categories: ['Software Development'],
	hourlyRate: 65,
	currency: 'GBP',
	profileUrl: 'https://talent.example.com/freelancers/frl_8f3c2a91d4',
	registeredAt: '2024-05-14T09:21:37.000Z',
};

const customerSample: TalentPoolsCustomer = {
	id: 'cus_51e07b2c93',
	firstName: 'Daniel',
	lastName: 'Weiss',
	email: 'daniel.weiss@example.com',
	companyName: 'Northwind Logistics Ltd',
	phone: '+44 161 496 0712',
	country: 'United Kingdom',
	city: 'Leeds',
	registeredAt: '2024-05-14T10:02:11.000Z',
};

const jobSample: TalentPoolsJob = {
	id: 'job_2b9e41f7c0',
	title: 'Build a React dashboard for shipment tracking',
	description: 'We need a responsive dashboard that shows live shipment status from our REST API, with filters and CSV export. About 3 weeks of work.',
	category: 'Software Development',
	skills: ['React', 'TypeScript', 'REST APIs'],
	budget: 4500,
	budgetType: 'fixed',
	currency: 'GBP',
	location: 'Leeds, United Kingdom',
	remote: true,
	customerId: 'cus_51e07b2c93',
	customerName: 'Northwind Logistics Ltd',
	url: 'https://talent.example.com/jobs/job_2b9e41f7c0',
	postedAt: '2024-05-15T08:45:00.000Z',
};

const applicationSample: TalentPoolsApplication = {
	id: 'app_7d14c8e2a5',
	jobId: 'job_2b9e41f7c0',
	jobTitle: 'Build a React dashboard for shipment tracking',
	freelancerId: 'frl_8f3c2a91d4',
	freelancerName: 'Amara Okafor',
	freelancerEmail: 'amara.okafor@example.com',
	coverLetter: 'Hi Daniel, I have built two logistics dashboards in React with live tracking and CSV export. I can start on Monday.',
	proposedRate: 4200,
	rateType: 'fixed',
	currency: 'GBP',
	appliedAt: '2024-05-15T11:12:48.000Z',
};

export const talentPoolsEvents: EventDefinition[] = [
	{
		name: 'freelancer.registered',
		label: 'Freelancer Registered',
		description: 'Sent when a freelancer registers on the marketplace.',
		entity: 'freelancer',
		schema: freelancerSchema,
		sample: freelancerSample,
	},
	{
		name: 'customer.registered',
		label: 'Customer Registered',
		description: 'Sent when a customer registers on the marketplace.',
		entity: 'customer',
		schema: customerSchema,
		sample: customerSample,
	},
	{
		name: 'job.posted',
		label: 'Job Posted',
		description: 'Sent when a job is posted on the marketplace.',
		entity: 'job',
		schema: jobSchema,
		sample: jobSample,
	},
	{
		name: 'job.application.created',
		label: 'Job Application Received',
		description: 'Sent when a freelancer applies for a job.',
		entity: 'application',
		schema: applicationSchema,
		sample: applicationSample,
	},
];
