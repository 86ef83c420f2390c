import type { EntityDefinition, EventDefinition, JsonSchema } from '../../types';
import type {
	PeopleForceEntityData,
	PeopleForceAdditionalCompensation,
	PeopleForceApplicant,
	PeopleForceEmployee,
	PeopleForceEmployeePosition,
	PeopleForceEmploymentStatus,
	PeopleForceLeaveRequest,
	PeopleForceLeaveRequestState,
	PeopleForcePersonRef,
	PeopleForceSalary,
} from './types';

/*
 * PeopleForce webhook topics ("actions") from its Webhooks overview, https://developer.peopleforce.io/docs/webhooks-1.
 * Only the employee payload is documented (employee_create in "Starting with webhooks"); the employee_*
 * schema follows it exactly. The other payloads are NOT documented: they are modelled in the same
 * JSON:API-like layout (id, attributes, related objects, meta) with field names taken from the
 * matching resources of PeopleForce's public API v3 (EmployeePosition, EmployeeSalary,
 * EmployeeAdditionalCompensation, EmployeeEmploymentStatus, LeaveRequest, Candidate). Schemas allow
 * extra fields, so a richer real payload still validates; change this file when a delivery shows more.
 */

// Keyed by the payload types' entities, so that every entity has one (types.ts).
export const peopleForceEntities: Record<keyof PeopleForceEntityData, EntityDefinition> = {
	employee: { noun: 'Employee', description: 'A person in the PeopleForce company directory.' },
	employee_position: { noun: 'Employee Position', description: "A dated entry of an employee's job history (position, department, manager)." },
	salary: { noun: 'Salary', description: "A dated entry of an employee's base salary." },
	additional_compensation: { noun: 'Additional Compensation', description: 'A bonus, allowance or other compensation on top of the salary.' },
	employment_status: { noun: 'Employment Status', description: "A dated entry of an employee's employment type, probation policy and working pattern." },
	leave_request: { noun: 'Leave Request', description: 'A time-off request (vacation, sick leave, ...) of an employee.' },
	applicant: { noun: 'Applicant', description: 'A candidate in PeopleForce recruitment.' },
};

// ---- shared pieces --------------------------------------------------------------------------

function nullable(schema: JsonSchema): JsonSchema {
	const types = Array.isArray(schema.type) ? schema.type : schema.type === undefined ? [] : [schema.type];
	return { ...schema, type: [...types.filter((type) => type !== 'null'), 'null'] };
}

const dateSchema = (title: string, description?: string): JsonSchema => ({ type: 'string', format: 'date', title, ...(description ? { description } : {}) });

const namedRef = (title: string, description: string): JsonSchema => ({
	type: ['object', 'null'],
	title,
	description,
	required: ['id'],
	properties: {
		id: { type: 'integer', title: `${title} ID` },
		name: { type: 'string', title: `${title} Name` },
	},
});

const personRef = (title: string, description: string): JsonSchema => ({
	type: 'object',
	title,
	description,
	required: ['id'],
	properties: {
		id: { type: 'integer', title: `${title} ID` },
		full_name: { type: 'string', title: `${title} Full Name` },
		email: { type: ['string', 'null'], format: 'email', title: `${title} Email` },
	},
});

const metaSchema: JsonSchema = {
	type: 'object',
	title: 'Meta',
	description: 'Record timestamps.',
	properties: {
		created_at: { type: 'string', format: 'date-time', title: 'Created At' },
		updated_at: { type: 'string', format: 'date-time', title: 'Updated At' },
	},
};

const recordId = (title: string): JsonSchema => ({ type: 'integer', title, description: 'PeopleForce ID of the record.', 'x-primary': true });

const employeeOfRecord = personRef('Employee', 'The employee the record belongs to.');

// ---- employee (documented) --------------------------------------------------------------------

