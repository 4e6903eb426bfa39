using MongoDB.Bson;
using MongoDB.Bson.Serialization;
using MongoDB.Bson.Serialization.Serializers;

namespace Ludmin.Infrastructure.Storage.Mongo;

/// <summary>
/// How the documents map to BSON: snake_case element names, times as BSON dates (UTC
/// milliseconds, which the domain keeps exactly), versions as 64-bit integers. Mapped here,
/// in code, so that neither the domain nor the documents carry serializer attributes.
/// </summary>
internal static class MongoClassMaps
{
    private static readonly Lock Gate = new();
    private static bool _registered;

    /// <summary>
    /// Registers the maps once per process. The driver's registry is global and maps any
    /// unknown class by itself (with C# names): if that happened first, this refuses loudly
    /// rather than letting documents be written under the wrong names. A field this build does
    /// not know (a newer instance of a rolling deploy wrote it) is skipped on read, so the old
    /// instance keeps serving; the saves are operator updates that name only the fields this
    /// build knows (<see cref="MongoUserRepository.WritesFor"/>, and <c>$set</c> for codes and
    /// throttles), never replacements that would drop the others; an address change merges each
    /// email over the stored one (<see cref="AddressChangePipeline"/>).
    /// </summary>
    public static void Register()
    {
        lock (Gate)
        {
            if (_registered)
            {
                return;
            }

            // & rather than &&: the classes still free are mapped even when one was taken.
            var fresh = MapUser() & MapEmail() & MapDevice() & MapPasswordReset() & MapLoginThrottle() & MapResetRefusal() & MapSecondFactors() & MapSecondFactorChallenge() & MapPasskey() & MapPasskeyChallenge();

            if (!fresh)
            {
                throw new InvalidOperationException(
                    "A Ludmin MongoDB document class was mapped before MongoClassMaps.Register ran; its element names would be wrong.");
            }

            _registered = true;
        }
    }

    // Each Map* returns false when the class was mapped already (by the driver, with C# names).
    private static bool MapUser() =>
        BsonClassMap.TryRegisterClassMap<UserDocument>(map =>
        {
            map.SetIgnoreExtraElements(IgnoreUnknownElements);
            map.MapIdMember(d => d.Id);
            map.MapMember(d => d.FullName).SetElementName("full_name");
            map.MapMember(d => d.Emails).SetElementName("emails");
            map.MapMember(d => d.PasswordHash).SetElementName("password_hash");
            map.MapMember(d => d.PasswordHistory).SetElementName("password_history");
            map.MapMember(d => d.Devices).SetElementName("devices");
            map.MapMember(d => d.IsMaster).SetElementName("is_master");
            map.MapMember(d => d.CreatedAt).SetElementName("created_at").SetSerializer(Date);
            map.MapMember(d => d.UpdatedAt).SetElementName("updated_at").SetSerializer(Date);
            map.MapMember(d => d.Version).SetElementName("version").SetSerializer(Int64);
        });

    /// <summary>An address inside a user's <c>emails</c>.</summary>
    private static bool MapEmail() =>
        BsonClassMap.TryRegisterClassMap<EmailDocument>(map =>
        {
            map.SetIgnoreExtraElements(IgnoreUnknownElements);
            map.MapMember(d => d.Address).SetElementName("address");
            map.MapMember(d => d.Normalized).SetElementName("normalized");
            map.MapMember(d => d.IsCurrent).SetElementName("is_current");
            map.MapMember(d => d.IsVerified).SetElementName("is_verified");
            map.MapMember(d => d.InsertedAt).SetElementName("inserted_at").SetSerializer(Date);
            map.MapMember(d => d.UpdatedAt).SetElementName("updated_at").SetSerializer(Date);
        });

