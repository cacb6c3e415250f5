using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;

namespace Crashdesk.Api.Tests.Support;

/// <summary>
/// A real OpenID Connect provider: npm's oidc-provider (scripts/oidc-provider-test.mjs) on a free loopback port,
/// with one client whose redirect URI is Crashdesk's callback, and accounts the test adds (a JSON file the
/// provider reads at every sign-in). Stopped (its own process, by id) on dispose. Also linked into Web.E2E.
/// </summary>
public sealed class OidcTestProvider : IAsyncDisposable
{
    public const string ClientId = "crashdesk-tests";

    private readonly Process _process;
    private readonly string _directory;
    private readonly List<Account> _accounts = [];
    private readonly StringBuilder _output = new();

    private OidcTestProvider(Process process, string directory, int port, string clientSecret)
    {
        _process = process;
        _directory = directory;
        Port = port;
        ClientSecret = clientSecret;
    }

    public int Port { get; }

    /// <summary>Random per run: the log tests look for it.</summary>
    public string ClientSecret { get; }

    public string Issuer => $"http://127.0.0.1:{Port}";

    private string AccountsFile => Path.Combine(_directory, "accounts.json");

    /// <summary>What a provider writes to its standard output and error (for failure messages).</summary>
    public string Output
    {
        get
        {
            lock (_output)
                return _output.ToString();
        }
    }

    public static async Task<OidcTestProvider> StartAsync(string redirectUri)
    {
        string directory = Directory.CreateTempSubdirectory("crashdesk-oidc-").FullName;
        File.WriteAllText(Path.Combine(directory, "accounts.json"), "[]");
        int port = FreePort();
        string secret = "cs-" + Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16));
        string script = Path.Combine(RepositoryRoot(), "scripts", "oidc-provider-test.mjs");
        var psi = new ProcessStartInfo("node", [script, "127.0.0.1", port.ToString(System.Globalization.CultureInfo.InvariantCulture), redirectUri, ClientId, secret,
            Path.Combine(directory, "accounts.json")])
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = RepositoryRoot(),
        };
        var process = Process.Start(psi) ?? throw new InvalidOperationException("node did not start");
        var provider = new OidcTestProvider(process, directory, port, secret);
        var listening = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        process.OutputDataReceived += (_, e) =>
        {
            provider.Append(e.Data);
            if (e.Data?.Contains("oidc-provider listening on", StringComparison.Ordinal) == true)
                listening.TrySetResult();
        };
        process.ErrorDataReceived += (_, e) => provider.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var started = await Task.WhenAny(listening.Task, process.WaitForExitAsync(), Task.Delay(TimeSpan.FromSeconds(30)));
        if (started != listening.Task)
        {
            await provider.DisposeAsync();
            throw new InvalidOperationException($"oidc-provider did not start: {provider.Output}");
        }
        return provider;
    }

    /// <summary>An account the provider's login form signs in as when its login is <paramref name="subject"/>.</summary>
    public void AddAccount(string subject, string? email, bool emailVerified, string? name = null)
    {
        lock (_accounts)
        {
            _accounts.RemoveAll(a => a.Sub == subject);
            _accounts.Add(new Account(subject, email, emailVerified, name));
            File.WriteAllText(AccountsFile + ".tmp", JsonSerializer.Serialize(_accounts));
            File.Move(AccountsFile + ".tmp", AccountsFile, overwrite: true);
        }
    }

    /// <summary>Crashdesk's Authentication:Oidc settings for this provider.</summary>
    public Dictionary<string, string?> CrashdeskSettings(string displayName = "Test SSO") => new()
    {
        ["Authentication:Oidc:Authority"] = Issuer,
        ["Authentication:Oidc:ClientId"] = ClientId,
        ["Authentication:Oidc:ClientSecret"] = ClientSecret,
        ["Authentication:Oidc:DisplayName"] = displayName,
    };

    /// <summary>The provider's account file entry (OpenID Connect claim names).</summary>
    private sealed record Account(
        [property: System.Text.Json.Serialization.JsonPropertyName("sub")] string Sub,
        [property: System.Text.Json.Serialization.JsonPropertyName("email")] string? Email,
        [property: System.Text.Json.Serialization.JsonPropertyName("email_verified")] bool EmailVerified,
        [property: System.Text.Json.Serialization.JsonPropertyName("name")] string? Name);

    public static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    private void Append(string? line)
    {
        if (line is null)
            return;
        lock (_output)
            _output.AppendLine(line);
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "scripts", "oidc-provider-test.mjs")))
                return dir.FullName;
        }
        throw new InvalidOperationException($"no scripts/oidc-provider-test.mjs above {AppContext.BaseDirectory}");
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill();
                await _process.WaitForExitAsync();
            }
        }
        catch (InvalidOperationException)
        {
            // already gone
        }
        _process.Dispose();
        Directory.Delete(_directory, recursive: true);
    }
}