const employeeSchema: JsonSchema = {
	type: 'object',
	title: 'Employee',
	required: ['id', 'attributes'],
	properties: {
		id: { type: 'integer', title: 'Employee ID', description: 'PeopleForce ID of the employee.', 'x-primary': true },
		attributes: {
			type: 'object',
			title: 'Attributes',
			description: "The employee's own fields.",
			properties: {
				employee_number: { type: ['string', 'null'], title: 'Employee Number' },
				hired_on: nullable(dateSchema('Hired On')),
				probation_ends_on: nullable(dateSchema('Probation Ends On')),
				first_name: { type: 'string', title: 'First Name' },
				last_name: { type: 'string', title: 'Last Name' },
				email: { type: ['string', 'null'], format: 'email', title: 'Work Email' },
				personal_email: { type: ['string', 'null'], format: 'email', title: 'Personal Email' },
				gender: { type: ['string', 'null'], title: 'Gender' },
				mobile_number: { type: ['string', 'null'], title: 'Mobile Number', description: 'May be an empty string when not set.' },
				work_phone_number: { type: ['string', 'null'], title: 'Work Phone Number', description: 'May be an empty string when not set.' },
				date_of_birth: nullable(dateSchema('Date of Birth')),
				termination_effective_date: nullable(dateSchema('Termination Effective Date')),
				termination_comment: { type: ['string', 'null'], title: 'Termination Comment' },
				avatar_url: { type: ['string', 'null'], format: 'uri', title: 'Avatar URL' },
			},
		},
		reporting_to: nullable(personRef('Manager', 'The employee this person reports to.')),
		employment_type: namedRef('Employment Type', 'E.g. Full-Time.'),
		position: namedRef('Position', 'Current job title.'),
		department: namedRef('Department', 'Current department.'),
		division: namedRef('Division', 'Current division.'),
		location: namedRef('Location', 'Current office location.'),
		custom_fields: {
			type: 'object',
			title: 'Custom Fields',
			description: 'Custom employee fields, keyed by the field UUID.',
			additionalProperties: {
				type: 'object',
				title: 'Custom Field',
				properties: {
					name: { type: 'string', title: 'Field Name' },
					value: { title: 'Field Value' },
					group: { type: ['string', 'null'], title: 'Field Group' },
				},
			},
		},
		meta: metaSchema,
	},
};

const employeeSample: PeopleForceEmployee = {
	id: 130333,
	attributes: {
		employee_number: 'PF124593',
		hired_on: '2024-09-16',
		probation_ends_on: '2024-12-16',
		first_name: 'John',
		last_name: 'Doe',
		email: 'john.doe@example.com',
		personal_email: null,
		gender: 'male',
		mobile_number: '',
		work_phone_number: '',
		date_of_birth: '1988-08-31',
		termination_effective_date: null,
		termination_comment: null,
		avatar_url: null,
	},
	reporting_to: { id: 5844, full_name: 'Kate Ross', email: 'kate.ross@example.com' },
	employment_type: { id: 1899, name: 'Full-Time' },
	position: { id: 11943, name: 'Senior Developer' },
	department: { id: 5094, name: 'IT' },
	division: { id: 1819, name: 'Europe' },
	location: null,
	custom_fields: {
		'2692d87e-c388-49ea-b903-616bc1557746': { name: 'T-shirt size', value: 'M', group: 'Personal' },
	},
	meta: { created_at: '2024-09-05T18:33:55.130+03:00', updated_at: '2024-09-05T18:33:55.526+03:00' },
};

const employeeUpdatedSample: PeopleForceEmployee = {
	...employeeSample,
	attributes: { ...employeeSample.attributes, mobile_number: '+380 44 555 0147', personal_email: 'johnd.home@example.com' },
	location: { id: 702, name: 'Kyiv Office' },
	meta: { ...employeeSample.meta, updated_at: '2024-09-12T10:14:02.871+03:00' },
};

const employeeTerminatedSample: PeopleForceEmployee = {
	...employeeSample,
	attributes: {
		...employeeSample.attributes,
		termination_effective_date: '2025-03-31',
		termination_comment: 'Resigned to relocate abroad.',
	},
	meta: { ...employeeSample.meta, updated_at: '2025-03-03T16:40:27.402+02:00' },
};

const employeeRevertedSample: PeopleForceEmployee = {
	...employeeSample,
	meta: { ...employeeSample.meta, updated_at: '2025-03-05T09:05:51.118+02:00' },
};

// ---- employee position ------------------------------------------------------------------------

const employeePositionSchema: JsonSchema = {
	type: 'object',
	title: 'Employee Position',
	required: ['id', 'attributes', 'employee'],
	properties: {
		id: recordId('Position Record ID'),
		attributes: {
			type: 'object',
			title: 'Attributes',
			properties: { effective_on: dateSchema('Effective On', 'Date the position change takes effect.') },
		},
		employee: employeeOfRecord,
		position: namedRef('Position', 'Job title from the effective date.'),
		job_level: namedRef('Job Level', 'Job level from the effective date.'),
		department: namedRef('Department', 'Department from the effective date.'),
		division: namedRef('Division', 'Division from the effective date.'),
		location: namedRef('Location', 'Location from the effective date.'),
		reporting_to: nullable(personRef('Manager', 'Manager from the effective date.')),
		meta: metaSchema,
	},
};

