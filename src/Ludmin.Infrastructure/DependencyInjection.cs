using Ludmin.Application.Common.Options;
using Ludmin.Application.Common.Ports;
using Ludmin.Domain.LoginThrottles;
using Ludmin.Domain.PasswordResets;
using Ludmin.Domain.Users;
using Ludmin.Infrastructure.Bootstrap;
using Ludmin.Infrastructure.Observability;
using Ludmin.Infrastructure.Passwords;
using Ludmin.Infrastructure.ResetCodes;
using Ludmin.Infrastructure.ResetCodes.Sending;
using Ludmin.Infrastructure.Security;
using Ludmin.Infrastructure.Storage;
using Ludmin.Infrastructure.Storage.Mongo;
using Ludmin.Infrastructure.Storage.Sqlite;
using Ludmin.Infrastructure.Tokens;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Ludmin.Infrastructure;

public static class DependencyInjection
{
    public const string DataDirectoryKey = "Ludmin:DataDirectory";

    /// <summary>
    /// The adapters behind the application's ports: the store chosen by <c>Ludmin:Storage:Provider</c>,
    /// the Argon2 hasher, the JWT issuer, reset codes and their delivery, and the start-up tasks.
    /// Settings are read when the services are first built, so hosts and tests may add configuration late.
    /// </summary>
    public static IServiceCollection AddInfrastructure(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);

        services.AddOptions<PasswordOptions>().BindConfiguration(PasswordOptions.Section)
            .Validate(o => o.MinLength >= 1 && o.MaxLength >= o.MinLength && o.MaxLength <= 4096, "Ludmin:Passwords: MinLength must be at least 1 and at most MaxLength (at most 4096).")
            .ValidateOnStart();
        services.AddOptions<ResetCodeOptions>().BindConfiguration(ResetCodeOptions.Section)
            .Validate(o => o.Lifetime > TimeSpan.Zero && o.MaxAttempts >= 1 && o.Digits is >= 4 and <= 12, "Ludmin:ResetCodes: Lifetime must be positive, MaxAttempts at least 1, Digits 4 to 12.")
            .ValidateOnStart();
        services.AddOptions<PasswordHashingOptions>().BindConfiguration(PasswordHashingOptions.Section)
            .Validate(o => o.Argon2.MemoryKiB >= 8 * o.Argon2.Parallelism && o.Argon2.Iterations >= 1 && o.Argon2.Parallelism >= 1, "Ludmin:Passwords:Argon2: MemoryKiB must be at least 8 x Parallelism, Iterations and Parallelism at least 1.")
            .Validate(o => o.MaxConcurrentHashes >= 1 && o.HashQueueLength >= 0, "Ludmin:Passwords: MaxConcurrentHashes must be at least 1 and HashQueueLength not negative.")
            .Validate(o => o.MaxHashWait > TimeSpan.Zero, "Ludmin:Passwords:MaxHashWait must be positive (for example 00:00:02).")
            .Validate(o => Enum.IsDefined(o.Argon2.Engine), "Ludmin:Passwords:Argon2:Engine must be Auto, Native or Managed.")
            .ValidateOnStart();
        services.AddOptions<TokenOptions>().BindConfiguration(TokenOptions.Section)
            .Validate(o => o.AccessTokenLifetime > TimeSpan.Zero && o.RefreshWindow >= TimeSpan.Zero && o.ClockSkew >= TimeSpan.Zero && o.ClockSkew <= TimeSpan.FromMinutes(1), "Ludmin:Tokens: AccessTokenLifetime must be positive, RefreshWindow not negative, ClockSkew 0 to 60 seconds.")
            .Validate(o => !string.IsNullOrWhiteSpace(o.Issuer) && !string.IsNullOrWhiteSpace(o.Audience), "Ludmin:Tokens: Issuer and Audience must be set.")
            .Validate(o => o.RefreshReuseGrace >= TimeSpan.Zero && o.RefreshReuseGrace <= TimeSpan.FromMinutes(5), "Ludmin:Tokens:RefreshReuseGrace must be 0 to 5 minutes (default 00:00:10).")
            .ValidateOnStart();
        services.AddOptions<LoginThrottleOptions>().BindConfiguration(LoginThrottleOptions.Section)
            .Validate(o => o.FreeFailures >= 1 && o.BaseDelay > TimeSpan.Zero && o.MaxDelay >= o.BaseDelay && o.ForgetAfter > TimeSpan.Zero, "Ludmin:RateLimits:FailedLogins: FreeFailures at least 1, BaseDelay positive, MaxDelay at least BaseDelay, ForgetAfter positive.")
            .ValidateOnStart();
        services.AddOptions<ResetCodeDeliveryOptions>().BindConfiguration(ResetCodeDeliveryOptions.Section)
            .Validate(o => o.Delivery != ResetCodeDeliveryKind.Smtp || (!string.IsNullOrWhiteSpace(o.Smtp.Host) && !string.IsNullOrWhiteSpace(o.Smtp.From)), "Ludmin:ResetCodes:Delivery is Smtp, but Ludmin:ResetCodes:Smtp:Host or From is not set.")
            .Validate(o => o.Smtp.Port is > 0 and <= 65535 && o.Smtp.PollInterval > TimeSpan.Zero && o.Smtp.RetryDelay > TimeSpan.Zero && o.Smtp.MaxRetryDelay >= o.Smtp.RetryDelay && o.Smtp.Timeout > TimeSpan.Zero, "Ludmin:ResetCodes:Smtp: Port 1 to 65535, PollInterval, RetryDelay and Timeout positive, MaxRetryDelay at least RetryDelay.")
            .Validate(o => string.IsNullOrEmpty(o.Smtp.Username) == string.IsNullOrEmpty(o.Smtp.Password), "Ludmin:ResetCodes:Smtp: set Username and Password both, or neither.")
            .ValidateOnStart();
        services.AddOptions<StorageOptions>().BindConfiguration(StorageOptions.Section)
            .Validate(o => o.Provider != StorageProvider.Mongo || !string.IsNullOrWhiteSpace(o.Mongo.ConnectionString), "Ludmin:Storage:Provider is Mongo, but Ludmin:Storage:Mongo:ConnectionString is not set.")
            .Validate(o => o.Provider != StorageProvider.Mongo || !string.IsNullOrWhiteSpace(o.Mongo.Database), "Ludmin:Storage:Mongo:Database must name a database.")
            .Validate(o => o.Mongo.OperationTimeout > TimeSpan.Zero, "Ludmin:Storage:Mongo:OperationTimeout must be positive (for example 00:00:15).")
            .Validate(o => o.Sqlite.MinFreeSpaceMB >= 0 && o.Sqlite.ProbeInterval >= TimeSpan.Zero, "Ludmin:Storage:Sqlite: MinFreeSpaceMB and ProbeInterval must not be negative.")
            .ValidateOnStart();
        services.AddOptions<BootstrapOptions>().BindConfiguration(BootstrapOptions.Section);