    /// <summary>A linked device (one session) inside a user's <c>devices</c>.</summary>
    private static bool MapDevice() =>
        BsonClassMap.TryRegisterClassMap<DeviceDocument>(map =>
        {
            map.SetIgnoreExtraElements(IgnoreUnknownElements);
            map.MapMember(d => d.DeviceId).SetElementName("device_id");
            map.MapMember(d => d.Description).SetElementName("description");
            map.MapMember(d => d.SessionId).SetElementName("session_id");
            map.MapMember(d => d.FirstSeen).SetElementName("first_seen").SetSerializer(Date);
            map.MapMember(d => d.LastUsed).SetElementName("last_used").SetSerializer(Date);

            // Devices stored before refresh rotation have neither: the generation reads as the first.
            map.MapMember(d => d.Generation).SetElementName("generation").SetSerializer(Int64).SetDefaultValue(Domain.Users.LinkedDevice.FirstGeneration);
            map.MapMember(d => d.RotatedAt).SetElementName("rotated_at").SetSerializer(new NullableSerializer<DateTimeOffset>(Date)).SetIgnoreIfNull(true);
            map.MapMember(d => d.GraceGeneration).SetElementName("grace_generation").SetSerializer(new NullableSerializer<long>(Int64)).SetIgnoreIfNull(true);
        });

    private static bool MapPasswordReset() =>
        BsonClassMap.TryRegisterClassMap<PasswordResetDocument>(map =>
        {
            map.SetIgnoreExtraElements(IgnoreUnknownElements);
            map.MapIdMember(d => d.UserId);
            map.MapMember(d => d.CodeHash).SetElementName("code_hash");
            map.MapMember(d => d.CreatedAt).SetElementName("created_at").SetSerializer(Date);
            map.MapMember(d => d.ExpiresAt).SetElementName("expires_at").SetSerializer(Date);
            map.MapMember(d => d.FailedAttempts).SetElementName("failed_attempts").SetSerializer(Int32);
            map.MapMember(d => d.Version).SetElementName("version").SetSerializer(Int64);

            // Codes stored before codes were sealed have none: they are replaced at the next request.
            map.MapMember(d => d.SealedCode).SetElementName("code_sealed").SetIgnoreIfNull(true);
        });

    private static bool MapResetRefusal() =>
        BsonClassMap.TryRegisterClassMap<ResetRefusalDocument>(map =>
        {
            map.SetIgnoreExtraElements(IgnoreUnknownElements);
            map.MapIdMember(d => d.Client);
            map.MapMember(d => d.Refusals).SetElementName("refusals").SetSerializer(Int32);
            map.MapMember(d => d.ExpiresAt).SetElementName("expires_at").SetSerializer(Date);
        });

    private static bool MapLoginThrottle() =>
        BsonClassMap.TryRegisterClassMap<LoginThrottleDocument>(map =>
        {
            map.SetIgnoreExtraElements(IgnoreUnknownElements);
            map.MapIdMember(d => d.Key);
            map.MapMember(d => d.Failures).SetElementName("failures").SetSerializer(Int32);
            map.MapMember(d => d.LastFailureAt).SetElementName("last_failure_at").SetSerializer(Date);
            map.MapMember(d => d.BlockedUntil).SetElementName("blocked_until").SetSerializer(Date);
            map.MapMember(d => d.ExpiresAt).SetElementName("expires_at").SetSerializer(Date);
            map.MapMember(d => d.Version).SetElementName("version").SetSerializer(Int64);
        });

    private static bool MapSecondFactors() =>
        BsonClassMap.TryRegisterClassMap<SecondFactorDocument>(map =>
        {
            map.SetIgnoreExtraElements(IgnoreUnknownElements);
            map.MapIdMember(d => d.UserId);
            map.MapMember(d => d.TotpSecret).SetElementName("totp_secret");
            map.MapMember(d => d.TotpState).SetElementName("totp_state");
            map.MapMember(d => d.EnrolledAt).SetElementName("enrolled_at").SetSerializer(Date);
            map.MapMember(d => d.ActivatedAt).SetElementName("activated_at").SetSerializer(new NullableSerializer<DateTimeOffset>(Date));
            map.MapMember(d => d.LastStep).SetElementName("last_step").SetSerializer(new NullableSerializer<long>(Int64));
            map.MapMember(d => d.RecoveryCodes).SetElementName("recovery_codes");

            // Null (absent from the TTL index's view) once active: only a pending enrolment expires.
            map.MapMember(d => d.ExpiresAt).SetElementName("expires_at").SetSerializer(new NullableSerializer<DateTimeOffset>(Date));
            map.MapMember(d => d.Version).SetElementName("version").SetSerializer(Int64);
        });

