using Crashdesk.Core.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace Crashdesk.Core.Tests.Support;

/// <summary>
/// Core's real container (<c>AddCrashdeskCore</c>: Hangfire client on the test database, the
/// local store, the job pipeline), built but not started, so a test can run one job in-line and
/// read the rows. A store factory replaces the store (e.g. a fault-injecting fake); a store root shares another host's directory;
/// <c>services</c> adds or replaces registrations (a test's worker parts).
/// </summary>
public sealed class CoreHost : IAsyncDisposable
{
    private readonly IHost _host;

    private readonly bool _ownsStore;

    private CoreHost(IHost host, string storeRoot, bool ownsStore)
    {
        _host = host;
        StoreRoot = storeRoot;
        _ownsStore = ownsStore;
    }

    public IServiceProvider Services => _host.Services;

    public string StoreRoot { get; }

    public static CoreHost Create(
        TestDatabase database, IReadOnlyDictionary<string, string?>? settings = null, Func<IServiceProvider, IBlobStore>? store = null, string? storeRoot = null,
        Action<IServiceCollection>? services = null)
    {
        var root = storeRoot ?? TestStores.TempDirectory();
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = "Production", DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Database:ConnectionString"] = database.ConnectionString,
            ["Storage:Provider"] = "Local",
            ["Storage:LocalPath"] = root,
            ["Worker:RetryDelay"] = "00:00:01",
        });
        if (settings is not null)
            builder.Configuration.AddInMemoryCollection(settings);
        builder.Services.AddLogging();
        builder.AddCrashdeskCore();
        if (store is not null)
            builder.Services.Replace(ServiceDescriptor.Singleton(store));
        services?.Invoke(builder.Services);
        return new CoreHost(builder.Build(), root, ownsStore: storeRoot is null);
    }

    public T Get<T>() where T : notnull => _host.Services.GetRequiredService<T>();

    public async ValueTask DisposeAsync()
    {
        if (_host is IAsyncDisposable disposable)
            await disposable.DisposeAsync();
        else
            _host.Dispose();
        if (_ownsStore && Directory.Exists(StoreRoot))
            Directory.Delete(StoreRoot, recursive: true);
    }
}