        // The application takes its settings as plain objects, with no options framework in its way.
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<PasswordOptions>>().Value);
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<ResetCodeOptions>>().Value);
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<LoginThrottleOptions>>().Value);
        services.AddSingleton(sp => new RefreshRotationOptions { ReuseGrace = sp.GetRequiredService<IOptions<TokenOptions>>().Value.RefreshReuseGrace });

        services.AddHttpContextAccessor();
        services.AddMetrics();
        services.AddSingleton<LudminMetrics>();
        services.AddSingleton<ISecurityEvents, LoggingSecurityEvents>();

        services.AddSingleton(sp => TokenKeys.Resolve(
            sp.GetRequiredService<IOptions<TokenOptions>>().Value,
            sp.GetRequiredService<IHostEnvironment>(),
            DataDirectory(sp)));
        services.AddSingleton<ITokenIssuer, JwtTokenIssuer>();
        services.AddSingleton<INativeArgon2Loader, LibsodiumLoader>();
        services.AddSingleton<Argon2PasswordHasher>();
        services.AddSingleton<IPasswordHasher>(sp => sp.GetRequiredService<Argon2PasswordHasher>());
        services.AddSingleton<IResetCodeProtector, HmacResetCodeProtector>();
        services.AddSingleton<IResetCodeDelivery>(sp =>
        {
            var options = sp.GetRequiredService<IOptions<ResetCodeDeliveryOptions>>().Value;
            return options.Delivery == ResetCodeDeliveryKind.Log
                ? new LogResetCodeDelivery(sp.GetRequiredService<ILogger<LogResetCodeDelivery>>())
                : new PickupDirectoryResetCodeDelivery(InDataDirectory(sp, options.PickupDirectory), sp.GetRequiredService<ILogger<PickupDirectoryResetCodeDelivery>>());
        });

        // The sender of pickup files: the hosted service runs it only when Delivery is Smtp;
        // the send-codes command runs it in a process of its own.
        services.AddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<ResetCodeDeliveryOptions>>().Value;
            return new ResetCodeSender(InDataDirectory(sp, options.PickupDirectory), options.Smtp, sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<ResetCodeSender>>());
        });
        services.AddHostedService<ResetCodeSenderService>();

        AddStorage(services);
        services.AddHostedService<StartupTasks>();
        services.AddHostedService<PasswordHasherStartup>();

        // Last: it wraps the repositories and the hasher registered above.
        services.AddStoreAndHashInstrumentation();
        return services;
    }

    /// <summary>The folder for the embedded database, the development key and pickups; relative to the content root.</summary>
    public static string DataDirectory(IServiceProvider services)
    {
        var configured = services.GetRequiredService<IConfiguration>()[DataDirectoryKey];
        var root = services.GetRequiredService<IHostEnvironment>().ContentRootPath;
        return Path.GetFullPath(Path.Combine(root, string.IsNullOrWhiteSpace(configured) ? "data" : configured));
    }

    private static string InDataDirectory(IServiceProvider services, string path) =>
        Path.GetFullPath(Path.Combine(DataDirectory(services), path));

    private static void AddStorage(IServiceCollection services)
    {
        // Each adapter's services are built only when asked for. The SQLite database is not
        // tied to the provider: copy-store reads the embedded file whichever store serves.
        services.AddSingleton(sp =>
        {
            var sqlite = StorageOf(sp).Sqlite;
            return new SqliteDatabase(
                InDataDirectory(sp, sqlite.Path), sqlite.ReaderThreads, sp.GetRequiredService<ILogger<SqliteDatabase>>(), sp.GetRequiredService<TimeProvider>());
        });
        services.TryAddSingleton<MongoClientFactory>(MongoStore.CreateClient);
        services.AddSingleton(sp => new SqliteHealthCheck(
            sp.GetRequiredService<SqliteDatabase>(), StorageOf(sp).Sqlite, sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton(sp => MongoStore.FromOptions(
            StorageOf(sp).Mongo, sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<MongoStore>>(), sp.GetRequiredService<MongoClientFactory>()));

        services.AddSingleton(sp => ForProvider<IStoreInitializer>(
            sp, s => s.GetRequiredService<SqliteDatabase>(), s => s.GetRequiredService<MongoStore>()));
        services.AddSingleton(sp => new SqliteLastUsedBuffer(sp.GetRequiredService<SqliteDatabase>(), sp.GetRequiredService<ILogger<SqliteLastUsedBuffer>>()));
        services.AddSingleton(sp => ForProvider<IUserRepository>(
            sp,
            s => new SqliteUserRepository(s.GetRequiredService<SqliteDatabase>(), s.GetRequiredService<SqliteLastUsedBuffer>()),
            s => new MongoUserRepository(s.GetRequiredService<MongoStore>())));
        services.AddSingleton(sp => ForProvider<IPasswordResetRepository>(
            sp, s => new SqlitePasswordResetRepository(s.GetRequiredService<SqliteDatabase>()), s => new MongoPasswordResetRepository(s.GetRequiredService<MongoStore>())));
        services.AddSingleton(sp => ForProvider<ILoginThrottleRepository>(
            sp, s => new SqliteLoginThrottleRepository(s.GetRequiredService<SqliteDatabase>()), s => new MongoLoginThrottleRepository(s.GetRequiredService<MongoStore>())));
        services.AddHealthChecks().Add(new HealthCheckRegistration(
            "store",
            sp => ForProvider<IHealthCheck>(sp, s => s.GetRequiredService<SqliteHealthCheck>(), s => new MongoHealthCheck(s.GetRequiredService<MongoStore>())),
            failureStatus: null,
            tags: ["ready"]));

        // Both stores: on MongoDB the TTL indexes already remove expired codes and throttles, and
        // this is two indexed deletes a minute per instance; it keeps the adapters' behaviour the same.
        services.AddHostedService<ExpiredRecordSweeper>();
    }

    private static StorageOptions StorageOf(IServiceProvider services) => services.GetRequiredService<IOptions<StorageOptions>>().Value;

    private static T ForProvider<T>(IServiceProvider services, Func<IServiceProvider, T> sqlite, Func<IServiceProvider, T> mongo) =>
        StorageOf(services).Provider switch
        {
            StorageProvider.Sqlite => sqlite(services),
            StorageProvider.Mongo => mongo(services),
            var other => throw new InvalidOperationException($"Ludmin:Storage:Provider '{other}' is not known; use Sqlite or Mongo."),
        };
}
