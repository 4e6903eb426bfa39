using Ludmin.Domain.Common;
using Ludmin.Domain.Passkeys;
using Ludmin.Domain.Users;
using Ludmin.Infrastructure.Observability;
using Npgsql;

namespace Ludmin.Infrastructure.Storage.Postgres;

/// <summary>One row per passkey, in <see cref="SqlStatements"/>' own SQL; the unique credential id and the user's foreign key are the guards.</summary>
internal sealed class PostgresPasskeyRepository(PostgresDatabase database) : IPasskeyRepository
{
    public Task<IReadOnlyList<Passkey>> ListAsync(UserId userId, CancellationToken cancellationToken) =>
        database.ReadAsync<IReadOnlyList<Passkey>>(StoreCalls.Passkeys, (connection, token) =>
            SelectAsync(connection, "WHERE user_id = @user_id ORDER BY created_at, id", token, ("user_id", userId.Value)), cancellationToken);

    public Task<IReadOnlyDictionary<UserId, int>> CountByUserAsync(IReadOnlyCollection<UserId> userIds, CancellationToken cancellationToken) =>
        database.ReadAsync<IReadOnlyDictionary<UserId, int>>(StoreCalls.Passkeys, async (connection, token) =>
        {
            await using var command = new NpgsqlCommand("SELECT user_id, COUNT(*) FROM passkeys WHERE user_id = ANY(@ids) GROUP BY user_id", connection);
            command.Parameters.AddWithValue("ids", userIds.Select(u => u.Value).ToArray());
            await using var reader = await command.ExecuteReaderAsync(token);
            return SqlPasskeyRows.ReadCounts(reader);
        }, cancellationToken);

    public Task<Passkey?> FindAsync(UserId userId, PasskeyId id, CancellationToken cancellationToken) =>
        database.ReadAsync(StoreCalls.Passkeys, async (connection, token) =>
            (await SelectAsync(connection, "WHERE user_id = @user_id AND id = @id", token, ("user_id", userId.Value), ("id", id.Value))).SingleOrDefault(), cancellationToken);

    public Task<Passkey?> FindByCredentialAsync(CredentialId credentialId, CancellationToken cancellationToken) =>
        database.ReadAsync(StoreCalls.Passkeys, async (connection, token) =>
            (await SelectAsync(connection, "WHERE credential_id = @credential_id", token, ("credential_id", credentialId.Value))).SingleOrDefault(), cancellationToken);

    public Task AddAsync(Passkey passkey, CancellationToken cancellationToken) =>
        database.WriteAsync(StoreCalls.Passkeys, async (connection, transaction, token) =>
        {
            await using var command = new NpgsqlCommand(SqlStatements.InsertPasskey, connection, transaction);
            SqlPasskeyRows.BindNew(command, passkey);
            try
            {
                await command.ExecuteNonQueryAsync(token);
            }
            catch (PostgresException ex) when (PostgresErrors.IsUniqueViolation(ex))
            {
                throw new DomainException(Errors.PasskeyInUse, field: "credential");
            }
            catch (PostgresException ex) when (PostgresErrors.IsForeignKeyViolation(ex))
            {
                throw new DomainException(Errors.UserNotFound);
            }

            passkey.Saved();
            return 0;
        }, cancellationToken);

    public Task UpdateAsync(Passkey passkey, CancellationToken cancellationToken) =>
        database.WriteAsync(StoreCalls.Passkeys, async (connection, transaction, token) =>
        {
            await using var command = new NpgsqlCommand(SqlStatements.UpdatePasskey, connection, transaction);
            SqlPasskeyRows.BindChanging(command, passkey);
            SqlPasskeyRows.Bind(command, "@id", passkey.Id.Value);
            SqlPasskeyRows.Bind(command, "@version", passkey.Version);
            if (await command.ExecuteNonQueryAsync(token) != 1)
            {
                throw new ConcurrencyException("passkey", passkey.Id.Value);
            }

            passkey.Saved();
            return 0;
        }, cancellationToken);

    public Task<bool> DeleteAsync(UserId userId, PasskeyId id, CancellationToken cancellationToken) =>
        database.WriteAsync(StoreCalls.Passkeys, async (connection, transaction, token) =>
        {
            await using var command = new NpgsqlCommand(SqlStatements.DeletePasskey, connection, transaction);
            command.Parameters.AddWithValue("user_id", userId.Value);
            command.Parameters.AddWithValue("id", id.Value);
            return await command.ExecuteNonQueryAsync(token) == 1;
        }, cancellationToken);

    private static async Task<IReadOnlyList<Passkey>> SelectAsync(NpgsqlConnection connection, string where, CancellationToken cancellationToken, params (string Name, string Value)[] parameters)
    {
        await using var command = new NpgsqlCommand($"{SqlStatements.SelectPasskeys} {where}", connection);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var passkeys = new List<Passkey>();
        while (await reader.ReadAsync(cancellationToken))
        {
            passkeys.Add(SqlPasskeyRows.ReadPasskey(reader));
        }

        return passkeys;
    }
}
