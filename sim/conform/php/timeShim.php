<?php
/**
 * CircuitBreaker calls `time()` unqualified inside `App\Services`: PHP looks for `App\Services\time`
 * first, so this one reads Carbon's test time (racesim's virtual clock) instead of the wall clock.
 */
namespace App\Services;

function time(): int
{
    return \Carbon\Carbon::now()->getTimestamp();
}
