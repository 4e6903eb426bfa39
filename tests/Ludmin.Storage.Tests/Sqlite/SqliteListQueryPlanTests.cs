using Ludmin.Infrastructure.Storage.Sqlite;

namespace Ludmin.Storage.Tests.Sqlite;

/// <summary>
/// How SQLite runs the keyset page: asked of SQLite itself (EXPLAIN QUERY PLAN), so a rewrite
/// of the query that falls back to a scan or a sort fails here rather than in production.
/// </summary>
public sealed class SqliteListQueryPlanTests
{
    [Test]
    public async Task ListAfter_SeeksTheCreationIndex_WithoutScanningOrSortingUsers()
    {
        await using var store = await TemporarySqliteStore.CreateAsync();

        var plan = await store.Database.ReadAsync(connection =>
        {
            using var command = connection.CreateCommand();
            command.CommandText = $"EXPLAIN QUERY PLAN {SqliteUserRepository.ListAfterSql}";
            command.Parameters.AddWithValue("$created_at", 0L);
            command.Parameters.AddWithValue("$id", new string('0', 32));
            command.Parameters.AddWithValue("$take", 21);
            using var reader = command.ExecuteReader();
            var details = new List<string>();
            while (reader.Read())
            {
                details.Add(reader.GetString(3));
            }

            return details;
        }, CancellationToken.None);

        var text = string.Join(Environment.NewLine, plan);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(plan, Has.Some.Match(@"^SEARCH u USING (COVERING )?INDEX users_by_creation \(\(created_at,id\)>\(\?,\?\)\)"), text);
            Assert.That(plan, Has.None.StartsWith("SCAN u"), text);
            // The per-user json_group_array sorts a user's own few emails and devices; the list itself is never sorted.
            Assert.That(plan, Has.None.EqualTo("USE TEMP B-TREE FOR ORDER BY"), text);
        }
    }
}
