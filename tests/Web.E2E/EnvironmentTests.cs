using Crashdesk.Core.Environments;
using Crashdesk.Core.Services;
using Crashdesk.Web.E2E.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace Crashdesk.Web.E2E;

/// <summary>
/// The Environment tab, the compare page and what the cases of one crash share, in real Chromium.
/// Expected values come from the fixture's kernel log (crash's `log`), this machine's dpkg, and the
/// differences the test itself makes.
/// </summary>
[Collection(E2ECollection.Name)]
public sealed class EnvironmentTests(CrashdeskApp app, Browser browser, ITestOutputHelper output)
{
    private const string DebianOops = "debian-6.1-cloud/oops-null/kdump-lzo";

    [Fact]
    public async Task TheEnvironmentTabShowsTheDumpsFactsAPastedPackageListAndTheCompareOfTwoCasesShowsTheirThreeDifferences()
    {
        var fixture = DumpFixture.Load(DebianOops);
        var page = await browser.NewPageAsync(app.BaseUrl);
        var ui = new CrashdeskUi(page);
        await Screenshots.OnFailureAsync(page, nameof(TheEnvironmentTabShowsTheDumpsFactsAPastedPackageListAndTheCompareOfTwoCasesShowsTheirThreeDifferences), output, async () =>
        {
            await ui.SignInAsync(app.Email, app.Password);
            await page.WaitForURLAsync("**/cases");
            string tag = Guid.NewGuid().ToString("N")[..8];
            var left = await ui.CreateCaseAsync($"db1 oops #{tag}", "ACME", "SUP-7001", "db1 crashed.");
            await app.UploadArtifactAsync(left, fixture.DumpPath, fixture.FileName, Crashdesk.Core.Domain.ArtifactKind.Vmcore);
            string status = await ui.WaitForAnalysisEndAsync(TimeSpan.FromMinutes(3));
            Assert.True(status == "done", $"the analysis ended {status}\nserver output:\n{app.Server.RecentOutput}");

            await ui.OpenTabAsync("environment");
            var log = File.ReadAllLines(Path.Combine(fixture.Folder, "crash", "log.txt"));
            string dmi = log.First(l => l.Contains("] DMI: ", StringComparison.Ordinal)).Split("] DMI: ", 2)[1];
            string commandLine = log.First(l => l.Contains("] Command line: ", StringComparison.Ordinal)).Split("] Command line: ", 2)[1].Trim();
            await Assertions.Expect(page.Locator("[data-field='hardware.system']")).ToContainTextAsync(dmi.Split(", BIOS ")[0]);
            await Assertions.Expect(page.Locator("[data-field='os.commandLine']")).ToContainTextAsync(commandLine);
            await Assertions.Expect(page.Locator("[data-field='os.commandLine'] [data-testid=fact-source]")).ToHaveTextAsync("dump");
            await Assertions.Expect(page.Locator("[data-testid=env-module]", new() { HasText = "corpus_crash" })).ToContainTextAsync("OE");
            await Assertions.Expect(page.Locator("[data-testid=env-gap][data-field='hardware.vendor']")).ToContainTextAsync("dmidecode");

            // Paste this machine's package list (dpkg-query's CSV form) into the Packages box.
            var packages = InstalledPackages().Take(60).ToList();
            await page.ClickAsync("[data-testid=env-edit-packages]");
            await page.FillAsync("[data-testid=env-text-packages]", string.Join('\n', packages.Select(p => $"{p.Name},{p.Version},{p.Arch}")));
            await page.ClickAsync("[data-testid=env-save-packages]");
            await Assertions.Expect(page.Locator("[data-testid=env-count-packages]")).ToHaveTextAsync(packages.Count.ToString());
            await Assertions.Expect(page.Locator("[data-testid=env-packages] [data-testid=fact-source]")).ToHaveTextAsync("manual");
            await Screenshots.SaveAsync(page, "case-environment", output);

            // A second case whose list differs by three packages (one changed, one removed, one added).
            var changed = packages[5];
            var removed = packages[7];
            var added = new PackageFact("linux-image-6.1.0-99-amd64", "6.1.200-1", "amd64");
            var right = await app.AsEngineerAsync(async (services, caller) =>
            {
                var created = await services.GetRequiredService<ICaseService>().CreateAsync(caller, new NewCase($"db2 oops #{tag}", "ACME", null, null));
                await services.GetRequiredService<IEnvironmentService>().ReplaceCaseAsync(caller, created.Id, new EnvironmentInput
                {
                    Packages = [.. packages.Where(p => p != removed).Select(p => p == changed ? p with { Version = p.Version + "+hotfix1" } : p), added],
                }, FactSources.Api, "seeded by the test");
                return created.Id;
            });

            // Select both in the case list and compare.
            await page.GotoAsync($"/cases?q={tag}");
            await page.Locator($"[data-case-id='{left}'] [data-testid=case-select]").CheckAsync();
            await page.Locator($"[data-case-id='{right}'] [data-testid=case-select]").CheckAsync();
            await page.ClickAsync("[data-testid=compare-selected]");
            await page.WaitForURLAsync("**/compare?**");
            var rows = page.Locator("[data-testid=compare-package]");
            await Assertions.Expect(rows).ToHaveCountAsync(3);
            await Assertions.Expect(page.Locator("[data-testid=compare-package][data-change=added]")).ToContainTextAsync(added.Name);
            await Assertions.Expect(page.Locator("[data-testid=compare-package][data-change=added]")).ToContainTextAsync(added.Version);
            await Assertions.Expect(page.Locator("[data-testid=compare-package][data-change=removed]")).ToContainTextAsync(removed.Version);
            await Assertions.Expect(page.Locator("[data-testid=compare-package][data-change=changed]")).ToContainTextAsync(changed.Version + "+hotfix1");
            // The kernel package comes first: the likeliest to matter.
            await Assertions.Expect(rows.First).ToContainTextAsync(added.Name);
            await Screenshots.SaveAsync(page, "environment-compare", output);
        });
    }

