using Microsoft.Data.Sqlite;

namespace Ludmin.Infrastructure.Storage.Generating;

/// <summary>
/// Buffers rows for one table and inserts them <see cref="RowsPerStatement"/> at a time with a
/// single prepared multi-row <c>INSERT</c>, which SQLite runs far faster than one statement a row.
/// </summary>
internal sealed class MultiRowInsert(SqliteConnection connection, SqliteTransaction transaction, string table, string[] columns) : IDisposable
{
    // Well under SQLite's limit of 32766 bound parameters per statement for any of our tables.
    private const int RowsPerStatement = 256;

    private readonly List<object> _values = new(RowsPerStatement * columns.Length);
    private SqliteCommand? _full;

    public void Add(params object[] row)
    {
        _values.AddRange(row);
        if (_values.Count == RowsPerStatement * columns.Length)
        {
            _full ??= Prepare(RowsPerStatement);
            Execute(_full);
        }
    }

    /// <summary>Inserts what is left (fewer than a full statement).</summary>
    public void Flush()
    {
        if (_values.Count > 0)
        {
            using var rest = Prepare(_values.Count / columns.Length);
            Execute(rest);
        }
    }

    public void Dispose() => _full?.Dispose();

    private SqliteCommand Prepare(int rows)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        var tuples = Enumerable.Range(0, rows).Select(r => "(" + string.Join(", ", columns.Select((_, c) => $"$p{(r * columns.Length) + c}")) + ")");
        command.CommandText = $"INSERT INTO {table} ({string.Join(", ", columns)}) VALUES {string.Join(", ", tuples)}";
        for (var i = 0; i < rows * columns.Length; i++)
        {
            command.Parameters.Add(new SqliteParameter($"$p{i}", null));
        }

        return command;
    }

    private void Execute(SqliteCommand command)
    {
        for (var i = 0; i < _values.Count; i++)
        {
            command.Parameters[i].Value = _values[i];
        }

        command.ExecuteNonQuery();
        _values.Clear();
    }
}
