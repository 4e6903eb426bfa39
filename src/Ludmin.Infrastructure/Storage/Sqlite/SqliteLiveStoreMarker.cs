namespace Ludmin.Infrastructure.Storage.Sqlite;

/// <summary>The live-store marker as a row of <c>store_facts</c>, an operational table every file gets at start.</summary>
internal sealed class SqliteLiveStoreMarker(SqliteDatabase database) : ILiveStoreMarker
{
    public Task MarkServedLiveAsync(DateTimeOffset now, CancellationToken cancellationToken) =>
        database.WriteAsync((connection, transaction) =>
        {
            using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = SqlStatements.MarkServedLive;
            command.Parameters.AddWithValue("@name", LiveStoreMarker.Name);
            command.Parameters.AddWithValue("@value", LiveStoreMarker.Format(now));
            return command.ExecuteNonQuery();
        }, cancellationToken);

    public Task<DateTimeOffset?> ServedLiveSinceAsync(CancellationToken cancellationToken) =>
        database.ReadAsync(connection =>
        {
            using var command = connection.CreateCommand();
            command.CommandText = SqlStatements.ReadStoreFact;
            command.Parameters.AddWithValue("@name", LiveStoreMarker.Name);
            return LiveStoreMarker.Parse(command.ExecuteScalar() as string);
        }, cancellationToken);
}
