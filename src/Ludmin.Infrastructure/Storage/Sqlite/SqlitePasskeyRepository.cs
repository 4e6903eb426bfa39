using Ludmin.Domain.Common;
using Ludmin.Domain.Passkeys;
using Ludmin.Domain.Users;
using Ludmin.Infrastructure.Observability;
using Microsoft.Data.Sqlite;

namespace Ludmin.Infrastructure.Storage.Sqlite;

/// <summary>One row per passkey; the unique credential id and the user's foreign key are the guards.</summary>
internal sealed class SqlitePasskeyRepository(SqliteDatabase database) : IPasskeyRepository
{
    public Task<IReadOnlyList<Passkey>> ListAsync(UserId userId, CancellationToken cancellationToken) =>
        database.ReadAsync<IReadOnlyList<Passkey>>(StoreCalls.Passkeys, connection =>
            Select(connection, "WHERE user_id = @user_id ORDER BY created_at, id", ("@user_id", userId.Value)), cancellationToken);

    public Task<IReadOnlyDictionary<UserId, int>> CountByUserAsync(IReadOnlyCollection<UserId> userIds, CancellationToken cancellationToken) =>
        database.ReadAsync<IReadOnlyDictionary<UserId, int>>(StoreCalls.Passkeys, connection =>
        {
            if (userIds.Count == 0)
            {
                return new Dictionary<UserId, int>();
            }

            using var command = connection.CreateCommand();
            var names = userIds.Select((_, i) => $"@u{i}").ToList();
            command.CommandText = $"SELECT user_id, COUNT(*) FROM passkeys WHERE user_id IN ({string.Join(", ", names)}) GROUP BY user_id";
            foreach (var (id, name) in userIds.Zip(names))
            {
                command.Parameters.AddWithValue(name, id.Value);
            }

            using var reader = command.ExecuteReader();
            return SqlPasskeyRows.ReadCounts(reader);
        }, cancellationToken);

    public Task<Passkey?> FindAsync(UserId userId, PasskeyId id, CancellationToken cancellationToken) =>
        database.ReadAsync(StoreCalls.Passkeys, connection =>
            Select(connection, "WHERE user_id = @user_id AND id = @id", ("@user_id", userId.Value), ("@id", id.Value)).SingleOrDefault(), cancellationToken);

    public Task<Passkey?> FindByCredentialAsync(CredentialId credentialId, CancellationToken cancellationToken) =>
        database.ReadAsync(StoreCalls.Passkeys, connection =>
            Select(connection, "WHERE credential_id = @credential_id", ("@credential_id", credentialId.Value)).SingleOrDefault(), cancellationToken);

    public Task AddAsync(Passkey passkey, CancellationToken cancellationToken) =>
        database.WriteAsync(StoreCalls.Passkeys, (connection, transaction) =>
        {
            using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = SqlStatements.InsertPasskey;
            SqlPasskeyRows.BindNew(command, passkey);
            try
            {
                command.ExecuteNonQuery();
            }
            catch (SqliteException ex) when (SqliteErrors.IsUniqueViolation(ex))
            {
                throw new DomainException(Errors.PasskeyInUse, field: "credential");
            }
            catch (SqliteException ex) when (SqliteErrors.IsForeignKeyViolation(ex))
            {
                throw new DomainException(Errors.UserNotFound);
            }

            passkey.Saved();
            return 0;
        }, cancellationToken);

    public Task UpdateAsync(Passkey passkey, CancellationToken cancellationToken) =>
        database.WriteAsync(StoreCalls.Passkeys, (connection, transaction) =>
        {
            using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = SqlStatements.UpdatePasskey;
            SqlPasskeyRows.BindChanging(command, passkey);
            SqlPasskeyRows.Bind(command, "@id", passkey.Id.Value);
            SqlPasskeyRows.Bind(command, "@version", passkey.Version);
            if (command.ExecuteNonQuery() != 1)
            {
                throw new ConcurrencyException("passkey", passkey.Id.Value);
            }

            passkey.Saved();
            return 0;
        }, cancellationToken);

    public Task<bool> DeleteAsync(UserId userId, PasskeyId id, CancellationToken cancellationToken) =>
        database.WriteAsync(StoreCalls.Passkeys, (connection, transaction) =>
        {
            using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = SqlStatements.DeletePasskey;
            command.Parameters.AddWithValue("@user_id", userId.Value);
            command.Parameters.AddWithValue("@id", id.Value);
            return command.ExecuteNonQuery() == 1;
        }, cancellationToken);

    private static List<Passkey> Select(SqliteConnection connection, string where, params (string Name, string Value)[] parameters)
    {
        using var command = connection.CreateCommand();
        command.CommandText = $"{SqlStatements.SelectPasskeys} {where}";
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        using var reader = command.ExecuteReader();
        var passkeys = new List<Passkey>();
        while (reader.Read())
        {
            passkeys.Add(SqlPasskeyRows.ReadPasskey(reader));
        }

        return passkeys;
    }
}
