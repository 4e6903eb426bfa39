using Ludmin.Domain.Passkeys;
using Ludmin.Domain.PasswordResets;
using Ludmin.Domain.Users;
using Ludmin.Infrastructure.Storage.Copying;

namespace Ludmin.Infrastructure.Storage.Sqlite;

/// <summary>The embedded database as the source of copy-store; every page is one read on the primary keys.</summary>
internal sealed class SqliteStoreCopySource(SqliteDatabase database) : IStoreCopySource
{
    public Task<IReadOnlyList<User>> ReadUsersAsync(UserId? after, int take, CancellationToken cancellationToken) =>
        database.ReadAsync<IReadOnlyList<User>>(connection =>
        {
            using var command = connection.CreateCommand();
            command.CommandText = $"{SqliteUserRepository.SelectUser} WHERE u.id > $after ORDER BY u.id LIMIT $take";
            command.Parameters.AddWithValue("$after", after?.Value ?? string.Empty);
            command.Parameters.AddWithValue("$take", take);
            using var reader = command.ExecuteReader();
            var users = new List<User>();
            while (reader.Read())
            {
                users.Add(SqliteUserRepository.Read(reader));
            }

            return users;
        }, cancellationToken);

    public Task<IReadOnlyList<PasswordReset>> ReadLiveResetsAsync(UserId? after, int take, DateTimeOffset now, CancellationToken cancellationToken) =>
        database.ReadAsync<IReadOnlyList<PasswordReset>>(connection =>
        {
            using var command = connection.CreateCommand();
            command.CommandText = $"{SqlitePasswordResetRepository.SelectReset} WHERE user_id > $after AND expires_at > $now ORDER BY user_id LIMIT $take";
            command.Parameters.AddWithValue("$after", after?.Value ?? string.Empty);
            command.Parameters.AddWithValue("$now", UnixTime.ToMilliseconds(now));
            command.Parameters.AddWithValue("$take", take);
            using var reader = command.ExecuteReader();
            var resets = new List<PasswordReset>();
            while (reader.Read())
            {
                resets.Add(SqlitePasswordResetRepository.Read(reader));
            }

            return resets;
        }, cancellationToken);

    public Task<IReadOnlyList<SecondFactors.SecondFactorRow>> ReadSecondFactorsAsync(UserId? after, int take, DateTimeOffset now, CancellationToken cancellationToken) =>
        database.ReadAsync<IReadOnlyList<SecondFactors.SecondFactorRow>>(connection =>
        {
            using var command = connection.CreateCommand();
            command.CommandText = $"""
                SELECT {SecondFactors.SecondFactorRow.Columns} FROM second_factors
                 WHERE user_id > @after AND (expires_at IS NULL OR expires_at > @now) ORDER BY user_id LIMIT @take
                """;
            command.Parameters.AddWithValue("@after", after?.Value ?? string.Empty);
            command.Parameters.AddWithValue("@now", UnixTime.ToMilliseconds(now));
            command.Parameters.AddWithValue("@take", take);
            using var reader = command.ExecuteReader();
            var rows = new List<SecondFactors.SecondFactorRow>();
            while (reader.Read())
            {
                rows.Add(SqliteSecondFactorRepository.ReadRow(reader));
            }

            return rows;
        }, cancellationToken);

    public Task<IReadOnlyList<Passkey>> ReadPasskeysAsync(CredentialId? after, int take, CancellationToken cancellationToken) =>
        database.ReadAsync<IReadOnlyList<Passkey>>(connection =>
        {
            using var command = connection.CreateCommand();
            command.CommandText = $"{SqlStatements.SelectPasskeys} WHERE credential_id > $after ORDER BY credential_id LIMIT $take";
            command.Parameters.AddWithValue("$after", after?.Value ?? string.Empty);
            command.Parameters.AddWithValue("$take", take);
            using var reader = command.ExecuteReader();
            var passkeys = new List<Passkey>();
            while (reader.Read())
            {
                passkeys.Add(SqlPasskeyRows.ReadPasskey(reader));
            }

            return passkeys;
        }, cancellationToken);

    public Task<long> CountUsersAsync(CancellationToken cancellationToken) => SqliteCounts.UsersAsync(database, cancellationToken);

    public Task<long> CountPasskeysAsync(CancellationToken cancellationToken) => SqliteCounts.PasskeysAsync(database, cancellationToken);

    public Task<long> CountResetsExpiringAfterAsync(DateTimeOffset moment, CancellationToken cancellationToken) =>
        SqliteCounts.ResetsExpiringAfterAsync(database, moment, cancellationToken);
}
