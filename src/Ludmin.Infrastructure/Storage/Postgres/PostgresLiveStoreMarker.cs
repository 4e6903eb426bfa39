using Npgsql;

namespace Ludmin.Infrastructure.Storage.Postgres;

/// <summary>The live-store marker as a row of <c>store_facts</c>.</summary>
internal sealed class PostgresLiveStoreMarker(PostgresDatabase database) : ILiveStoreMarker
{
    public Task MarkServedLiveAsync(DateTimeOffset now, CancellationToken cancellationToken) =>
        database.WriteAsync(async (connection, transaction, token) =>
        {
            await using var command = new NpgsqlCommand(SqlStatements.MarkServedLive, connection, transaction);
            command.Parameters.AddWithValue("name", LiveStoreMarker.Name);
            command.Parameters.AddWithValue("value", LiveStoreMarker.Format(now));
            return await command.ExecuteNonQueryAsync(token);
        }, cancellationToken);

    public Task<DateTimeOffset?> ServedLiveSinceAsync(CancellationToken cancellationToken) =>
        database.ReadAsync(async (connection, token) =>
        {
            await using var command = new NpgsqlCommand(SqlStatements.ReadStoreFact, connection);
            command.Parameters.AddWithValue("name", LiveStoreMarker.Name);
            return LiveStoreMarker.Parse(await command.ExecuteScalarAsync(token) as string);
        }, cancellationToken);
}
