/**
 * What a HireHooks trigger reads from its parameters when a delivery arrives: the Options collection
 * and the event picker, typed. The parameters themselves are declared in description.ts; this side
 * is what webhook() and the subscription code run on every delivery or activation.
 */
import type { IDataObject } from 'n8n-workflow';
import { ALL_EVENTS, type AnyPlatform } from './description';

export interface TriggerOptions {
	includeHeaders: boolean;
	otherEvents: string[];
	toleranceSeconds?: number;
	eventToleranceSeconds?: number;
	maxBodyBytes?: number;
	resolveEntity: boolean;
}

/** The Options collection, typed, with the platform's defaults filled in. */
export function readTriggerOptions(raw: IDataObject, platform: AnyPlatform): TriggerOptions {
	const number = (value: unknown): number | undefined => (typeof value === 'number' && Number.isFinite(value) ? value : undefined);
	return {
		includeHeaders: raw.includeHeaders === true,
		otherEvents: typeof raw.otherEvents === 'string' ? splitNames(raw.otherEvents) : [],
		toleranceSeconds: number(raw.toleranceSeconds) ?? platform.defaultToleranceSeconds,
		eventToleranceSeconds: number(raw.eventToleranceSeconds),
		maxBodyBytes: number(raw.maxBodyBytes),
		resolveEntity: raw.resolveEntity === true,
	};
}

export function splitNames(text: string): string[] {
	return text
		.split(/[,\s]+/)
		.map((name) => name.trim())
		.filter(Boolean);
}

/** The picker's value as a list: a multi-select gives one, a free-form list is comma-separated. */
export function selectedEvents(value: unknown): string[] {
	if (Array.isArray(value)) return value.filter((name): name is string => typeof name === 'string');
	const names = typeof value === 'string' ? splitNames(value) : [];
	return names.length === 0 ? [ALL_EVENTS] : names;
}

/** Whether an event passes the picker: "*" takes everything, known or not. */
export function isEventSelected(event: string, selected: string[], otherEvents: string[]): boolean {
	return selected.includes(ALL_EVENTS) || selected.includes(event) || otherEvents.includes(event);
}

/** The events to subscribe to on platforms that need an explicit list: "*" means the whole catalogue. */
export function subscribedEventNames(platform: AnyPlatform, selected: string[], otherEvents: string[]): string[] {
	const names = selected.includes(ALL_EVENTS) ? platform.events.map((e) => e.name) : selected.filter((name) => name !== ALL_EVENTS);
	return [...new Set([...names, ...otherEvents])];
}
