using Ludmin.Domain.Passkeys;
using Ludmin.Domain.PasswordResets;
using Ludmin.Domain.Users;
using Ludmin.Infrastructure.Storage.Copying;
using MongoDB.Bson;
using MongoDB.Driver;

namespace Ludmin.Infrastructure.Storage.Mongo;

/// <summary>
/// MongoDB as the target of copy-store: one unordered bulk of upserts per page. Each upsert
/// matches the id only where the stored state is not newer; where it is, the upsert's insert
/// collides with the existing <c>_id</c>, and that refusal is exactly "kept the newer one".
/// Reset codes a copy gave the database before are recorded in <see cref="LedgerCollection"/>,
/// so a re-run never brings back a code consumed there.
/// </summary>
internal sealed class MongoStoreCopyTarget(MongoStore store) : IStoreCopyTarget
{
    /// <summary>The codes copies have given this database (<see cref="IStoreCopyTarget.UpsertResetsAsync"/>).</summary>
    public const string LedgerCollection = "copied_reset_codes";

    private const string IdIndex = "_id_";

    private static readonly BulkWriteOptions Unordered = new() { IsOrdered = false };

    private static readonly ProjectionDefinition<BsonDocument> IdOnly = Builders<BsonDocument>.Projection.Include("_id");

    private IMongoCollection<BsonDocument> Ledger { get; } =
        store.Database.GetCollection<BsonDocument>(LedgerCollection).WithWriteConcern(MongoStore.Writes).WithReadPreference(MongoStore.Reads);

    public async Task PrepareAsync(CancellationToken cancellationToken)
    {
        await store.EnsureIndexesAsync(cancellationToken);
        await Ledger.Indexes.CreateOneAsync(
            new CreateIndexModel<BsonDocument>(Builders<BsonDocument>.IndexKeys.Ascending("expires_at"), new CreateIndexOptions { Name = "expires_at_ttl", ExpireAfter = TimeSpan.Zero }),
            cancellationToken: cancellationToken);
    }

    public async Task<int> UpsertUsersAsync(IReadOnlyList<User> users, CancellationToken cancellationToken)
    {
        var writes = users.Select(u => new ReplaceOneModel<UserDocument>(UserNotNewerThan(u), UserDocument.FromDomain(u, u.Version)) { IsUpsert = true });
        try
        {
            await store.Users.BulkWriteAsync(writes, Unordered, cancellationToken);
            return 0;
        }
        catch (MongoBulkWriteException<UserDocument> ex) when (ex.WriteConcernError is null)
        {
            return KeptNewer(ex.WriteErrors, index =>
                MongoErrors.IsDuplicateKey(ex.WriteErrors[index], MongoIndexes.UsersByEmail)
                    ? new InvalidOperationException($"User {users[ex.WriteErrors[index].Index].Id} was not copied: one of its addresses belongs to another user in MongoDB.")
                    : null);
        }
    }

    public async Task<ResetPageOutcome> UpsertResetsAsync(IReadOnlyList<PasswordReset> resets, CancellationToken cancellationToken)
    {
        var seen = (await Ledger.Find(Builders<BsonDocument>.Filter.In("_id", resets.Select(LedgerKey))).Project(IdOnly).ToListAsync(cancellationToken))
            .Select(d => d["_id"].AsString)
            .ToHashSet(StringComparer.Ordinal);
        var (given, fresh) = (resets.Where(r => seen.Contains(LedgerKey(r))).ToList(), resets.Where(r => !seen.Contains(LedgerKey(r))).ToList());

        var (kept, spent) = given.Count > 0 ? await UpdateGivenResetsAsync(given, cancellationToken) : (0, []);
        if (fresh.Count == 0)
        {
            return new ResetPageOutcome(kept, spent);
        }

        await RecordGivenAsync(fresh, cancellationToken);
        var writes = fresh.Select(r => new ReplaceOneModel<PasswordResetDocument>(ResetNotNewerThan(r), PasswordResetDocument.FromDomain(r)) { IsUpsert = true });
        try
        {
            await store.Resets.BulkWriteAsync(writes, Unordered, cancellationToken);
        }
        catch (MongoBulkWriteException<PasswordResetDocument> ex) when (ex.WriteConcernError is null)
        {
            kept += KeptNewer(ex.WriteErrors, _ => null);
        }

        return new ResetPageOutcome(kept, spent);
    }

