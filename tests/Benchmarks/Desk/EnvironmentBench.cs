using System.Diagnostics;
using Crashdesk.Core.Domain;
using Crashdesk.Core.Jobs;
using Crashdesk.Core.Services;
using Microsoft.Extensions.DependencyInjection;

namespace Crashdesk.Benchmarks.Desk;

/// <summary>
/// The import of a 5 000-package sosreport as the job runs it (the archive streamed from the object
/// store, read, merged and saved into PostgreSQL as the case's next environment version), and the
/// compare of two such cases through the service (both environments loaded from the database). Goal:
/// under 2 s each. Run by tests/Benchmarks/bench-environment.sh.
/// </summary>
internal static class EnvironmentBench
{
    private const int Packages = 5000;
    private const int Changed = 3;
    private const int Runs = 6;

    public static async Task<bool> RunAsync(IServiceProvider services, Caller caller)
    {
        Console.WriteLine($"making two sosreports of this machine with {Packages:N0} packages ({Changed} with other versions)…");
        byte[][] archives = [BenchSosreport.Build(Packages), BenchSosreport.Build(Packages, Changed)];
        Console.WriteLine($"archives: {archives[0].Length:N0} and {archives[1].Length:N0} bytes of tar.xz");

        var imports = new List<double>();
        var cases = new List<Guid>();
        for (int run = 0; run < Runs; run++)
        {
            Guid caseId;
            Guid importId;
            await using (var scope = services.CreateAsyncScope())
            {
                var created = await scope.ServiceProvider.GetRequiredService<ICaseService>().CreateAsync(caller, new NewCase($"sosreport import {run}", "bench", null, null));
                caseId = created.Id;
                var upload = await scope.ServiceProvider.GetRequiredService<IArtifactService>().UploadAsync(
                    caller, caseId, $"sosreport-bench{run}.tar.xz", ArtifactKind.Sosreport, new MemoryStream(archives[run % 2], writable: false));
                importId = upload.EnvironmentImport?.Id ?? throw new InvalidOperationException($"the upload queued no import: {upload.Status} {upload.Message}");
            }
            await using (var scope = services.CreateAsyncScope())
            {
                var work = ActivatorUtilities.CreateInstance<ImportSosreportWork>(scope.ServiceProvider);
                var watch = Stopwatch.StartNew();
                await work.RunAsync(importId, CancellationToken.None);
                watch.Stop();
                var environment = await scope.ServiceProvider.GetRequiredService<IEnvironmentService>().GetCaseAsync(caller, caseId);
                int count = environment?.Document.Packages?.Items.Count ?? 0;
                if (count != Packages)
                    throw new InvalidOperationException($"import {run} saved {count} packages, not {Packages}");
                Console.WriteLine($"  import {run}: {watch.Elapsed.TotalMilliseconds:F0} ms");
                if (run > 0) // the first also JITs the reader and the store
                    imports.Add(watch.Elapsed.TotalMilliseconds);
            }
            cases.Add(caseId);
        }

        var compares = new List<double>();
        for (int run = 0; run < Runs; run++)
        {
            await using var scope = services.CreateAsyncScope();
            var watch = Stopwatch.StartNew();
            var view = await scope.ServiceProvider.GetRequiredService<IEnvironmentService>().CompareAsync(caller, EnvironmentRef.OfCase(cases[0]), EnvironmentRef.OfCase(cases[1]))
                ?? throw new InvalidOperationException("the compare found no case");
            watch.Stop();
            if (view.Comparison.Packages.Count != Changed)
                throw new InvalidOperationException($"the compare shows {view.Comparison.Packages.Count} package differences, not {Changed}");
            if (run > 0)
                compares.Add(watch.Elapsed.TotalMilliseconds);
        }

        imports.Sort();
        compares.Sort();
        double importMax = imports[^1], compareMax = compares[^1];
        Console.WriteLine();
        Console.WriteLine($"{"step",-52} {"p50 ms",8} {"max ms",8}");
        Console.WriteLine($"{"import of a 5 000-package sosreport (store → DB)",-52} {imports[imports.Count / 2],8:F0} {importMax,8:F0}");
        Console.WriteLine($"{"compare of two such cases (DB → differences)",-52} {compares[compares.Count / 2],8:F0} {compareMax,8:F0}");
        bool met = importMax < 2000 && compareMax < 2000;
        Console.WriteLine($"goal < 2 000 ms each: {(met ? "met" : "NOT met")}");
        return met;
    }
}