const johnDoe: PeopleForcePersonRef = { id: 130333, full_name: 'John Doe', email: 'john.doe@example.com' };

const employeePositionSample: PeopleForceEmployeePosition = {
	id: 88412,
	attributes: { effective_on: '2025-01-01' },
	employee: johnDoe,
	position: { id: 12007, name: 'Lead Developer' },
	job_level: { id: 41, name: 'L5' },
	department: { id: 5094, name: 'IT' },
	division: { id: 1819, name: 'Europe' },
	location: { id: 702, name: 'Kyiv Office' },
	reporting_to: { id: 5844, full_name: 'Kate Ross', email: 'kate.ross@example.com' },
	meta: { created_at: '2024-12-10T11:02:45.310+02:00', updated_at: '2024-12-10T11:02:45.310+02:00' },
};

// ---- salary -------------------------------------------------------------------------------------

const salarySchema: JsonSchema = {
	type: 'object',
	title: 'Salary',
	required: ['id', 'attributes', 'employee'],
	properties: {
		id: recordId('Salary ID'),
		attributes: {
			type: 'object',
			title: 'Attributes',
			required: ['effective_on', 'amount', 'currency_code', 'per'],
			properties: {
				effective_on: dateSchema('Effective On'),
				amount: { type: 'number', title: 'Amount' },
				currency_code: { type: 'string', title: 'Currency Code', description: 'ISO 4217 code, e.g. EUR.' },
				per: { type: 'string', title: 'Per', description: 'Pay period of the amount.', enum: ['hour', 'day', 'week', 'month', 'year'] },
				overtime: { type: 'boolean', title: 'Overtime Eligible' },
				comment: { type: ['string', 'null'], title: 'Comment' },
			},
		},
		employee: employeeOfRecord,
		pay_schedule: namedRef('Pay Schedule', 'The pay schedule the salary is paid on.'),
		meta: metaSchema,
	},
};

const salarySample: PeopleForceSalary = {
	id: 23107,
	attributes: { effective_on: '2025-01-01', amount: 5200, currency_code: 'EUR', per: 'month', overtime: false, comment: 'Annual review 2025' },
	employee: johnDoe,
	pay_schedule: { id: 12, name: 'Monthly' },
	meta: { created_at: '2024-12-18T14:20:11.004+02:00', updated_at: '2024-12-18T14:20:11.004+02:00' },
};

const salaryUpdatedSample: PeopleForceSalary = {
	...salarySample,
	attributes: { ...salarySample.attributes, amount: 5400, comment: 'Annual review 2025, corrected' },
	meta: { ...salarySample.meta, updated_at: '2024-12-19T09:03:40.512+02:00' },
};

// ---- additional compensation ----------------------------------------------------------------------

const additionalCompensationSchema: JsonSchema = {
	type: 'object',
	title: 'Additional Compensation',
	required: ['id', 'attributes', 'employee'],
	properties: {
		id: recordId('Compensation ID'),
		attributes: {
			type: 'object',
			title: 'Attributes',
			required: ['amount', 'currency_code', 'starts_on'],
			properties: {
				type: { type: 'string', title: 'Type', description: 'E.g. fixed or percentage.' },
				description: { type: ['string', 'null'], title: 'Description' },
				frequency: { type: 'string', title: 'Frequency', description: 'E.g. one_time, monthly, yearly.' },
				amount: { type: 'string', title: 'Amount', description: 'A decimal string, as in the PeopleForce API.' },
				currency_code: { type: 'string', title: 'Currency Code' },
				starts_on: dateSchema('Starts On'),
				ends_on: nullable(dateSchema('Ends On')),
			},
		},
		employee: employeeOfRecord,
		compensation_type: { ...namedRef('Compensation Type', 'E.g. Bonus, Meal allowance.'), type: 'object' },
		meta: metaSchema,
	},
};

const additionalCompensationSample: PeopleForceAdditionalCompensation = {
	id: 9034,
	attributes: {
		type: 'fixed',
		description: 'Q4 2024 performance bonus',
		frequency: 'one_time',
		amount: '1500.0',
		currency_code: 'EUR',
		starts_on: '2025-01-15',
		ends_on: null,
	},
	employee: johnDoe,
	compensation_type: { id: 3, name: 'Bonus' },
	meta: { created_at: '2025-01-08T12:31:09.771+02:00', updated_at: '2025-01-08T12:31:09.771+02:00' },
};

