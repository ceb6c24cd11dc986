import { operationResponse, successMessage } from '../soap';
import { TransitionRule, WINDOWS_ZONES, WindowsZone, dayName } from '../timeZoneRules';
import { BuiltElement, el, textEl } from '../xml';
import { OperationHandler } from './context';

/**
 * GetServerTimeZones: the zones of timeZoneRules.ts, all or those the Ids name (an id the sandbox does not
 * know is left out), with Id and Name only unless ReturnFullTimeZoneData is true. Full data is one period per
 * offset, one group of yearly transitions and one transition into that group, as Exchange writes zones whose
 * rules have not changed.
 */
export const getServerTimeZones: OperationHandler = (request) => {
	const ids = request.child('m:Ids')?.children('t:Id').map((id) => id.text().trim());
	const zones = ids ? WINDOWS_ZONES.filter((zone) => ids.includes(zone.id)) : WINDOWS_ZONES;
	const full = ['true', '1'].includes(request.attr('ReturnFullTimeZoneData') ?? '');
	return operationResponse('GetServerTimeZones', [
		successMessage('GetServerTimeZones', el('m:TimeZoneDefinitions', {}, zones.map((zone) => definition(zone, full)))),
	]);
};

/** xs:duration of minutes, e.g. -PT60M. */
function duration(minutes: number): string {
	return `${minutes < 0 ? '-' : ''}PT${Math.abs(minutes)}M`;
}

function transition(to: string, rule: TransitionRule): BuiltElement {
	return el(
		't:RecurringDayTransition',
		{},
		el('t:To', { Kind: 'Period' }, to),
		textEl('t:TimeOffset', duration(rule.timeMinutes)),
		textEl('t:Month', rule.month),
		textEl('t:DayOfWeek', dayName(rule.dayOfWeek)),
		// TimeZoneDefinition counts the last weekday of a month as -1.
		textEl('t:Occurrence', rule.dayOrder === 5 ? -1 : rule.dayOrder),
	);
}

function definition(zone: WindowsZone, full: boolean): BuiltElement {
	const attributes = { Id: zone.id, Name: zone.name };
	if (!full) return el('t:TimeZoneDefinition', attributes);
	const { daylight } = zone;
	return el(
		't:TimeZoneDefinition',
		attributes,
		el(
			't:Periods',
			{},
			el('t:Period', { Bias: duration(zone.bias), Name: 'Standard', Id: 'Std' }),
			daylight && el('t:Period', { Bias: duration(zone.bias + daylight.bias), Name: 'Daylight', Id: 'Dlt' }),
		),
		el(
			't:TransitionsGroups',
			{},
			el(
				't:TransitionsGroup',
				{ Id: '0' },
				daylight ? [transition('Dlt', daylight.starts), transition('Std', daylight.ends)] : el('t:Transition', {}, el('t:To', { Kind: 'Period' }, 'Std')),
			),
		),
		el('t:Transitions', {}, el('t:Transition', {}, el('t:To', { Kind: 'Group' }, '0'))),
	);
}
