using Npgsql;

namespace Crashdesk.TestSupport;

/// <summary>
/// An empty, uniquely named database on the test server (<see cref="TestServices.PostgresConnectionString"/>);
/// migrating it is the caller's (Core's migrations are not this library's to know).
/// </summary>
public static class ScratchDatabase
{
    /// <summary>Creates a database named <paramref name="prefix"/> and a fresh GUID; its name.</summary>
    public static async Task<string> CreateAsync(string prefix)
    {
        string name = $"{prefix}_{Guid.NewGuid():N}";
        await using var connection = new NpgsqlConnection(TestServices.PostgresConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
        await command.ExecuteNonQueryAsync();
        return name;
    }

    /// <summary>The server's connection string pointed at database <paramref name="name"/>.</summary>
    public static string ConnectionString(string name, bool pooling = true) =>
        new NpgsqlConnectionStringBuilder(TestServices.PostgresConnectionString) { Database = name, Pooling = pooling }.ConnectionString;

    /// <summary>Drops a database, ending the sessions still connected to it.</summary>
    public static async Task DropAsync(string name)
    {
        await using var connection = new NpgsqlConnection(TestServices.PostgresConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS {name} WITH (FORCE)", connection);
        await command.ExecuteNonQueryAsync();
    }
}
