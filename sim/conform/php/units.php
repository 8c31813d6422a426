<?php
/**
 * The units racesim drives, each as the app's callers call it, with a result racesim can compare:
 * the slots a Layer 1 read returned, the alternatives the finder offers, nothing for a clear.
 */

function runUnit(string $unit, array $args): array
{
    return match ($unit) {
        'slots' => slotsUnit($args),
        'finder' => finderUnit($args),
        'clear' => clearUnit($args),
        'book' => bookUnit($args),
        'classes' => classesUnit($args),
        default => throw new InvalidArgumentException("unknown unit $unit"),
    };
}

/** `CalcomService::getAvailableSlots(eventType, start, end, team)`: the slot instants the answer lists. */
function slotsUnit(array $args): array
{
    $response = (new App\Services\CalcomService())->getAvailableSlots($args['eventType'], $args['start'], $args['end'], $args['team']);
    $times = [];
    foreach ($response->json()['data']['slots'] ?? [] as $daySlots) {
        foreach ($daySlots as $slot) $times[] = Carbon\Carbon::parse(is_array($slot) ? $slot['time'] : $slot)->getTimestampMs();
    }
    return ['status' => $response->status(), 'slots' => $times];
}

/**
 * `AppointmentAlternativeFinder::findAlternatives(desired, duration, eventType)` after
 * `setTenantContext(company, branch)` when the caller sets one: the instants offered, in order.
 */
function finderUnit(array $args): array
{
    $finder = new App\Services\AppointmentAlternativeFinder();
    if ($args['company'] !== null) $finder->setTenantContext($args['company'], $args['branch']);
    $desired = Carbon\Carbon::parse($args['desired']);
    $found = $finder->findAlternatives($desired, $args['duration'], $args['eventType']);
    $offered = array_map(fn ($alternative) => $alternative['datetime']->getTimestampMs(), $found['alternatives']);
    return ['offered' => array_values($offered), 'error' => (bool) ($found['error'] ?? false)];
}

/** `CalcomService::clearAvailabilityCacheForEventType(eventType, team)`. */
function clearUnit(array $args): array
{
    (new App\Services\CalcomService())->clearAvailabilityCacheForEventType($args['eventType'], $args['team']);
    return [];
}

/**
 * `CalcomService::createBooking` as the booking handler calls it: the slot (ISO, UTC) and the caller's
 * zone, and the team id only where the handler passes one (then the service clears after booking).
 */
function bookUnit(array $args): array
{
    $details = ['eventTypeId' => $args['eventType'], 'start' => $args['start'], 'name' => 'racesim caller', 'email' => 'caller@example.com', 'timeZone' => $args['timeZone']];
    if ($args['team'] !== null) $details['teamId'] = $args['team'];
    return ['status' => (new App\Services\CalcomService())->createBooking($details)->status()];
}

/** Which of the named classes load at this checkout, and why not for the others. */
function classesUnit(array $args): array
{
    $status = [];
    foreach ($args['names'] as $name) {
        try {
            $status[$name] = class_exists($name) ? constructorNeeds($name) : 'not in the checkout';
        } catch (Throwable $e) {
            $status[$name] = get_class($e) . ': ' . $e->getMessage();
        }
    }
    return $status;
}

/** `loads` when a class can be made with no arguments, else `needs …` its constructor's parameters. */
function constructorNeeds(string $class): string
{
    $constructor = (new ReflectionClass($class))->getConstructor();
    $required = array_filter($constructor?->getParameters() ?? [], fn ($p) => !$p->isOptional());
    if ($required === []) return 'loads';
    return 'needs ' . implode(', ', array_map(fn ($p) => ($p->getType() ?? 'mixed') . ' $' . $p->getName(), $required));
}
