using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace Crashdesk.TestSupport;

/// <summary>
/// A PostgreSQL cluster a test owns, so it can restart it under the hosts: initdb in a fresh directory under
/// /tmp (owned by postgres, which the server must run as: it refuses root), trust on loopback, a free port.
/// The shared test cluster (<see cref="TestServices"/>) is never restarted: other tests use it at the same time.
/// Disposing stops it (immediate) and removes the directory.
/// </summary>
public sealed class PrivatePostgres : IAsyncDisposable
{
    private readonly string _directory;
    private readonly string _bin;

    private PrivatePostgres(string directory, string bin, int port)
    {
        _directory = directory;
        _bin = bin;
        Port = port;
    }

    /// <summary>The port the cluster listens on (127.0.0.1).</summary>
    public int Port { get; }

    /// <summary>A superuser connection string to database <paramref name="database"/>.</summary>
    public string ConnectionString(string database = "postgres", bool pooling = true) =>
        new NpgsqlConnectionStringBuilder { Host = "127.0.0.1", Port = Port, Username = "postgres", Database = database, Pooling = pooling }.ConnectionString;

    /// <summary>Creates and starts a cluster (fsync off: it is thrown away).</summary>
    public static async Task<PrivatePostgres> StartAsync()
    {
        var bin = ServerBinaries();
        var directory = Path.Combine(Path.GetTempPath(), $"crashdesk-pg-{Guid.NewGuid():N}");
        Directory.CreateDirectory(directory);
        await SystemCommand.RunAsync("chown", "postgres:postgres", directory);
        var cluster = new PrivatePostgres(directory, bin, FreePort());
        try
        {
            await SystemCommand.RunAsync("runuser", "-u", "postgres", "--", Path.Combine(bin, "initdb"), "-D", Path.Combine(directory, "data"),
                "-U", "postgres", "-A", "trust", "--no-instructions");
            await cluster.StartServerAsync();
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
        return cluster;
    }

    /// <summary>Creates database <paramref name="name"/>.</summary>
    public async Task CreateDatabaseAsync(string name)
    {
        await using var connection = new NpgsqlConnection(ConnectionString(pooling: false));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>
    /// Stops the server as an administrator's restart does (<c>pg_ctl stop -m fast</c>: every session is
    /// terminated, open transactions roll back), keeps it down for <paramref name="down"/>, then starts it again.
    /// </summary>
    public async Task RestartAsync(TimeSpan down)
    {
        await PgCtlAsync("stop", "-m", "fast");
        await Task.Delay(down);
        await StartServerAsync();
    }

    private Task StartServerAsync() =>
        PgCtlAsync("start", "-t", "60", "-l", Path.Combine(_directory, "server.log"),
            "-o", $"-p {Port} -k {_directory} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200");

    private Task PgCtlAsync(params string[] arguments) =>
        SystemCommand.RunAsync("runuser", ["-u", "postgres", "--", Path.Combine(_bin, "pg_ctl"), "-D", Path.Combine(_directory, "data"), "-w", .. arguments]);

    /// <summary>The server's log so far (for failure messages).</summary>
    public string Log
    {
        get
        {
            var path = Path.Combine(_directory, "server.log");
            return File.Exists(path) ? File.ReadAllText(path) : "";
        }
    }

    /// <summary>Stops the server (immediate) and removes its directory.</summary>
    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        try
        {
            if (File.Exists(Path.Combine(_directory, "data", "postmaster.pid")))
                await PgCtlAsync("stop", "-m", "immediate");
        }
        finally
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    /// <summary>The newest installed server's bin directory (Debian: /usr/lib/postgresql/N/bin).</summary>
    private static string ServerBinaries()
    {
        var versions = Directory.Exists("/usr/lib/postgresql") ? Directory.GetDirectories("/usr/lib/postgresql") : [];
        return versions.Select(v => Path.Combine(v, "bin")).Where(b => File.Exists(Path.Combine(b, "initdb")))
                   .OrderByDescending(b => int.TryParse(Path.GetFileName(Path.GetDirectoryName(b)), out var n) ? n : 0).FirstOrDefault()
               ?? throw new InvalidOperationException("no PostgreSQL server under /usr/lib/postgresql (./test.sh installs the postgresql package)");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