// ---- employment status ------------------------------------------------------------------------------

const employmentStatusSchema: JsonSchema = {
	type: 'object',
	title: 'Employment Status',
	required: ['id', 'attributes', 'employee'],
	properties: {
		id: recordId('Employment Status ID'),
		attributes: {
			type: 'object',
			title: 'Attributes',
			properties: {
				effective_from: dateSchema('Effective From'),
				comment: { type: ['string', 'null'], title: 'Comment' },
			},
		},
		employee: employeeOfRecord,
		employment_type: namedRef('Employment Type', 'E.g. Full-Time, Part-Time, Contractor.'),
		probation_policy: {
			...namedRef('Probation Policy', 'The probation policy that applies.'),
			properties: {
				id: { type: 'integer', title: 'Probation Policy ID' },
				name: { type: 'string', title: 'Probation Policy Name' },
				length: { type: ['integer', 'null'], title: 'Probation Length', description: 'Length of the probation period.' },
			},
		},
		working_pattern: namedRef('Working Pattern', 'The weekly working-hours pattern.'),
		meta: metaSchema,
	},
};

const employmentStatusSample: PeopleForceEmploymentStatus = {
	id: 15520,
	attributes: { effective_from: '2025-02-01', comment: 'Moved to part-time at own request' },
	employee: johnDoe,
	employment_type: { id: 1900, name: 'Part-Time' },
	probation_policy: null,
	working_pattern: { id: 7, name: '4-day week (32h)' },
	meta: { created_at: '2025-01-20T15:47:33.090+02:00', updated_at: '2025-01-20T15:47:33.090+02:00' },
};

// ---- leave request ---------------------------------------------------------------------------------

const leaveRequestSchema: JsonSchema = {
	type: 'object',
	title: 'Leave Request',
	required: ['id', 'attributes', 'employee'],
	properties: {
		id: recordId('Leave Request ID'),
		attributes: {
			type: 'object',
			title: 'Attributes',
			required: ['leave_type', 'state', 'starts_on', 'ends_on'],
			properties: {
				leave_type: { type: 'string', title: 'Leave Type', description: 'Name of the leave type, e.g. Vacation.' },
				leave_type_id: { type: ['integer', 'null'], title: 'Leave Type ID' },
				state: { type: 'string', title: 'State', enum: ['pending', 'approved', 'rejected', 'withdrawn'] },
				amount: { type: 'number', title: 'Amount', description: 'Requested time, in Tracking Time In units.' },
				tracking_time_in: { type: 'string', title: 'Tracking Time In', enum: ['hours', 'days'] },
				on_demand: { type: 'boolean', title: 'On Demand' },
				starts_on: dateSchema('Starts On'),
				ends_on: dateSchema('Ends On'),
				comment: { type: ['string', 'null'], title: 'Comment' },
			},
		},
		employee: employeeOfRecord,
		entries: {
			type: 'array',
			title: 'Entries',
			description: 'The requested days and the amount taken on each.',
			items: {
				type: 'object',
				title: 'Entry',
				required: ['date', 'amount'],
				properties: {
					date: dateSchema('Date'),
					amount: { type: 'number', title: 'Amount' },
				},
			},
		},
		approvals: {
			type: 'array',
			title: 'Approvals',
			description: 'Approval steps and who each is assigned to.',
			items: {
				type: 'object',
				title: 'Approval',
				properties: {
					state: { type: 'string', title: 'Approval State' },
					assigned_to: {
						type: ['object', 'null'],
						title: 'Approver',
						properties: {
							id: { type: 'integer', title: 'Approver ID' },
							full_name: { type: 'string', title: 'Approver Full Name' },
						},
					},
				},
			},
		},
		meta: metaSchema,
	},
};

function leaveRequestSample(state: PeopleForceLeaveRequestState, approvalState: string, updatedAt: string): PeopleForceLeaveRequest {
	return {
		id: 48213,
		attributes: {
			leave_type: 'Vacation',
			leave_type_id: 311,
			state,
			amount: 3,
			tracking_time_in: 'days',
			on_demand: false,
			starts_on: '2025-07-14',
			ends_on: '2025-07-16',
			comment: 'Family trip to Lviv',
		},
		employee: johnDoe,
		entries: [
			{ date: '2025-07-14', amount: 1 },
			{ date: '2025-07-15', amount: 1 },
			{ date: '2025-07-16', amount: 1 },
		],
		approvals: [{ state: approvalState, assigned_to: { id: 5844, full_name: 'Kate Ross' } }],
		meta: { created_at: '2025-06-02T09:12:44.215+03:00', updated_at: updatedAt },
	};
}

