using Ludmin.Domain.Passkeys;
using Ludmin.Infrastructure.Observability;

namespace Ludmin.Infrastructure.Storage.Sqlite;

/// <summary>Challenges keyed by themselves; taken with <c>DELETE … RETURNING</c>, so each is handed out once.</summary>
internal sealed class SqlitePasskeyChallengeRepository(SqliteDatabase database) : IPasskeyChallengeRepository
{
    public Task AddAsync(PasskeyChallenge challenge, CancellationToken cancellationToken) =>
        database.WriteAsync(StoreCalls.PasskeyChallenges, (connection, transaction) =>
        {
            using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = SqlStatements.InsertChallenge;
            SqlPasskeyRows.BindChallenge(command, challenge);
            return command.ExecuteNonQuery();
        }, cancellationToken);

    public Task<PasskeyChallenge?> TakeAsync(string challenge, CancellationToken cancellationToken) =>
        database.WriteAsync(StoreCalls.PasskeyChallenges, (connection, transaction) =>
        {
            using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = SqlStatements.TakeChallenge;
            command.Parameters.AddWithValue("@challenge", challenge);
            using var reader = command.ExecuteReader();
            return reader.Read() ? SqlPasskeyRows.ReadChallenge(reader) : null;
        }, cancellationToken);

    public Task<int> DeleteExpiredAsync(DateTimeOffset now, CancellationToken cancellationToken) =>
        database.WriteAsync(StoreCalls.PasskeyChallenges, (connection, transaction) =>
        {
            using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = SqlStatements.DeleteExpiredChallenges;
            command.Parameters.AddWithValue("@now", UnixTime.ToMilliseconds(now));
            return command.ExecuteNonQuery();
        }, cancellationToken);
}
