/**
 * Zapier's words for a catalogue event: trigger key, noun, label and "Triggers when ..." text, all
 * derived from EventDefinition and EntityDefinition so that no trigger is described by hand.
 */
import type { EventDefinition, AnyPlatformDefinition } from '../../core';

/** "job.posted" → "job_posted"; "application.screening-answers.created" → "application_screening_answers_created". */
export function triggerKeyOf(event: EventDefinition): string {
	const key = event.name
		.replace(/[^A-Za-z0-9]+/g, '_')
		.replace(/^_+|_+$/g, '')
		.toLowerCase();
	// Zapier keys start with a letter.
	return /^[a-z]/.test(key) ? key : `event_${key}`;
}

export function nounOf(platform: AnyPlatformDefinition, event: EventDefinition): string {
	return platform.entities[event.entity]?.noun ?? event.label;
}

/**
 * A trigger's label reads as English: "Job Created" → "New Job" (Zapier's convention for creations),
 * any other event keeps the catalogue's label ("Employee Terminated", "Profile Search Index Updated").
 */
export function triggerLabelOf(event: EventDefinition): string {
	const created = /^(.*\S)\s+Created$/.exec(event.label);
	return created ? `New ${created[1]}` : event.label;
}

/** The catalogue says "Sent when a job is posted."; Zapier says "Triggers when a job is posted." */
export function triggerDescriptionOf(platform: AnyPlatformDefinition, event: EventDefinition): string {
	const text = event.description.trim();
	const sentWhen = /^Sent (when|after|once|if)\b/i.exec(text);
	if (sentWhen) return `Triggers ${sentWhen[1].toLowerCase()}${text.slice(sentWhen[0].length)}`;
	return `Triggers when ${platform.displayName} sends a "${event.name}" event. ${text}`;
}

/** How many triggers per integration come first: "a few", as Zapier's guidance on prominent triggers said. */
export const LEADING_TRIGGERS = 3;

/**
 * The catalogue's events with the most used first: the first event of each entity in catalogue order
 * (a freelancer registering, a profile parsed, an employee created), where a workflow on that entity
 * starts, up to LEADING_TRIGGERS; then the rest in catalogue order. Zapier's schema dropped
 * `display.important` in zapier-platform-schema 15.0.0 (validate refuses it), so order is the one
 * signal an integration still gives.
 */
export function mostUsedFirst(platform: AnyPlatformDefinition): EventDefinition[] {
	const firsts: EventDefinition[] = [];
	for (const candidate of platform.events) if (!firsts.some((f) => f.entity === candidate.entity)) firsts.push(candidate);
	const leading = firsts.slice(0, LEADING_TRIGGERS);
	return [...leading, ...platform.events.filter((event) => !leading.includes(event))];
}

/**
 * The catalogue's subscription steps told for Zapier. They are written for n8n, where every setting is
 * in "the credential" and the trigger has an HTTP Method; a Zapier hook takes any method, and its
 * settings are in the connection and on the trigger (named in directionsOf).
 */
export function zapierSubscriptionSteps(platform: AnyPlatformDefinition): string[] {
	return platform.subscription.steps.map((step) =>
		step
			.replace(/,? and pick the same Method as this trigger \(usually POST\)/, ' and choose POST as the Method')
			.replace(/\b(in|into) the credential\b/g, '$1 the Zapier settings below')
			.replace(/\bthe credential\b/g, 'the Zapier settings'),
	);
}

/** Where each setting goes on Zapier, from SecretField.scope. */
export function settingsPlaces(platform: AnyPlatformDefinition): string {
	const named = (scope: 'endpoint' | 'account') =>
		platform.secretFields
			// Settings that apply to one choice only (the generic sender's Custom settings) say so themselves.
			.filter((f) => f.scope === scope && f.shownWhen === undefined)
			.map((f) => f.label)
			.join(', ');
	const parts = [
		named('endpoint') !== '' ? `this trigger's fields take what belongs to this one webhook (${named('endpoint')})` : '',
		named('account') !== '' ? `the connection takes what your account shares (${named('account')})` : '',
	].filter((p) => p !== '');
	return parts.length === 0 ? '' : `Settings: ${parts.join('; ')}.`;
}

/** A static hook's directions: where to paste "this URL" (the one Zapier shows), where settings go, and how to test. Zapier allows 1000 characters. */
export function directionsOf(platform: AnyPlatformDefinition, listensTo: string): string {
	const all = zapierSubscriptionSteps(platform);
	const steps = all.filter((step) => !/^To test:/i.test(step)).map((step, i) => `${i + 1}. ${step}`);
	const platformTest = all.find((step) => /^To test:/i.test(step))?.replace(/\.$/, '') ?? `To test: make ${platform.displayName} send an example to this URL`;
	const test = `${platformTest}, then click "Test trigger" here: it shows that delivery, or why it was refused and which setting to check.`;
	const text = [`Copy the URL above, then: ${steps.join(' ')}`, settingsPlaces(platform), listensTo, test].filter((part) => part !== '').join(' ');
	if (text.length > 1000) throw new Error(`${platform.displayName}: directions are ${text.length} characters, Zapier allows 1000: shorten the catalogue's steps.`);
	return text;
}