// ---- applicant ------------------------------------------------------------------------------------

const applicantSchema: JsonSchema = {
	type: 'object',
	title: 'Applicant',
	required: ['id', 'attributes'],
	properties: {
		id: recordId('Applicant ID'),
		attributes: {
			type: 'object',
			title: 'Attributes',
			required: ['full_name'],
			properties: {
				full_name: { type: 'string', title: 'Full Name' },
				email: { type: ['string', 'null'], format: 'email', title: 'Email' },
				phone_numbers: { type: 'array', title: 'Phone Numbers', items: { type: 'string', title: 'Phone Number' } },
				position: { type: ['string', 'null'], title: 'Current Position' },
				location: { type: ['string', 'null'], title: 'Location' },
				source: { type: ['string', 'null'], title: 'Source', description: 'Where the applicant came from, e.g. LinkedIn.' },
				skills: { type: 'array', title: 'Skills', items: { type: 'string', title: 'Skill' } },
				tags: { type: 'array', title: 'Tags', items: { type: 'string', title: 'Tag' } },
				desired_salary: { type: ['number', 'null'], title: 'Desired Salary' },
				currency_code: { type: ['string', 'null'], title: 'Currency Code' },
				cover_letter: { type: ['string', 'null'], title: 'Cover Letter' },
				resume_url: { type: ['string', 'null'], format: 'uri', title: 'Resume URL', description: 'Temporary link to the resume file.' },
			},
		},
		applications: {
			type: 'array',
			title: 'Applications',
			description: 'The vacancies the applicant applied to.',
			items: {
				type: 'object',
				title: 'Application',
				required: ['id'],
				properties: {
					id: { type: 'integer', title: 'Application ID' },
					vacancy: {
						type: ['object', 'null'],
						title: 'Vacancy',
						properties: {
							id: { type: 'integer', title: 'Vacancy ID' },
							title: { type: 'string', title: 'Vacancy Title' },
						},
					},
					pipeline_state: namedRef('Pipeline Stage', 'Current stage in the hiring pipeline.'),
					disqualified_at: { type: ['string', 'null'], format: 'date-time', title: 'Disqualified At' },
				},
			},
		},
		meta: metaSchema,
	},
};

const applicantSample: PeopleForceApplicant = {
	id: 3336,
	attributes: {
		full_name: 'Olena Kovalenko',
		email: 'olena.kovalenko@example.com',
		phone_numbers: ['+380 67 555 0192'],
		position: 'QA Engineer',
		location: 'Lviv, Ukraine',
		source: 'LinkedIn',
		skills: ['Test automation', 'Playwright', 'API testing'],
		tags: ['referral'],
		desired_salary: 3200,
		currency_code: 'USD',
		cover_letter: 'I would love to help your team ship with confidence.',
		resume_url: 'https://files.example.com/resumes/olena-kovalenko.pdf',
	},
	applications: [{ id: 3334, vacancy: { id: 411, title: 'Senior QA Engineer' }, pipeline_state: { id: 1, name: 'New' }, disqualified_at: null }],
	meta: { created_at: '2025-04-18T16:32:33.525+03:00', updated_at: '2025-04-18T16:32:33.525+03:00' },
};

// ---- catalogue ------------------------------------------------------------------------------------

