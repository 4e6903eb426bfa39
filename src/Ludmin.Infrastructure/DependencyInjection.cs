using Ludmin.Application.Common.Options;
using Ludmin.Application.Common.Ports;
using Ludmin.Domain.LoginThrottles;
using Ludmin.Domain.Passkeys;
using Ludmin.Domain.PasswordResets;
using Ludmin.Domain.Users;
using Ludmin.Infrastructure.Bootstrap;
using Ludmin.Infrastructure.Observability;
using Ludmin.Infrastructure.Passkeys;
using Ludmin.Infrastructure.Passwords;
using Ludmin.Infrastructure.Passwords.Foreign;
using Ludmin.Infrastructure.ResetCodes;
using Ludmin.Infrastructure.ResetCodes.Sending;
using Ludmin.Infrastructure.Security;
using Ludmin.Infrastructure.SecondFactor;
using Ludmin.Infrastructure.Settings;
using Ludmin.Domain.SecondFactors;
using Ludmin.Infrastructure.Storage;
using Ludmin.Infrastructure.Storage.Mongo;
using Ludmin.Infrastructure.Storage.Postgres;
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

        // Each section is checked by its own validation (Settings/), every broken rule named at start.
        AddValidated<PasswordOptions, PasswordOptionsValidation>(services, PasswordOptions.Section);
        AddValidated<ResetCodeOptions, ResetCodeOptionsValidation>(services, ResetCodeOptions.Section);
        AddValidated<PasswordHashingOptions, PasswordHashingOptionsValidation>(services, PasswordHashingOptions.Section);
        AddValidated<TokenOptions, TokenOptionsValidation>(services, TokenOptions.Section);
        AddValidated<LoginThrottleOptions, LoginThrottleOptionsValidation>(services, LoginThrottleOptions.Section);
        AddValidated<ResetCodeDeliveryOptions, ResetCodeDeliveryOptionsValidation>(services, ResetCodeDeliveryOptions.Section);
        AddValidated<StorageOptions, StorageOptionsValidation>(services, StorageOptions.Section);
        AddValidated<PasskeyOptions, PasskeyOptionsValidation>(services, PasskeyOptions.Section);
        services.AddSingleton<IPostConfigureOptions<PasskeyOptions>, PasskeyDevelopmentDefaults>();
        services.AddOptions<BootstrapOptions>().BindConfiguration(BootstrapOptions.Section);

        // The application takes its settings as plain objects, with no options framework in its way.
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<PasswordOptions>>().Value);
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<ResetCodeOptions>>().Value);
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<LoginThrottleOptions>>().Value);
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<PasskeyOptions>>().Value);
        services.AddSingleton(sp => new RefreshRotationOptions { ReuseGrace = sp.GetRequiredService<IOptions<TokenOptions>>().Value.RefreshReuseGrace });

        services.AddMetrics();
        services.AddSingleton<LudminMetrics>();
        services.AddSingleton<OperationsMetrics>();
        services.AddSingleton(sp => new StoreCalls(sp.GetRequiredService<OperationsMetrics>()));
        services.AddSingleton<ISecurityEvents, LoggingSecurityEvents>();

        services.AddSingleton(sp => TokenKeys.Resolve(
            sp.GetRequiredService<IOptions<TokenOptions>>().Value,
            sp.GetRequiredService<IHostEnvironment>(),
            DataDirectory(sp)));
        services.AddSingleton<ITokenIssuer, JwtTokenIssuer>();
        services.AddSingleton<TokenValidation>();
        AddPasswordHashing(services);
        AddResetCodes(services);
        AddSecondFactors(services);
        services.AddSingleton<IWebAuthn, Fido2WebAuthn>();
        services.AddHostedService<PasskeyStartupLog>();
        AddStorage(services);
        services.AddHostedService<StartupTasks>();
        services.AddHostedService<PasswordHasherStartup>();
        return services;
    }

    /// <summary>Ludmin's own Argon2id hashes, and the imported hashes of other systems beside them (issue 21).</summary>
    private static void AddPasswordHashing(IServiceCollection services)
    {
        services.AddOptions<ForeignHashOptions>().BindConfiguration(ForeignHashOptions.Section);
        services.AddSingleton<INativeArgon2Loader, LibsodiumLoader>();
        services.AddSingleton<Argon2PasswordHasher>();
        services.AddSingleton<ForeignHashRecognizer>();
        services.AddSingleton<ForeignHashVerifier>();
        services.AddSingleton<IImportedPasswordHashes, ImportedPasswordHashes>();
        services.AddSingleton<ImportAwarePasswordHasher>();
        services.AddSingleton<IPasswordHasher>(sp => sp.GetRequiredService<ImportAwarePasswordHasher>());
        services.AddSingleton<ImportedHashesGauge>();
        services.AddHostedService(sp => sp.GetRequiredService<ImportedHashesGauge>());
    }

    /// <summary>Reset codes: how they are protected at rest, delivered (the log, or a pickup folder), and sent from that folder over SMTP.</summary>
    private static void AddResetCodes(IServiceCollection services)
    {
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

        // Reset requests are answered at once and worked on here, after the answer.
        services.AddSingleton<ResetRequestQueue>();
        services.AddSingleton<IResetRequestQueue>(sp => sp.GetRequiredService<ResetRequestQueue>());
        services.AddHostedService<ResetRequestWorker>();
    }

    /// <summary>TOTP secrets sealed under <c>Ludmin:SecondFactor:EncryptionKey</c>, codes checked with Otp.NET, recovery codes kept as keyed hashes.</summary>
    private static void AddSecondFactors(IServiceCollection services)
    {
        AddValidated<SecondFactorOptions, SecondFactorOptionsValidation>(services, SecondFactorOptions.Section);
        services.AddSingleton(sp => SecondFactorKey.Resolve(
            sp.GetRequiredService<IOptions<SecondFactorOptions>>().Value,
            sp.GetRequiredService<IHostEnvironment>(),
            DataDirectory(sp)));
        services.AddSingleton<ISecretSealer, AesGcmSecretSealer>();
        services.AddSingleton<ITotpCodes, OtpNetTotpCodes>();
        services.AddSingleton<IRecoveryCodeProtector, HmacRecoveryCodeProtector>();
    }

    private static void AddValidated<TOptions, TValidation>(IServiceCollection services, string section)
        where TOptions : class
        where TValidation : class, IValidateOptions<TOptions>
    {
        services.AddOptions<TOptions>().BindConfiguration(section).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<TOptions>, TValidation>());
    }

    /// <summary>The folder for the embedded database, the development key and pickups; relative to the content root.</summary>
    public static string DataDirectory(IServiceProvider services)
    {
        var configured = services.GetRequiredService<IConfiguration>()[DataDirectoryKey];
        var root = services.GetRequiredService<IHostEnvironment>().ContentRootPath;
        return Path.GetFullPath(Path.Combine(root, string.IsNullOrWhiteSpace(configured) ? "data" : configured));
    }

    /// <summary>Whether <paramref name="folder"/> is <paramref name="root"/> or inside it.</summary>
    private static bool IsWithin(string folder, string root)
    {
        var relative = Path.GetRelativePath(root, folder);
        return !Path.IsPathRooted(relative) && relative != ".." && !relative.StartsWith(".." + Path.DirectorySeparatorChar, StringComparison.Ordinal);
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
            var path = InDataDirectory(sp, sqlite.Path);
            return new SqliteDatabase(
                path,
                sqlite.ReaderThreads,
                sp.GetRequiredService<ILogger<SqliteDatabase>>(),
                sp.GetRequiredService<TimeProvider>(),
                sp.GetRequiredService<StoreCalls>(),
                folderIsLudmins: IsWithin(Path.GetDirectoryName(path)!, DataDirectory(sp)));
        });
        services.TryAddSingleton<MongoClientFactory>(MongoClients.Create);
        services.AddSingleton(sp => new SqliteHealthCheck(
            sp.GetRequiredService<SqliteDatabase>(), StorageOf(sp).Sqlite, sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton(sp => MongoStore.FromOptions(
            StorageOf(sp).Mongo,
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<MongoStore>>(),
            sp.GetRequiredService<MongoClientFactory>(),
            sp.GetRequiredService<StoreCalls>()));

        services.AddSingleton(sp => new PostgresDatabase(
            StorageOf(sp).Postgres.ConnectionString ?? throw new InvalidOperationException("Ludmin:Storage:Postgres:ConnectionString is not set."),
            sp.GetRequiredService<ILogger<PostgresDatabase>>(),
            sp.GetRequiredService<StoreCalls>(),
            StorageOf(sp).Postgres.OperationTimeout));
        AddStorePorts(services);

        // Every store: on MongoDB the TTL indexes already remove expired codes and throttles, and
        // this is two indexed deletes a minute per instance; it keeps the adapters' behaviour the same.
        services.AddHostedService<ExpiredRecordSweeper>();
    }

    /// <summary>The ports the application and the start-up tasks use, each from the store <c>Ludmin:Storage:Provider</c> names.</summary>
    private static void AddStorePorts(IServiceCollection services)
    {
        services.AddSingleton(sp => ForProvider<IStoreInitializer>(
            sp, s => s.GetRequiredService<SqliteDatabase>(), s => s.GetRequiredService<MongoStore>(), s => s.GetRequiredService<PostgresDatabase>()));
        services.AddSingleton(sp => ForProvider<ILiveStoreMarker>(
            sp,
            s => new SqliteLiveStoreMarker(s.GetRequiredService<SqliteDatabase>()),
            s => new MongoLiveStoreMarker(s.GetRequiredService<MongoStore>()),
            s => new PostgresLiveStoreMarker(s.GetRequiredService<PostgresDatabase>())));
        services.AddSingleton(sp => new SqliteLastUsedBuffer(sp.GetRequiredService<SqliteDatabase>(), sp.GetRequiredService<ILogger<SqliteLastUsedBuffer>>()));
        services.AddSingleton(sp => ForProvider<IUserRepository>(
            sp,
            s => new SqliteUserRepository(s.GetRequiredService<SqliteDatabase>(), s.GetRequiredService<SqliteLastUsedBuffer>()),
            s => new MongoUserRepository(s.GetRequiredService<MongoStore>()),
            s => new PostgresUserRepository(s.GetRequiredService<PostgresDatabase>())));
        services.AddSingleton(sp => ForProvider<IPasswordResetRepository>(
            sp,
            s => new SqlitePasswordResetRepository(s.GetRequiredService<SqliteDatabase>()),
            s => new MongoPasswordResetRepository(s.GetRequiredService<MongoStore>()),
            s => new PostgresPasswordResetRepository(s.GetRequiredService<PostgresDatabase>())));
        services.AddSingleton(sp => ForProvider<ILoginThrottleRepository>(
            sp,
            s => new SqliteLoginThrottleRepository(s.GetRequiredService<SqliteDatabase>()),
            s => new MongoLoginThrottleRepository(s.GetRequiredService<MongoStore>()),
            s => new PostgresLoginThrottleRepository(s.GetRequiredService<PostgresDatabase>())));
        services.AddSingleton(sp => ForProvider<ISecondFactorRepository>(
            sp,
            s => new SqliteSecondFactorRepository(s.GetRequiredService<SqliteDatabase>()),
            s => new MongoSecondFactorRepository(s.GetRequiredService<MongoStore>()),
            s => new PostgresSecondFactorRepository(s.GetRequiredService<PostgresDatabase>())));
        services.AddSingleton(sp => ForProvider<ISecondFactorChallengeRepository>(
            sp,
            s => new SqliteSecondFactorChallengeRepository(s.GetRequiredService<SqliteDatabase>()),
            s => new MongoSecondFactorChallengeRepository(s.GetRequiredService<MongoStore>()),
            s => new PostgresSecondFactorChallengeRepository(s.GetRequiredService<PostgresDatabase>())));
        AddPasskeyStores(services);
        services.AddHealthChecks().Add(new HealthCheckRegistration(
            "store",
            sp => ForProvider<IHealthCheck>(
                sp,
                s => s.GetRequiredService<SqliteHealthCheck>(),
                s => new MongoHealthCheck(s.GetRequiredService<MongoStore>()),
                s => new PostgresHealthCheck(s.GetRequiredService<PostgresDatabase>())),
            failureStatus: null,
            tags: ["ready"]));
    }

    /// <summary>The passkeys and their ceremonies' challenges, each from the configured store.</summary>
    private static void AddPasskeyStores(IServiceCollection services)
    {
        services.AddSingleton(sp => ForProvider<IPasskeyRepository>(
            sp,
            s => new SqlitePasskeyRepository(s.GetRequiredService<SqliteDatabase>()),
            s => new MongoPasskeyRepository(s.GetRequiredService<MongoStore>()),
            s => new PostgresPasskeyRepository(s.GetRequiredService<PostgresDatabase>())));
        services.AddSingleton(sp => ForProvider<IPasskeyChallengeRepository>(
            sp,
            s => new SqlitePasskeyChallengeRepository(s.GetRequiredService<SqliteDatabase>()),
            s => new MongoPasskeyChallengeRepository(s.GetRequiredService<MongoStore>()),
            s => new PostgresPasskeyChallengeRepository(s.GetRequiredService<PostgresDatabase>())));
    }

    private static StorageOptions StorageOf(IServiceProvider services) => services.GetRequiredService<IOptions<StorageOptions>>().Value;

    private static T ForProvider<T>(IServiceProvider services, Func<IServiceProvider, T> sqlite, Func<IServiceProvider, T> mongo, Func<IServiceProvider, T> postgres) =>
        StorageOf(services).Provider switch
        {
            StorageProvider.Sqlite => sqlite(services),
            StorageProvider.Mongo => mongo(services),
            StorageProvider.Postgres => postgres(services),
            var other => throw new InvalidOperationException($"Ludmin:Storage:Provider '{other}' is not known; use Sqlite, Postgres or Mongo."),
        };
}
