<?php
/**
 * The worker's one line to racesim: JSON lines on stdin/stdout. A call from racesim arrives as a line;
 * everything the app asks of the outside world (a cache operation, an HTTP request, a wait) is a line
 * out and blocks until racesim's answering line: racesim's scheduler decides when that is, so the
 * interleaving of workers is racesim's, and so is the time (`now`, ms since the epoch) every reply carries.
 */
final class RacesimChannel
{
    /** @var resource */
    private $in;
    /** @var resource */
    private $out;

    public function __construct()
    {
        $this->in = fopen('php://stdin', 'r');
        $this->out = fopen('php://stdout', 'w');
    }

    /** The next line from racesim, decoded; null when racesim closed the channel. */
    public function receive(): ?array
    {
        $line = fgets($this->in);
        if ($line === false) return null;
        $message = json_decode($line, true, 512, JSON_THROW_ON_ERROR);
        if (isset($message['now'])) RacesimClock::set((int) $message['now']);
        return $message;
    }

    public function send(array $message): void
    {
        fwrite($this->out, json_encode($message, JSON_UNESCAPED_SLASHES | JSON_THROW_ON_ERROR) . "\n");
        fflush($this->out);
    }

    /** Asks racesim and waits for its answer (the worker does nothing else meanwhile). */
    public function ask(array $question): array
    {
        $this->send(['ask' => $question]);
        $reply = $this->receive();
        if ($reply === null) exit(0);
        return $reply;
    }

    private static ?RacesimChannel $instance = null;

    public static function get(): RacesimChannel
    {
        return self::$instance ??= new RacesimChannel();
    }
}

/** racesim's virtual time as Carbon's test time: the worker never reads the wall clock. */
final class RacesimClock
{
    public static function set(int $ms): void
    {
        \Carbon\Carbon::setTestNow(\Carbon\Carbon::createFromTimestampMs($ms, date_default_timezone_get()));
        \Carbon\CarbonImmutable::setTestNow(\Carbon\CarbonImmutable::createFromTimestampMs($ms, date_default_timezone_get()));
    }
}
