using Microsoft.Playwright;

namespace Crashdesk.Web.E2E.Support;

/// <summary>
/// Debian's Chromium driven by Playwright. Playwright's own browser download is never used
/// (the machines reach no host but the package registries): the executable is /usr/bin/chromium
/// (apt package `chromium`, installed by test.sh), or $CRASHDESK_CHROMIUM.
/// </summary>
public sealed class Browser : IAsyncLifetime
{
    private static readonly string[] _args =
    [
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--no-first-run",
    ];

    private IPlaywright? _playwright;
    private IBrowser? _browser;

    public static string ExecutablePath => Environment.GetEnvironmentVariable("CRASHDESK_CHROMIUM") ?? "/usr/bin/chromium";

    public IBrowser Instance => _browser ?? throw new InvalidOperationException("The browser is not started.");

    public async Task InitializeAsync()
    {
        if (!File.Exists(ExecutablePath))
            throw new InvalidOperationException($"Chromium not found at {ExecutablePath}: `apt-get install -y chromium` (test.sh does).");
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ExecutablePath,
            Headless = true,
            Args = _args,
        });
    }

    /// <summary>A fresh context (own cookies) with a desktop-sized viewport for readable screenshots.</summary>
    public async Task<IPage> NewPageAsync(string baseUrl)
    {
        var context = await Instance.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = baseUrl,
            ViewportSize = new ViewportSize { Width = 1400, Height = 1000 },
        });
        context.SetDefaultTimeout(15_000);
        return await context.NewPageAsync();
    }

    public async Task DisposeAsync()
    {
        if (_browser is not null)
            await _browser.DisposeAsync();
        _playwright?.Dispose();
    }
}