export const peopleForceEvents: EventDefinition[] = [
	{
		name: 'employee_create',
		label: 'Employee Created',
		description: 'Sent when an employee is created.',
		entity: 'employee',
		schema: employeeSchema,
		sample: employeeSample,
	},
	{
		name: 'employee_update',
		label: 'Employee Updated',
		description: 'Sent when an employee is updated.',
		entity: 'employee',
		schema: employeeSchema,
		sample: employeeUpdatedSample,
	},
	{
		name: 'employee_start',
		label: 'Employee Start Date Reached',
		description: "Sent when an employee's hire date starts: at once for an employee created with today's hire date, otherwise in a nightly run (01:00 UTC).",
		entity: 'employee',
		schema: employeeSchema,
		sample: employeeSample,
	},
	{
		name: 'employee_terminate',
		label: 'Employee Terminated',
		description: 'Sent when an employee has been terminated.',
		entity: 'employee',
		schema: employeeSchema,
		sample: employeeTerminatedSample,
	},
	{
		name: 'employee_termination_revert',
		label: 'Employee Termination Reverted',
		description: "Sent when an employee's termination has been reverted.",
		entity: 'employee',
		schema: employeeSchema,
		sample: employeeRevertedSample,
	},
	{
		name: 'employee_position_create',
		label: 'Employee Position Created',
		description: 'Sent when an employee position has been created.',
		entity: 'employee_position',
		schema: employeePositionSchema,
		sample: employeePositionSample,
	},
	{
		name: 'employee_position_update',
		label: 'Employee Position Updated',
		description: 'Sent when an employee position has been updated.',
		entity: 'employee_position',
		schema: employeePositionSchema,
		sample: { ...employeePositionSample, meta: { ...employeePositionSample.meta, updated_at: '2024-12-11T08:15:27.640+02:00' } },
	},
	{
		name: 'employee_salary_create',
		label: 'Employee Salary Created',
		description: 'Sent when an employee salary has been created.',
		entity: 'salary',
		schema: salarySchema,
		sample: salarySample,
	},
	{
		name: 'employee_salary_update',
		label: 'Employee Salary Updated',
		description: 'Sent when an employee salary has been updated.',
		entity: 'salary',
		schema: salarySchema,
		sample: salaryUpdatedSample,
	},
	{
		name: 'employee_additional_compensation_create',
		label: 'Additional Compensation Created',
		description: 'Sent when an employee additional compensation has been created.',
		entity: 'additional_compensation',
		schema: additionalCompensationSchema,
		sample: additionalCompensationSample,
	},
	{
		name: 'employee_additional_compensation_update',
		label: 'Additional Compensation Updated',
		description: 'Sent when an employee additional compensation has been updated.',
		entity: 'additional_compensation',
		schema: additionalCompensationSchema,
		sample: {
			...additionalCompensationSample,
			attributes: { ...additionalCompensationSample.attributes, amount: '1750.0' },
			meta: { ...additionalCompensationSample.meta, updated_at: '2025-01-09T10:02:55.318+02:00' },
		},
	},
	{
		name: 'employee_employment_status_create',
		label: 'Employment Status Created',
		description: 'Sent when an employee employment status has been created.',
		entity: 'employment_status',
		schema: employmentStatusSchema,
		sample: employmentStatusSample,
	},
	{
		name: 'employee_employment_status_update',
		label: 'Employment Status Updated',
		description: 'Sent when an employee employment status has been updated.',
		entity: 'employment_status',
		schema: employmentStatusSchema,
		sample: {
			...employmentStatusSample,
			attributes: { ...employmentStatusSample.attributes, effective_from: '2025-02-03' },
			meta: { ...employmentStatusSample.meta, updated_at: '2025-01-21T08:30:14.552+02:00' },
		},
	},
	{
		name: 'leave_request_create',
		label: 'Leave Request Created',
		description: 'Sent when a leave request is created.',
		entity: 'leave_request',
		schema: leaveRequestSchema,
		sample: leaveRequestSample('pending', 'pending', '2025-06-02T09:12:44.215+03:00'),
	},
	{
		name: 'leave_request_approve',
		label: 'Leave Request Approved',
		description: 'Sent when a leave request is approved.',
		entity: 'leave_request',
		schema: leaveRequestSchema,
		sample: leaveRequestSample('approved', 'approved', '2025-06-02T13:47:05.902+03:00'),
	},
	{
		name: 'leave_request_reject',
		label: 'Leave Request Rejected',
		description: 'Sent when a leave request is rejected.',
		entity: 'leave_request',
		schema: leaveRequestSchema,
		sample: leaveRequestSample('rejected', 'rejected', '2025-06-02T13:49:31.177+03:00'),
	},
	{
		name: 'leave_request_withdraw',
		label: 'Leave Request Withdrawn',
		description: 'Sent when a leave request is withdrawn.',
		entity: 'leave_request',
		schema: leaveRequestSchema,
		sample: leaveRequestSample('withdrawn', 'withdrawn', '2025-06-03T08:05:12.640+03:00'),
	},
	{
		name: 'applicant_create',
		label: 'Applicant Created',
		description: 'Sent when an applicant is created in recruitment.',
		entity: 'applicant',
		schema: applicantSchema,
		sample: applicantSample,
	},
];
