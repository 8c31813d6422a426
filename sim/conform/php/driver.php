<?php
/**
 * racesim conform's PHP worker: one per caller. Loads the application's classes from the checkout given
 * as the first argument, binds the minimal container the driven classes reach (shims.php), and then
 * answers racesim's calls, one JSON line each, until stdin closes:
 *   {"op":"call","now":ms,"unit":"slots"|"finder"|"clear"|"book","args":{…},"services":[…]}
 * and replies {"done":{…}} or {"failed":{"class":…,"message":…,"status":HTTP status or null}}. While a call runs, every cache
 * operation, HTTP request and wait is a question to racesim ({"ask":{…}}) that blocks until answered.
 * Usage: php driver.php APP_PATH APP_TIMEZONE [CONFIG_JSON]: the config racesim's world sets (business hours).
 */
declare(strict_types=1);

ini_set('display_errors', 'stderr');
error_reporting(E_ALL & ~E_DEPRECATED & ~E_USER_DEPRECATED);

[, $appPath, $appTimezone, $worldConfig] = $argv + [null, null, 'UTC', '{}'];
date_default_timezone_set($appTimezone);
require getenv('RACESIM_ILLUMINATE_AUTOLOAD') ?: '/usr/share/php/Illuminate/autoload.php';
// Debian's Laravel package does not load Guzzle, which the HTTP client needs.
require_once 'GuzzleHttp/autoload.php';
require_once dirname((new ReflectionClass(\Illuminate\Container\Container::class))->getFileName(), 2) . '/Foundation/helpers.php';
require __DIR__ . '/channel.php';
require __DIR__ . '/shims.php';
require __DIR__ . '/timeShim.php';
require __DIR__ . '/units.php';

registerAppClasses($appPath);
RacesimQuery::$teamColumn = servicesHaveTeamColumn($appPath);
bindContainer($appTimezone, json_decode($worldConfig, true, 16, JSON_THROW_ON_ERROR));
serve();

/**
 * The app's classes by name: the `App\` entries of its composer classmap when it has one (vendor/ is
 * not used: the framework is Debian's), else a classmap built by reading each file under app/ for its
 * namespace and class. `App\Models\Service` and `App\Models\Appointment` are always stubs (see shims.php).
 */
function registerAppClasses(string $appPath): void
{
    $composerMap = "$appPath/vendor/composer/autoload_classmap.php";
    $map = is_file($composerMap) ? array_filter(require $composerMap, fn ($class) => str_starts_with($class, 'App\\'), ARRAY_FILTER_USE_KEY) : classmapOf("$appPath/app");
    spl_autoload_register(function (string $class) use ($map): void {
        if (isset(RACESIM_STUB_MODELS[$class])) racesimDefineStubModel($class);
        elseif (isset($map[$class])) require $map[$class];
    });
}

/** Class name → file for every class, interface, trait and enum declared under `dir`. */
function classmapOf(string $dir): array
{
    $map = [];
    $files = new RecursiveIteratorIterator(new RecursiveDirectoryIterator($dir, FilesystemIterator::SKIP_DOTS));
    foreach ($files as $file) {
        if ($file->getExtension() !== 'php') continue;
        $source = file_get_contents($file->getPathname());
        $namespace = preg_match('/^namespace\s+([^;\s]+)\s*;/m', $source, $m) ? $m[1] . '\\' : '';
        if (preg_match_all('/^\s*(?:(?:final|abstract|readonly)\s+)*(?:class|interface|trait|enum)\s+(\w+)/m', $source, $m)) {
            foreach ($m[1] as $name) $map[$namespace . $name] ??= $file->getPathname();
        }
    }
    ksort($map);
    return $map;
}

/**
 * Whether the checkout's migrations add `calcom_team_id` to `services`: where none does (the fix commit),
 * the real model reads null there, so the stub's rows drop it. True when the checkout has no migrations.
 * Only this column is judged so: `branch_id` is kept although no migration at 34a011586 or 57b4aa6f6
 * adds it either (the production schema predates the migrations), as the model keeps it.
 */
function servicesHaveTeamColumn(string $appPath): bool
{
    $files = glob("$appPath/database/migrations/*.php") ?: [];
    if ($files === []) return true;
    foreach ($files as $file) {
        foreach (preg_split('/Schema::(?=create\(|table\()/', file_get_contents($file)) as $block) {
            if (preg_match('/^(?:create|table)\(\s*[\'"]services[\'"]/', $block) && preg_match('/->\w+\(\s*[\'"]calcom_team_id[\'"]/', $block)) return true;
        }
    }
    return false;
}

/** The container: config, the cache on racesim's store, the HTTP client faked onto racesim, a captured log, the validator. */
function bindContainer(string $appTimezone, array $worldConfig): void
{
    $app = new Illuminate\Container\Container();
    Illuminate\Container\Container::setInstance($app);
    Illuminate\Support\Facades\Facade::setFacadeApplication($app);
    $app->instance('config', new Illuminate\Config\Repository($worldConfig + [
        'app' => ['timezone' => $appTimezone],
        'services' => ['calcom' => ['base_url' => 'http://calcom.racesim', 'api_key' => 'racesim', 'event_type_id' => 0, 'team_id' => null]],
    ]));
    $cache = new Illuminate\Cache\Repository(new RacesimStore());
    $app->instance('cache', $cache);
    $app->instance('cache.store', $cache);
    $app->instance('log', new RacesimLog());
    $http = new Illuminate\Http\Client\Factory();
    $http->fake(fn ($request) => racesimHttp($request));
    $app->instance(Illuminate\Http\Client\Factory::class, $http);
    $translator = new Illuminate\Translation\Translator(new Illuminate\Translation\ArrayLoader(), 'en');
    $app->instance('validator', new Illuminate\Validation\Factory($translator, $app));
    $app->alias('validator', Illuminate\Contracts\Validation\Factory::class);
}

/** An HTTP request the app makes: racesim's fake Cal.com answers it when racesim's scheduler says. */
function racesimHttp(Illuminate\Http\Client\Request $request)
{
    $reply = RacesimChannel::get()->ask(['op' => 'http', 'method' => $request->method(), 'url' => $request->url(), 'body' => $request->body()]);
    return Illuminate\Http\Client\Factory::response($reply['body'], $reply['status']);
}

function serve(): void
{
    $channel = RacesimChannel::get();
    while (($message = $channel->receive()) !== null) {
        RacesimQuery::$rows = $message['services'] ?? [];
        try {
            $channel->send(['done' => runUnit($message['unit'], $message['args'])]);
        } catch (Throwable $e) {
            $status = method_exists($e, 'getStatusCode') ? $e->getStatusCode() : null;
            $channel->send(['failed' => ['class' => get_class($e), 'message' => $e->getMessage(), 'status' => $status]]);
        }
    }
}
