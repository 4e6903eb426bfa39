using Ludmin.Domain.Passkeys;
using Ludmin.Infrastructure.Observability;
using Ludmin.Infrastructure.Storage.Sqlite;
using Npgsql;

namespace Ludmin.Infrastructure.Storage.Postgres;

/// <summary>Challenges keyed by themselves; taken with <c>DELETE … RETURNING</c>, so each is handed out once.</summary>
internal sealed class PostgresPasskeyChallengeRepository(PostgresDatabase database) : IPasskeyChallengeRepository
{
    public Task AddAsync(PasskeyChallenge challenge, CancellationToken cancellationToken) =>
        database.WriteAsync(StoreCalls.PasskeyChallenges, async (connection, transaction, token) =>
        {
            await using var command = new NpgsqlCommand(SqlStatements.InsertChallenge, connection, transaction);
            SqlPasskeyRows.BindChallenge(command, challenge);
            return await command.ExecuteNonQueryAsync(token);
        }, cancellationToken);

    public Task<PasskeyChallenge?> TakeAsync(string challenge, CancellationToken cancellationToken) =>
        database.WriteAsync(StoreCalls.PasskeyChallenges, async (connection, transaction, token) =>
        {
            await using var command = new NpgsqlCommand(SqlStatements.TakeChallenge, connection, transaction);
            command.Parameters.AddWithValue("challenge", challenge);
            await using var reader = await command.ExecuteReaderAsync(token);
            return await reader.ReadAsync(token) ? SqlPasskeyRows.ReadChallenge(reader) : null;
        }, cancellationToken);

    public Task<int> DeleteExpiredAsync(DateTimeOffset now, CancellationToken cancellationToken) =>
        database.WriteAsync(StoreCalls.PasskeyChallenges, async (connection, transaction, token) =>
        {
            await using var command = new NpgsqlCommand(SqlStatements.DeleteExpiredChallenges, connection, transaction);
            command.Parameters.AddWithValue("now", UnixTime.ToMilliseconds(now));
            return await command.ExecuteNonQueryAsync(token);
        }, cancellationToken);
}
