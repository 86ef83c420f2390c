import type { ICredentialType, Icon, INodeProperties } from 'n8n-workflow';
import { peopleForce } from '../core/platforms';
import { secretFieldProperties } from '../nodes/shared/credentials';

/** The optional webhook secret of PeopleForce; the PeopleForce Trigger tests it offline. */
export class PeopleForceApi implements ICredentialType {
	name = 'peopleForceApi';

	displayName = 'PeopleForce API';

	icon: Icon = { light: 'file:../nodes/PeopleForceTrigger/peopleForce.svg', dark: 'file:../nodes/PeopleForceTrigger/peopleForce.dark.svg' };

	documentationUrl = 'https://developer.peopleforce.io/docs/starting-with-webhooks';

	properties: INodeProperties[] = secretFieldProperties(peopleForce);
}
