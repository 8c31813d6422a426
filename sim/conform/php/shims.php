<?php
/**
 * The framework the app expects, as far as the driven classes reach it, over racesim's channel. Each shim
 * says why it exists. Debian's Laravel (8.83) stands in for the version the app ships (11.x): the facades,
 * the cache Repository, the HTTP client and the validator are the real framework classes; only the stores
 * behind them are racesim's.
 */

use Illuminate\Cache\Lock;
use Illuminate\Contracts\Cache\LockProvider;
use Illuminate\Contracts\Cache\Store;

/**
 * The cache store racesim serves: every get, put, add and forget is asked over the channel, so all
 * workers share one store whose expiry runs on racesim's virtual clock, and racesim records each
 * operation with its key and TTL. Values cross as PHP `serialize()` text (the finder caches Carbons).
 */
final class RacesimStore implements Store, LockProvider
{
    public function get($key)
    {
        $reply = RacesimChannel::get()->ask(['op' => 'cache.get', 'key' => $key]);
        return $reply['value'] === null ? null : unserialize(base64_decode($reply['value']));
    }

    public function many(array $keys)
    {
        return array_combine($keys, array_map(fn ($k) => $this->get($k), $keys));
    }

    public function put($key, $value, $seconds)
    {
        RacesimChannel::get()->ask(['op' => 'cache.put', 'key' => $key, 'value' => base64_encode(serialize($value)), 'ttl' => $seconds]);
        return true;
    }

    /** `Cache::add` / a lock's acquire: stored only when the key is absent (racesim answers atomically). */
    public function add($key, $value, $seconds): bool
    {
        return RacesimChannel::get()->ask(['op' => 'cache.add', 'key' => $key, 'value' => base64_encode(serialize($value)), 'ttl' => $seconds])['added'];
    }

    public function putMany(array $values, $seconds)
    {
        foreach ($values as $key => $value) $this->put($key, $value, $seconds);
        return true;
    }

    public function increment($key, $value = 1)
    {
        $now = (int) ($this->get($key) ?? 0) + $value;
        $this->forever($key, $now);
        return $now;
    }

    public function decrement($key, $value = 1)
    {
        return $this->increment($key, -$value);
    }

    public function forever($key, $value)
    {
        return $this->put($key, $value, 0x7fffffff);
    }

    public function forget($key)
    {
        return RacesimChannel::get()->ask(['op' => 'cache.forget', 'key' => $key])['removed'];
    }

    public function flush()
    {
        throw new RuntimeException('racesim conform: Cache::flush is not driven');
    }

    public function getPrefix()
    {
        return '';
    }

    public function lock($name, $seconds = 0, $owner = null)
    {
        return new RacesimLock($this, $name, $seconds, $owner);
    }

    public function restoreLock($name, $owner)
    {
        return $this->lock($name, 0, $owner);
    }
}

/**
 * `Cache::lock` on racesim's store. Laravel's `block()` polls with usleep and reads the wall clock to
 * give up; on Carbon's frozen test time it would spin for ever, so a wait here asks racesim to advance
 * this worker's virtual clock by the poll interval (other workers run meanwhile).
 */
final class RacesimLock extends Lock
{
    public function __construct(private RacesimStore $store, $name, $seconds, $owner = null)
    {
        parent::__construct($name, $seconds, $owner);
    }

    public function acquire()
    {
        return $this->store->add($this->name, $this->owner, $this->seconds > 0 ? $this->seconds : 86400);
    }

    public function release()
    {
        return $this->isOwnedByCurrentProcess() ? $this->store->forget($this->name) : false;
    }

    public function forceRelease()
    {
        $this->store->forget($this->name);
    }

    protected function getCurrentOwner()
    {
        return $this->store->get($this->name);
    }

    public function block($seconds, $callback = null)
    {
        $waitedMs = 0;
        while (!$this->acquire()) {
            if ($waitedMs >= $seconds * 1000) throw new \Illuminate\Contracts\Cache\LockTimeoutException();
            RacesimChannel::get()->ask(['op' => 'sleep', 'ms' => $this->sleepMilliseconds]);
            $waitedMs += $this->sleepMilliseconds;
        }
        if (!is_callable($callback)) return true;
        try {
            return $callback();
        } finally {
            $this->release();
        }
    }
}

/** `Log::…` and `Log::channel(…)->…`: kept in the worker, never written anywhere (the comparison reads the cache and Cal.com, not the log). */
final class RacesimLog
{
    public array $lines = [];

    public function channel($name = null): self
    {
        return $this;
    }

    public function __call($level, $arguments)
    {
        $this->lines[] = $level . ' ' . (string) ($arguments[0] ?? '');
    }
}

/**
 * `App\Models\Service` without a database: the clear asks it for the services using an event type
 * (`Service::where('calcom_event_type_id', …)->get()`); the Eloquent model needs a connection and the
 * tenant scopes, so the stub's queries answer from the scenario's services racesim sends with each call.
 */
final class RacesimQuery
{
    /** The scenario's services as rows (`calcom_event_type_id`, `calcom_team_id`, `company_id`, `branch_id`). */
    public static array $rows = [];
    /** Whether `services` has `calcom_team_id` at this checkout; without it the column reads null, as on the real model. */
    public static bool $teamColumn = true;
    private array $conditions = [];

    public function where(string $column, $value): self
    {
        $this->conditions[$column] = $value;
        return $this;
    }

    public function get(): \Illuminate\Support\Collection
    {
        return collect(self::$rows)
            ->filter(fn ($row) => array_reduce(array_keys($this->conditions), fn ($ok, $c) => $ok && ($row[$c] ?? null) == $this->conditions[$c], true))
            ->map(fn ($row) => (object) (self::$teamColumn ? $row : ['calcom_team_id' => null] + $row))
            ->values();
    }
}

/**
 * A table the driver keeps empty: `App\Models\Appointment` (the finder's conflict filter at 57b4aa6f6
 * reads it). The app's own bookings are the model's here, so no row is ever written: every query finds none.
 */
final class RacesimEmptyQuery
{
    public function __call($method, $arguments)
    {
        return match ($method) {
            'get' => collect(),
            'first' => null,
            'exists' => false,
            'count' => 0,
            default => $this,
        };
    }
}

/** The stub models, defined in place of the app's files: `Service` answers from the scenario, `Appointment` is empty. */
const RACESIM_STUB_MODELS = ['App\\Models\\Service' => 'RacesimQuery', 'App\\Models\\Appointment' => 'RacesimEmptyQuery'];

function racesimDefineStubModel(string $class): void
{
    $query = RACESIM_STUB_MODELS[$class];
    $name = substr($class, strrpos($class, '\\') + 1);
    eval("namespace App\\Models; final class $name { public static function __callStatic(\$m, \$a) { return (new \\$query())->\$m(...\$a); } }");
}
