/**
 * Every property checker, loaded in the order help and errors list them: each file registers itself by
 * name in registry.ts. Import properties from here, so the registry is full.
 */
import './noStaleAvailable.ts';
import './conflictsAreToctou.ts';
import './noWrongSlot.ts';
import './noConflictsCausedBy.ts';
import './noDoubleBooking.ts';
import './keysForgottenAtMost.ts';

export { parseProperties, parseProperty, propertyDefinitions, propertyProblem } from './registry.ts';
