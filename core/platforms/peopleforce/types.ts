/**
 * The `data` member of PeopleForce webhook bodies (`{ action, data }`).
 *
 * PeopleForce documents one payload, employee_create; PeopleForceEmployee follows it field for field.
 * The other records are not documented as webhook payloads: they use the same JSON:API-like layout
 * (id, attributes, related objects, meta) with the field names of PeopleForce's public API v3
 * resources (EmployeePosition, EmployeeSalary, EmployeeAdditionalCompensation,
 * EmployeeEmploymentStatus, LeaveRequest, Candidate). See events.ts.
 */

export type PeopleForceAction =
	| 'employee_create'
	| 'employee_update'
	| 'employee_start'
	| 'employee_terminate'
	| 'employee_termination_revert'
	| 'employee_position_create'
	| 'employee_position_update'
	| 'employee_salary_create'
	| 'employee_salary_update'
	| 'employee_additional_compensation_create'
	| 'employee_additional_compensation_update'
	| 'employee_employment_status_create'
	| 'employee_employment_status_update'
	| 'leave_request_create'
	| 'leave_request_approve'
	| 'leave_request_reject'
	| 'leave_request_withdraw'
	| 'applicant_create';

/** A related record given by id and display name (position, department, division, ...). */
export interface PeopleForceNamedRef {
	id: number;
	name: string;
}

/** A person given by id, name and work email (the employee's manager, the employee of a record). */
export interface PeopleForcePersonRef {
	id: number;
	full_name: string;
	email?: string | null;
}

export interface PeopleForceMeta {
	created_at: string;
	updated_at: string;
}

export interface PeopleForceCustomField {
	name: string;
	value: unknown;
	group?: string | null;
}

export interface PeopleForceEmployeeAttributes {
	employee_number: string | null;
	hired_on: string | null;
	probation_ends_on: string | null;
	first_name: string;
	last_name: string;
	email: string | null;
	personal_email: string | null;
	gender: string | null;
	mobile_number: string | null;
	work_phone_number: string | null;
	date_of_birth: string | null;
	termination_effective_date: string | null;
	termination_comment: string | null;
	avatar_url: string | null;
}

export interface PeopleForceEmployee {
	id: number;
	attributes: PeopleForceEmployeeAttributes;
	reporting_to: PeopleForcePersonRef | null;
	employment_type: PeopleForceNamedRef | null;
	position: PeopleForceNamedRef | null;
	department: PeopleForceNamedRef | null;
	division: PeopleForceNamedRef | null;
	location: PeopleForceNamedRef | null;
	/** Keyed by the custom field's UUID. */
	custom_fields: Record<string, PeopleForceCustomField>;
	meta: PeopleForceMeta;
}

export interface PeopleForceEmployeePosition {
	id: number;
	attributes: {
		effective_on: string;
	};
	employee: PeopleForcePersonRef;
	position: PeopleForceNamedRef | null;
	job_level: PeopleForceNamedRef | null;
	department: PeopleForceNamedRef | null;
	division: PeopleForceNamedRef | null;
	location: PeopleForceNamedRef | null;
	reporting_to: PeopleForcePersonRef | null;
	meta: PeopleForceMeta;
}

export type PeopleForceSalaryPeriod = 'hour' | 'day' | 'week' | 'month' | 'year';

export interface PeopleForceSalary {
	id: number;
	attributes: {
		effective_on: string;
		amount: number;
		currency_code: string;
		per: PeopleForceSalaryPeriod;
		overtime?: boolean;
		comment?: string | null;
	};
	employee: PeopleForcePersonRef;
	pay_schedule?: PeopleForceNamedRef | null;
	meta: PeopleForceMeta;
}

export interface PeopleForceAdditionalCompensation {
	id: number;
	attributes: {
		type: string;
		description?: string | null;
		frequency: string;
		/** A decimal string, as in PeopleForce's API. */
		amount: string;
		currency_code: string;
		starts_on: string;
		ends_on?: string | null;
	};
	employee: PeopleForcePersonRef;
	compensation_type: PeopleForceNamedRef;
	meta: PeopleForceMeta;
}

export interface PeopleForceEmploymentStatus {
	id: number;
	attributes: {
		effective_from: string;
		comment?: string | null;
	};
	employee: PeopleForcePersonRef;
	employment_type: PeopleForceNamedRef | null;
	probation_policy?: (PeopleForceNamedRef & { length?: number | null }) | null;
	working_pattern?: PeopleForceNamedRef | null;
	meta: PeopleForceMeta;
}

export type PeopleForceLeaveRequestState = 'pending' | 'approved' | 'rejected' | 'withdrawn';

export interface PeopleForceLeaveRequest {
	id: number;
	attributes: {
		leave_type: string;
		leave_type_id?: number | null;
		state: PeopleForceLeaveRequestState;
		amount: number;
		tracking_time_in: 'hours' | 'days';
		on_demand?: boolean;
		starts_on: string;
		ends_on: string;
		comment?: string | null;
	};
	employee: PeopleForcePersonRef;
	entries?: Array<{ date: string; amount: number }>;
	approvals?: Array<{ state: string; assigned_to: { id: number; full_name: string } | null }>;
	meta: PeopleForceMeta;
}

export interface PeopleForceApplicantApplication {
	id: number;
	vacancy: { id: number; title: string } | null;
	pipeline_state: PeopleForceNamedRef | null;
	disqualified_at?: string | null;
}

export interface PeopleForceApplicant {
	id: number;
	attributes: {
		full_name: string;
		email: string | null;
		phone_numbers?: string[];
		position?: string | null;
		location?: string | null;
		source?: string | null;
		skills?: string[];
		tags?: string[];
		desired_salary?: number | null;
		currency_code?: string | null;
		cover_letter?: string | null;
		resume_url?: string | null;
	};
	applications: PeopleForceApplicantApplication[];
	meta: PeopleForceMeta;
}

/** The `data` of this platform's events by catalogue entity (events.ts `entities`). */
export interface PeopleForceEntityData {
	employee: PeopleForceEmployee;
	employee_position: PeopleForceEmployeePosition;
	salary: PeopleForceSalary;
	additional_compensation: PeopleForceAdditionalCompensation;
	employment_status: PeopleForceEmploymentStatus;
	leave_request: PeopleForceLeaveRequest;
	applicant: PeopleForceApplicant;
}