    /// <summary>
    /// Codes an earlier copy already gave the target: one consumed there since is spent (the
    /// answer lists it), one replaced by a newer code there is kept, and one with more failed
    /// attempts in the copy raises the target's count (never lowers it).
    /// </summary>
    private async Task<(int Kept, List<PasswordReset> Spent)> UpdateGivenResetsAsync(List<PasswordReset> given, CancellationToken cancellationToken)
    {
        var held = (await store.Resets.Find(Builders<PasswordResetDocument>.Filter.In(d => d.UserId, given.Select(r => r.UserId.Value))).ToListAsync(cancellationToken))
            .ToDictionary(d => d.UserId, StringComparer.Ordinal);
        var kept = 0;
        var spent = new List<PasswordReset>();
        var raises = new List<WriteModel<PasswordResetDocument>>();
        foreach (var reset in given)
        {
            if (!held.TryGetValue(reset.UserId.Value, out var stored))
            {
                spent.Add(reset);
            }
            else if (stored.CodeHash != reset.CodeHash)
            {
                kept++;
            }
            else if (stored.FailedAttempts < reset.FailedAttempts)
            {
                raises.Add(new UpdateOneModel<PasswordResetDocument>(SameCodeWithFewerAttempts(reset), RaiseAttempts(reset)));
            }
        }

        if (raises.Count > 0)
        {
            await store.Resets.BulkWriteAsync(raises, Unordered, cancellationToken);
        }

        return (kept, spent);
    }

    public Task<DateTimeOffset?> ServedLiveSinceAsync(CancellationToken cancellationToken) =>
        new MongoLiveStoreMarker(store).ServedLiveSinceAsync(cancellationToken);

    /// <summary>Exact counts (a scan is fine for a one-off check; the API's own count reads the metadata).</summary>
    /// <summary>A replacement only over a record of the same or a lower version; a newer one makes the upsert collide on <c>_id</c> and is kept.</summary>
    public async Task<int> UpsertSecondFactorsAsync(IReadOnlyList<SecondFactors.SecondFactorRow> rows, CancellationToken cancellationToken)
    {
        var kept = 0;
        foreach (var row in rows)
        {
            var document = SecondFactorDocument.FromDomain(Domain.Users.UserId.Parse(row.UserId), row.ToDomain());
            document = new SecondFactorDocument
            {
                UserId = document.UserId, TotpSecret = document.TotpSecret, TotpState = document.TotpState, EnrolledAt = document.EnrolledAt,
                ActivatedAt = document.ActivatedAt, LastStep = document.LastStep, RecoveryCodes = document.RecoveryCodes, ExpiresAt = document.ExpiresAt,
                Version = row.Version,
            };
            var notNewer = Builders<SecondFactorDocument>.Filter.Eq(d => d.UserId, row.UserId) & Builders<SecondFactorDocument>.Filter.Lte(d => d.Version, row.Version);
            try
            {
                await store.SecondFactors.ReplaceOneAsync(notNewer, document, new ReplaceOptions { IsUpsert = true }, cancellationToken);
            }
            catch (MongoWriteException ex) when (ex.WriteError?.Category == ServerErrorCategory.DuplicateKey)
            {
                kept++;
            }
        }

        return kept;
    }

    /// <summary>Each passkey as given unless the target holds it at a higher version: such a one makes the upsert a duplicate _id, counted as kept.</summary>
    public async Task<int> UpsertPasskeysAsync(IReadOnlyList<Passkey> passkeys, CancellationToken cancellationToken)
    {
        var writes = passkeys.Select(p => new ReplaceOneModel<PasskeyDocument>(PasskeyNotNewerThan(p), PasskeyDocument.FromDomain(p, p.Version)) { IsUpsert = true });
        try
        {
            await store.Passkeys.BulkWriteAsync(writes, Unordered, cancellationToken);
            return 0;
        }
        catch (MongoBulkWriteException<PasskeyDocument> ex) when (ex.WriteConcernError is null)
        {
            return KeptNewer(ex.WriteErrors, _ => null);
        }
    }

    public Task<long> CountPasskeysAsync(CancellationToken cancellationToken) =>
        store.Passkeys.CountDocumentsAsync(Builders<PasskeyDocument>.Filter.Empty, cancellationToken: cancellationToken);