    [Fact]
    public async Task TheCasesOfOneCrashShowWhatTheirEnvironmentsShareAndWhereTheyDiffer()
    {
        // A crash no other test uploads: its signature's cases are these three only.
        string console = Path.Combine(FixtureFiles.Root, "logs", "debian-6.1-cloud", "bug.console.txt");
        string tag = Guid.NewGuid().ToString("N")[..8];
        var cases = new List<Guid>();
        for (int n = 0; n < 3; n++)
        {
            var id = await app.AsEngineerAsync(async (services, caller) =>
                (await services.GetRequiredService<ICaseService>().CreateAsync(caller, new NewCase($"oops {cases.Count} #{tag}", $"Customer {cases.Count}", null, null))).Id);
            await app.UploadArtifactAsync(id, console, "bug.console.txt", Crashdesk.Core.Domain.ArtifactKind.ConsoleLog);
            cases.Add(id);
        }
        for (int i = 0; i < cases.Count; i++)
        {
            var id = cases[i];
            string? foo = i < 2 ? "1.2" : null;
            await app.AsEngineerAsync(async (services, caller) =>
            {
                var environments = services.GetRequiredService<IEnvironmentService>();
                var deadline = DateTime.UtcNow.AddMinutes(3);
                EnvironmentView? view;
                while ((view = await environments.GetCaseAsync(caller, id)) is not { Version: not null })
                {
                    Assert.True(DateTime.UtcNow < deadline, "the console log's analysis recorded no environment in 3 minutes");
                    await Task.Delay(250);
                }
                var input = EnvironmentMerge.ToInput(view.Document);
                await environments.ReplaceCaseAsync(caller, id, input with
                {
                    Hardware = new Dictionary<string, string>(input.Hardware!) { ["biosVersion"] = "2.3.1", ["vendor"] = "Dell Inc." },
                    Modules = foo is null ? input.Modules : [.. input.Modules!, new ModuleFact("foo", foo, "O")],
                }, FactSources.Api, "seeded by the test");
                return true;
            });
        }

        var page = await browser.NewPageAsync(app.BaseUrl);
        var ui = new CrashdeskUi(page);
        await Screenshots.OnFailureAsync(page, nameof(TheCasesOfOneCrashShowWhatTheirEnvironmentsShareAndWhereTheyDiffer), output, async () =>
        {
            await ui.SignInAsync(app.Email, app.Password);
            await page.WaitForURLAsync("**/cases");
            await page.GotoAsync($"/cases/{cases[0]}#environment");
            await ui.WaitForInteractiveAsync();
            var shared = page.Locator("[data-testid=shared-environment]");
            await Assertions.Expect(shared.Locator("[data-testid=shared-fact]", new() { HasText = "BIOS/firmware version" })).ToContainTextAsync("2.3.1");
            await Assertions.Expect(shared.Locator("[data-testid=shared-fact]", new() { HasText = "BIOS/firmware version" })).ToContainTextAsync("3/3");
            var foo = shared.Locator("[data-testid=differing-fact]", new() { HasText = "module foo" });
            await Assertions.Expect(foo).ToContainTextAsync("loaded 1.2 (O) 2/3");
            await Assertions.Expect(foo).ToContainTextAsync("not loaded 1/3");
            await Screenshots.SaveAsync(page, "environment-shared-by-crash", output);

            // The same from the case list: select the three, compare.
            await page.GotoAsync($"/cases?q={tag}");
            foreach (var id in cases)
                await page.Locator($"[data-case-id='{id}'] [data-testid=case-select]").CheckAsync();
            await page.ClickAsync("[data-testid=compare-selected]");
            await page.WaitForURLAsync("**/compare?**");
            await Assertions.Expect(page.Locator("[data-testid=shared-fact]", new() { HasText = "Vendor" })).ToContainTextAsync("Dell Inc.");
            await Assertions.Expect(page.Locator("[data-testid=differing-fact]", new() { HasText = "module foo" })).ToContainTextAsync("2/3");
            await Screenshots.SaveAsync(page, "environment-shared-selected", output);
        });
    }

