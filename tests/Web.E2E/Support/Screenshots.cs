using Microsoft.Playwright;
using Xunit.Abstractions;

namespace Crashdesk.Web.E2E.Support;

/// <summary>
/// Saves full-page screenshots as test artifacts under the test output directory
/// (tests/Web.E2E/bin/&lt;config&gt;/net10.0/screenshots/), or $CRASHDESK_SCREENSHOTS, and names
/// each file in the test output.
/// </summary>
public static class Screenshots
{
    public static string Directory =>
        Environment.GetEnvironmentVariable("CRASHDESK_SCREENSHOTS") is { Length: > 0 } dir
            ? dir
            : Path.Combine(AppContext.BaseDirectory, "screenshots");

    public static async Task<string> SaveAsync(IPage page, string name, ITestOutputHelper output)
    {
        System.IO.Directory.CreateDirectory(Directory);
        string path = Path.Combine(Directory, name + ".png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
        output.WriteLine($"screenshot: {path}");
        return path;
    }

    /// <summary>Runs a test body; if it fails, keeps a screenshot of the page as it was ("failed-NAME.png").</summary>
    public static async Task OnFailureAsync(IPage page, string name, ITestOutputHelper output, Func<Task> body)
    {
        try
        {
            await body();
        }
        catch
        {
            await SaveAsync(page, "failed-" + name, output);
            throw;
        }
    }
}