    internal static FilterDefinition<PasskeyDocument> PasskeyNotNewerThan(Passkey passkey) =>
        MongoPasskeyRepository.ByCredential(passkey.CredentialId) & Builders<PasskeyDocument>.Filter.Lte(d => d.Version, passkey.Version);

    public Task<long> CountUsersAsync(CancellationToken cancellationToken) =>
        store.Users.CountDocumentsAsync(Builders<UserDocument>.Filter.Empty, cancellationToken: cancellationToken);

    public Task<long> CountResetsExpiringAfterAsync(DateTimeOffset moment, CancellationToken cancellationToken) =>
        store.Resets.CountDocumentsAsync(Builders<PasswordResetDocument>.Filter.Gt(d => d.ExpiresAt, moment), cancellationToken: cancellationToken);

    /// <summary>The code the copy holds, where the target holds it with fewer failed attempts.</summary>
    internal static FilterDefinition<PasswordResetDocument> SameCodeWithFewerAttempts(PasswordReset reset) =>
        Builders<PasswordResetDocument>.Filter.Eq(d => d.UserId, reset.UserId.Value)
        & Builders<PasswordResetDocument>.Filter.Eq(d => d.CodeHash, reset.CodeHash)
        & Builders<PasswordResetDocument>.Filter.Lt(d => d.FailedAttempts, reset.FailedAttempts);

    /// <summary>The higher count, at the next version, so a request that read the code before loses its race.</summary>
    internal static UpdateDefinition<PasswordResetDocument> RaiseAttempts(PasswordReset reset) =>
        Builders<PasswordResetDocument>.Update.Set(d => d.FailedAttempts, reset.FailedAttempts).Inc(d => d.Version, 1L);

    /// <summary>A code, as the ledger of given codes knows it: whose, and which (its keyed hash).</summary>
    internal static string LedgerKey(PasswordReset reset) => $"{reset.UserId.Value}:{reset.CodeHash}";

    /// <summary>The stored user, where it is not at a higher version than the copy.</summary>
    internal static FilterDefinition<UserDocument> UserNotNewerThan(User user) =>
        Builders<UserDocument>.Filter.Eq(d => d.Id, user.Id.Value) & Builders<UserDocument>.Filter.Lte(d => d.Version, user.Version);

    /// <summary>The stored code of the user, where it was not issued after the copy's code.</summary>
    internal static FilterDefinition<PasswordResetDocument> ResetNotNewerThan(PasswordReset reset) =>
        Builders<PasswordResetDocument>.Filter.Eq(d => d.UserId, reset.UserId.Value) & Builders<PasswordResetDocument>.Filter.Lte(d => d.CreatedAt, reset.CreatedAt);

    /// <summary>
    /// Remembers the codes as given, with their expiry: the TTL index forgets an entry once its
    /// code would have expired anyway (the source offers no expired code). A code already
    /// recorded (a racing run) is no error.
    /// </summary>
    private async Task RecordGivenAsync(IReadOnlyList<PasswordReset> resets, CancellationToken cancellationToken)
    {
        var entries = resets.Select(r => new BsonDocument
        {
            { "_id", LedgerKey(r) },
            { "expires_at", new BsonDateTime(r.ExpiresAt.UtcDateTime) },
        });
        try
        {
            await Ledger.InsertManyAsync(entries, new InsertManyOptions { IsOrdered = false }, cancellationToken);
        }
        catch (MongoBulkWriteException<BsonDocument> ex) when (ex.WriteConcernError is null && ex.WriteErrors.All(e => e.Category == ServerErrorCategory.DuplicateKey))
        {
            // Recorded by an earlier, interrupted attempt at this page.
        }
    }

    /// <summary>Counts the refusals that mean "the target is newer"; any other refusal ends the copy.</summary>
    private static int KeptNewer(IReadOnlyList<BulkWriteError> errors, Func<int, Exception?> explain)
    {
        var kept = 0;
        for (var i = 0; i < errors.Count; i++)
        {
            if (MongoErrors.IsDuplicateKey(errors[i], IdIndex))
            {
                kept++;
                continue;
            }

            throw explain(i) ?? new InvalidOperationException($"MongoDB refused a copied document: {errors[i].Category} (code {errors[i].Code}).");
        }

        return kept;
    }
}