    private static bool MapSecondFactorChallenge() =>
        BsonClassMap.TryRegisterClassMap<SecondFactorChallengeDocument>(map =>
        {
            map.SetIgnoreExtraElements(IgnoreUnknownElements);
            map.MapIdMember(d => d.Id);
            map.MapMember(d => d.UserId).SetElementName("user_id");
            map.MapMember(d => d.DeviceId).SetElementName("device_id");
            map.MapMember(d => d.Description).SetElementName("description");
            map.MapMember(d => d.Failures).SetElementName("failures").SetSerializer(Int32);
            map.MapMember(d => d.ExpiresAt).SetElementName("expires_at").SetSerializer(Date);
        });

    private static bool MapPasskey() =>
        BsonClassMap.TryRegisterClassMap<PasskeyDocument>(map =>
        {
            map.SetIgnoreExtraElements(IgnoreUnknownElements);
            map.MapIdMember(d => d.CredentialId);
            map.MapMember(d => d.Id).SetElementName("id");
            map.MapMember(d => d.UserId).SetElementName("user_id");
            map.MapMember(d => d.PublicKey).SetElementName("public_key");
            map.MapMember(d => d.UserHandle).SetElementName("user_handle");
            map.MapMember(d => d.Name).SetElementName("name");
            map.MapMember(d => d.SignCount).SetElementName("sign_count").SetSerializer(Int64);
            map.MapMember(d => d.BackupEligible).SetElementName("backup_eligible");
            map.MapMember(d => d.BackedUp).SetElementName("backed_up");
            map.MapMember(d => d.CreatedAt).SetElementName("created_at").SetSerializer(Date);
            map.MapMember(d => d.LastUsed).SetElementName("last_used").SetSerializer(new NullableSerializer<DateTimeOffset>(Date));
            map.MapMember(d => d.Version).SetElementName("version").SetSerializer(Int64);
        });

    private static bool MapPasskeyChallenge() =>
        BsonClassMap.TryRegisterClassMap<PasskeyChallengeDocument>(map =>
        {
            map.SetIgnoreExtraElements(IgnoreUnknownElements);
            map.MapIdMember(d => d.Challenge);
            map.MapMember(d => d.Purpose).SetElementName("purpose").SetSerializer(Int32);
            map.MapMember(d => d.DeviceId).SetElementName("device_id");
            map.MapMember(d => d.UserId).SetElementName("user_id");
            map.MapMember(d => d.OptionsJson).SetElementName("options_json");
            map.MapMember(d => d.ExpiresAt).SetElementName("expires_at").SetSerializer(Date);
        });

    /// <summary>The serializer of a document type, after the maps are registered.</summary>
    public static IBsonSerializer<T> Serializer<T>()
    {
        Register();
        return BsonSerializer.LookupSerializer<T>();
    }

    /// <summary>Every map skips elements it does not know: see <see cref="Register"/>.</summary>
    private const bool IgnoreUnknownElements = true;

    // The driver's default for DateTimeOffset is an array of ticks and offset; a BSON date is
    // what TTL indexes, range queries and every other tool understand.
    private static DateTimeOffsetSerializer Date => new(BsonType.DateTime);

    private static Int64Serializer Int64 => new(BsonType.Int64);

    private static Int32Serializer Int32 => new(BsonType.Int32);
}
