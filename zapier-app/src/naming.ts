/**
 * Zapier's words for a catalogue event: trigger key, noun, label and "Triggers when ..." text, all
 * derived from EventDefinition and EntityDefinition so that no trigger is described by hand.
 */
import type { EventDefinition, PlatformDefinition } from '../../core';

/** "job.posted" → "job_posted"; "application.screening-answers.created" → "application_screening_answers_created". */
export function triggerKeyOf(event: EventDefinition): string {
	const key = event.name
		.replace(/[^A-Za-z0-9]+/g, '_')
		.replace(/^_+|_+$/g, '')
		.toLowerCase();
	// Zapier keys start with a letter.
	return /^[a-z]/.test(key) ? key : `event_${key}`;
}

export function nounOf(platform: PlatformDefinition<any>, event: EventDefinition): string {
	return platform.entities[event.entity]?.noun ?? event.label;
}

/**
 * Zapier's trigger labels read "New X" / "Updated X": "Job Created" → "New Job", "Employee Updated" →
 * "Updated Employee", "Job Posted" → "New Job Posted".
 */
export function triggerLabelOf(event: EventDefinition): string {
	const created = /^(.*\S)\s+Created$/.exec(event.label);
	if (created) return `New ${created[1]}`;
	const updated = /^(.*\S)\s+Updated$/.exec(event.label);
	if (updated) return `Updated ${updated[1]}`;
	return `New ${event.label}`;
}

/** The catalogue says "Sent when a job is posted."; Zapier says "Triggers when a job is posted." */
export function triggerDescriptionOf(event: EventDefinition): string {
	const text = event.description.trim();
	const sentWhen = /^Sent (when|after|once|if)\b/i.exec(text);
	if (sentWhen) return `Triggers ${sentWhen[1].toLowerCase()}${text.slice(sentWhen[0].length)}`;
	return `Triggers on ${event.label.toLowerCase()}: ${text}`;
}

/** The catalogue's subscription steps told for Zapier: the n8n "credential" is a Zapier connection. */
export function zapierSubscriptionSteps(platform: PlatformDefinition<any>): string[] {
	return platform.subscription.steps.map((step) => step.replace(/\bthe credential\b/g, 'the Zapier connection'));
}

/** A static hook's directions: where to paste "this URL" (the one Zapier shows). Zapier allows 1000 characters. */
export function directionsOf(platform: PlatformDefinition<any>, listensTo: string): string {
	const steps = zapierSubscriptionSteps(platform).map((step, i) => `${i + 1}. ${step}`);
	const text = `Copy the URL above, then: ${steps.join(' ')} ${listensTo}`;
	return text.length <= 1000 ? text : `${text.slice(0, 997)}...`;
}