    [Fact]
    public async Task TheEnvironmentsPageListsACustomerEnvironmentAndShowsItsFactsAndLinkedCases()
    {
        string tag = Guid.NewGuid().ToString("N")[..8];
        string name = $"ACME production DB cluster {tag}";
        var (environmentId, caseId) = await app.AsEngineerAsync(async (services, caller) =>
        {
            var environments = services.GetRequiredService<IEnvironmentService>();
            var created = await services.GetRequiredService<ICaseService>().CreateAsync(caller, new NewCase($"db3 hang #{tag}", "ACME", null, null));
            await environments.ReplaceCaseAsync(caller, created.Id, new EnvironmentInput
            {
                Hardware = new Dictionary<string, string> { ["vendor"] = "Dell Inc.", ["biosVersion"] = "2.3.1" },
                Packages = [new PackageFact("openssl", "3.0.11-1~deb12u2", "amd64"), new PackageFact("postgresql-15", "15.5-0+deb12u1", "amd64")],
            }, FactSources.Api, "seeded by the test");
            var environment = await environments.CreateEnvironmentAsync(caller, name, "three database hosts");
            Assert.True(await environments.LinkCaseAsync(caller, created.Id, environment.Id));
            Assert.NotNull(await environments.SnapshotFromCaseAsync(caller, environment.Id, created.Id));
            return (environment.Id, created.Id);
        });

        var page = await browser.NewPageAsync(app.BaseUrl);
        var ui = new CrashdeskUi(page);
        await Screenshots.OnFailureAsync(page, nameof(TheEnvironmentsPageListsACustomerEnvironmentAndShowsItsFactsAndLinkedCases), output, async () =>
        {
            await ui.SignInAsync(app.Email, app.Password);
            await page.WaitForURLAsync("**/cases");
            await page.ClickAsync("nav >> text=Environments");
            await page.WaitForURLAsync("**/environments");
            var row = page.Locator("[data-testid=environment-row]", new() { HasText = name });
            await Assertions.Expect(row).ToContainTextAsync("three database hosts");
            await row.Locator("a").ClickAsync();
            await page.WaitForURLAsync($"**/environments/{environmentId}");
            await Assertions.Expect(page.Locator("[data-testid=environment-name]")).ToHaveTextAsync(name);
            await Assertions.Expect(page.Locator("[data-testid=environment-facts] [data-field='hardware.biosVersion']")).ToContainTextAsync("2.3.1");
            await Assertions.Expect(page.Locator("[data-testid=environment-facts]")).ToContainTextAsync("2 packages");
            var linked = page.Locator("[data-testid=environment-cases]");
            await Assertions.Expect(linked).ToContainTextAsync($"db3 hang #{tag}");
            await Screenshots.SaveAsync(page, "customer-environment", output);
            await linked.Locator("a", new() { HasText = "compare" }).ClickAsync();
            await page.WaitForURLAsync("**/compare?**");
            Assert.Contains($"right=case:{caseId}", page.Url, StringComparison.Ordinal);
        });
    }

    /// <summary>This machine's packages as dpkg knows them: real names and versions to paste.</summary>
    private static List<PackageFact> InstalledPackages()
    {
        var start = new System.Diagnostics.ProcessStartInfo("dpkg-query", ["-W", "-f", "${Package}\t${Version}\t${Architecture}\n"]) { RedirectStandardOutput = true };
        using var process = System.Diagnostics.Process.Start(start)!;
        string listing = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        Assert.Equal(0, process.ExitCode);
        return [.. listing.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => l.Split('\t'))
            .Select(f => new PackageFact(f[0], f[1], f[2]))];
    }
}
